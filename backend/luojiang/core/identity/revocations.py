"""Revocation of access tokens: recorded where it lasts, read where it is fast, announced at once.

The database is the record: a logged-out session's ``revoked_at``, and a person's
``tokens_not_before_ms`` (logout everywhere, a change of roles), one number per person whatever
the number of revocations. Redis caches both answers for as long as an access token can live; a
miss reads the database once. A revocation overwrites the cached answer, while a reader only fills
an empty key, so a reader that raced a revocation never caches the old answer over the new one. A
Redis that restarts empty forgets nothing.

Each revocation is also announced on :data:`REVOKED_CHANNEL`, so that every instance closes the
WebSockets of the sessions it ends at once (``luojiang.api.transport.live_sockets``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import redis.asyncio as aioredis

from luojiang.core.events import Broadcaster
from luojiang.core.identity import repository
from luojiang.core.identity.principal import Principal

SESSION_KEY = "identity:session-revoked:{}"  # b"1" revoked, b"0" not
NOT_BEFORE_KEY = "identity:not-before:{}"  # ms since the epoch, b"0" for none
REVOKED_CHANNEL = "identity.revoked"


@dataclass(frozen=True)
class Revocation:
    """What was revoked: one session, or every token of a person issued until ``not_before_ms``."""

    session_id: str | None = None
    person_id: int | None = None
    not_before_ms: int = 0

    def ends(self, principal: Principal) -> bool:
        if self.session_id is not None:
            return principal.session_id == self.session_id
        return principal.person_id == self.person_id and principal.issued_at_ms <= self.not_before_ms

    def as_message(self) -> dict[str, Any]:
        return {"session": self.session_id, "person": self.person_id, "notBefore": self.not_before_ms}

    @classmethod
    def from_message(cls, message: dict[str, Any]) -> Revocation:
        session, person = message.get("session"), message.get("person")
        return cls(
            session_id=str(session) if session is not None else None,
            person_id=int(person) if person is not None else None,
            not_before_ms=int(message.get("notBefore") or 0),
        )


@dataclass(frozen=True)
class Revocations:
    redis: aioredis.Redis
    ttl_seconds: int  # as long as an access token lives: an older answer matters to no token

    async def is_revoked(self, principal: Principal) -> bool:
        session_key = SESSION_KEY.format(principal.session_id)
        person_key = NOT_BEFORE_KEY.format(principal.person_id)
        session, not_before = await self.redis.mget(session_key, person_key)
        if session is None:
            session = b"1" if await repository.session_revoked(principal.session_id) else b"0"
            await self.redis.set(session_key, session, ex=self.ttl_seconds, nx=True)
        if not_before is None:
            not_before = str(await repository.tokens_not_before_ms(principal.person_id)).encode()
            await self.redis.set(person_key, not_before, ex=self.ttl_seconds, nx=True)
        cutoff = int(not_before)
        return session in (b"1", "1") or (cutoff > 0 and principal.issued_at_ms <= cutoff)

    async def revoke_session(self, session_id: str) -> None:
        """After the session's ``revoked_at`` is written (:meth:`Sessions.end_session`)."""
        await self.redis.set(SESSION_KEY.format(session_id), b"1", ex=self.ttl_seconds)
        await self._announce(Revocation(session_id=session_id))

    async def revoke_person_tokens(self, person_id: int) -> None:
        """Every access token of the person issued until now stops working on every instance."""
        now_ms = int(time.time() * 1000)
        await repository.move_tokens_not_before(person_id, now_ms)
        await self.redis.set(NOT_BEFORE_KEY.format(person_id), str(now_ms).encode(), ex=self.ttl_seconds)
        await self._announce(Revocation(person_id=person_id, not_before_ms=now_ms))

    async def _announce(self, revocation: Revocation) -> None:
        await Broadcaster(self.redis).publish(REVOKED_CHANNEL, revocation.as_message())
