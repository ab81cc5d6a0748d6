"""The identity area's entry point for the GraphQL layer: logins, sessions, accounts, roles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from luojiang.core.errors import NotFound
from luojiang.core.identity import repository
from luojiang.core.identity.grants import Grants
from luojiang.core.identity.logins import Logins
from luojiang.core.identity.models import AgentAuthorisation, Person
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
    grants: Grants

    async def person(self, principal: Principal) -> Person:
        person = await repository.person(principal.person_id)
        if person is None:
            raise NotFound("person")
        return person

    async def person_by_id(self, person_id: int) -> Person | None:
        return await repository.person(person_id)

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


def may_see_authorisation(principal: Principal | None, grant: AgentAuthorisation) -> bool:
    """The agent holds it and the enterprise's legal representative granted it: only they see it.
    ``grant.enterprise`` must be loaded (``repository.authorisations_with_enterprise``)."""
    if principal is None:
        return False
    return principal.person_id in (grant.agent_id, grant.enterprise.legal_representative_id)
