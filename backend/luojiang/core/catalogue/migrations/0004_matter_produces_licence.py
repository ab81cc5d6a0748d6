from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0003_matter_form_fields")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Matter",
            name="produces_licence",
            field=fields.CharField(default="", max_length=64),
        ),
    ]
