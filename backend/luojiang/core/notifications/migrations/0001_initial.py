from orjson import loads
from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from luojiang.core.notifications.models import DeliveryState, MessageChannel, MessageKind


class Migration(migrations.Migration):
    dependencies = [("identity", "0002_tokens_not_before")]

    initial = True

    operations = [
        ops.CreateModel(
            name="Message",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "person",
                    fields.ForeignKeyField(
                        "identity.Person",
                        source_field="person_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="messages",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "kind",
                    fields.CharEnumField(
                        description="CASE_UPDATE: case_update\nDEADLINE_REMINDER: deadline_reminder\nLICENCE_EXPIRY: licence_expiry",
                        enum_type=MessageKind,
                        max_length=24,
                    ),
                ),
                (
                    "channel",
                    fields.CharEnumField(
                        description="WECHAT: wechat\nALIPAY: alipay\nSMS: sms",
                        enum_type=MessageChannel,
                        max_length=16,
                    ),
                ),
                ("key", fields.CharField(unique=True, max_length=160)),
                ("topic", fields.CharField(max_length=32)),
                ("case_number", fields.CharField(null=True, db_index=True, max_length=64)),
                ("title", fields.CharField(max_length=64)),
                ("body", fields.CharField(max_length=255)),
                ("data", fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ("recipient_enc", fields.TextField(unique=False)),
                (
                    "state",
                    fields.CharEnumField(
                        default=DeliveryState.QUEUED,
                        description="QUEUED: queued\nSENT: sent\nDELIVERED: delivered\nFAILED: failed",
                        enum_type=DeliveryState,
                        max_length=16,
                    ),
                ),
                ("attempts", fields.IntField(default=0)),
                ("provider_ref", fields.CharField(null=True, db_index=True, max_length=64)),
                ("failure_code", fields.CharField(default="", max_length=32)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("sent_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("delivered_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("failed_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "notifications_message",
                "app": "notifications",
                "indexes": [Index(fields=["person_id", "id"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Preference",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "person",
                    fields.ForeignKeyField(
                        "identity.Person",
                        source_field="person_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="message_preferences",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "channel",
                    fields.CharEnumField(
                        description="WECHAT: wechat\nALIPAY: alipay\nSMS: sms",
                        enum_type=MessageChannel,
                        max_length=16,
                    ),
                ),
                ("enabled", fields.BooleanField()),
                ("updated_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "notifications_preference",
                "app": "notifications",
                "unique_together": (("person", "channel"),),
                "pk_attr": "id",
                "table_description": "A channel the person turned off (or on again). No row means on.",
            },
            bases=["Model"],
        ),
    ]
