from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name="Department",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("code", fields.CharField(unique=True, max_length=32)),
                ("name", fields.CharField(max_length=128)),
                ("short_name", fields.CharField(max_length=64)),
                ("phone", fields.CharField(default="", max_length=32)),
                ("address", fields.CharField(default="", max_length=255)),
                ("retired_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={"table": "catalogue_department", "app": "catalogue", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Matter",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("code", fields.CharField(unique=True, max_length=32)),
                ("name", fields.CharField(max_length=255)),
                (
                    "department",
                    fields.ForeignKeyField(
                        "catalogue.Department",
                        source_field="department_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="matters",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("category", fields.CharField(max_length=32)),
                ("online", fields.BooleanField(default=False)),
                ("promised_limit_days", fields.IntField(default=0)),
                ("legal_limit_days", fields.IntField(default=0)),
                ("visits_required", fields.SmallIntField(default=0)),
                ("retired_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={"table": "catalogue_matter", "app": "catalogue", "pk_attr": "id"},
            bases=["Model"],
        ),
    ]
