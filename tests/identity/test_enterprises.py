"""Enterprises: a person acts for one only as its legal representative or while authorised."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from starlette.applications import Starlette
from strawberry import relay

from luojiang.core.catalogue.models import Department
from luojiang.core.errors import DomainError
from luojiang.core.identity.models import AgentAuthorisation, Enterprise, Person
from luojiang.core.identity.principal import Assurance, Principal
from luojiang.core.identity.service import IdentityService
from tests.identity.support import Api


def principal_of(person: Person, **extra: object) -> Principal:
    return Principal(person_id=person.id, session_id="s", assurance=Assurance.L2, channel="app", **extra)  # type: ignore[arg-type]


@pytest.fixture
def identity(app: Starlette) -> IdentityService:
    service: IdentityService = app.state.services.identity
    return service


async def _acts_for(identity: IdentityService, person: Person) -> frozenset[int]:
    return (await identity.sessions.principal_for(person, "s", "app")).enterprise_ids


_phones = itertools.count(20_000_000)


async def person_with_phone(identity: IdentityService) -> tuple[Person, str]:
    phone = f"147{next(_phones):08d}"
    person = Person()
    identity.personal.set_phone(person, phone)
    await person.save()
    return person, phone


async def test_agents_act_only_while_authorised(identity: IdentityService) -> None:
    rep, rep_phone = await person_with_phone(identity)
    agent, stranger = await Person.create(), await Person.create()
    count = await Enterprise.all().count()
    with pytest.raises(DomainError) as bad_code:
        await identity.grants.register_enterprise("cli:test", "11511301008778183M", "x", rep_phone)
    assert bad_code.value.problems[0].code == "INVALID_CREDIT_CODE"
    assert await Enterprise.all().count() == count

    registered = await identity.grants.register_enterprise(
        "cli:test", "11511301008778183N", "罗江区某局", rep_phone
    )
    company = registered.enterprise
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


async def test_staff_roles_are_granted_per_department(identity: IdentityService) -> None:
    clerk, phone = await person_with_phone(identity)
    department = await Department.all().order_by("id").first()
    assert department is not None
    await identity.grants.grant_staff("cli:test", phone, department.code, "reviewer")
    principal = await identity.sessions.principal_for(clerk, "s", "app")
    assert principal.staff_department_ids == {department.id}
    assert principal.is_staff_of(department.id)


AUTHORISE = """mutation($e: ID!, $p: String!) { authoriseAgent(enterprise: $e, agentPhone: $p) {
  authorisation { id enterprise { creditCode } } errors { code field } } }"""
REVOKE = "mutation($a: ID!) { revokeAgent(authorisation: $a) { ok errors { code } } }"
MY_ENTERPRISES = "{ me { enterprises { creditCode } } }"


async def test_the_representative_authorises_and_revokes_an_agent_over_graphql(
    api: Api, identity: IdentityService, new_phone: str
) -> None:
    rep_phone, agent_phone = new_phone, "134" + new_phone[3:]
    rep_session = await api.login(rep_phone)
    await api.login(agent_phone)
    assert rep_session["me"]["id"]
    registered = await identity.grants.register_enterprise(
        "cli:test", "91510600MA6200000M", "罗江代办测试公司", rep_phone
    )
    company = registered.enterprise
    enterprise_id = relay.to_base64("Enterprise", company.id)
    rep_token = (await api.login(rep_phone))["accessToken"]

    unknown = (await api(AUTHORISE, {"e": enterprise_id, "p": "13300000001"}, token=rep_token))["data"]
    assert unknown["authoriseAgent"]["errors"] == [{"code": "NOT_FOUND", "field": "agentPhone"}]
    agent_token = (await api.login(agent_phone))["accessToken"]
    not_rep = (await api(AUTHORISE, {"e": enterprise_id, "p": agent_phone}, token=agent_token))["data"]
    assert not_rep["authoriseAgent"]["errors"] == [{"code": "NOT_FOUND", "field": "enterprise"}]

    granted = (await api(AUTHORISE, {"e": enterprise_id, "p": agent_phone}, token=rep_token))["data"]
    assert granted["authoriseAgent"]["errors"] == []
    assert granted["authoriseAgent"]["authorisation"]["enterprise"] == {"creditCode": "91510600MA6200000M"}
    # the grant ended the agent's old tokens; a fresh login carries the enterprise
    assert "errors" in await api(MY_ENTERPRISES, token=agent_token)
    agent_token = (await api.login(agent_phone))["accessToken"]
    mine = (await api(MY_ENTERPRISES, token=agent_token))["data"]["me"]["enterprises"]
    assert mine == [{"creditCode": "91510600MA6200000M"}]

    grant_id = granted["authoriseAgent"]["authorisation"]["id"]
    assert (await api(REVOKE, {"a": grant_id}, token=agent_token))["data"]["revokeAgent"]["ok"] is False
    assert (await api(REVOKE, {"a": grant_id}, token=rep_token))["data"]["revokeAgent"] == {
        "ok": True,
        "errors": [],
    }
    agent_token = (await api.login(agent_phone))["accessToken"]
    assert (await api(MY_ENTERPRISES, token=agent_token))["data"]["me"]["enterprises"] == []
