"""Scans are counted by point, channel and day in Redis and reach the statistics exactly once."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest
import redis.asyncio.client as redis_client
from starlette.applications import Starlette

from luojiang.core.tourism import scans
from luojiang.core.tourism.models import GuidePoint, ScanCount
from luojiang.workers.tourism import flush_guide_scans
from tests.conftest import GraphQLClient
from tests.tourism.support import ADMIN, CITIZEN, execute

SCAN = "mutation($code: String!) { recordGuideScan(code: $code) { point { name } errors { code field } } }"
STATS = """query($since: Date!, $until: Date!, $area: String) {
  guideScanStatistics(since: $since, until: $until, area: $area) { day pointCode pointName channel count }
}"""
GATE = "X5Y08RFA"  # 白马关关楼


async def _counts(point_code: str) -> dict[tuple[str, str], int]:
    point = await GuidePoint.get(code=point_code)
    return {(r.day.isoformat(), r.channel): r.count for r in await ScanCount.filter(point_id=point.id)}


async def test_scans_are_counted_by_channel_and_flushed_once(app: Starlette, gql: GraphQLClient) -> None:
    redis = app.state.services.redis
    await flush_guide_scans(redis)
    before = await _counts(GATE)
    day = scans.today().isoformat()
    for channel in ("wechat-miniprogram", "wechat-miniprogram", "alipay-miniprogram", "something-else"):
        body = await gql(SCAN, {"code": GATE}, **{"x-client-channel": channel})
        assert body["data"]["recordGuideScan"] == {"point": {"name": "白马关关楼"}, "errors": []}
    assert await _counts(GATE) == before  # nothing reaches the database before the job runs
    assert await flush_guide_scans(redis) == 4
    assert await flush_guide_scans(redis) == 0
    after = await _counts(GATE)
    assert after[(day, "wechat-miniprogram")] - before.get((day, "wechat-miniprogram"), 0) == 2
    assert after[(day, "alipay-miniprogram")] - before.get((day, "alipay-miniprogram"), 0) == 1
    assert after[(day, "web")] - before.get((day, "web"), 0) == 1


async def test_a_batch_left_by_a_crashed_flush_is_not_counted_twice(app: Starlette) -> None:
    redis = app.state.services.redis
    point = await GuidePoint.get(code=GATE)
    day = dt.date(2026, 5, 1)
    await scans.ScanCounter(redis).count(point.id, "app", day)
    await scans.ScanCounter(redis).count(point.id, "app", day)
    # a flush that renamed and listed the live hash, then died before applying it
    await redis.rename(scans.LIVE, f"{scans.BATCH_PREFIX}crashed")
    await redis.sadd(scans.PENDING, f"{scans.BATCH_PREFIX}crashed")
    await redis.copy(f"{scans.BATCH_PREFIX}crashed", "kept-for-replay")
    assert await flush_guide_scans(redis) == 2
    # the same batch again, as if the worker died after the commit and before the delete
    await redis.rename("kept-for-replay", f"{scans.BATCH_PREFIX}crashed")
    await redis.sadd(scans.PENDING, f"{scans.BATCH_PREFIX}crashed")
    assert await flush_guide_scans(redis) == 0
    assert (await ScanCount.get(point_id=point.id, channel="app", day=day)).count == 2
    assert not await redis.exists(f"{scans.BATCH_PREFIX}crashed")
    assert not await redis.sismember(scans.PENDING, f"{scans.BATCH_PREFIX}crashed")


async def test_an_unknown_code_is_not_counted(app: Starlette, gql: GraphQLClient) -> None:
    body = await gql(SCAN, {"code": "ZZZZZZZZ"})
    assert body["data"]["recordGuideScan"] == {
        "point": None,
        "errors": [{"code": "NOT_FOUND", "field": "code"}],
    }
    assert not await app.state.services.redis.exists(scans.LIVE)


async def test_administrators_read_the_statistics(app: Starlette) -> None:
    point = await GuidePoint.get(code="GQR4FNWD")
    await ScanCount.create(point_id=point.id, channel="wechat-miniprogram", day=dt.date(2026, 4, 5), count=17)
    variables = {"since": "2026-04-01", "until": "2026-04-30", "area": "LJ-JQ-BMG"}
    body, _ = await execute(app, STATS, variables, viewer=ADMIN)
    assert body["data"]["guideScanStatistics"] == [
        {
            "day": "2026-04-05",
            "pointCode": "GQR4FNWD",
            "pointName": "游客中心",
            "channel": "wechat-miniprogram",
            "count": 17,
        }
    ]
    other_area = await execute(app, STATS, {**variables, "area": "LJ-JQ-CT"}, viewer=ADMIN)
    assert other_area[0]["data"]["guideScanStatistics"] == []
    refused, _ = await execute(app, STATS, variables, viewer=CITIZEN)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    backwards, _ = await execute(app, STATS, {**variables, "since": "2026-05-01"}, viewer=ADMIN)
    assert backwards["errors"][0]["extensions"] == {"code": "INVALID_PERIOD", "field": "until"}


async def test_scans_at_once_are_each_counted_before_they_return_with_one_increment(
    app: Starlette, monkeypatch: pytest.MonkeyPatch
) -> None:
    redis = app.state.services.redis
    point = await GuidePoint.get(code=GATE)
    day = dt.date(2026, 5, 2)
    counter = f"{day.isoformat()}|{point.id}|app"
    before = int(await redis.hget(scans.LIVE, counter) or 0)
    sent: list[str] = []
    for cls, method in (
        (redis_client.Redis, "execute_command"),
        (redis_client.Pipeline, "pipeline_execute_command"),
    ):
        monkeypatch.setattr(cls, method, _recording(getattr(cls, method), sent))
    counting = scans.ScanCounter(redis)

    async def scan() -> int:
        await counting.count(point.id, "app", day)
        return int(await redis.hget(scans.LIVE, counter) or 0)  # already counted when it returns

    seen = await asyncio.gather(*(scan() for _ in range(12)))
    assert min(seen) == before + 12
    assert [name for name in sent if name.upper() == "HINCRBY"] == ["HINCRBY"]


def _recording(send: Any, sent: list[str]) -> Any:
    def recorded(self: Any, *args: Any, **options: Any) -> Any:
        sent.append(str(args[0]))
        return send(self, *args, **options)

    return recorded
