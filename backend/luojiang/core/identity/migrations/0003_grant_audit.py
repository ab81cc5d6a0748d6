from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0001_initial"),
        ("catalogue", "0002_service_guide"),
        ("identity", "0002_tokens_not_before"),
    ]

    initial = False

    operations = [
        ops.CreateModel(
            name="GrantAudit",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("actor", fields.CharField(max_length=64)),
                ("action", fields.CharField(max_length=32)),
                ("target", fields.CharField(max_length=255)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "identity_grant_audit",
                "app": "identity",
                "pk_attr": "id",
                "table_description": "The audit trail of administrators, staff roles and enterprises being set up.",
            },
            bases=["Model"],
        ),
    ]
