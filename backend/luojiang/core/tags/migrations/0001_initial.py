from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name="ViewerTag",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("viewer_id", fields.IntField(db_index=True)),
                ("tag", fields.CharField(max_length=64)),
                ("source", fields.CharField(max_length=16)),
                ("weight", fields.FloatField(default=1.0)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "tags_viewer_tag",
                "app": "tags",
                "unique_together": (("viewer_id", "tag", "source"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
    ]
