"""The WeChat access token, shared by every instance through Redis (ref/wechat.md 1.3).

``stable_token`` in normal mode only (concurrent fetches get the same token, none invalidates
another). The token is cached until five minutes before it expires; one instance at a time
refreshes it under a Redis lock (and one coroutine per instance under an asyncio lock) while the
others wait for the cache. A token that WeChat rejects is dropped only if the cache still holds
that very token, so a late failure never throws away a newer token.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field

import httpx
import redis.asyncio as aioredis

from luojiang.adapters.wechat.errors import raise_for_errcode
from luojiang.core.identity.ports import PlatformUnavailable

EARLY_REFRESH_SECONDS = 300
# delete KEYS[1] only while it still holds ARGV[1]: a lock we own, or the token that failed
COMPARE_AND_DELETE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


@dataclass
class StableAccessToken:
    http: httpx.AsyncClient
    redis: aioredis.Redis
    api_base: str
    app_id: str
    secret: str
    lock_ms: int = 10_000
    wait_seconds: float = 5.0
    poll_seconds: float = 0.02
    _local: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def cache_key(self) -> str:
        return f"wechat:{self.app_id}:access_token"

    @property
    def lock_key(self) -> str:
        return f"wechat:{self.app_id}:access_token_lock"

    async def get(self) -> str:
        cached = await self.redis.get(self.cache_key)
        if cached:
            return _text(cached)
        async with self._local:
            cached = await self.redis.get(self.cache_key)
            return _text(cached) if cached else await self._refresh_or_wait()

    async def drop(self, failed_token: str) -> None:
        """WeChat said 40001/42001 for ``failed_token``: forget it unless a newer one replaced it."""
        await self.redis.eval(COMPARE_AND_DELETE, 1, self.cache_key, failed_token)

    async def _refresh_or_wait(self) -> str:
        owner = uuid.uuid4().hex
        if await self.redis.set(self.lock_key, owner, nx=True, px=self.lock_ms):
            try:
                cached = await self.redis.get(self.cache_key)
                if cached:  # another instance finished just before we took the lock
                    return _text(cached)
                token, expires_in = await self._fetch()
                ttl = max(expires_in - EARLY_REFRESH_SECONDS, 60)
                await self.redis.set(self.cache_key, token, ex=ttl)
                return token
            finally:
                await self.redis.eval(COMPARE_AND_DELETE, 1, self.lock_key, owner)
        return await self._wait_for_other_instance()

    async def _wait_for_other_instance(self) -> str:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.wait_seconds
        while loop.time() < deadline:
            await asyncio.sleep(self.poll_seconds)
            cached = await self.redis.get(self.cache_key)
            if cached:
                return _text(cached)
        raise PlatformUnavailable("another instance is refreshing the WeChat access token")

    async def _fetch(self) -> tuple[str, int]:
        body = {
            "grant_type": "client_credential",
            "appid": self.app_id,
            "secret": self.secret,
            "force_refresh": False,
        }
        try:
            response = await self.http.post(f"{self.api_base}/cgi-bin/stable_token", json=body)
            data = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise PlatformUnavailable("WeChat stable_token did not answer") from exc
        raise_for_errcode(data)
        return str(data["access_token"]), int(data["expires_in"])


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
