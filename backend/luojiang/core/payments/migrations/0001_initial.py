from orjson import loads
from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise.migrations import operations as ops

from luojiang.core.payments.models import (
    AttemptState,
    MismatchKind,
    OrderKind,
    OrderState,
    OwnerKind,
    PayChannel,
    RefundState,
)


class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name="Order",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "owner_kind",
                    fields.CharEnumField(
                        description="PERSON: person\nENTERPRISE: enterprise",
                        enum_type=OwnerKind,
                        max_length=16,
                    ),
                ),
                ("owner_id", fields.IntField()),
                ("payer_person_id", fields.IntField()),
                ("client_key", fields.CharField(max_length=64)),
                (
                    "kind",
                    fields.CharEnumField(
                        description="MATTER_FEE: matter_fee\nTICKET: ticket",
                        enum_type=OrderKind,
                        max_length=16,
                    ),
                ),
                ("item_code", fields.CharField(max_length=64)),
                ("department_id", fields.IntField(null=True, db_index=True)),
                ("description", fields.CharField(max_length=127)),
                ("lines", fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ("amount_fen", fields.IntField()),
                ("refunded_fen", fields.IntField(default=0)),
                (
                    "state",
                    fields.CharEnumField(
                        default=OrderState.CREATED,
                        description="CREATED: created\nPAYING: paying\nPAID: paid\nPARTIALLY_REFUNDED: partially_refunded\nREFUNDED: refunded\nCLOSED: closed\nEXPIRED: expired",
                        enum_type=OrderState,
                        max_length=24,
                    ),
                ),
                ("expires_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("paid_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "payments_order",
                "app": "payments",
                "unique_together": (("payer_person_id", "client_key"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="PaymentAttempt",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "order",
                    fields.ForeignKeyField(
                        "payments.Order",
                        source_field="order_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="attempts",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "channel",
                    fields.CharEnumField(
                        description="WECHATPAY: wechatpay\nALIPAY: alipay",
                        enum_type=PayChannel,
                        max_length=16,
                    ),
                ),
                ("out_trade_no", fields.CharField(unique=True, max_length=32)),
                ("platform_trade_no", fields.CharField(null=True, unique=True, max_length=64)),
                ("payer_openid", fields.CharField(max_length=128)),
                ("amount_fen", fields.IntField()),
                (
                    "state",
                    fields.CharEnumField(
                        default=AttemptState.PENDING,
                        description="PENDING: pending\nSUCCEEDED: succeeded\nCLOSED: closed",
                        enum_type=AttemptState,
                        max_length=16,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("finished_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={"table": "payments_attempt", "app": "payments", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="PaymentEvent",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "order",
                    fields.ForeignKeyField(
                        "payments.Order",
                        source_field="order_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="events",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("event_key", fields.CharField(unique=True, max_length=128)),
                ("kind", fields.CharField(max_length=32)),
                ("from_state", fields.CharField(max_length=24)),
                ("to_state", fields.CharField(max_length=24)),
                ("actor", fields.CharField(max_length=64)),
                ("reason", fields.CharField(default="", max_length=255)),
                ("platform_reference", fields.CharField(default="", max_length=64)),
                ("amount_fen", fields.IntField(default=0)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "payments_event",
                "app": "payments",
                "pk_attr": "id",
                "table_description": "One recorded transition or fact. ``event_key`` is unique: a fact is recorded once.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ReconciliationMismatch",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("bill_date", fields.DateField()),
                (
                    "channel",
                    fields.CharEnumField(
                        description="WECHATPAY: wechatpay\nALIPAY: alipay",
                        enum_type=PayChannel,
                        max_length=16,
                    ),
                ),
                (
                    "kind",
                    fields.CharEnumField(
                        description="MISSING_HERE: missing_here\nMISSING_THERE: missing_there\nAMOUNT_DIFFERS: amount_differs",
                        enum_type=MismatchKind,
                        max_length=16,
                    ),
                ),
                ("out_trade_no", fields.CharField(max_length=64)),
                ("our_amount_fen", fields.IntField(null=True)),
                ("their_amount_fen", fields.IntField(null=True)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "payments_mismatch",
                "app": "payments",
                "unique_together": (("bill_date", "channel", "out_trade_no", "kind"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Refund",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "order",
                    fields.ForeignKeyField(
                        "payments.Order",
                        source_field="order_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="refunds",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "attempt",
                    fields.ForeignKeyField(
                        "payments.PaymentAttempt",
                        source_field="attempt_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="refunds",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("client_key", fields.CharField(max_length=64)),
                ("out_refund_no", fields.CharField(unique=True, max_length=64)),
                ("platform_refund_no", fields.CharField(null=True, max_length=64)),
                ("amount_fen", fields.IntField()),
                ("reason", fields.CharField(max_length=80)),
                ("requested_by", fields.CharField(max_length=64)),
                (
                    "state",
                    fields.CharEnumField(
                        default=RefundState.REQUESTED,
                        description="REQUESTED: requested\nPROCESSING: processing\nSUCCEEDED: succeeded\nFAILED: failed",
                        enum_type=RefundState,
                        max_length=16,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "payments_refund",
                "app": "payments",
                "unique_together": (("order_id", "client_key"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
    ]
