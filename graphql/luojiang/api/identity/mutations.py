"""Logins, token refresh and logout. Resolvers translate: one service call, a typed payload."""

from __future__ import annotations

from collections.abc import Awaitable

import strawberry

from luojiang.api.context import Info
from luojiang.api.errors import user_errors
from luojiang.api.identity.permissions import IsAuthenticated, viewer
from luojiang.api.identity.types import IdentityError, IdentityErrorCode, Person
from luojiang.core.errors import DomainError, Problem
from luojiang.core.identity.sessions import TokenPair


def as_identity_error(problem: Problem) -> IdentityError:
    return IdentityError(code=IdentityErrorCode(problem.code), field=problem.field, message=problem.message)


@strawberry.type(description="A session: a short-lived access token and a single-use refresh token.")
class AuthPayload:
    access_token: str | None = None
    refresh_token: str | None = None
    expires_in: int | None = strawberry.field(default=None, description="Access token lifetime in seconds.")
    token_type: str = "Bearer"  # noqa: S105 -- the RFC 6750 scheme name
    errors: list[IdentityError] = strawberry.field(default_factory=list)
    person_id: strawberry.Private[int | None] = None

    @strawberry.field
    async def me(self, info: Info) -> Person | None:
        if self.person_id is None:
            return None
        person = await info.context.services.identity.person_by_id(self.person_id)
        return Person.from_model(person) if person else None


@strawberry.type
class DonePayload:
    ok: bool
    errors: list[IdentityError] = strawberry.field(default_factory=list)


async def _session(call: Awaitable[TokenPair]) -> AuthPayload:
    try:
        pair = await call
    except DomainError as error:
        return AuthPayload(errors=user_errors(error, as_identity_error))
    return AuthPayload(
        access_token=pair.access_token,
        refresh_token=pair.refresh_token,
        expires_in=pair.expires_in,
        person_id=pair.principal.person_id,
    )


async def _done(call: Awaitable[None]) -> DonePayload:
    try:
        await call
    except DomainError as error:
        return DonePayload(ok=False, errors=user_errors(error, as_identity_error))
    return DonePayload(ok=True)


@strawberry.type
class IdentityMutations:
    @strawberry.mutation(
        description="WeChat mini-program login: wx.login code, optionally the phone-number code."
    )
    async def login_with_wechat(self, info: Info, code: str, phone_code: str | None = None) -> AuthPayload:
        return await _session(info.context.services.identity.logins.wechat(code, phone_code))

    @strawberry.mutation(
        description="Alipay mini-program login: my.getAuthCode, optionally my.getPhoneNumber's response."
    )
    async def login_with_alipay(
        self, info: Info, auth_code: str, encrypted_phone: str | None = None
    ) -> AuthPayload:
        return await _session(info.context.services.identity.logins.alipay(auth_code, encrypted_phone))

    @strawberry.mutation(
        description="Tianfu Tongban single sign-on: the ticket the provincial app hands over."
    )
    async def login_with_tianfu(self, info: Info, ticket: str) -> AuthPayload:
        return await _session(info.context.services.identity.logins.tianfu(ticket))

    @strawberry.mutation(description="Send a six-digit login code by SMS (valid five minutes).")
    async def request_sms_code(self, info: Info, phone: str) -> DonePayload:
        return await _done(
            info.context.services.identity.logins.request_sms_code(phone, info.context.client_ip)
        )

    @strawberry.mutation(description="App login with a phone number and the SMS code.")
    async def login_with_sms(self, info: Info, phone: str, code: str) -> AuthPayload:
        return await _session(info.context.services.identity.logins.sms(phone, code))

    @strawberry.mutation(description="A new token pair for a refresh token; each refresh token works once.")
    async def refresh_session(self, info: Info, refresh_token: str) -> AuthPayload:
        return await _session(info.context.services.identity.sessions.refresh(refresh_token))

    @strawberry.mutation(description="End this session.", permission_classes=[IsAuthenticated])
    async def logout(self, info: Info) -> DonePayload:
        principal = viewer(info)
        assert principal is not None  # noqa: S101 -- IsAuthenticated ran first
        return await _done(info.context.services.identity.sessions.end_session(principal.session_id))

    @strawberry.mutation(
        description="End every session of this person.", permission_classes=[IsAuthenticated]
    )
    async def logout_everywhere(self, info: Info) -> DonePayload:
        principal = viewer(info)
        assert principal is not None  # noqa: S101 -- IsAuthenticated ran first
        return await _done(info.context.services.identity.sessions.end_all_sessions(principal.person_id))
