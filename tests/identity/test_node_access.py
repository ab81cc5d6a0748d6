"""Every type reachable by ``node(id:)`` is either public or owned, and nobody reaches another
person's objects: the matrix is (owner, another person, anonymous) × every owned type.

A new Node type subclasses ``luojiang.api.nodes.RowNode`` and must be added to PUBLIC_TYPES or to
OWNED_FACTORIES (a function that makes one object owned by a given person and returns its global
ID), or the first test fails.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from graphql import GraphQLObjectType
from starlette.applications import Starlette
from strawberry import relay
from strawberry.types.base import StrawberryObjectDefinition

from luojiang.api.nodes import RowNode
from luojiang.api.schema import build_schema
from luojiang.api.strawberry_internals import core_schema
from luojiang.core.applications.models import Case, CaseState
from luojiang.core.catalogue.models import Department, Matter
from luojiang.core.identity.models import AgentAuthorisation, Enterprise, Person
from luojiang.core.licences.models import HolderKind, Licence
from luojiang.core.payments.models import Order, OrderKind, OwnerKind
from luojiang.core.settings import Settings
from tests.identity.support import Api

PUBLIC_TYPES = {"Department", "Matter", "Hall", "Scenario", "ScenicArea", "GuidePoint", "TourismResource"}


async def _person(owner_id: int) -> str:
    return str(relay.to_base64("Person", owner_id))


async def _enterprise(owner_id: int) -> str:
    count = await Enterprise.all().count()
    row = await Enterprise.create(
        credit_code=f"91510604MA{count:07d}X"[:18], name="罗江测试企业", legal_representative_id=owner_id
    )
    return str(relay.to_base64("Enterprise", row.id))


async def _agent_authorisation(owner_id: int) -> str:
    """The owner is the agent; the enterprise's representative is somebody else."""
    representative = await Person.create()
    enterprise = await Enterprise.create(
        credit_code=f"92510604MA{await Enterprise.all().count():07d}X"[:18],
        name="罗江代办企业",
        legal_representative_id=representative.id,
    )
    row = await AgentAuthorisation.create(
        enterprise_id=enterprise.id, agent_id=owner_id, granted_by_id=representative.id
    )
    return str(relay.to_base64("AgentAuthorisation", row.id))


async def _order(owner_id: int) -> str:
    row = await Order.create(
        owner_kind=OwnerKind.PERSON,
        owner_id=owner_id,
        payer_person_id=owner_id,
        client_key=f"node-access-{uuid.uuid4().hex}",
        kind=OrderKind.TICKET,
        item_code="LJ-JQ-BMG",
        description="白马关门票",
        lines=[],
        amount_fen=4000,
        expires_at=datetime.now(UTC),
    )
    return str(relay.to_base64("Order", row.id))


async def _licence(owner_id: int) -> str:
    """Only ``__typename`` and ``id`` are asked for, so the content needs no key of the app's."""
    department = await Department.get(code="LJ-RSJ")
    row = await Licence.create(
        identifier=f"1.2.156.3005.2.node-access.{uuid.uuid4().hex}",
        licence_type="LIC-SBK",
        department_id=department.id,
        holder_kind=HolderKind.PERSON,
        holder_person_id=owner_id,
        valid_from=datetime.now(UTC).date(),
        content_enc="-",
        kid="-",
        signature="-",
        issued_by="test",
    )
    return str(relay.to_base64("Licence", row.id))


async def _application(owner_id: int) -> str:
    matter = await Matter.get(code="LJ-RSJ-007")
    row = await Case.create(
        case_number=f"LJT{uuid.uuid4().hex[:20]}",
        applicant_id=owner_id,
        matter_id=matter.id,
        department_id=matter.department_id,
        channel="app",
        state=CaseState.SUBMITTED,
    )
    return str(relay.to_base64("Application", row.id))


OWNED_FACTORIES: dict[str, Callable[[int], Awaitable[str]]] = {
    "Person": _person,
    "Enterprise": _enterprise,
    "AgentAuthorisation": _agent_authorisation,
    "Order": _order,
    "Licence": _licence,
    "Application": _application,
}

NODE = "query($id: ID!) { node(id: $id) { __typename id } }"


def test_every_node_type_is_public_or_owned(settings: Settings) -> None:
    schema = build_schema(settings)
    node_types = {
        name
        for name, graphql_type in core_schema(schema).type_map.items()
        if isinstance(graphql_type, GraphQLObjectType)
        and any(i.name == "Node" for i in graphql_type.interfaces)
    }
    assert node_types == PUBLIC_TYPES | set(OWNED_FACTORIES)
    # each resolves through RowNode, whose may_see check no node(id:) can skip
    for name in node_types:
        definition = schema.get_type_by_name(name)
        assert isinstance(definition, StrawberryObjectDefinition)
        assert issubclass(definition.origin, RowNode), name


def _pk(global_id: str) -> int:
    return int(base64.b64decode(global_id).decode().split(":")[1])


async def test_only_the_owner_reaches_owned_objects(app: Starlette, api: Api, new_phone: str) -> None:
    owner_phone, other_phone = new_phone, "137" + new_phone[3:]
    owner_id = _pk((await api.login(owner_phone))["me"]["id"])
    made = {name: await make(owner_id) for name, make in OWNED_FACTORIES.items()}
    owner = (await api.login(owner_phone))["accessToken"]  # a fresh token: it carries the new enterprise
    other = (await api.login(other_phone))["accessToken"]
    for type_name, global_id in made.items():
        seen = await api(NODE, {"id": global_id}, token=owner)
        assert seen["data"]["node"] == {"__typename": type_name, "id": global_id}, type_name
        for stranger in (other, None):
            body = await api(NODE, {"id": global_id}, token=stranger)
            assert body["data"]["node"] is None, (type_name, stranger is None)
