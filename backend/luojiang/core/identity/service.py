"""The identity area's entry point for the GraphQL layer: logins, sessions, accounts, roles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from luojiang.core.catalogue import repository as catalogue
from luojiang.core.errors import NotFound
from luojiang.core.identity import repository
from luojiang.core.identity.errors import IdentityErrorCode, identity_error
from luojiang.core.identity.logins import Logins
from luojiang.core.identity.models import AgentAuthorisation, Enterprise, Person, StaffRole
from luojiang.core.identity.personal import PersonalData
from luojiang.core.identity.principal import Principal
from luojiang.core.identity.sessions import Sessions
from luojiang.core.identity.signing_keys import KeyRing
from luojiang.core.security import validation


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
        return await repository.add_enterprise(code, name, legal_representative_id, source="admin")

    async def authorise_agent(
        self, principal: Principal, enterprise_id: int, agent_id: int, valid_until: datetime | None
    ) -> AgentAuthorisation:
        """Only the legal representative authorises agents; the agent's old tokens are refreshed."""
        enterprise = await repository.enterprise(enterprise_id)
        if enterprise is None or enterprise.legal_representative_id != principal.person_id:
            raise NotFound("enterprise", "enterprise")
        if await repository.person(agent_id) is None:
            raise NotFound("person", "agent")
        grant = await repository.add_authorisation(enterprise_id, agent_id, principal.person_id, valid_until)
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

    async def revoke_agent(self, principal: Principal, authorisation_id: int) -> None:
        grant = await repository.authorisation(authorisation_id)
        enterprise = await repository.enterprise(grant.enterprise_id) if grant else None
        if grant is None or enterprise is None or enterprise.legal_representative_id != principal.person_id:
            raise NotFound("authorisation")
        await repository.revoke_authorisation(grant.id, datetime.now(UTC))
        await self.sessions.revocations.revoke_person_tokens(grant.agent_id)

    async def grant_staff_role(
        self, admin: Principal, person_id: int, department_code: str, role: str
    ) -> StaffRole:
        _require_admin(admin)
        department_id = await catalogue.department_id_by_code(department_code)
        if department_id is None:
            raise NotFound("department", "department")
        if await repository.person(person_id) is None:
            raise NotFound("person", "person")
        staff_role = await repository.grant_staff_role(person_id, department_id, role)
        await self.sessions.revocations.revoke_person_tokens(person_id)
        return staff_role


def may_see_authorisation(principal: Principal | None, grant: AgentAuthorisation) -> bool:
    """The agent holds it and the enterprise's legal representative granted it: only they see it.
    ``grant.enterprise`` must be loaded (``repository.authorisations_with_enterprise``)."""
    if principal is None:
        return False
    return principal.person_id in (grant.agent_id, grant.enterprise.legal_representative_id)


def _require_admin(principal: Principal) -> None:
    if not principal.is_admin:
        raise identity_error(IdentityErrorCode.NOT_AUTHORISED, "Only administrators may do this.")
