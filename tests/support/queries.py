"""Counts the SQL statements a block of code sends, from Tortoise's own query log.

Only statements sent from the block's own context count (tasks it starts inherit it): a job or
index rebuild already running in the background of the session's app is not the block's work.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

STATEMENTS = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")
_counting: ContextVar[bool] = ContextVar("counting_queries", default=False)


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        # Tortoise logs in the coroutine that sends the statement, so its context tells whose it is
        if not _counting.get():
            return
        text = str(record.msg % record.args if record.args else record.msg).lstrip()
        if text.upper().startswith(STATEMENTS):
            self.statements.append(text)


@contextmanager
def count_queries() -> Iterator[list[str]]:
    logger = logging.getLogger("tortoise.db_client")
    counter = _Counter()
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(counter)
    token = _counting.set(True)
    try:
        yield counter.statements
    finally:
        _counting.reset(token)
        logger.removeHandler(counter)
        logger.setLevel(previous)
