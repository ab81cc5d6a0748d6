"""The identity area's entry point for the GraphQL layer: logins, sessions, accounts, roles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import redis.asyncio as aioredis

from luojiang.core.catalogue.models import Department
from luojiang.core.errors import NotFound
from luojiang.core.identity import repository
from luojiang.core.identity.access_tokens import AccessTokens
from luojiang.core.identity.accounts import Accounts
from luojiang.core.identity.errors import IdentityErrorCode, identity_error
from luojiang.core.identity.logins import Logins
from luojiang.core.identity.models import AgentAuthorisation, Enterprise, Person, StaffRole
from luojiang.core.identity.otp import OneTimeCodes, OtpPolicy
from luojiang.core.identity.personal import PersonalData
from luojiang.core.identity.ports import LoginPorts
from luojiang.core.identity.principal import Principal
from luojiang.core.identity.revocations import Revocations
from luojiang.core.identity.sessions import Sessions
from luojiang.core.identity.signing_keys import KeyRing, key_ring
from luojiang.core.security import validation
from luojiang.core.security.fields import field_cipher, lookup_hasher
from luojiang.core.settings import Settings


@dataclass(frozen=True)
class IdentityService:
    keys: KeyRing
    personal: PersonalData
    sessions: Sessions
    logins: Logins

    async def person(self, principal: Principal) -> Person:
        person = await repository.person(principal.person_id)
        if person is None:
            raise NotFound("person")
        return person

    async def person_by_id(self, person_id: int) -> Person | None:
        return await repository.person(person_id)

    async def register_enterprise(
        self, admin: Principal, credit_code: str, name: str, legal_representative_id: int
    ) -> Enterprise:
        """Administrators record an enterprise verified against the registry, with its representative."""
        _require_admin(admin)
        code = validation.credit_code(credit_code)
        if await repository.enterprise_by_credit_code(code) is not None:
            raise identity_error(
                IdentityErrorCode.IDENTITY_CONFLICT, "This enterprise is already registered."
            )
        if await repository.person(legal_representative_id) is None:
            raise NotFound("person", "legalRepresentative")
        return await Enterprise.create(
            credit_code=code,
            name=name,
            legal_representative_id=legal_representative_id,
            verified_source="admin",
        )

    async def authorise_agent(
        self, principal: Principal, enterprise_id: int, agent_id: int, valid_until: datetime | None
    ) -> AgentAuthorisation:
        """Only the legal representative authorises agents; the agent's old tokens are refreshed."""
        enterprise = await Enterprise.get_or_none(id=enterprise_id)
        if enterprise is None or enterprise.legal_representative_id != principal.person_id:
            raise NotFound("enterprise", "enterprise")
        if await repository.person(agent_id) is None:
            raise NotFound("person", "agent")
        grant = await AgentAuthorisation.create(
            enterprise_id=enterprise_id,
            agent_id=agent_id,
            granted_by_id=principal.person_id,
            valid_until=valid_until,
        )
        await self.sessions.revocations.revoke_person_tokens(agent_id)
        return grant

    async def authorise_agent_by_phone(
        self, principal: Principal, enterprise_id: int, agent_phone: str, valid_until: datetime | None
    ) -> AgentAuthorisation:
        """The representative names the agent by the agent's verified phone number."""
        phone = validation.mobile_phone(agent_phone, "agentPhone")
        agent = await repository.person_by_phone_hash(self.personal.phone_hash(phone))
        if agent is None:
            raise NotFound("person with this verified phone", "agentPhone")
        return await self.authorise_agent(principal, enterprise_id, agent.id, valid_until)

    async def visible_authorisations(
        self, principal: Principal | None, ids: list[int]
    ) -> list[AgentAuthorisation]:
        """Those the viewer holds as agent or granted as the enterprise's legal representative."""
        if principal is None:
            return []
        return await repository.authorisations_visible_to(principal.person_id, ids)

    async def revoke_agent(self, principal: Principal, authorisation_id: int) -> None:
        grant = await AgentAuthorisation.get_or_none(id=authorisation_id)
        enterprise = await Enterprise.get_or_none(id=grant.enterprise_id) if grant else None
        if grant is None or enterprise is None or enterprise.legal_representative_id != principal.person_id:
            raise NotFound("authorisation")
        await AgentAuthorisation.filter(id=grant.id, revoked_at__isnull=True).update(
            revoked_at=datetime.now(UTC)
        )
        await self.sessions.revocations.revoke_person_tokens(grant.agent_id)

    async def grant_staff_role(
        self, admin: Principal, person_id: int, department_code: str, role: str
    ) -> StaffRole:
        _require_admin(admin)
        department = await Department.get_or_none(code=department_code)
        if department is None:
            raise NotFound("department", "department")
        if await repository.person(person_id) is None:
            raise NotFound("person", "person")
        staff_role, _ = await StaffRole.update_or_create(
            person_id=person_id, department_id=department.id, role=role, defaults={"revoked_at": None}
        )
        await self.sessions.revocations.revoke_person_tokens(person_id)
        return staff_role


def _require_admin(principal: Principal) -> None:
    if not principal.is_admin:
        raise identity_error(IdentityErrorCode.NOT_AUTHORISED, "Only administrators may do this.")


def build_identity(settings: Settings, redis: aioredis.Redis, ports: LoginPorts) -> IdentityService:
    hasher = lookup_hasher(settings)
    personal = PersonalData(cipher=field_cipher(settings), hasher=hasher)
    keys = key_ring(settings)
    access = AccessTokens(
        keys=keys, issuer=settings.token_issuer, ttl_seconds=settings.access_token_ttl_seconds
    )
    sessions = Sessions(
        access=access,
        revocations=Revocations(redis=redis, ttl_seconds=settings.access_token_ttl_seconds),
        refresh_ttl=timedelta(days=settings.refresh_token_ttl_days),
    )
    codes = None
    if ports.sms is not None:
        policy = OtpPolicy(
            ttl_seconds=settings.sms_code_ttl_seconds,
            max_attempts=settings.sms_code_max_attempts,
            per_phone_per_hour=settings.sms_sends_per_phone_per_hour,
            per_ip_per_hour=settings.sms_sends_per_ip_per_hour,
        )
        codes = OneTimeCodes(redis=redis, hasher=hasher, sender=ports.sms, policy=policy)
    logins = Logins(ports=ports, accounts=Accounts(personal), sessions=sessions, codes=codes)
    return IdentityService(keys=keys, personal=personal, sessions=sessions, logins=logins)
