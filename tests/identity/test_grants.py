"""Setting people up: administrators grant administrators, staff roles and enterprises over
GraphQL, operators with ``luojiang grant``; each change is audited (who, when, what), applies at
once, and nobody else can make it."""

from __future__ import annotations

import getpass
import itertools
from dataclasses import replace

import pytest
from starlette.applications import Starlette
from stdnum.cn import uscc

from luojiang.app import cli, grants_cli
from luojiang.core.catalogue.models import Department
from luojiang.core.identity.access_tokens import AccessTokens
from luojiang.core.identity.models import AgentAuthorisation, Enterprise, GrantAudit, Person, StaffRole
from luojiang.core.identity.service import IdentityService
from luojiang.core.identity.signing_keys import generate_pem, parse_keys
from tests.identity.support import Api

_phones = itertools.count(30_000_000)
_codes = itertools.count(1)

GRANT_ADMIN = "mutation($p: String!) { grantAdministrator(phone: $p) { ok errors { code field } } }"
GRANT_STAFF = """mutation($p: String!, $d: String!, $r: String!) {
  grantStaffRole(phone: $p, department: $d, role: $r) { ok errors { code field } } }"""
REVOKE_STAFF = """mutation($p: String!, $d: String!, $r: String!) {
  revokeStaffRole(phone: $p, department: $d, role: $r) { ok errors { code field } } }"""
REGISTER = """mutation($c: String!, $n: String!, $r: String!, $a: String) {
  registerEnterprise(creditCode: $c, name: $n, representativePhone: $r, agentPhone: $a) {
    enterprise { creditCode name } authorisation { validUntil } errors { code field } } }"""
MY_ENTERPRISES = "{ me { enterprises { creditCode } } }"


def new_phone() -> str:
    return f"147{next(_phones):08d}"


def new_credit_code() -> str:
    base = f"91510626MA{next(_codes):07d}"
    return base + uscc.calc_check_digit(base)


@pytest.fixture
def identity(app: Starlette) -> IdentityService:
    service: IdentityService = app.state.services.identity
    return service


@pytest.fixture
async def department() -> Department:
    found = await Department.all().order_by("id").first()
    assert found is not None
    return found


async def admin_token(api: Api, identity: IdentityService) -> tuple[str, Person]:
    phone = new_phone()
    person = await identity.grants.make_administrator("cli:test", phone)
    return (await api.login(phone))["accessToken"], person


async def trail_since(first_id: int) -> list[tuple[str, str, str]]:
    rows = await GrantAudit.filter(id__gt=first_id).order_by("id").values_list("actor", "action", "target")
    return [(str(a), str(b), str(c)) for a, b, c in rows]


async def last_audit_id() -> int:
    last = await GrantAudit.all().order_by("-id").first()
    return last.id if last else 0


async def test_an_administrator_grants_and_revokes_staff_roles_and_each_change_is_audited(
    api: Api, identity: IdentityService, department: Department
) -> None:
    token, admin = await admin_token(api, identity)
    clerk_phone = new_phone()
    clerk_token = (await api.login(clerk_phone))["accessToken"]
    since = await last_audit_id()
    variables = {"p": clerk_phone, "d": department.code, "r": "finance"}
    granted = (await api(GRANT_STAFF, variables, token=token))["data"]["grantStaffRole"]
    assert granted == {"ok": True, "errors": []}
    # the clerk's tokens issued before the grant stop working: a new login carries the role
    assert "errors" in await api(MY_ENTERPRISES, token=clerk_token)
    clerk = await Person.get(phone_hash=identity.personal.phone_hash(clerk_phone))
    principal = await identity.sessions.principal_for(clerk, "s", "app")
    assert principal.staff_department_ids == {department.id}

    revoked = (await api(REVOKE_STAFF, variables, token=token))["data"]["revokeStaffRole"]
    assert revoked == {"ok": True, "errors": []}
    again = (await api(REVOKE_STAFF, variables, token=token))["data"]["revokeStaffRole"]
    assert again == {"ok": False, "errors": [{"code": "NOT_FOUND", "field": "role"}]}
    assert (await identity.sessions.principal_for(clerk, "s", "app")).staff_department_ids == frozenset()
    target = f"person:{clerk.id} department:{department.code} role:finance"
    assert await trail_since(since) == [
        (f"person:{admin.id}", "staff.grant", target),
        (f"person:{admin.id}", "staff.revoke", target),
    ]
    audit = await GrantAudit.filter(id__gt=since).order_by("id").first()
    assert audit is not None
    assert audit.created_at is not None


