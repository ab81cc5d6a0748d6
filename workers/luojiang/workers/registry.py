"""Every job the workers run, with its schedule. Deploy files are checked against this list
(``tests/deploy``): a job added here must be added to ``deploy/`` too."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from luojiang.workers import catalogue
from luojiang.workers.resources import Resources

JobFunction = Callable[..., Awaitable[Any]]


@dataclass(frozen=True)
class JobSpec:
    name: str
    function: JobFunction  # called as ``function(resources, **arguments)``
    # cron expressions (UTC); taskiq's scheduler sends the job at each one
    schedules: tuple[str, ...] = ()
    max_attempts: int | None = None  # None: the JOBS_MAX_ATTEMPTS setting


ANNOUNCE_CATALOGUE_CHANGE = "catalogue.announce_change"

JOBS: tuple[JobSpec, ...] = (
    # the importer enqueues it after each commit; the schedule catches edits made any other way
    JobSpec(ANNOUNCE_CATALOGUE_CHANGE, catalogue.announce_catalogue_change, schedules=("*/10 * * * *",)),
)


def bind(spec: JobSpec, resources: Resources) -> JobFunction:
    async def run(**arguments: Any) -> Any:
        return await spec.function(resources, **arguments)

    run.__name__ = spec.function.__name__
    return run
