"""The job engine, built from settings in one place: a Redis stream with consumer groups when
``REDIS_URL`` is set, taskiq's in-memory broker (jobs run in this process) otherwise."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from taskiq import AsyncBroker, InMemoryBroker

from luojiang.core.settings import Settings
from luojiang.workers.middleware import BackoffRetryMiddleware, JobMetricsMiddleware
from luojiang.workers.registry import JOBS, bind
from luojiang.workers.resources import Resources
from luojiang.workers.stream import ReclaimingStreamBroker

CONSUMER_GROUP = "luojiang-workers"
# taskiq's receiver, which logs a job's exception (a cancelled job's too) with its traceback
RECEIVER_LOG = "taskiq.receiver.receiver"


class DrainingInMemoryBroker(InMemoryBroker):
    """taskiq's in-memory broker (jobs run in this process), with a bounded wait for the jobs still
    running when the process stops: after it, they would meet a closed database."""

    async def drain(self, seconds: float) -> int:
        """Waits up to ``seconds`` for the running jobs (and any they start meanwhile, such as a
        retry), then cancels the rest; returns how many were cancelled."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while self._running_tasks and (left := deadline - loop.time()) > 0:
            await asyncio.wait(set(self._running_tasks), timeout=left)
        late = list(self._running_tasks)
        if not late:
            return 0
        quiet = _NoCancelledTraceback()
        logging.getLogger(RECEIVER_LOG).addFilter(quiet)  # the caller logs the cancellations, once
        try:
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
        finally:
            logging.getLogger(RECEIVER_LOG).removeFilter(quiet)
        return len(late)


class _NoCancelledTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and record.exc_info[0] is asyncio.CancelledError)


def build_broker(settings: Settings, resources: Resources) -> AsyncBroker:
    broker: AsyncBroker
    if settings.redis_url:
        broker = ReclaimingStreamBroker(
            settings.redis_url,
            queue_name=settings.jobs_stream,
            consumer_group_name=CONSUMER_GROUP,
            # a new group reads the stream from its start: jobs queued before the first worker still run
            consumer_id="0",
            idle_timeout=int(settings.jobs_reclaim_idle_seconds * 1000),
            xread_block=1000,
            xread_count=settings.jobs_concurrency,
        )
    else:
        broker = DrainingInMemoryBroker(max_async_tasks=settings.jobs_concurrency)
    broker.add_middlewares(
        JobMetricsMiddleware(),
        BackoffRetryMiddleware(
            max_attempts=settings.jobs_max_attempts,
            base_delay=settings.jobs_retry_base_seconds,
            max_delay=settings.jobs_retry_max_seconds,
        ),
    )
    for spec in JOBS:
        labels: dict[str, Any] = {"retry_on_error": True, "timeout": settings.jobs_timeout_seconds}
        if spec.max_attempts is not None:
            labels["max_retries"] = spec.max_attempts
        if spec.schedules:
            labels["schedule"] = [{"cron": cron} for cron in spec.schedules]
        broker.register_task(bind(spec, resources), task_name=spec.name, **labels)
    return broker