async def test_an_administrator_registers_an_enterprise_with_its_representative_and_agent(
    api: Api, identity: IdentityService
) -> None:
    token, admin = await admin_token(api, identity)
    rep_phone, agent_phone, code = new_phone(), new_phone(), new_credit_code()
    since = await last_audit_id()
    variables = {"c": code, "n": "罗江登记测试公司", "r": rep_phone, "a": agent_phone}
    done = (await api(REGISTER, variables, token=token))["data"]["registerEnterprise"]
    assert done == {
        "enterprise": {"creditCode": code, "name": "罗江登记测试公司"},
        "authorisation": {"validUntil": None},
        "errors": [],
    }
    for phone in (rep_phone, agent_phone):  # people named by phone act for it once they log in
        mine = await api(MY_ENTERPRISES, token=(await api.login(phone))["accessToken"])
        assert mine["data"]["me"]["enterprises"] == [{"creditCode": code}]
    enterprise = await Enterprise.get(credit_code=code)
    assert [action for _, action, _ in await trail_since(since)] == [
        "enterprise.register",
        "enterprise.agent",
    ]
    assert all(actor == f"person:{admin.id}" for actor, _, _ in await trail_since(since))

    twice = (await api(REGISTER, variables, token=token))["data"]["registerEnterprise"]
    assert twice["errors"] == [{"code": "IDENTITY_CONFLICT", "field": "creditCode"}]
    assert await AgentAuthorisation.filter(enterprise_id=enterprise.id).count() == 1


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"c": "91510626MA0000000X"}, {"code": "INVALID_CREDIT_CODE", "field": "creditCode"}),
        ({"n": "公" * 256}, {"code": "INVALID_INPUT", "field": "name"}),
        ({"n": "   "}, {"code": "INVALID_INPUT", "field": "name"}),
        ({"r": "12345"}, {"code": "INVALID_PHONE", "field": "representativePhone"}),
        ({"a": "1" * 5000}, {"code": "INVALID_PHONE", "field": "agentPhone"}),
    ],
)
async def test_a_bad_registration_is_a_typed_error_and_changes_nothing(
    api: Api, identity: IdentityService, change: dict[str, str], error: dict[str, str]
) -> None:
    token, _ = await admin_token(api, identity)
    variables = {"c": new_credit_code(), "n": "罗江某公司", "r": new_phone(), "a": new_phone()} | change
    people, enterprises, since = (
        await Person.all().count(),
        await Enterprise.all().count(),
        await last_audit_id(),
    )
    done = (await api(REGISTER, variables, token=token))["data"]["registerEnterprise"]
    assert (done["enterprise"], done["errors"]) == (None, [error])
    assert (await Person.all().count(), await Enterprise.all().count()) == (people, enterprises)
    assert await trail_since(since) == []


async def test_nobody_but_an_administrator_may_grant(
    api: Api, identity: IdentityService, department: Department
) -> None:
    citizen_phone = new_phone()
    citizen = (await api.login(citizen_phone))["accessToken"]
    person = await Person.get(phone_hash=identity.personal.phone_hash(citizen_phone))
    admin_claims = await identity.sessions.principal_for(person, "s", "app")
    admin_claims = replace(admin_claims, is_admin=True)
    access = identity.sessions.access
    forged = AccessTokens(keys=parse_keys(generate_pem()), issuer=access.issuer, ttl_seconds=600)
    expired = AccessTokens(keys=access.keys, issuer=access.issuer, ttl_seconds=-1)
    target = new_phone()
    attempts = [
        (GRANT_ADMIN, {"p": citizen_phone}),
        (GRANT_STAFF, {"p": target, "d": department.code, "r": "finance"}),
        (REVOKE_STAFF, {"p": target, "d": department.code, "r": "finance"}),
        (REGISTER, {"c": new_credit_code(), "n": "冒名公司", "r": citizen_phone}),
    ]
    since, people = await last_audit_id(), await Person.all().count()
    for token in (
        None,
        citizen,
        forged.issue(admin_claims),  # an administrator's claims signed with another key
        expired.issue(admin_claims),  # an administrator's claims, our key, expired
    ):
        for query, variables in attempts:
            body = await api(query, variables, token=token)
            assert body["data"] is None
            assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await trail_since(since) == []
    assert await Person.all().count() == people
    assert not await StaffRole.filter(person__phone_hash=identity.personal.phone_hash(target)).exists()


async def test_the_grant_command_sets_people_up_audited_as_the_operator(
    identity: IdentityService, department: Department
) -> None:
    parser = cli._parser()
    phone, code, since = new_phone(), new_credit_code(), await last_audit_id()
    for argv in (
        ["grant", "admin", phone],
        ["grant", "staff", phone, department.code, "staff"],
        ["grant", "staff", phone, department.code, "staff", "--revoke"],
        ["grant", "enterprise", code, "罗江命令行公司", phone, "--agent", new_phone()],
    ):
        assert await grants_cli.grant(identity.grants, parser.parse_args(argv)) == 0
    person = await Person.get(phone_hash=identity.personal.phone_hash(phone))
    principal = await identity.sessions.principal_for(person, "s", "app")
    assert principal.is_admin
    assert principal.enterprise_ids == {(await Enterprise.get(credit_code=code)).id}
    trail = await trail_since(since)
    assert [action for _, action, _ in trail] == [
        "administrator.grant",
        "staff.grant",
        "staff.revoke",
        "enterprise.register",
        "enterprise.agent",
    ]
    assert {actor for actor, _, _ in trail} == {f"cli:{getpass.getuser()}"}
    refused = parser.parse_args(["grant", "staff", phone, "NO-SUCH-DEPT", "staff"])
    assert await grants_cli.grant(identity.grants, refused) == 1
    assert len(await trail_since(since)) == len(trail)
