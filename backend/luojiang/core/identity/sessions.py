"""Login sessions: an access token plus a rotating refresh token per login.

Each refresh token is single-use. Presenting one that was already used means it was copied: the
whole session (the token family) is revoked at once, in the database and, for its access tokens,
in Redis, so every instance refuses them from the next request on.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from luojiang.core.identity import repository
from luojiang.core.identity.access_tokens import AccessTokens
from luojiang.core.identity.errors import IdentityErrorCode, identity_error
from luojiang.core.identity.models import LoginSession, Person
from luojiang.core.identity.principal import Assurance, Principal
from luojiang.core.identity.revocations import Revocations


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int
    principal: Principal


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Sessions:
    access: AccessTokens
    revocations: Revocations
    refresh_ttl: timedelta

    async def start(self, person: Person, channel: str) -> TokenPair:
        session = await repository.start_session(person, channel)
        return await self._issue(person, session)

    async def refresh(self, refresh_token: str) -> TokenPair:
        now = datetime.now(UTC)
        row = await repository.refresh_token_by_hash(_digest(refresh_token))
        if row is None:
            raise identity_error(IdentityErrorCode.INVALID_REFRESH_TOKEN, "The refresh token is not valid.")
        session = row.session
        if session.revoked_at is not None:
            raise identity_error(IdentityErrorCode.SESSION_REVOKED, "This session has ended; log in again.")
        if row.expires_at <= now:
            raise identity_error(
                IdentityErrorCode.REFRESH_TOKEN_EXPIRED, "The session expired; log in again."
            )
        if not await repository.mark_refresh_token_used(row.id, now):
            await self.end_session(str(session.id), reason="reuse")
            raise identity_error(
                IdentityErrorCode.REFRESH_TOKEN_REUSED,
                "This refresh token was already used; the session has been ended for safety.",
            )
        person = await repository.person(session.person_id)
        if person is None:
            raise identity_error(IdentityErrorCode.INVALID_REFRESH_TOKEN, "The refresh token is not valid.")
        return await self._issue(person, session)

    async def end_session(self, session_id: str, reason: str = "logout") -> None:
        await repository.revoke_sessions(None, uuid.UUID(session_id), reason, datetime.now(UTC))
        await self.revocations.revoke_session(session_id)

    async def end_all_sessions(self, person_id: int) -> None:
        await repository.revoke_sessions(person_id, None, "logout-all", datetime.now(UTC))
        await self.revocations.revoke_person_tokens(person_id)

    async def _issue(self, person: Person, session: LoginSession) -> TokenPair:
        principal = await self.principal_for(person, str(session.id), session.channel)
        refresh_token = secrets.token_urlsafe(32)
        await repository.add_refresh_token(
            session, _digest(refresh_token), datetime.now(UTC) + self.refresh_ttl
        )
        return TokenPair(
            access_token=self.access.issue(principal),
            refresh_token=refresh_token,
            expires_in=self.access.ttl_seconds,
            principal=principal,
        )

    async def principal_for(self, person: Person, session_id: str, channel: str) -> Principal:
        now = datetime.now(UTC)
        return Principal(
            person_id=person.id,
            session_id=session_id,
            assurance=Assurance(person.assurance_level),
            channel=channel,
            enterprise_ids=frozenset(await repository.enterprise_ids_for(person.id, now)),
            staff_department_ids=frozenset(await repository.staff_department_ids(person.id)),
            is_admin=await repository.is_admin(person.id),
        )

    async def authenticate(self, token: str) -> Principal | None:
        """The principal of a valid, unrevoked access token (used where a request can await)."""
        principal = self.access.verify(token)
        if principal is None:
            return None
        return None if await self.revocations.is_revoked(principal) else principal
