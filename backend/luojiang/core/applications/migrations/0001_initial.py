from orjson import loads
from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise.migrations import operations as ops

from luojiang.core.applications.models import ActorRole, CaseState, MaterialKind


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0003_matter_form_fields"), ("identity", "0002_tokens_not_before")]

    initial = True

    operations = [
        ops.CreateModel(
            name="Case",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("case_number", fields.CharField(unique=True, max_length=32)),
                (
                    "applicant",
                    fields.ForeignKeyField(
                        "identity.Person",
                        source_field="applicant_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="cases",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "enterprise",
                    fields.ForeignKeyField(
                        "identity.Enterprise",
                        source_field="enterprise_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="cases",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "matter",
                    fields.ForeignKeyField(
                        "catalogue.Matter",
                        source_field="matter_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="cases",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "department",
                    fields.ForeignKeyField(
                        "catalogue.Department",
                        source_field="department_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="cases",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("scenario_code", fields.CharField(null=True, max_length=32)),
                ("channel", fields.CharField(max_length=16)),
                (
                    "state",
                    fields.CharEnumField(
                        default=CaseState.DRAFT,
                        db_index=True,
                        description="DRAFT: draft\nSUBMITTED: submitted\nACCEPTED: accepted\nSUPPLEMENT_REQUESTED: supplement_requested\nSUPPLEMENTED: supplemented\nAPPROVED: approved\nREJECTED: rejected\nWITHDRAWN: withdrawn",
                        enum_type=CaseState,
                        max_length=24,
                    ),
                ),
                ("version", fields.IntField(default=0)),
                ("form_enc", fields.TextField(default="", unique=False)),
                ("submit_key", fields.CharField(null=True, max_length=64)),
                ("submitted_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("accepted_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("decided_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("deadline", fields.DateField(null=True)),
                ("paused_on", fields.DateField(null=True)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "applications_case",
                "app": "applications",
                "unique_together": (("applicant_id", "submit_key"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="CaseMaterial",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "case",
                    fields.ForeignKeyField(
                        "applications.Case",
                        source_field="case_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="materials",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("name", fields.CharField(max_length=128)),
                (
                    "kind",
                    fields.CharEnumField(
                        description="UPLOAD: upload\nLICENCE: licence", enum_type=MaterialKind, max_length=16
                    ),
                ),
                ("storage_key", fields.CharField(default="", max_length=255)),
                ("content_type", fields.CharField(default="", max_length=64)),
                ("size", fields.IntField(default=0)),
                ("licence_id", fields.IntField(null=True)),
                ("licence_type", fields.CharField(default="", max_length=32)),
                ("added_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "applications_material",
                "app": "applications",
                "unique_together": (("case_id", "name"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="CaseStep",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "case",
                    fields.ForeignKeyField(
                        "applications.Case",
                        source_field="case_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="steps",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "from_state",
                    fields.CharEnumField(
                        null=True,
                        description="DRAFT: draft\nSUBMITTED: submitted\nACCEPTED: accepted\nSUPPLEMENT_REQUESTED: supplement_requested\nSUPPLEMENTED: supplemented\nAPPROVED: approved\nREJECTED: rejected\nWITHDRAWN: withdrawn",
                        enum_type=CaseState,
                        max_length=24,
                    ),
                ),
                (
                    "to_state",
                    fields.CharEnumField(
                        description="DRAFT: draft\nSUBMITTED: submitted\nACCEPTED: accepted\nSUPPLEMENT_REQUESTED: supplement_requested\nSUPPLEMENTED: supplemented\nAPPROVED: approved\nREJECTED: rejected\nWITHDRAWN: withdrawn",
                        enum_type=CaseState,
                        max_length=24,
                    ),
                ),
                ("actor_id", fields.IntField()),
                (
                    "actor_role",
                    fields.CharEnumField(
                        description="APPLICANT: applicant\nSTAFF: staff", enum_type=ActorRole, max_length=16
                    ),
                ),
                ("reason", fields.CharField(default="", max_length=500)),
                ("details", fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ("at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "applications_step",
                "app": "applications",
                "pk_attr": "id",
                "table_description": "One change of state, with who made it, when and why (the audit trail the applicant sees).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Rating",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "case",
                    fields.OneToOneField(
                        "applications.Case",
                        source_field="case_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="rating",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("department_id", fields.IntField(db_index=True)),
                ("level", fields.SmallIntField()),
                ("reasons", fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ("comment", fields.CharField(default="", max_length=500)),
                ("rated_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("rectify_by", fields.DateField(null=True)),
                ("reply", fields.CharField(default="", max_length=1000)),
                ("replied_by_id", fields.IntField(null=True)),
                ("replied_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "applications_rating",
                "app": "applications",
                "pk_attr": "id",
                "table_description": "A 好差评 rating of a decided case, and the rectification (整改) task a bad one opens.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ReminderSent",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("case_id", fields.IntField()),
                ("deadline", fields.DateField()),
                ("days_left", fields.SmallIntField()),
                ("at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "applications_reminder_sent",
                "app": "applications",
                "unique_together": (("case_id", "deadline", "days_left"),),
                "pk_attr": "id",
                "table_description": "A deadline reminder given: the same (case, deadline, days left) is given once.",
            },
            bases=["Model"],
        ),
    ]
