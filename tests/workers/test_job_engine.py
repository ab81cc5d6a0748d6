"""The job engine: retries with backoff, the real catalogue job, on both brokers."""

from __future__ import annotations

import asyncio
import json

import pytest
from prometheus_client import REGISTRY
from redis.asyncio import Redis
from starlette.applications import Starlette
from taskiq import InMemoryBroker
from tests.conftest import SAMPLE_CATALOGUE
from tests.support.jobs import quick_job_settings, running_engine
from tests.support.waiting import until

from luojiang.core.catalogue.changes import ANNOUNCED_KEY, CATALOGUE_CHANGED
from luojiang.core.events import Broadcaster
from luojiang.core.settings import Settings
from luojiang.workers.broker import build_broker
from luojiang.workers.catalogue import announce_catalogue_change
from luojiang.workers.middleware import BackoffRetryMiddleware
from luojiang.workers.registry import ANNOUNCE_CATALOGUE_CHANGE, JOBS
from luojiang.workers.resources import Resources

WAIT = 20  # seconds: a guard against hanging, never an assertion about speed


class TransientError(ConnectionError):
    pass


async def test_a_job_that_fails_twice_succeeds_on_its_third_attempt(settings: Settings) -> None:
    attempts: list[str] = []
    done = asyncio.Event()

    async def flaky(order: str) -> str:
        attempts.append(order)
        if len(attempts) < 3:
            raise TransientError("platform briefly unreachable")
        done.set()
        return order

    async with running_engine(quick_job_settings(settings), {"test.flaky": flaky}) as engine:
        job_id = await engine.enqueue("test.flaky", order="A-1")
        await asyncio.wait_for(done.wait(), WAIT)

    assert attempts == ["A-1", "A-1", "A-1"]
    assert len(job_id) == 32


async def test_a_job_that_keeps_failing_stops_after_the_last_attempt(settings: Settings) -> None:
    attempts: list[int] = []
    job = "test.always_fails"

    async def always_fails() -> None:
        attempts.append(1)
        raise TransientError("down")

    async def failed_runs() -> float:
        return REGISTRY.get_sample_value("luojiang_jobs_total", {"job": job, "outcome": "failed"}) or 0.0

    quick = quick_job_settings(settings, jobs_max_attempts=3)
    async with running_engine(quick, {job: always_fails}) as engine:
        await engine.enqueue(job)
        await until(failed_runs)  # the final failure is counted once the last attempt is over

    assert len(attempts) == 3
    assert REGISTRY.get_sample_value("luojiang_jobs_total", {"job": job, "outcome": "retried"}) == 2


@pytest.mark.parametrize(
    ("retry", "low", "high"), [(1, 1.0, 2.0), (2, 2.0, 4.0), (3, 4.0, 8.0), (5, 5.0, 10.0), (9, 5.0, 10.0)]
)
def test_retry_waits_grow_exponentially_with_jitter_up_to_the_cap(
    retry: int, low: float, high: float
) -> None:
    middleware = BackoffRetryMiddleware(max_attempts=10, base_delay=2.0, max_delay=10.0)
    delays = [middleware.make_delay(None, retry) for _ in range(200)]  # type: ignore[arg-type]
    assert all(low <= d <= high for d in delays)
    assert len(set(delays)) > 1  # jittered, so that retries of many jobs do not arrive together


async def test_the_catalogue_job_announces_each_version_once(app: Starlette, settings: Settings) -> None:
    redis = app.state.services.redis
    await _no_announcement_running(app)
    await redis.delete(ANNOUNCED_KEY)
    resources = Resources(settings=settings, redis=redis)

    first = await announce_catalogue_change(resources)
    second = await announce_catalogue_change(resources)

    assert first is not None
    assert len(first) == 16
    assert second is None
    assert await redis.get(ANNOUNCED_KEY) == first.encode()


async def test_the_catalogue_job_runs_through_the_engine_and_reaches_subscribers(
    app: Starlette, settings: Settings
) -> None:
    redis = app.state.services.redis
    await _no_announcement_running(app)
    await redis.delete(ANNOUNCED_KEY)
    received = asyncio.create_task(_first_event(Broadcaster(redis)))
    await _until_subscribed(redis)

    # a worker on the test Redis in the server pass; in-process in embedded mode
    async with running_engine(settings.model_copy(update={"jobs_schedule_in_process": False})):
        await app.state.services.jobs.enqueue(ANNOUNCE_CATALOGUE_CHANGE)
        message = await asyncio.wait_for(received, WAIT)

    departments = json.loads((SAMPLE_CATALOGUE / "departments.json").read_text("utf-8"))
    matters = json.loads((SAMPLE_CATALOGUE / "matters.json").read_text("utf-8"))
    assert message["departments"] == len(departments)
    assert message["matters"] == len(matters)
    assert await redis.get(ANNOUNCED_KEY) == str(message["version"]).encode()


async def _no_announcement_running(app: Starlette) -> None:
    """Embedded, the app runs jobs itself: the announcement its start-up import queued must be over
    before a test forgets what was announced (else the two race and one of them announces nothing)."""
    broker = app.state.services.jobs.broker
    if isinstance(broker, InMemoryBroker):
        await broker.wait_all()


async def _first_event(broadcaster: Broadcaster) -> dict[str, object]:
    async for _channel, message in broadcaster.listen(CATALOGUE_CHANGED):
        return message
    raise AssertionError("the subscription ended")


async def _until_subscribed(redis: Redis) -> None:
    async def subscribed() -> int:
        counts: list[tuple[bytes, int]] = await redis.pubsub_numsub(
            Broadcaster(redis).channel(CATALOGUE_CHANGED)
        )
        return counts[0][1]

    await until(subscribed)


def test_the_schedule_table_lists_every_periodic_job_in_utc() -> None:
    schedules = {spec.name: spec.schedules for spec in JOBS if spec.schedules}
    assert schedules == {
        "catalogue.announce_change": ("*/10 * * * *",),
        "tourism.flush_guide_scans": ("*/5 * * * *",),
        "payments.recover_lost_payments": ("*/2 * * * *",),
        "payments.expire_unpaid_orders": ("*/5 * * * *",),
        "payments.settle_refunds": ("*/5 * * * *",),
        "payments.reconcile_bills": ("30 2 * * *",),  # 10:30 Beijing
        "outbox.sweep": ("* * * * *",),
        "notifications.remind_expiring_licences": ("0 1 * * *",),
        "applications.remind_deadlines": ("30 0 * * *", "30 5 * * *"),  # 08:30 and 13:30 Beijing
    }
    assert sorted(spec.name for spec in JOBS if not spec.schedules) == [
        "outbox.deliver",
        "tourism.generate_area_codes",
        "tourism.generate_guide_code",
    ]


def test_every_registered_job_is_on_the_broker_with_its_schedule(settings: Settings) -> None:
    broker = build_broker(settings, Resources(settings=settings, redis=Redis()))
    for spec in JOBS:
        task = broker.find_task(spec.name)
        assert task is not None
        assert task.labels.get("schedule", []) == [{"cron": cron} for cron in spec.schedules]
