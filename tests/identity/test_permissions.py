"""Permission classes and key rotation, checked on a small schema with chosen viewers."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import relay
from strawberry.permission import PermissionExtension

from luojiang.api.identity.permissions import (
    AssuranceAtLeast,
    IsAdministrator,
    IsAuthenticated,
    StaffOfDepartment,
)
from luojiang.core.identity.access_tokens import AccessTokens
from luojiang.core.identity.principal import Assurance, Principal
from luojiang.core.identity.signing_keys import generate_pem, parse_keys


@strawberry.type
class Query:
    @strawberry.field(permission_classes=[IsAuthenticated])
    def private(self) -> str:
        return "yours"

    @strawberry.field(extensions=[PermissionExtension(permissions=[AssuranceAtLeast(Assurance.L2)])])
    def licence(self) -> str:
        return "licence"

    @strawberry.field(extensions=[PermissionExtension(permissions=[StaffOfDepartment("department")])])
    def queue(self, department: relay.GlobalID) -> str:
        return "queue"

    @strawberry.field(permission_classes=[IsAdministrator])
    def settings(self) -> str:
        return "admin"


SCHEMA = strawberry.Schema(query=Query)


class Ctx:
    def __init__(self, viewer: Principal | None) -> None:
        self.viewer = viewer


def person(**overrides: Any) -> Principal:
    return Principal(
        **{"person_id": 7, "session_id": "s", "assurance": Assurance.L1, "channel": "app", **overrides}
    )


async def _codes(query: str, viewer: Principal | None) -> list[str]:
    result = await SCHEMA.execute(query, context_value=Ctx(viewer))
    return [str((e.extensions or {}).get("code")) for e in result.errors or []]


DEPT_3 = relay.to_base64("Department", 3)
DEPT_4 = relay.to_base64("Department", 4)


async def test_the_matrix_of_viewers_and_permissions() -> None:
    anonymous, citizen = None, person()
    verified = person(assurance=Assurance.L2)
    staff = person(staff_department_ids=frozenset({3}))
    admin = person(is_admin=True)
    assert await _codes("{ private }", anonymous) == ["UNAUTHENTICATED"]
    assert await _codes("{ private }", citizen) == []
    assert await _codes("{ licence }", citizen) == ["ASSURANCE_TOO_LOW"]
    assert await _codes("{ licence }", verified) == []
    assert await _codes(f'{{ queue(department: "{DEPT_3}") }}', staff) == []
    assert await _codes(f'{{ queue(department: "{DEPT_4}") }}', staff) == ["FORBIDDEN"]
    assert await _codes(f'{{ queue(department: "{DEPT_3}") }}', admin) == ["FORBIDDEN"]
    assert await _codes("{ settings }", staff) == ["FORBIDDEN"]
    assert await _codes("{ settings }", admin) == []


def test_rotation_keeps_old_tokens_valid_during_the_overlap_only() -> None:
    old_pem, new_pem = generate_pem(), generate_pem()
    before = AccessTokens(keys=parse_keys(old_pem), issuer="luojiang-gateway", ttl_seconds=600)
    token = before.issue(person())
    overlap = AccessTokens(keys=parse_keys(new_pem + old_pem), issuer="luojiang-gateway", ttl_seconds=600)
    verified = overlap.verify(token)
    assert verified is not None
    assert verified == person(
        issued_at_ms=verified.issued_at_ms, expires_at=verified.issued_at_ms // 1000 + 600
    )
    assert overlap.keys.current.kid != before.keys.current.kid
    assert [k["kid"] for k in overlap.keys.jwks()["keys"]] == [
        overlap.keys.current.kid,
        before.keys.current.kid,
    ]
    after = AccessTokens(keys=parse_keys(new_pem), issuer="luojiang-gateway", ttl_seconds=600)
    assert after.verify(token) is None
    expired = AccessTokens(keys=parse_keys(new_pem), issuer="luojiang-gateway", ttl_seconds=-1)
    assert expired.verify(expired.issue(person())) is None
