from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_service_guide"), ("identity", "0001_initial")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Person",
            name="tokens_not_before_ms",
            field=fields.BigIntField(null=True),
        ),
    ]
