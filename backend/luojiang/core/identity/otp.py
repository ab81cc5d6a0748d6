"""SMS one-time login codes: six digits, kept only as a keyed hash in Redis, five minutes, a few tries.

Sending is limited per phone number and per client IP within an hour; a refused send stores and
sends nothing. A code works once: the successful check deletes it (and only one of two concurrent
checks can delete it).
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import redis.asyncio as aioredis

from luojiang.core.identity.errors import IdentityErrorCode, identity_error
from luojiang.core.identity.ports import PlatformUnavailable, SmsSender
from luojiang.core.security.fields import LookupHasher

CODE_KEY = "identity:otp:{}"
SENDS_KEY = "identity:otp-sends:{}:{}"
HOUR = 3600
# the record outlives the code a little, so that a late try hears "expired", not "invalid"
GRACE_SECONDS = 600


@dataclass(frozen=True)
class OtpPolicy:
    ttl_seconds: int
    max_attempts: int
    per_phone_per_hour: int
    per_ip_per_hour: int


@dataclass(frozen=True)
class OneTimeCodes:
    redis: aioredis.Redis
    hasher: LookupHasher
    sender: SmsSender
    policy: OtpPolicy
    clock: Callable[[], float] = field(default=time.time)

    async def send(self, phone: str, client_ip: str) -> None:
        phone_key = self.hasher.digest(phone, "phone")
        await self._within_limit("phone", phone_key, self.policy.per_phone_per_hour)
        await self._within_limit("ip", client_ip, self.policy.per_ip_per_hour)
        code = f"{secrets.randbelow(1_000_000):06d}"
        record: dict[str | bytes, str] = {
            "digest": self._digest(phone, code),
            "expires": str(self.clock() + self.policy.ttl_seconds),
            "attempts": "0",
        }
        key = CODE_KEY.format(phone_key)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.delete(key)
            pipe.hset(key, mapping=record)  # type: ignore[arg-type]
            pipe.expire(key, self.policy.ttl_seconds + GRACE_SECONDS)
            await pipe.execute()
        try:
            await self.sender.send_login_code(phone, code)
        except PlatformUnavailable as exc:
            await self.redis.delete(key)  # a code nobody received must not be guessable
            raise identity_error(
                IdentityErrorCode.PLATFORM_UNAVAILABLE, "The code could not be sent; please try again."
            ) from exc

    async def check(self, phone: str, code: str) -> None:
        """Returns when the code is right; raises a coded error otherwise."""
        key = CODE_KEY.format(self.hasher.digest(phone, "phone"))
        stored = await self.redis.hgetall(key)
        record = {_text(k): _text(v) for k, v in stored.items()}
        if not record:
            raise identity_error(
                IdentityErrorCode.INVALID_CODE, "The code is wrong or was already used.", "code"
            )
        if float(record["expires"]) <= self.clock():
            raise identity_error(
                IdentityErrorCode.CODE_EXPIRED, "The code has expired; ask for a new one.", "code"
            )
        attempts = int(await self.redis.hincrby(key, "attempts", 1))
        if attempts > self.policy.max_attempts:
            await self.redis.delete(key)
            raise identity_error(
                IdentityErrorCode.TOO_MANY_ATTEMPTS, "Too many wrong codes; ask for a new one.", "code"
            )
        right = hmac.compare_digest(record["digest"], self._digest(phone, code.strip()))
        if not right or await self.redis.delete(key) != 1:
            raise identity_error(
                IdentityErrorCode.INVALID_CODE, "The code is wrong or was already used.", "code"
            )

    async def _within_limit(self, kind: str, who: str, limit: int) -> None:
        key = SENDS_KEY.format(kind, who)
        count = int(await self.redis.incr(key))
        if count == 1:
            await self.redis.expire(key, HOUR)
        if count > limit:
            raise identity_error(IdentityErrorCode.RATE_LIMITED, "Too many codes requested; try again later.")

    def _digest(self, phone: str, code: str) -> str:
        return self.hasher.digest(f"{phone}:{code}", "otp")


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
