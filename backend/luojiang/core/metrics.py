"""Prometheus metrics shared by the gateway and the workers (served at ``/metrics``).

Label values come from a bounded set: a client choosing operation names must not be able to grow
the registry without limit.
"""

from __future__ import annotations

import re
import threading

from prometheus_client import Counter, Histogram

OPERATIONS = Counter(
    "luojiang_graphql_operations_total", "GraphQL operations by name and outcome", ["operation", "outcome"]
)
OPERATION_SECONDS = Histogram(
    "luojiang_graphql_operation_seconds", "GraphQL operation time, parse to result", ["operation"]
)
GRAPHQL_ERRORS = Counter("luojiang_graphql_errors_total", "GraphQL errors by extensions.code", ["code"])
HTTP_REQUESTS = Counter(
    "luojiang_http_requests_total", "HTTP requests by route and status", ["route", "method", "status"]
)
JOBS = Counter("luojiang_jobs_total", "Jobs run, by name and outcome", ["job", "outcome"])
JOB_SECONDS = Histogram("luojiang_job_seconds", "Job run time", ["job"])
# alert on any increase: a platform-signed payment notice contradicted our records (kept for staff)
PAYMENT_MISMATCHES = Counter(
    "luojiang_payment_notice_mismatches_total",
    "Verified payment notices that contradict our records, by channel and kind",
    ["channel", "kind"],
)

NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
MAX_OPERATION_NAMES = 500
ANONYMOUS = "(anonymous)"
OTHER = "(other)"


class BoundedLabels:
    """The first ``limit`` well-formed names keep their own label; the rest share ``(other)``."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def __call__(self, name: str | None) -> str:
        if not name:
            return ANONYMOUS
        if name in self._seen:
            return name
        if not NAME.match(name):
            return OTHER
        with self._lock:
            if len(self._seen) >= self.limit:
                return OTHER
            self._seen.add(name)
        return name


operation_label = BoundedLabels(MAX_OPERATION_NAMES)
