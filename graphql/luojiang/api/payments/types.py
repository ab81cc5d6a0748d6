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
OrderState = strawberry.enum(
    models.OrderState,
    name="OrderState",
    description="An order's state: created, paying, paid, (partially) refunded, closed or expired.",
)
OrderKind = strawberry.enum(
    models.OrderKind, name="OrderKind", description="What an order pays for: a matter's fee or tickets."
)
PaymentChannel = strawberry.enum(
    models.PayChannel, name="PaymentChannel", description="The payment platform: WeChat Pay or Alipay."
)
AttemptState = strawberry.enum(
    models.AttemptState,
    name="PaymentAttemptState",
    description="A payment attempt: pending, succeeded or closed.",
)
RefundState = strawberry.enum(
    models.RefundState,
    name="RefundState",
    description="A refund: requested, processing, succeeded or failed.",
)
MismatchKind = strawberry.enum(
    models.MismatchKind,
    name="MismatchKind",
    description="How a bill and our records differ: missing here, missing there, or the amount.",
)


@strawberry.enum(
    description="Why a payment action was refused; PLATFORM_UNAVAILABLE and CONFLICT may pass on a retry."
)
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
    CONFLICT_OF_INTEREST = "CONFLICT_OF_INTEREST"


@strawberry.type(description="Why a payment action was refused; nothing was changed.")
class PaymentError(UserError):
    code: PaymentErrorCode = strawberry.field(description="What kind of mistake it is.")

    @classmethod
    def from_problem(cls, problem: Problem) -> PaymentError:
        return cls(code=PaymentErrorCode(problem.code), field=problem.field, message=problem.message)


@strawberry.type(description="One priced line of an order.")
class OrderLine:
    name: str = strawberry.field(description="What is paid for (a fee item or a ticket type).")
    quantity: int = strawberry.field(description="How many.")
    amount_fen: int = strawberry.field(description="The line's total, in fen.")


@strawberry.type(description="One try to pay an order on one platform.")
class PaymentAttempt:
    channel: models.PayChannel = strawberry.field(description="The platform.")
    out_trade_no: str = strawberry.field(description="Our trade number, as the platform shows it.")
    state: models.AttemptState = strawberry.field(
        description="Pending until the platform confirms or it is closed."
    )
    amount_fen: int = strawberry.field(description="The amount asked for, in fen.")
    created_at: datetime = strawberry.field(description="When it started.")

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
    kind: str = strawberry.field(description="What happened (created, paid, refund, expired, ...).")
    from_state: str = strawberry.field(description="The order's state before.")
    to_state: str = strawberry.field(description="The order's state after.")
    actor: str = strawberry.field(
        description="Who or what caused it (a person, a platform notification, a job)."
    )
    reason: str = strawberry.field(description="Why, when one was given.")
    platform_reference: str = strawberry.field(
        description="The platform's transaction or refund number; empty when none."
    )
    amount_fen: int = strawberry.field(description="The amount moved, in fen; 0 when none.")
    created_at: datetime = strawberry.field(description="When it happened.")


@strawberry.type(description="An order for a matter's fee or for tickets; amounts in fen.")
class Order(RowNode[models.Order]):
    id: relay.NodeID[int]
    kind: models.OrderKind = strawberry.field(description="A matter's fee or tickets.")
    item_code: str = strawberry.field(description="The matter's code, or the scenic area's id for tickets.")
    description: str = strawberry.field(description="What the payer sees on the platform's receipt.")
    lines: list[OrderLine] = strawberry.field(description="What is paid for.")
    amount_fen: int = strawberry.field(description="The total, in fen.")
    refunded_fen: int = strawberry.field(description="How much has been refunded, in fen.")
    state: models.OrderState = strawberry.field(description="Where the order is in its life.")
    expires_at: datetime = strawberry.field(description="When an unpaid order closes.")
    paid_at: datetime | None = strawberry.field(description="When it was paid; null until then.")
    created_at: datetime = strawberry.field(description="When it was created.")

    @strawberry.field(description="Every try to pay it, oldest first.")
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
    time_stamp: str = strawberry.field(description="Pass as timeStamp.")
    nonce_str: str = strawberry.field(description="Pass as nonceStr.")
    package: str = strawberry.field(description="Pass as package (prepay_id=...).")
    sign_type: str = strawberry.field(description="Pass as signType (RSA).")
    pay_sign: str = strawberry.field(description="Pass as paySign.")


@strawberry.type(description="What the app's WeChat OpenSDK PayReq takes (APP payments).")
class WeChatPayAppParams:
    appid: str = strawberry.field(description="Pass as appId: the app's WeChat appid.")
    partnerid: str = strawberry.field(description="Pass as partnerId: the merchant id.")
    prepayid: str = strawberry.field(description="Pass as prepayId.")
    package: str = strawberry.field(description="Pass as packageValue (Sign=WXPay).")
    noncestr: str = strawberry.field(description="Pass as nonceStr.")
    timestamp: str = strawberry.field(description="Pass as timeStamp.")
    sign: str = strawberry.field(description="Pass as sign (RSA, by the merchant key).")


RefundApplicationState = strawberry.enum(
    models.ApplicationState,
    name="RefundApplicationState",
    description="Waiting for staff, approved or declined.",
)


@strawberry.type(description="A payer's request for their paid order's money back, and staff's decision.")
class RefundApplication:
    id: strawberry.ID = strawberry.field(description="The request's ID (decideRefund takes it).")
    order_id: strawberry.ID = strawberry.field(description="The order's global ID.")
    reason: str = strawberry.field(description="Why the payer asks for the money back.")
    state: models.ApplicationState = strawberry.field(description="Where the request stands.")
    decision_note: str = strawberry.field(description="Staff's note with the decision (required to decline).")
    created_at: datetime = strawberry.field(description="When it was asked for.")
    decided_at: datetime | None = strawberry.field(description="When staff decided; null before.")

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


@strawberry.type(description="Money given back on a paid order.")
class Refund:
    out_refund_no: str = strawberry.field(description="Our refund number, as the platform shows it.")
    amount_fen: int = strawberry.field(description="The amount, in fen.")
    reason: str = strawberry.field(description="Why it was refunded.")
    state: models.RefundState = strawberry.field(description="Requested, processing, succeeded or failed.")
    created_at: datetime = strawberry.field(description="When it was asked for.")

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
    bill_date: date = strawberry.field(description="The bill's day.")
    channel: models.PayChannel = strawberry.field(description="The platform whose bill it is.")
    kind: models.MismatchKind = strawberry.field(description="Missing on one side, or amounts that differ.")
    out_trade_no: str = strawberry.field(description="Our trade number.")
    platform_trade_no: str = strawberry.field(
        description="The platform's transaction id the notice or bill named (empty when none)"
    )
    our_amount_fen: int | None = strawberry.field(
        description="Our amount, in fen; null when we have no record."
    )
    their_amount_fen: int | None = strawberry.field(
        description="The platform's amount, in fen; null when its bill has none."
    )

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
