"""Running the job engine: in the gateway (embedded mode), as a worker, or as the scheduler.

Exactly one scheduler may run (taskiq's scheduler sends each due job once per running copy);
``run_scheduler`` holds a Redis lock so that a second copy, or an overlap during a rolling
update, waits instead of sending every job twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager

import redis.asyncio as aioredis
from redis.asyncio.lock import Lock
from redis.exceptions import LockError
from taskiq import AsyncBroker, TaskiqScheduler
from taskiq.acks import AcknowledgeType
from taskiq.api import run_scheduler_task
from taskiq.receiver import Receiver
from taskiq.schedule_sources import LabelScheduleSource

from luojiang.core import db
from luojiang.core.cache import create_redis
from luojiang.core.jobs import JSONScalar
from luojiang.core.settings import Settings
from luojiang.workers.broker import DrainingInMemoryBroker, build_broker
from luojiang.workers.resources import Resources

log = logging.getLogger(__name__)

SCHEDULER_LOCK = "luojiang:scheduler:leader"
SCHEDULER_LOCK_SECONDS = 30


class JobEngine:
    """The broker for one process, and the :class:`~luojiang.core.jobs.JobQueue` on it;
    ``start``/``stop`` from the owner's lifespan."""

    def __init__(self, settings: Settings, resources: Resources) -> None:
        self.settings = settings
        self.resources = resources
        self.broker: AsyncBroker = build_broker(settings, resources)
        resources.queue.bind(self)
        self._scheduler: asyncio.Task[None] | None = None

    @property
    def embedded(self) -> bool:
        return not self.settings.redis_url

    async def start(self) -> None:
        await self.broker.startup()
        if self.embedded and self.settings.jobs_schedule_in_process:
            self._scheduler = asyncio.create_task(run_scheduler_task(scheduler_for(self.broker)))

    async def stop(self) -> None:
        if self._scheduler is not None:
            self._scheduler.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._scheduler
        if isinstance(self.broker, DrainingInMemoryBroker):
            await self._drain(self.broker)
        await self.broker.shutdown()

    async def _drain(self, broker: DrainingInMemoryBroker) -> None:
        """Embedded mode: running jobs finish before the database closes, or are cancelled after
        ``JOBS_DRAIN_SECONDS`` (jobs are idempotent: the outbox sweep and the schedules run them again)."""
        seconds = self.settings.jobs_drain_seconds
        cancelled = await broker.drain(seconds)
        if cancelled:
            log.warning(
                "jobs still running at stop were cancelled",
                extra={"cancelled_jobs": cancelled, "drain_seconds": seconds},
            )

    async def enqueue(self, job: str, /, *, job_id: str | None = None, **arguments: JSONScalar) -> str:
        task = self.broker.find_task(job)
        if task is None:
            raise LookupError(f"no job called {job!r}")
        kicker = task.kicker()
        if job_id is not None:
            kicker = kicker.with_task_id(job_id)
        sent = await kicker.kiq(**arguments)
        return sent.task_id


def scheduler_for(broker: AsyncBroker) -> TaskiqScheduler:
    return TaskiqScheduler(broker, sources=[LabelScheduleSource(broker)])


ResourceBuilder = Callable[[aioredis.Redis], Resources]


@asynccontextmanager
async def worker_process(
    settings: Settings, build: ResourceBuilder | None = None
) -> AsyncIterator[JobEngine]:
    """Database, Redis and broker for a worker or scheduler process; ``build`` gives the jobs
    what the application's wiring makes (the adapters), from this process's Redis."""
    redis = create_redis(settings)
    async with db.database(settings):
        resources = build(redis) if build else Resources(settings=settings, redis=redis)
        engine = JobEngine(settings, resources)
        engine.broker.is_worker_process = True
        await engine.broker.startup()
        try:
            yield engine
        finally:
            await engine.broker.shutdown()
            await redis.aclose()


async def run_worker(settings: Settings, stop: asyncio.Event, build: ResourceBuilder | None = None) -> None:
    async with worker_process(settings, build) as engine:
        log.info("worker listening", extra={"stream": settings.jobs_stream})
        await serve_jobs(engine, stop)


async def serve_jobs(engine: JobEngine, stop: asyncio.Event) -> None:
    """Runs jobs from the stream until ``stop`` is set, then lets the running ones finish.

    Jobs still running after the drain time are abandoned unacknowledged: another worker
    reclaims them.
    """
    settings = engine.settings
    engine.broker.is_worker_process = True
    with ThreadPoolExecutor(max_workers=1) as executor:
        receiver = Receiver(
            engine.broker,
            executor=executor,
            run_startup=False,
            max_async_tasks=settings.jobs_concurrency,
            # acknowledged once the job (and any retry wait) is over: a killed worker's job is reclaimed
            ack_type=AcknowledgeType.WHEN_EXECUTED,
            wait_tasks_timeout=settings.jobs_timeout_seconds + settings.jobs_retry_max_seconds,
        )
        await receiver.listen(stop)


async def run_scheduler(settings: Settings) -> None:
    async with worker_process(settings) as engine:
        redis = create_redis(settings)
        lock = redis.lock(SCHEDULER_LOCK, timeout=SCHEDULER_LOCK_SECONDS)
        try:
            await lock.acquire()
            log.info("scheduler is the leader")
            async with asyncio.TaskGroup() as group:
                group.create_task(_keep(lock))
                group.create_task(run_scheduler_task(scheduler_for(engine.broker)))
        finally:
            with contextlib.suppress(LockError):
                await lock.release()
            await redis.aclose()


async def _keep(lock: Lock) -> None:
    """Extends the leader lock; losing it (Redis gone too long) ends the scheduler."""
    while True:
        await asyncio.sleep(SCHEDULER_LOCK_SECONDS / 3)
        await lock.reacquire()
