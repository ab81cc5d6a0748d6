"""Each instance's own copies of shared responses: served without a Redis round trip, retired at
once by a change made through the same process, and within the lag by another instance's."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterable

from tests.support.clock import ManualClock
from tests.support.gateway import instances, persisted
from tests.support.waiting import until

from luojiang.api.protection.local_cache import LocalResponses, TagMirror
from luojiang.api.protection.response_cache import PREFIX
from luojiang.core import cache_tags
from luojiang.core.catalogue.models import Department
from luojiang.core.settings import Settings

DEPARTMENTS = "query Names { departments(first: 3) { nodes { code name } } }"


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
    # a lag far longer than the test: a stalled event loop must not make the copy look stale
    async with (
        instances(settings, 1, response_cache_local_lag_ms=60_000) as (with_copies,),
        instances(settings, 1, response_cache_local_bytes=0) as (without_copies,),
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
    async with instances(settings, 2, response_cache_local_lag_ms=60_000) as gateways:
        for gw in gateways:
            await gw.post({"query": DEPARTMENTS}, **locale)
            assert (await gw.post({"query": DEPARTMENTS}, **locale)).headers["x-cache"] == "hit"
        await cache_tags.invalidate(gateways[0].redis, "catalogue")
        after = []
        for gw in gateways:
            await _forget_shared_entries(gw.redis)  # what is served now can only be a local copy
            after.append((await gw.post({"query": DEPARTMENTS}, **locale)).headers["x-cache"])
    assert after == ["miss", "miss"]


async def test_another_instances_change_retires_a_copy_at_the_next_read(
    settings: Settings, app: object
) -> None:
    async with instances(settings, 1) as (gw,):
        tag = f"t{uuid.uuid4().hex[:8]}"
        await gw.redis.set(cache_tags.tag_key(tag), 5)
        clock = ManualClock()
        copies = LocalResponses(TagMirror(gw.redis, lag_seconds=0.05, clock=clock), max_bytes=1000)
        copies.keep("k", b"body", f"{tag}=5", cache_tags.local_changes(), ttl_ms=60_000, asked_at=clock())
        served_before = copies.get("k")
        await gw.redis.set(cache_tags.tag_key(tag), 6)  # another process's invalidate()
        clock.now += 0.02
        served_until_read = copies.get("k")
        await copies.mirror.read(copies.tags_in_use())
        assert (served_before, served_until_read, copies.get("k")) == (b"body", b"body", None)


async def test_copies_stop_being_served_when_their_tags_were_not_read_within_the_lag(
    settings: Settings, app: object
) -> None:
    async with instances(settings, 1) as (gw,):
        tag = f"t{uuid.uuid4().hex[:8]}"
        await gw.redis.set(cache_tags.tag_key(tag), 5)
        clock = ManualClock()
        copies = LocalResponses(TagMirror(gw.redis, lag_seconds=0.05, clock=clock), max_bytes=1000)
        copies.keep("k", b"body", f"{tag}=5", cache_tags.local_changes(), ttl_ms=60_000, asked_at=clock())
        clock.now += 0.05  # no reading since: Redis may be down, or the reads late
        stale = copies.get("k")
        await copies.mirror.read(copies.tags_in_use())
        assert (stale, copies.get("k")) == (None, b"body")


async def test_the_mirror_keeps_the_highest_version_it_has_seen(settings: Settings, app: object) -> None:
    async with instances(settings, 1) as (gw,):
        mirror = TagMirror(gw.redis, lag_seconds=60)
        tag = f"t{uuid.uuid4().hex[:8]}"
        await gw.redis.set(cache_tags.tag_key(tag), 7)
        mirror.observe(((tag, 9),), mirror.clock())  # a reply that arrived before the older reading below
        await mirror.read([tag])
        assert mirror.current(((tag, 9),))
        assert not mirror.current(((tag, 7),))


async def test_the_oldest_copies_make_room_for_new_ones(settings: Settings, app: object) -> None:
    async with instances(settings, 1) as (gw,):
        mirror = TagMirror(gw.redis, lag_seconds=60)
        copies = LocalResponses(mirror, max_bytes=800)
        changes, now = cache_tags.local_changes(), mirror.clock()
        keys = [str(n) for n in range(9)]
        for key in keys:  # nine bodies of 100 bytes: one too many
            copies.keep(key, key.encode() * 100, "", changes, ttl_ms=60_000, asked_at=now)
        copies.keep("large", b"x" * 101, "", changes, ttl_ms=60_000, asked_at=now)  # over an eighth of it
        kept = [key for key in [*keys, "large"] if copies.get(key) is not None]
        assert kept == keys[1:]


async def test_a_copy_lives_no_longer_than_the_shared_entry(settings: Settings, app: object) -> None:
    async with instances(settings, 1) as (gw,):
        mirror = TagMirror(gw.redis, lag_seconds=60)
        copies = LocalResponses(mirror, max_bytes=1000)
        copies.keep("k", b"body", "", cache_tags.local_changes(), ttl_ms=0, asked_at=mirror.clock())
        assert copies.get("k") is None


class CountedMirror(TagMirror):
    reads = 0

    async def read(self, tags: Iterable[str]) -> None:
        self.reads += 1
        await super().read(tags)


async def test_the_mirror_reads_only_while_copies_are_asked_for(settings: Settings, app: object) -> None:
    """An idle instance does not call Redis every half lag for ever: the readings stop once no
    copy was asked for in ``idle_seconds``, and start again with the next request."""
    async with instances(settings, 1) as (gw,):
        mirror = CountedMirror(gw.redis, lag_seconds=0.02, idle_seconds=0.2)
        copies = LocalResponses(mirror, max_bytes=1000)

        async def read_again() -> bool:
            return mirror.reads >= 2

        async with mirror.following(copies.tags_in_use):
            await asyncio.sleep(0.3)
            before_any_request = mirror.reads
            copies.get("k")
            await until(read_again)
            await asyncio.sleep(0.5)  # idle again: the readings have stopped
            idle_again = mirror.reads
            await asyncio.sleep(0.3)
            assert (before_any_request, mirror.reads) == (0, idle_again)
