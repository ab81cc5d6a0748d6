from orjson import loads
from tortoise import fields, migrations
from tortoise.fields.data import JSON_DUMPS
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    initial = False

    operations = [
        ops.CreateModel(
            name="AuditEntry",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("actor_id", fields.IntField()),
                ("at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("action", fields.CharField(max_length=16)),
                ("kind", fields.CharField(max_length=32)),
                ("code", fields.CharField(db_index=True, max_length=48)),
                ("changes", fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={"table": "catalogue_audit_entry", "app": "catalogue", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Hall",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("code", fields.CharField(unique=True, max_length=48)),
                ("name", fields.CharField(max_length=128)),
                ("kind", fields.CharField(max_length=24)),
                ("town", fields.CharField(max_length=12)),
                ("address", fields.CharField(default="", max_length=255)),
                ("lng", fields.FloatField()),
                ("lat", fields.FloatField()),
                ("hours", fields.CharField(default="", max_length=255)),
                ("phone", fields.CharField(default="", max_length=32)),
                ("windows", fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ("retired_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={"table": "catalogue_hall", "app": "catalogue", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="LicenceType",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("code", fields.CharField(unique=True, max_length=32)),
                ("name", fields.CharField(max_length=128)),
                ("issuer_department", fields.CharField(max_length=32)),
                ("holder_kind", fields.CharField(max_length=16)),
                (
                    "fields_spec",
                    fields.JSONField(source_field="fields", default=list, encoder=JSON_DUMPS, decoder=loads),
                ),
                ("valid_years", fields.IntField(null=True)),
                ("retired_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={"table": "catalogue_licence_type", "app": "catalogue", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Scenario",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("code", fields.CharField(unique=True, max_length=32)),
                ("name", fields.CharField(max_length=128)),
                ("audience", fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ("summary", fields.TextField(default="", unique=False)),
                ("base_matters", fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ("questions", fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ("retired_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={"table": "catalogue_scenario", "app": "catalogue", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Town",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("code", fields.CharField(unique=True, max_length=12)),
                ("name", fields.CharField(max_length=64)),
                ("retired_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={"table": "catalogue_town", "app": "catalogue", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.AddField(
            model_name="Matter",
            name="audience",
            field=fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads),
        ),
        ops.AddField(
            model_name="Matter",
            name="basis",
            field=fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads),
        ),
        ops.AddField(
            model_name="Matter",
            name="conditions",
            field=fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads),
        ),
        ops.AddField(
            model_name="Matter",
            name="fee_items",
            field=fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads),
        ),
        ops.AddField(
            model_name="Matter",
            name="halls",
            field=fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads),
        ),
        ops.AddField(
            model_name="Matter",
            name="handle_type",
            field=fields.CharField(default="即办件", max_length=16),
        ),
        ops.AddField(
            model_name="Matter",
            name="life_events",
            field=fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads),
        ),
        ops.AddField(
            model_name="Matter",
            name="materials",
            field=fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads),
        ),
        ops.AddField(
            model_name="Matter",
            name="phone",
            field=fields.CharField(default="", max_length=32),
        ),
        ops.AddField(
            model_name="Matter",
            name="process",
            field=fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads),
        ),
        ops.AddField(
            model_name="Matter",
            name="topics",
            field=fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads),
        ),
    ]
