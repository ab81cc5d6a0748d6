"""Administrators' statistics count scans still in Redis too, each scan once, whenever the flush job
runs: before, during or after the read, or crashed half-way."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from starlette.applications import Starlette

from luojiang.core.tourism import repository, scan_statistics, scans
from luojiang.core.tourism.models import GuidePoint
from luojiang.workers.tourism import flush_guide_scans
from tests.tourism.support import ADMIN, execute

STATS = """query($since: Date!, $until: Date!) {
  guideScanStatistics(since: $since, until: $until, area: "LJ-JQ-BMG") { pointCode channel count }
}"""
GATE = "X5Y08RFA"  # 白马关关楼


async def _scans(app: Starlette, day: dt.date, *channels: str) -> None:
    point = await GuidePoint.get(code=GATE)
    for channel in channels:
        await scans.ScanCounter(app.state.services.redis).count(point.id, channel, day)


async def _statistics(app: Starlette, day: dt.date) -> list[dict[str, Any]]:
    body, _ = await execute(app, STATS, {"since": day.isoformat(), "until": day.isoformat()}, viewer=ADMIN)
    assert "errors" not in body, body
    rows: list[dict[str, Any]] = body["data"]["guideScanStatistics"]
    return rows


def _row(channel: str, count: int) -> dict[str, Any]:
    return {"pointCode": GATE, "channel": channel, "count": count}


async def test_scans_not_yet_flushed_are_counted_once_before_and_after_the_flush(app: Starlette) -> None:
    day = dt.date(2025, 3, 1)
    await _scans(app, day, "app", "app", "web")
    assert await _statistics(app, day) == [_row("app", 2), _row("web", 1)]
    await flush_guide_scans(app.state.services.redis)
    assert await _statistics(app, day) == [_row("app", 2), _row("web", 1)]
    await _scans(app, day, "app")  # in the database and in Redis at once
    assert await _statistics(app, day) == [_row("app", 3), _row("web", 1)]


async def test_a_flush_between_reading_redis_and_the_database_counts_nothing_twice(
    app: Starlette, monkeypatch: pytest.MonkeyPatch
) -> None:
    day = dt.date(2025, 3, 2)
    await _scans(app, day, "app", "app")
    redis = app.state.services.redis
    read_redis = scans.unflushed

    async def then_flush(client: Any) -> dict[str, scans.Counters]:
        seen = await read_redis(client)
        assert await flush_guide_scans(redis) >= 2
        return seen

    monkeypatch.setattr(scans, "unflushed", then_flush)
    assert await _statistics(app, day) == [_row("app", 2)]


async def test_a_flush_committing_during_the_database_reads_is_read_again(
    app: Starlette, monkeypatch: pytest.MonkeyPatch
) -> None:
    day = dt.date(2025, 3, 3)
    await _scans(app, day, "app", "web")
    redis = app.state.services.redis
    read_counts = repository.scan_counts
    reads: list[int] = []

    async def flush_first(*args: Any) -> Any:
        # the first read of the counts comes just before a flush commits, as a race would have it
        rows = await read_counts(*args)
        if not reads:
            await flush_guide_scans(redis)
        reads.append(len(rows))
        return rows

    monkeypatch.setattr(repository, "scan_counts", flush_first)
    assert await _statistics(app, day) == [_row("app", 1), _row("web", 1)]
    assert len(reads) == 2


async def test_a_batch_applied_but_not_yet_deleted_is_not_counted_twice(app: Starlette) -> None:
    day = dt.date(2025, 3, 4)
    await _scans(app, day, "app", "app", "app")
    redis = app.state.services.redis
    assert await _statistics(app, day) == [_row("app", 3)]
    batch = (await redis.get(scans.LIVE_BATCH)).decode()  # the live hash's flush name, chosen ahead
    await redis.copy(scans.LIVE, "kept")
    await flush_guide_scans(redis)
    # as if the flush had died after its commit, before deleting and unlisting the batch
    await redis.rename("kept", batch)
    await redis.sadd(scans.PENDING, batch)
    assert await _statistics(app, day) == [_row("app", 3)]
    assert await flush_guide_scans(redis) == 0
    assert await _statistics(app, day) == [_row("app", 3)]


async def test_the_reads_give_up_when_flushes_never_stop(
    app: Starlette, monkeypatch: pytest.MonkeyPatch
) -> None:
    flushed = iter(range(10))

    async def always_another(batches: Any) -> set[str]:
        return {f"flush-{next(flushed)}"}

    monkeypatch.setattr(repository, "applied_scan_batches", always_another)
    with pytest.raises(RuntimeError):
        await scan_statistics.statistics(
            app.state.services.redis, dt.date(2025, 3, 5), dt.date(2025, 3, 5), None
        )
