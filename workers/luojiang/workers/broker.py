"""The job engine, built from settings in one place: a Redis stream with consumer groups when
``REDIS_URL`` is set, taskiq's in-memory broker (jobs run in this process) otherwise."""

from __future__ import annotations

from typing import Any

from taskiq import AsyncBroker, InMemoryBroker

from luojiang.core.settings import Settings
from luojiang.workers.middleware import BackoffRetryMiddleware, JobMetricsMiddleware
from luojiang.workers.registry import JOBS, bind
from luojiang.workers.resources import Resources
from luojiang.workers.stream import ReclaimingStreamBroker

CONSUMER_GROUP = "luojiang-workers"


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
        broker = InMemoryBroker(max_async_tasks=settings.jobs_concurrency)
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
