"""Setting people up: administrators, staff roles of departments, enterprises with their legal
representative and an agent. Administrators do it through the API, operators through
``luojiang grant``; both come here.

Each change writes its audit row (who, what; the row's time is when) in the same transaction, and
the people whose rights changed get their access tokens refreshed, so that a new role, or the
loss of one, applies at once. People are named by their mobile number: a number nobody has yet
becomes a person holding it, who is that person once they log in with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from luojiang.core import db
from luojiang.core.catalogue import repository as catalogue
from luojiang.core.errors import DomainError, NotFound
from luojiang.core.identity import repository
from luojiang.core.identity.errors import IdentityErrorCode, identity_error
from luojiang.core.identity.models import AgentAuthorisation, Enterprise, Person, StaffRole
from luojiang.core.identity.personal import PersonalData
from luojiang.core.identity.principal import Principal
from luojiang.core.identity.revocations import Revocations
from luojiang.core.security import validation

ROLE = re.compile(r"^[a-z][a-z_]{0,31}$")
MAX_ENTERPRISE_NAME = 255


def admin_actor(principal: Principal | None) -> str:
    """The audit name of an administrator; anyone else is refused."""
    if principal is None or not principal.is_admin:
        raise identity_error(IdentityErrorCode.NOT_AUTHORISED, "Only administrators may do this.")
    return f"person:{principal.person_id}"


@dataclass(frozen=True)
class EnterpriseSetUp:
    enterprise: Enterprise
    authorisation: AgentAuthorisation | None


@dataclass(frozen=True)
class Grants:
    personal: PersonalData
    revocations: Revocations

    async def make_administrator(self, actor: str, phone: str) -> Person:
        number = validation.mobile_phone(phone)
        async with db.transaction():
            person = await self._person_with_phone(number)
            if await repository.add_administrator(person.id):
                await repository.record_grant(actor, "administrator.grant", f"person:{person.id}")
        await self.revocations.revoke_person_tokens(person.id)
        return person

    async def grant_staff(self, actor: str, phone: str, department_code: str, role: str) -> StaffRole:
        number, department_id, role = await self._staff_arguments(phone, department_code, role)
        async with db.transaction():
            person = await self._person_with_phone(number)
            granted = await repository.grant_staff_role(person.id, department_id, role)
            target = f"person:{person.id} department:{department_code} role:{role}"
            await repository.record_grant(actor, "staff.grant", target)
        await self.revocations.revoke_person_tokens(person.id)
        return granted

    async def revoke_staff(self, actor: str, phone: str, department_code: str, role: str) -> None:
        number, department_id, role = await self._staff_arguments(phone, department_code, role)
        person = await repository.person_by_phone_hash(self.personal.phone_hash(number))
        if person is None:
            raise NotFound("person with this phone", "phone")
        async with db.transaction():
            if not await repository.revoke_staff_role(person.id, department_id, role, datetime.now(UTC)):
                raise NotFound("staff role", "role")
            target = f"person:{person.id} department:{department_code} role:{role}"
            await repository.record_grant(actor, "staff.revoke", target)
        await self.revocations.revoke_person_tokens(person.id)

    async def register_enterprise(
        self,
        actor: str,
        credit_code: str,
        name: str,
        representative_phone: str,
        agent_phone: str | None = None,
    ) -> EnterpriseSetUp:
        """A new enterprise (by its unified social credit code), its legal representative and,
        if named, one agent authorised by that representative."""
        code = validation.credit_code(credit_code)
        title = _enterprise_name(name)
        representative_number = validation.mobile_phone(representative_phone, "representativePhone")
        agent_number = validation.mobile_phone(agent_phone, "agentPhone") if agent_phone else None
        if await repository.enterprise_by_credit_code(code) is not None:
            raise identity_error(
                IdentityErrorCode.IDENTITY_CONFLICT, "This enterprise is already registered.", "creditCode"
            )
        async with db.transaction():
            representative = await self._person_with_phone(representative_number)
            enterprise = await repository.add_enterprise(code, title, representative.id, source="admin")
            await repository.record_grant(
                actor, "enterprise.register", f"enterprise:{enterprise.id} representative:{representative.id}"
            )
            grant = None
            if agent_number is not None:
                agent = await self._person_with_phone(agent_number)
                grant = await repository.add_authorisation(enterprise.id, agent.id, representative.id, None)
                await repository.record_grant(
                    actor, "enterprise.agent", f"enterprise:{enterprise.id} agent:{agent.id}"
                )
        await self.revocations.revoke_person_tokens(representative.id)
        if grant is not None:
            await self.revocations.revoke_person_tokens(grant.agent_id)
        return EnterpriseSetUp(enterprise, grant)

    async def represent(self, actor: str, person: Person, credit_code: str, name: str) -> Enterprise | None:
        """A platform vouches that ``person`` logged in for this enterprise (a Tianfu Tongban
        legal-person ticket): the enterprise is found or registered with them as its legal
        representative. An enterprise that has another representative is left as it is (None):
        its representative authorises agents."""
        code = validation.credit_code(credit_code)
        async with db.transaction():
            enterprise = await repository.enterprise_by_credit_code(code)
            if enterprise is None:
                enterprise = await repository.add_enterprise(
                    code, _enterprise_name(name or code), person.id, source=actor
                )
            elif enterprise.legal_representative_id == person.id:
                return enterprise
            elif not await repository.set_legal_representative(enterprise.id, person.id):
                return None
            await repository.record_grant(
                actor, "enterprise.represent", f"enterprise:{enterprise.id} representative:{person.id}"
            )
        return enterprise

    async def _staff_arguments(self, phone: str, department_code: str, role: str) -> tuple[str, int, str]:
        number = validation.mobile_phone(phone)
        if not ROLE.match(role):
            raise DomainError.one("INVALID_INPUT", "A role is 1-32 lower-case letters or _.", "role")
        department_id = await catalogue.department_id_by_code(department_code[:64])
        if department_id is None:
            raise NotFound("department", "department")
        return number, department_id, role

    async def _person_with_phone(self, number: str) -> Person:
        person = await repository.person_by_phone_hash(self.personal.phone_hash(number))
        if person is None:
            person = Person()
            self.personal.set_phone(person, number)  # not verified until they log in with it
            await repository.save_person(person)
        return person


def _enterprise_name(name: str) -> str:
    title = name.strip()
    if not 1 <= len(title) <= MAX_ENTERPRISE_NAME:
        raise DomainError.one("INVALID_INPUT", "An enterprise name is 1-255 characters.", "name")
    return title
