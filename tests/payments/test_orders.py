"""Orders: priced from the catalogue, idempotent by client key, visible to their owner and the
department's staff only."""

from __future__ import annotations

import pytest

from luojiang.core.catalogue.models import Department
from luojiang.core.errors import DomainError, NotFound
from luojiang.core.pagination import PageRequest
from luojiang.core.payments.access import Actor
from luojiang.core.payments.models import Order, OrderKind, OrderState, OwnerKind
from luojiang.core.payments.service import LineRequest, PaymentService

ID_CARD_FEE = "LJ-GAFJ-004"  # 居民身份证工本费 20.00 yuan, public security bureau
TICKETS = "LJ-JQ-BMG"  # 成人票 40.00, 优惠票 20.00


async def test_a_matter_fee_order_is_priced_from_the_catalogue(
    payments: PaymentService, citizen: Actor
) -> None:
    order = await payments.create_order(citizen, OrderKind.MATTER_FEE, ID_CARD_FEE, [], "k1")
    assert (order.amount_fen, order.state, order.owner_kind, order.owner_id) == (
        2000,
        OrderState.CREATED,
        OwnerKind.PERSON,
        citizen.person_id,
    )
    assert order.lines == [{"name": "居民身份证工本费", "quantity": 1, "amount_fen": 2000}]
    department = await Department.get(id=order.department_id)
    assert department.code == "LJ-GAFJ"


async def test_tickets_are_priced_per_line(payments: PaymentService, citizen: Actor) -> None:
    lines = [LineRequest(item=0, quantity=2), LineRequest(item=1, quantity=1)]
    order = await payments.create_order(citizen, OrderKind.TICKET, TICKETS, lines, "t1")
    assert order.amount_fen == 2 * 4000 + 2000
    assert order.department_id is None


async def test_the_same_client_key_gives_the_same_order(payments: PaymentService, citizen: Actor) -> None:
    first = await payments.create_order(citizen, OrderKind.MATTER_FEE, ID_CARD_FEE, [], "same")
    again = await payments.create_order(citizen, OrderKind.MATTER_FEE, ID_CARD_FEE, [], "same")
    assert again.id == first.id
    assert await Order.filter(payer_person_id=citizen.person_id).count() == 1


async def test_a_client_key_reused_for_another_order_is_refused(
    payments: PaymentService, citizen: Actor
) -> None:
    await payments.create_order(citizen, OrderKind.MATTER_FEE, ID_CARD_FEE, [], "reused")
    with pytest.raises(DomainError) as refused:
        await payments.create_order(citizen, OrderKind.TICKET, TICKETS, [], "reused")
    assert refused.value.problems[0].code == "CLIENT_KEY_REUSED"
    assert await Order.filter(payer_person_id=citizen.person_id).count() == 1


@pytest.mark.parametrize(
    ("kind", "code", "lines", "error"),
    [
        (OrderKind.TICKET, "LJ-JQ-TYGL", [], "NOTHING_TO_PAY"),
        (OrderKind.TICKET, TICKETS, [LineRequest(item=2, quantity=1)], "NOTHING_TO_PAY"),
        (OrderKind.TICKET, TICKETS, [LineRequest(item=7, quantity=1)], "UNKNOWN_ITEM"),
        (OrderKind.TICKET, TICKETS, [LineRequest(item=0, quantity=0)], "INVALID_QUANTITY"),
        (OrderKind.MATTER_FEE, "NO-SUCH", [], "NOT_FOUND"),
    ],
)
async def test_bad_orders_are_refused_and_nothing_is_stored(
    payments: PaymentService, citizen: Actor, kind: OrderKind, code: str, lines: list[LineRequest], error: str
) -> None:
    with pytest.raises(DomainError) as refused:
        await payments.create_order(citizen, kind, code, lines, "bad")
    assert refused.value.problems[0].code == error
    assert await Order.filter(payer_person_id=citizen.person_id).count() == 0


async def test_an_enterprise_order_needs_an_enterprise_the_person_acts_for(payments: PaymentService) -> None:
    agent = Actor(person_id=8_000_077, enterprise_ids=frozenset({5}))
    order = await payments.create_order(agent, OrderKind.MATTER_FEE, ID_CARD_FEE, [], "ent", enterprise_id=5)
    assert (order.owner_kind, order.owner_id, order.payer_person_id) == (OwnerKind.ENTERPRISE, 5, 8_000_077)
    with pytest.raises(NotFound):
        await payments.create_order(agent, OrderKind.MATTER_FEE, ID_CARD_FEE, [], "ent2", enterprise_id=6)
    colleague = Actor(person_id=8_000_078, enterprise_ids=frozenset({5}))
    assert (await payments.order(colleague, order.id)).id == order.id


async def test_who_sees_an_order(payments: PaymentService, citizen: Actor) -> None:
    order = await payments.create_order(citizen, OrderKind.MATTER_FEE, ID_CARD_FEE, [], "seen")
    other_department = await Department.exclude(id=order.department_id).first()
    assert other_department is not None
    stranger = Actor(person_id=(citizen.person_id or 0) + 500_000)
    own_staff = Actor(person_id=8_000_001, staff_department_ids=frozenset({order.department_id or 0}))
    other_staff = Actor(person_id=8_000_002, staff_department_ids=frozenset({other_department.id}))
    admin = Actor(person_id=8_000_003, is_admin=True)
    for viewer, sees in [
        (citizen, True),
        (stranger, False),
        (own_staff, True),
        (other_staff, False),
        (admin, True),
    ]:
        listed = await payments.orders(viewer, PageRequest(first=100))
        assert (order.id in [o.id for o in listed.items]) is sees
        if sees:
            assert (await payments.order(viewer, order.id)).id == order.id
        else:
            with pytest.raises(NotFound):
                await payments.order(viewer, order.id)
