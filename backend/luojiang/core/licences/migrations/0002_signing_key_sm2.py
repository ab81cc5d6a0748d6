from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0004_matter_produces_licence"),
        ("identity", "0003_grant_audit"),
        ("licences", "0001_initial"),
    ]

    initial = False

    operations = [
        ops.AlterModelOptions(
            name="SigningKey",
            options={
                "table": "licences_signing_key",
                "app": "licences",
                "pk_attr": "id",
                "table_description": "One signing key of one department (Ed25519 or SM2, :mod:`.algorithms`). The newest signs, and",
            },
        ),
        ops.AlterField(
            model_name="SigningKey",
            name="public_key",
            field=fields.CharField(max_length=128),
        ),
    ]
