"""Logins, token refresh and logout; enterprises' agents, authorised and revoked by the legal
representative. Resolvers translate: one service call, a typed payload."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay

from luojiang.api.context import Info
from luojiang.api.errors import errors_in_payload
from luojiang.api.identity.permissions import IsAuthenticated, viewer
from luojiang.api.identity.types import AgentAuthorisation, IdentityError, Person
from luojiang.api.relay import node_pk
from luojiang.core.errors import NotFound
from luojiang.core.identity.sessions import TokenPair


@strawberry.type(description="A session: a short-lived access token and a single-use refresh token.")
class AuthPayload:
    access_token: str | None = strawberry.field(
        default=None, description="Send as Authorization: Bearer <token>; null on errors."
    )
    refresh_token: str | None = strawberry.field(
        default=None, description="Exchange once with refreshSession for a new pair; null on errors."
    )
    expires_in: int | None = strawberry.field(default=None, description="Access token lifetime in seconds.")
    # the RFC 6750 scheme name
    token_type: str = strawberry.field(default="Bearer", description="The Authorization scheme: Bearer.")
    errors: list[IdentityError] = strawberry.field(
        description="Why the login or refresh was refused; empty on success.", default_factory=list
    )
    person_id: strawberry.Private[int | None] = None

    @strawberry.field(description="The person now logged in; null on errors.")
    async def me(self, info: Info) -> Person | None:
        if self.person_id is None:
            return None
        person = await info.context.services.identity.person_by_id(self.person_id)
        return Person.from_model(person) if person else None

    @classmethod
    def of(cls, pair: TokenPair) -> AuthPayload:
        return cls(
            access_token=pair.access_token,
            refresh_token=pair.refresh_token,
            expires_in=pair.expires_in,
            person_id=pair.principal.person_id,
        )


@strawberry.type(description="Whether an action without a result was done.")
class DonePayload:
    ok: bool = strawberry.field(default=False, description="True when it was done.")
    errors: list[IdentityError] = strawberry.field(
        description="Why it was not; empty on success.", default_factory=list
    )


@strawberry.type
class IdentityMutations:
    @strawberry.mutation(
        description="WeChat mini-program login: wx.login code, optionally the phone-number code."
    )
    @errors_in_payload(AuthPayload, IdentityError.from_problem)
    async def login_with_wechat(self, info: Info, code: str, phone_code: str | None = None) -> AuthPayload:
        return AuthPayload.of(await info.context.services.identity.logins.wechat(code, phone_code))

    @strawberry.mutation(
        description="Alipay mini-program login: my.getAuthCode, optionally my.getPhoneNumber's response."
    )
    @errors_in_payload(AuthPayload, IdentityError.from_problem)
    async def login_with_alipay(
        self, info: Info, auth_code: str, encrypted_phone: str | None = None
    ) -> AuthPayload:
        return AuthPayload.of(await info.context.services.identity.logins.alipay(auth_code, encrypted_phone))

    @strawberry.mutation(
        description="Tianfu Tongban single sign-on: the ticket the provincial app hands over."
    )
    @errors_in_payload(AuthPayload, IdentityError.from_problem)
    async def login_with_tianfu(self, info: Info, ticket: str) -> AuthPayload:
        return AuthPayload.of(await info.context.services.identity.logins.tianfu(ticket))

    @strawberry.mutation(description="Send a six-digit login code by SMS (valid five minutes).")
    @errors_in_payload(DonePayload, IdentityError.from_problem)
    async def request_sms_code(self, info: Info, phone: str) -> DonePayload:
        await info.context.services.identity.logins.request_sms_code(phone, info.context.client_ip)
        return DonePayload(ok=True)

    @strawberry.mutation(description="App login with a phone number and the SMS code.")
    @errors_in_payload(AuthPayload, IdentityError.from_problem)
    async def login_with_sms(self, info: Info, phone: str, code: str) -> AuthPayload:
        return AuthPayload.of(await info.context.services.identity.logins.sms(phone, code))

    @strawberry.mutation(description="A new token pair for a refresh token; each refresh token works once.")
    @errors_in_payload(AuthPayload, IdentityError.from_problem)
    async def refresh_session(self, info: Info, refresh_token: str) -> AuthPayload:
        return AuthPayload.of(await info.context.services.identity.sessions.refresh(refresh_token))

    @strawberry.mutation(description="End this session.", permission_classes=[IsAuthenticated])
    @errors_in_payload(DonePayload, IdentityError.from_problem)
    async def logout(self, info: Info) -> DonePayload:
        principal = viewer(info)
        assert principal is not None  # noqa: S101 -- IsAuthenticated ran first
        await info.context.services.identity.sessions.end_session(principal.session_id)
        return DonePayload(ok=True)

    @strawberry.mutation(
        description="End every session of this person.", permission_classes=[IsAuthenticated]
    )
    @errors_in_payload(DonePayload, IdentityError.from_problem)
    async def logout_everywhere(self, info: Info) -> DonePayload:
        principal = viewer(info)
        assert principal is not None  # noqa: S101 -- IsAuthenticated ran first
        await info.context.services.identity.sessions.end_all_sessions(principal.person_id)
        return DonePayload(ok=True)


@strawberry.type(description="An agent's authorisation, or why it was refused.")
class AgentAuthorisationPayload:
    authorisation: AgentAuthorisation | None = strawberry.field(
        default=None, description="The authorisation; null on errors."
    )
    errors: list[IdentityError] = strawberry.field(
        description="Why nothing changed; empty on success.", default_factory=list
    )


@strawberry.type
class EnterpriseMutations:
    @strawberry.mutation(
        description="Authorise a person (by verified phone) to act for your enterprise.",
        permission_classes=[IsAuthenticated],
    )
    @errors_in_payload(AgentAuthorisationPayload, IdentityError.from_problem)
    async def authorise_agent(
        self, info: Info, enterprise: relay.GlobalID, agent_phone: str, valid_until: datetime | None = None
    ) -> AgentAuthorisationPayload:
        principal = viewer(info)
        assert principal is not None  # noqa: S101 -- IsAuthenticated ran first
        grant = await info.context.services.identity.authorise_agent_by_phone(
            principal, node_pk(enterprise, "Enterprise") or 0, agent_phone, valid_until
        )
        return AgentAuthorisationPayload(authorisation=AgentAuthorisation.from_model(grant))

    @strawberry.mutation(
        description="Withdraw an agent's authorisation.", permission_classes=[IsAuthenticated]
    )
    @errors_in_payload(DonePayload, IdentityError.from_problem)
    async def revoke_agent(self, info: Info, authorisation: relay.GlobalID) -> DonePayload:
        principal = viewer(info)
        assert principal is not None  # noqa: S101 -- IsAuthenticated ran first
        pk = node_pk(authorisation, "AgentAuthorisation")
        if pk is None:
            raise NotFound("authorisation", "authorisation")
        await info.context.services.identity.revoke_agent(principal, pk)
        return DonePayload(ok=True)
