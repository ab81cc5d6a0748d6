"""Enterprises: a person acts for one only as its legal representative or while authorised."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from starlette.applications import Starlette

from luojiang.core.catalogue.models import Department
from luojiang.core.errors import DomainError
from luojiang.core.identity.models import AgentAuthorisation, Enterprise, Person
from luojiang.core.identity.principal import Assurance, Principal
from luojiang.core.identity.service import IdentityService


def principal_of(person: Person, **extra: object) -> Principal:
    return Principal(person_id=person.id, session_id="s", assurance=Assurance.L2, channel="app", **extra)  # type: ignore[arg-type]


@pytest.fixture
def identity(app: Starlette) -> IdentityService:
    service: IdentityService = app.state.services.identity
    return service


async def _acts_for(identity: IdentityService, person: Person) -> frozenset[int]:
    return (await identity.sessions.principal_for(person, "s", "app")).enterprise_ids


async def test_agents_act_only_while_authorised(identity: IdentityService) -> None:
    admin, rep, agent, stranger = [await Person.create() for _ in range(4)]
    count = await Enterprise.all().count()
    with pytest.raises(DomainError) as refused:
        await identity.register_enterprise(principal_of(rep), "91510604MA6ALQ0001", "罗江某公司", rep.id)
    assert refused.value.problems[0].code == "NOT_AUTHORISED"
    with pytest.raises(DomainError) as bad_code:
        await identity.register_enterprise(
            principal_of(admin, is_admin=True), "11511301008778183M", "x", rep.id
        )
    assert bad_code.value.problems[0].code == "INVALID_CREDIT_CODE"
    assert await Enterprise.all().count() == count

    company = await identity.register_enterprise(
        principal_of(admin, is_admin=True), "11511301008778183N", "罗江区某局", rep.id
    )
    assert await _acts_for(identity, rep) == {company.id}
    with pytest.raises(DomainError):
        await identity.authorise_agent(principal_of(stranger), company.id, stranger.id, None)
    assert await AgentAuthorisation.filter(enterprise_id=company.id).count() == 0

    grant = await identity.authorise_agent(principal_of(rep), company.id, agent.id, None)
    assert await _acts_for(identity, agent) == {company.id}
    await identity.revoke_agent(principal_of(rep), grant.id)
    assert await _acts_for(identity, agent) == frozenset()

    lapsed = datetime.now(UTC) - timedelta(minutes=1)
    await identity.authorise_agent(principal_of(rep), company.id, agent.id, lapsed)
    assert await _acts_for(identity, agent) == frozenset()


async def test_staff_roles_are_granted_by_administrators_per_department(identity: IdentityService) -> None:
    admin, clerk = await Person.create(), await Person.create()
    department = await Department.all().order_by("id").first()
    assert department is not None
    with pytest.raises(DomainError):
        await identity.grant_staff_role(principal_of(clerk), clerk.id, department.code, "reviewer")
    await identity.grant_staff_role(principal_of(admin, is_admin=True), clerk.id, department.code, "reviewer")
    principal = await identity.sessions.principal_for(clerk, "s", "app")
    assert principal.staff_department_ids == {department.id}
    assert principal.is_staff_of(department.id)
