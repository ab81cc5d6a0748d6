"""Structured JSON logs: one formatter, the request id on every line of a request, and a filter
that masks resident ID numbers, phone numbers and bearer tokens wherever they appear."""

from __future__ import annotations

import logging
import re
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

import orjson

from luojiang.core.settings import Settings

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)

# a mainland resident ID (18 characters, the last may be X) and a mainland mobile number, not
# inside a longer run of digits; tokens after "Bearer", JWT-shaped strings anywhere, and 亮证
# tokens in /verify paths (a HEAD, a 405 or a 429 leaves the token unspent: a live one in the log)
SENSITIVE = (
    (
        re.compile(
            r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])\d{2}\d{3}[0-9Xx](?![0-9A-Za-z])"
        ),
        "[id-number]",
    ),
    (re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)"), "[phone]"),
    (re.compile(r"\b(?i:bearer)\s+[A-Za-z0-9._~+/=-]+"), "Bearer [token]"),
    (re.compile(r"\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*"), "[jwt]"),
    # whatever the case (/VERIFY/… reaches the router, which refuses it: the token stays live), and
    # all that follows up to a space or quote: a token's other characters, trailing parts, a query
    (re.compile(r"(/(?i:verify)/)[^\s\"'<>]+"), r"\1[token]"),
)
# one search for any of them: most lines hold none, and one pass is cheaper than four substitutions
ANY_SENSITIVE = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in SENSITIVE))
STANDARD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def mask(text: str) -> str:
    if ANY_SENSITIVE.search(text) is None:
        return text
    for pattern, replacement in SENSITIVE:
        text = pattern.sub(replacement, text)
    return text


class MaskingFilter(logging.Filter):
    """Renders the message once, masked, so no formatter sees the raw arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask(record.getMessage())
        record.args = None
        for key, value in _extras(record).items():
            if isinstance(value, str):
                setattr(record, key, mask(value))
        return True


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update({k: v for k, v in _extras(record).items() if v is not None})
        if record.exc_info:
            line["exception"] = mask(self.formatException(record.exc_info))
        return orjson.dumps(line, default=str).decode()


def _extras(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in vars(record).items() if k not in STANDARD_ATTRIBUTES}


def configure_logging(settings: Settings) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RequestIdFilter())
    handler.addFilter(MaskingFilter())
    handler.setFormatter(
        JsonFormatter() if settings.log_json else logging.Formatter("%(levelname)s %(name)s %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level.upper())
    # Tortoise's SQL logger prints parameter values (names, ID numbers): never below INFO
    logging.getLogger("tortoise.db_client").setLevel(max(logging.INFO, root.level))
    for name in ("uvicorn", "uvicorn.error", "taskiq"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    # the application writes its own access log, sampled (luojiang.app.observability): the
    # server's would cost a formatted, masked line for every request
    server_access = logging.getLogger("uvicorn.access")
    server_access.handlers[:] = []
    server_access.propagate = False
