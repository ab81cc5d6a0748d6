"""Administrators queue an area's codes; the registered job, run by the engine, makes them."""

from __future__ import annotations

import asyncio

from redis.exceptions import ResponseError
from starlette.applications import Starlette

from luojiang.core.tourism.models import GuidePoint, QrCode, ScenicArea
from luojiang.workers.broker import CONSUMER_GROUP
from luojiang.workers.engine import serve_jobs
from tests.support.waiting import until
from tests.tourism.support import ADMIN, CITIZEN, execute

QUEUE = """mutation($area: String!, $kind: String!) {
  queueGuideCodes(area: $area, kind: $kind) { jobId errors { code field } } }"""
AREA = "LJ-JQ-BMG"


async def _area_points() -> list[int]:
    area = await ScenicArea.get(code=AREA)
    return sorted(await GuidePoint.filter(area_id=area.id).values_list("id", flat=True))


async def test_an_administrator_queues_an_areas_codes_and_the_worker_makes_them(app: Starlette) -> None:
    engine = app.state.services.jobs
    points = await _area_points()
    stop = asyncio.Event()
    # embedded mode runs the job in this process; on Redis a worker consumes the stream
    worker = None
    if engine.settings.redis_url:
        # the app fixture flushed Redis after the broker's startup had made the consumer group
        # (unless the flush came first: then the group is still there, as it should be)
        try:
            await app.state.services.redis.xgroup_create(
                engine.settings.jobs_stream, CONSUMER_GROUP, "0", mkstream=True
            )
        except ResponseError as error:
            if not str(error).startswith("BUSYGROUP"):
                raise
        worker = asyncio.create_task(serve_jobs(engine, stop))

    async def all_ready() -> bool:
        ready = await QrCode.filter(point_id__in=points, kind="url", status="ready").count()
        return ready == len(points)

    try:
        body, _ = await execute(app, QUEUE, {"area": AREA, "kind": "url"}, viewer=ADMIN)
        assert body["data"]["queueGuideCodes"]["errors"] == []
        assert len(body["data"]["queueGuideCodes"]["jobId"]) == 32
        await until(all_ready)
    finally:
        stop.set()
        if worker is not None:
            await asyncio.wait([worker], timeout=5)
    assert len(points) > 1


async def test_others_and_unknown_kinds_are_refused_and_nothing_is_queued(app: Starlette) -> None:
    before = await QrCode.all().count()
    redis, stream = app.state.services.redis, app.state.services.jobs.settings.jobs_stream
    queued = await redis.xlen(stream)
    refused, _ = await execute(app, QUEUE, {"area": AREA, "kind": "url"}, viewer=CITIZEN)
    unknown, _ = await execute(app, QUEUE, {"area": AREA, "kind": "fax"}, viewer=ADMIN)
    missing, _ = await execute(app, QUEUE, {"area": "LJ-NOWHERE", "kind": "url"}, viewer=ADMIN)

    assert refused["data"]["queueGuideCodes"] == {
        "jobId": None,
        "errors": [{"code": "FORBIDDEN", "field": None}],
    }
    assert unknown["data"]["queueGuideCodes"] == {
        "jobId": None,
        "errors": [{"code": "INVALID_KIND", "field": "kind"}],
    }
    assert missing["data"]["queueGuideCodes"] == {
        "jobId": None,
        "errors": [{"code": "NOT_FOUND", "field": "area"}],
    }
    assert await redis.xlen(stream) == queued  # no job on the stream
    assert await QrCode.all().count() == before
