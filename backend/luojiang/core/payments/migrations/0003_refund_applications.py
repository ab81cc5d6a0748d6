from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops

from luojiang.core.payments.models import ApplicationState


class Migration(migrations.Migration):
    dependencies = [("payments", "0002_notice_mismatches")]

    initial = False

    operations = [
        ops.CreateModel(
            name="RefundApplication",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "order",
                    fields.ForeignKeyField(
                        "payments.Order",
                        source_field="order_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="refund_applications",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("requested_by", fields.CharField(max_length=64)),
                ("reason", fields.CharField(max_length=80)),
                (
                    "state",
                    fields.CharEnumField(
                        default=ApplicationState.PENDING,
                        description="PENDING: pending\nAPPROVED: approved\nDECLINED: declined",
                        enum_type=ApplicationState,
                        max_length=16,
                    ),
                ),
                ("pending_order_id", fields.IntField(null=True, unique=True)),
                ("decided_by", fields.CharField(default="", max_length=64)),
                ("decision_note", fields.CharField(default="", max_length=80)),
                ("decided_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("refund_id", fields.IntField(null=True)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "payments_refund_application",
                "app": "payments",
                "pk_attr": "id",
                "table_description": "Payers' requests for their paid orders' money back, and staff's decisions.",
            },
            bases=["Model"],
        ),
    ]
