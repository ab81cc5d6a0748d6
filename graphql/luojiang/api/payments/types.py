"""Payment types. Money fields are integer fen; states are the core's enums."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum

import strawberry
from strawberry import relay

from luojiang.api.context import Info
from luojiang.api.errors import UserError
from luojiang.api.nodes import RowNode
from luojiang.api.payments import loaders
from luojiang.api.payments.viewer import actor_of
from luojiang.core.errors import Problem
from luojiang.core.payments import models

# the core's enums, exposed as they are (strawberry.enum registers the class and returns it)
OrderState = strawberry.enum(models.OrderState, name="OrderState")
OrderKind = strawberry.enum(models.OrderKind, name="OrderKind")
PaymentChannel = strawberry.enum(models.PayChannel, name="PaymentChannel")
AttemptState = strawberry.enum(models.AttemptState, name="PaymentAttemptState")
RefundState = strawberry.enum(models.RefundState, name="RefundState")
MismatchKind = strawberry.enum(models.MismatchKind, name="MismatchKind")


@strawberry.enum
class PaymentErrorCode(StrEnum):
    UNAUTHENTICATED = "UNAUTHENTICATED"
    NOT_FOUND = "NOT_FOUND"
    FORBIDDEN = "FORBIDDEN"
    CLIENT_KEY_REUSED = "CLIENT_KEY_REUSED"
    NOTHING_TO_PAY = "NOTHING_TO_PAY"
    UNKNOWN_ITEM = "UNKNOWN_ITEM"
    INVALID_QUANTITY = "INVALID_QUANTITY"
    ILLEGAL_TRANSITION = "ILLEGAL_TRANSITION"
    ORDER_EXPIRED = "ORDER_EXPIRED"
    CONFLICT = "CONFLICT"
    CHANNEL_UNAVAILABLE = "CHANNEL_UNAVAILABLE"
    NOT_REFUNDABLE = "NOT_REFUNDABLE"
    INVALID_AMOUNT = "INVALID_AMOUNT"
    PLATFORM_UNAVAILABLE = "PLATFORM_UNAVAILABLE"
    PAYMENT_REFUSED = "PAYMENT_REFUSED"
    INVALID_INPUT = "INVALID_INPUT"
    ALREADY_DECIDED = "ALREADY_DECIDED"


@strawberry.type
class PaymentError(UserError):
    code: PaymentErrorCode

    @classmethod
    def from_problem(cls, problem: Problem) -> PaymentError:
        return cls(code=PaymentErrorCode(problem.code), field=problem.field, message=problem.message)


@strawberry.type(description="One priced line of an order.")
class OrderLine:
    name: str
    quantity: int
    amount_fen: int


@strawberry.type(description="One try to pay an order on one platform.")
class PaymentAttempt:
    channel: models.PayChannel
    out_trade_no: str
    state: models.AttemptState
    amount_fen: int
    created_at: datetime

    @classmethod
    def from_model(cls, row: models.PaymentAttempt) -> PaymentAttempt:
        return cls(
            channel=row.channel,
            out_trade_no=row.out_trade_no,
            state=row.state,
            amount_fen=row.amount_fen,
            created_at=row.created_at,
        )


@strawberry.type(description="A recorded change of an order: who, why, and the platform's reference.")
class PaymentEvent:
    kind: str
    from_state: str
    to_state: str
    actor: str
    reason: str
    platform_reference: str
    amount_fen: int
    created_at: datetime


@strawberry.type(description="An order for a matter's fee or for tickets; amounts in fen.")
class Order(RowNode[models.Order]):
    id: relay.NodeID[int]
    kind: models.OrderKind
    item_code: str
    description: str
    lines: list[OrderLine]
    amount_fen: int
    refunded_fen: int
    state: models.OrderState
    expires_at: datetime
    paid_at: datetime | None
    created_at: datetime

    @strawberry.field
    async def attempts(self, info: Info) -> list[PaymentAttempt]:
        rows = await info.context.loaders.get(loaders.attempts_by_order).load(self.id)
        return [PaymentAttempt.from_model(r) for r in rows]

    @strawberry.field(description="Requests for this order's money back, oldest first.")
    async def refund_applications(self, info: Info) -> list[RefundApplication]:
        rows = await info.context.loaders.get(loaders.applications_by_order).load(self.id)
        return [RefundApplication.from_model(r) for r in rows]

    @strawberry.field(description="Every transition, oldest first.")
    async def events(self, info: Info) -> list[PaymentEvent]:
        rows = await info.context.loaders.get(loaders.events_by_order).load(self.id)
        return [
            PaymentEvent(
                kind=r.kind,
                from_state=r.from_state,
                to_state=r.to_state,
                actor=r.actor,
                reason=r.reason,
                platform_reference=r.platform_reference,
                amount_fen=r.amount_fen,
                created_at=r.created_at,
            )
            for r in rows
        ]

    @classmethod
    def from_model(cls, row: models.Order) -> Order:
        return cls(
            id=row.id,
            kind=row.kind,
            item_code=row.item_code,
            description=row.description,
            lines=[
                OrderLine(
                    name=str(x["name"]),
                    quantity=int(str(x["quantity"])),
                    amount_fen=int(str(x["amount_fen"])),
                )
                for x in row.lines
            ],
            amount_fen=row.amount_fen,
            refunded_fen=row.refunded_fen,
            state=row.state,
            expires_at=row.expires_at,
            paid_at=row.paid_at,
            created_at=row.created_at,
        )

    @classmethod
    async def load_rows(cls, info: Info, keys: list[int]) -> Sequence[models.Order | None]:
        return await info.context.loaders.get(loaders.order_by_id).load_many(keys)

    @classmethod
    def may_see(cls, info: Info, row: models.Order) -> bool:
        return actor_of(info).may_see(row)


@strawberry.type(description="What wx.requestPayment takes.")
class WeChatPayParams:
    time_stamp: str
    nonce_str: str
    package: str
    sign_type: str
    pay_sign: str


@strawberry.type(description="What the app's WeChat OpenSDK PayReq takes (APP payments).")
class WeChatPayAppParams:
    appid: str
    partnerid: str
    prepayid: str
    package: str
    noncestr: str
    timestamp: str
    sign: str


RefundApplicationState = strawberry.enum(models.ApplicationState, name="RefundApplicationState")


@strawberry.type(description="A payer's request for their paid order's money back, and staff's decision.")
class RefundApplication:
    id: strawberry.ID
    order_id: strawberry.ID
    reason: str
    state: models.ApplicationState
    decision_note: str
    created_at: datetime
    decided_at: datetime | None

    @classmethod
    def from_model(cls, row: models.RefundApplication) -> RefundApplication:
        return cls(
            id=strawberry.ID(relay.to_base64("RefundApplication", row.id)),
            order_id=strawberry.ID(relay.to_base64("Order", row.order_id)),
            reason=row.reason,
            state=row.state,
            decision_note=row.decision_note,
            created_at=row.created_at,
            decided_at=row.decided_at,
        )


@strawberry.type
class Refund:
    out_refund_no: str
    amount_fen: int
    reason: str
    state: models.RefundState
    created_at: datetime

    @classmethod
    def from_model(cls, row: models.Refund) -> Refund:
        return cls(
            out_refund_no=row.out_refund_no,
            amount_fen=row.amount_fen,
            reason=row.reason,
            state=row.state,
            created_at=row.created_at,
        )


@strawberry.type(
    description="A difference between a platform's daily bill, or a signed notice, and our records."
)
class ReconciliationMismatch:
    bill_date: date
    channel: models.PayChannel
    kind: models.MismatchKind
    out_trade_no: str
    platform_trade_no: str = strawberry.field(
        description="The platform's transaction id the notice or bill named (empty when none)"
    )
    our_amount_fen: int | None
    their_amount_fen: int | None

    @classmethod
    def from_model(cls, row: models.ReconciliationMismatch) -> ReconciliationMismatch:
        return cls(
            bill_date=row.bill_date,
            channel=row.channel,
            kind=row.kind,
            out_trade_no=row.out_trade_no,
            platform_trade_no=row.platform_trade_no,
            our_amount_fen=row.our_amount_fen,
            their_amount_fen=row.their_amount_fen,
        )
