from orjson import loads
from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise.migrations import operations as ops

from luojiang.core.licences.models import HolderKind, LicenceStatus, UseKind


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_service_guide"), ("identity", "0001_initial")]

    initial = True

    operations = [
        ops.CreateModel(
            name="Licence",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("identifier", fields.CharField(unique=True, max_length=96)),
                ("licence_type", fields.CharField(db_index=True, max_length=32)),
                (
                    "department",
                    fields.ForeignKeyField(
                        "catalogue.Department",
                        source_field="department_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="licences",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "holder_kind",
                    fields.CharEnumField(
                        description="PERSON: person\nENTERPRISE: enterprise",
                        enum_type=HolderKind,
                        max_length=16,
                    ),
                ),
                (
                    "holder_person",
                    fields.ForeignKeyField(
                        "identity.Person",
                        source_field="holder_person_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="licences",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "holder_enterprise",
                    fields.ForeignKeyField(
                        "identity.Enterprise",
                        source_field="holder_enterprise_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="licences",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("valid_from", fields.DateField()),
                ("valid_until", fields.DateField(null=True)),
                ("content_enc", fields.TextField(unique=False)),
                ("kid", fields.CharField(max_length=64)),
                ("signature", fields.CharField(max_length=128)),
                (
                    "status",
                    fields.CharEnumField(
                        default=LicenceStatus.VALID,
                        description="VALID: valid\nREVOKED: revoked",
                        enum_type=LicenceStatus,
                        max_length=16,
                    ),
                ),
                ("revoked_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("revoke_reason", fields.CharField(default="", max_length=255)),
                ("case_number", fields.CharField(null=True, unique=True, max_length=64)),
                ("issued_by", fields.CharField(max_length=64)),
                ("issued_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={"table": "licences_licence", "app": "licences", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Consent",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "licence",
                    fields.ForeignKeyField(
                        "licences.Licence",
                        source_field="licence_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="consents",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("case_number", fields.CharField(max_length=64)),
                ("purpose", fields.CharField(max_length=128)),
                ("granted_by_id", fields.IntField()),
                ("granted_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("withdrawn_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "licences_consent",
                "app": "licences",
                "unique_together": (("licence", "case_number"),),
                "pk_attr": "id",
                "table_description": "The holder lets one application (case) use one licence instead of an upload (减材料).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="NationalCode",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("kind", fields.CharField(max_length=8)),
                ("code", fields.CharField(max_length=32)),
                ("national_code", fields.CharField(max_length=32)),
                ("retired_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "licences_national_code",
                "app": "licences",
                "unique_together": (("kind", "code"),),
                "pk_attr": "id",
                "table_description": "The codes of the GB/T 36904 identifier: the unified social credit code of an issuing",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SerialCounter",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("scope", fields.CharField(unique=True, max_length=64)),
                ("last_number", fields.IntField(default=0)),
            ],
            options={
                "table": "licences_serial_counter",
                "app": "licences",
                "pk_attr": "id",
                "table_description": "The last serial given for one licence type, issuer and year (identifiers never repeat).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ShowToken",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("token_hash", fields.CharField(unique=True, max_length=64)),
                (
                    "licence",
                    fields.ForeignKeyField(
                        "licences.Licence",
                        source_field="licence_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="show_tokens",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("purpose", fields.CharField(default="", max_length=64)),
                ("shown_fields", fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ("expires_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "licences_show_token",
                "app": "licences",
                "pk_attr": "id",
                "table_description": "A one-time 亮证 token: only the SHA-256 of its random part is kept. It is spent by the",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="LicenceUse",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "licence",
                    fields.ForeignKeyField(
                        "licences.Licence",
                        source_field="licence_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="uses",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "kind",
                    fields.CharEnumField(
                        description="VERIFIER_SCAN: verifier_scan\nCASE_ATTACHED: case_attached\nCASE_READ: case_read",
                        enum_type=UseKind,
                        max_length=16,
                    ),
                ),
                (
                    "show_token",
                    fields.OneToOneField(
                        "licences.ShowToken",
                        source_field="show_token_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="use",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("reader", fields.CharField(max_length=128)),
                ("purpose", fields.CharField(default="", max_length=128)),
                ("fields_seen", fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ("status_seen", fields.CharField(default="", max_length=16)),
                ("at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "licences_use",
                "app": "licences",
                "pk_attr": "id",
                "table_description": "One read of a licence by anyone but its holder: the data tracker of the holder.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SigningKey",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "department",
                    fields.ForeignKeyField(
                        "catalogue.Department",
                        source_field="department_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="licence_keys",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("kid", fields.CharField(unique=True, max_length=64)),
                ("algorithm", fields.CharField(default="EdDSA", max_length=16)),
                ("public_key", fields.CharField(max_length=64)),
                ("private_key_enc", fields.TextField(unique=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "licences_signing_key",
                "app": "licences",
                "pk_attr": "id",
                "table_description": "One Ed25519 key of one department. The newest signs, and every one of them verifies for",
            },
            bases=["Model"],
        ),
    ]
