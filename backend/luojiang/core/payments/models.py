"""Payment tables: orders, the attempts to pay them, refunds, the transition log, and the
reconciliation mismatches. Money is integer fen in every column."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class OrderState(StrEnum):
    CREATED = "created"
    PAYING = "paying"
    PAID = "paid"
    PARTIALLY_REFUNDED = "partially_refunded"
    REFUNDED = "refunded"
    CLOSED = "closed"
    EXPIRED = "expired"


class OrderKind(StrEnum):
    MATTER_FEE = "matter_fee"
    TICKET = "ticket"


class OwnerKind(StrEnum):
    PERSON = "person"
    ENTERPRISE = "enterprise"


class PayChannel(StrEnum):
    WECHATPAY = "wechatpay"
    ALIPAY = "alipay"


class AttemptState(StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    CLOSED = "closed"


class RefundState(StrEnum):
    REQUESTED = "requested"
    PROCESSING = "processing"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class ApplicationState(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"


class MismatchKind(StrEnum):
    # found by reconciling a day's bill
    MISSING_HERE = "missing_here"
    MISSING_THERE = "missing_there"
    AMOUNT_DIFFERS = "amount_differs"
    # a platform-signed notice that contradicts our records (kept the day it arrived)
    NOTICE_UNKNOWN = "notice_unknown"  # no trade of ours on that channel has this number
    NOTICE_AMOUNT = "notice_amount"  # another amount than the trade's
    NOTICE_CONFLICT = "notice_conflict"  # a transaction id recorded for another trade, or vice versa


class Order(Model):
    id = fields.IntField(primary_key=True)
    # owner: plain integers until the identity area's tables are on main
    owner_kind = fields.CharEnumField(OwnerKind, max_length=16)
    owner_id = fields.IntField()
    payer_person_id = fields.IntField()
    client_key = fields.CharField(max_length=64)
    kind = fields.CharEnumField(OrderKind, max_length=16)
    item_code = fields.CharField(max_length=64)
    department_id = fields.IntField(null=True, db_index=True)
    description = fields.CharField(max_length=127)
    lines: fields.Field[list[dict[str, object]]] = fields.JSONField()
    amount_fen = fields.IntField()
    refunded_fen = fields.IntField(default=0)
    state = fields.CharEnumField(OrderState, max_length=24, default=OrderState.CREATED)
    expires_at = fields.DatetimeField()
    paid_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "payments_order"
        unique_together = (("payer_person_id", "client_key"),)


class PaymentAttempt(Model):
    id = fields.IntField(primary_key=True)
    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "payments.Order", related_name="attempts", on_delete=fields.RESTRICT
    )
    order_id: int
    channel = fields.CharEnumField(PayChannel, max_length=16)
    out_trade_no = fields.CharField(max_length=32, unique=True)
    platform_trade_no = fields.CharField(max_length=64, null=True, unique=True)
    payer_openid = fields.CharField(max_length=128)
    amount_fen = fields.IntField()
    state = fields.CharEnumField(AttemptState, max_length=16, default=AttemptState.PENDING)
    created_at = fields.DatetimeField(auto_now_add=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "payments_attempt"


class Refund(Model):
    id = fields.IntField(primary_key=True)
    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "payments.Order", related_name="refunds", on_delete=fields.RESTRICT
    )
    order_id: int
    attempt: fields.ForeignKeyRelation[PaymentAttempt] = fields.ForeignKeyField(
        "payments.PaymentAttempt", related_name="refunds", on_delete=fields.RESTRICT
    )
    attempt_id: int
    client_key = fields.CharField(max_length=64)
    out_refund_no = fields.CharField(max_length=64, unique=True)
    platform_refund_no = fields.CharField(max_length=64, null=True)
    amount_fen = fields.IntField()
    reason = fields.CharField(max_length=80)
    requested_by = fields.CharField(max_length=64)
    state = fields.CharEnumField(RefundState, max_length=16, default=RefundState.REQUESTED)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "payments_refund"
        unique_together = (("order_id", "client_key"),)


class RefundApplication(Model):
    """A payer asks for their paid order's money back. Staff of its department approve it (the
    refund path then refunds) or decline it with a note."""

    id = fields.IntField(primary_key=True)
    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "payments.Order", related_name="refund_applications", on_delete=fields.RESTRICT
    )
    order_id: int
    requested_by = fields.CharField(max_length=64)
    reason = fields.CharField(max_length=80)
    state = fields.CharEnumField(ApplicationState, max_length=16, default=ApplicationState.PENDING)
    # the order's id while pending, null once decided: one open application per order
    pending_order_id = fields.IntField(null=True, unique=True)
    decided_by = fields.CharField(max_length=64, default="")
    decision_note = fields.CharField(max_length=80, default="")
    decided_at = fields.DatetimeField(null=True)
    refund_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "payments_refund_application"
        table_description = "Payers' requests for their paid orders' money back, and staff's decisions."


class PaymentEvent(Model):
    """One recorded transition or fact. ``event_key`` is unique: a fact is recorded once."""

    id = fields.IntField(primary_key=True)
    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "payments.Order", related_name="events", on_delete=fields.RESTRICT
    )
    order_id: int
    event_key = fields.CharField(max_length=128, unique=True)
    kind = fields.CharField(max_length=32)
    from_state = fields.CharField(max_length=24)
    to_state = fields.CharField(max_length=24)
    actor = fields.CharField(max_length=64)
    reason = fields.CharField(max_length=255, default="")
    platform_reference = fields.CharField(max_length=64, default="")
    amount_fen = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "payments_event"


class ReconciliationMismatch(Model):
    id = fields.IntField(primary_key=True)
    bill_date = fields.DateField()
    channel = fields.CharEnumField(PayChannel, max_length=16)
    kind = fields.CharEnumField(MismatchKind, max_length=16)
    out_trade_no = fields.CharField(max_length=64)
    platform_trade_no = fields.CharField(max_length=64, default="")
    our_amount_fen = fields.IntField(null=True)
    their_amount_fen = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "payments_mismatch"
        unique_together = (("bill_date", "channel", "out_trade_no", "kind"),)
