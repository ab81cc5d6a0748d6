from orjson import loads
from tortoise import fields, migrations
from tortoise.fields.data import JSON_DUMPS
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_service_guide")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Matter",
            name="form_fields",
            field=fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads),
        ),
    ]
