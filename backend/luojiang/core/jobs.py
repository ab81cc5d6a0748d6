"""The job queue as the core and the GraphQL layer see it; ``luojiang.workers`` implements it.

Jobs carry IDs and re-read state when they run, so enqueueing the same work twice is safe
(delivery is at-least-once: a job may run again after a worker dies before acknowledging it).
"""

from __future__ import annotations

from typing import Protocol

JSONScalar = str | int | float | bool | None


class JobQueue(Protocol):
    async def enqueue(self, job: str, /, *, job_id: str | None = None, **arguments: JSONScalar) -> str:
        """Queue ``job`` with JSON ``arguments`` after the caller's commit; returns the job id."""
        ...
