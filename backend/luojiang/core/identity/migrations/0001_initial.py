from uuid import uuid4

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    initial = True

    operations = [
        ops.CreateModel(
            name="Person",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("name_enc", fields.TextField(null=True, unique=False)),
                ("id_number_enc", fields.TextField(null=True, unique=False)),
                ("id_number_hash", fields.CharField(null=True, unique=True, max_length=64)),
                ("phone_enc", fields.TextField(null=True, unique=False)),
                ("phone_hash", fields.CharField(null=True, unique=True, max_length=64)),
                ("assurance_level", fields.SmallIntField(default=0)),
                ("assurance_source", fields.CharField(default="", max_length=32)),
                ("assured_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("phone_verified_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={"table": "identity_person", "app": "identity", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Administrator",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "person",
                    fields.OneToOneField(
                        "identity.Person",
                        source_field="person_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="administrator",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={"table": "identity_administrator", "app": "identity", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ChannelIdentity",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "person",
                    fields.ForeignKeyField(
                        "identity.Person",
                        source_field="person_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="channel_identities",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("channel", fields.CharField(max_length=16)),
                ("app_id", fields.CharField(max_length=64)),
                ("subject", fields.CharField(max_length=128)),
                ("union_id", fields.CharField(null=True, max_length=128)),
                ("legacy_user_id", fields.CharField(null=True, max_length=64)),
                ("linked_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "identity_channel_identity",
                "app": "identity",
                "unique_together": (("channel", "app_id", "subject"),),
                "pk_attr": "id",
                "table_description": "A login on one platform (WeChat openid, Alipay open_id, Tianfu user id, app phone).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Enterprise",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("credit_code", fields.CharField(unique=True, max_length=18)),
                ("name", fields.CharField(max_length=255)),
                (
                    "legal_representative",
                    fields.ForeignKeyField(
                        "identity.Person",
                        source_field="legal_representative_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="represented_enterprises",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("verified_source", fields.CharField(default="", max_length=32)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={"table": "identity_enterprise", "app": "identity", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="AgentAuthorisation",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "enterprise",
                    fields.ForeignKeyField(
                        "identity.Enterprise",
                        source_field="enterprise_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="agents",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "agent",
                    fields.ForeignKeyField(
                        "identity.Person",
                        source_field="agent_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="agent_authorisations",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "granted_by",
                    fields.ForeignKeyField(
                        "identity.Person",
                        source_field="granted_by_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="granted_authorisations",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("valid_until", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("revoked_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "identity_agent_authorisation",
                "app": "identity",
                "pk_attr": "id",
                "table_description": "A person authorised by the legal representative to act for an enterprise, for a while.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="LoginSession",
            fields=[
                ("id", fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                (
                    "person",
                    fields.ForeignKeyField(
                        "identity.Person",
                        source_field="person_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="sessions",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("channel", fields.CharField(max_length=16)),
                ("revoked_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("revoke_reason", fields.CharField(default="", max_length=16)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "identity_login_session",
                "app": "identity",
                "pk_attr": "id",
                "table_description": "One login on one device: the family its rotating refresh tokens belong to.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="RefreshToken",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "session",
                    fields.ForeignKeyField(
                        "identity.LoginSession",
                        source_field="session_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="refresh_tokens",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("token_hash", fields.CharField(unique=True, max_length=64)),
                ("expires_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("used_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={"table": "identity_refresh_token", "app": "identity", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="StaffRole",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "person",
                    fields.ForeignKeyField(
                        "identity.Person",
                        source_field="person_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="staff_roles",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "department",
                    fields.ForeignKeyField(
                        "catalogue.Department",
                        source_field="department_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="staff_roles",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("role", fields.CharField(max_length=32)),
                ("revoked_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "identity_staff_role",
                "app": "identity",
                "unique_together": (("person", "department", "role"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
    ]
