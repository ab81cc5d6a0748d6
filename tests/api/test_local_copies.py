"""Each instance's own copies of shared responses: served without a Redis round trip, retired at
once by a change made through the same process, and within the lag by another instance's."""

from __future__ import annotations

import uuid

from tests.support.gateway import instances, persisted
from tests.support.waiting import until

from luojiang.api.protection.local_cache import LocalResponses, TagMirror, parse_versions
from luojiang.api.protection.response_cache import PREFIX
from luojiang.core import cache_tags
from luojiang.core.catalogue.models import Department
from luojiang.core.settings import Settings

DEPARTMENTS = "query Names { departments(first: 3) { nodes { code name } } }"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _locale() -> dict[str, str]:  # a locale of its own per test: the server pass shares one Redis database
    return {"accept-language": f"zh-CN-x-{uuid.uuid4().hex[:8]}"}


async def _forget_shared_entries(redis: object) -> None:
    keys = [key async for key in redis.scan_iter(match=PREFIX + "*")]  # type: ignore[attr-defined]
    if keys:
        await redis.delete(*keys)  # type: ignore[attr-defined]


async def test_an_instance_serves_its_own_copy_without_the_shared_entry(
    settings: Settings, app: object
) -> None:
    locale = _locale()
    async with (
        instances(settings, 1) as (with_copies,),
        instances(settings, 1, response_cache_local_entries=0) as (without_copies,),
    ):
        for gw in (with_copies, without_copies):
            request = {"query": DEPARTMENTS, "extensions": persisted(DEPARTMENTS)}
            stored = await gw.post(request, **locale)
            await _forget_shared_entries(gw.redis)
            again = await gw.post(request, **locale)
            assert stored.headers["x-cache"] == "miss"
            assert again.content == stored.content
            assert again.headers["x-cache"] == ("hit" if gw is with_copies else "miss")


async def test_another_instances_change_reaches_the_copies_within_the_lag(
    settings: Settings, app: object
) -> None:
    locale = _locale()
    async with instances(settings, 1, response_cache_local_lag_ms=50) as (gw,):
        before = (await gw.post({"query": DEPARTMENTS}, **locale)).json()
        code = before["data"]["departments"]["nodes"][0]["code"]
        old_name = before["data"]["departments"]["nodes"][0]["name"]
        assert (await gw.post({"query": DEPARTMENTS}, **locale)).headers["x-cache"] == "hit"
        try:
            await Department.filter(code=code).update(name="另一实例改的名")
            # what another process's invalidate() does to Redis; this process's count stays put
            key = cache_tags.tag_key("catalogue")
            await gw.redis.set(key, int(await gw.redis.get(key) or 0) + 1)

            async def renamed() -> bool:
                reply = (await gw.post({"query": DEPARTMENTS}, **locale)).json()
                return bool(reply["data"]["departments"]["nodes"][0]["name"] == "另一实例改的名")

            await until(renamed, guard=10)
        finally:
            await Department.filter(code=code).update(name=old_name)
            await cache_tags.invalidate(gw.redis, "catalogue")


async def test_a_change_through_this_process_retires_every_copy_at_once(
    settings: Settings, app: object
) -> None:
    locale = _locale()
    async with instances(settings, 2) as (first, second):
        for gw in (first, second):
            await gw.post({"query": DEPARTMENTS}, **locale)
            assert (await gw.post({"query": DEPARTMENTS}, **locale)).headers["x-cache"] == "hit"
        await cache_tags.invalidate(first.redis, "catalogue")
        assert (await first.post({"query": DEPARTMENTS}, **locale)).headers["x-cache"] == "miss"
        assert (await second.post({"query": DEPARTMENTS}, **locale)).headers["x-cache"] == "hit"


async def test_copies_stop_being_served_when_the_versions_were_not_read_within_the_lag(
    settings: Settings, app: object
) -> None:
    async with instances(settings, 1) as (gw,):
        clock = Clock()
        mirror = TagMirror(gw.redis, lag_seconds=0.05, clock=clock)
        tag = f"t{uuid.uuid4().hex[:8]}"
        versions = parse_versions(f"{tag}=5")
        mirror.observe(versions)
        assert not mirror.current(versions)  # never read yet
        await gw.redis.set(cache_tags.tag_key(tag), 5)
        await mirror.read()
        assert mirror.current(versions)
        clock.now += 0.06
        assert not mirror.current(versions)


async def test_the_mirror_keeps_the_highest_version_it_has_seen(settings: Settings, app: object) -> None:
    async with instances(settings, 1) as (gw,):
        mirror = TagMirror(gw.redis, lag_seconds=60)
        tag = f"t{uuid.uuid4().hex[:8]}"
        await gw.redis.set(cache_tags.tag_key(tag), 7)
        mirror.observe(((tag, 9),))  # a reading that arrived before the older one below
        await mirror.read()
        assert mirror.current(((tag, 9),))
        assert not mirror.current(((tag, 7),))


async def test_the_oldest_copies_make_room_for_new_ones(settings: Settings, app: object) -> None:
    async with instances(settings, 1) as (gw,):
        mirror = TagMirror(gw.redis, lag_seconds=60)
        copies = LocalResponses(mirror, capacity=2, ttl_seconds=60)
        changes = cache_tags.local_changes()
        for key in ("a", "b", "c"):
            copies.keep(key, key.encode(), "", changes)
        await mirror.read()
        assert [copies.get(key) for key in ("a", "b", "c")] == [None, b"b", b"c"]
