from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("tourism", "0001_initial")]

    initial = False

    operations = [
        ops.CreateModel(
            name="PointNeighbour",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "point",
                    fields.ForeignKeyField(
                        "tourism.GuidePoint",
                        source_field="point_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="neighbour_points",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "other",
                    fields.ForeignKeyField(
                        "tourism.GuidePoint",
                        source_field="other_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="neighbour_of",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("rank", fields.SmallIntField()),
                ("distance_m", fields.FloatField()),
            ],
            options={
                "table": "tourism_point_neighbour",
                "app": "tourism",
                "unique_together": (("point", "rank"),),
                "pk_attr": "id",
                "table_description": "A guide point's nearest other points, computed when coordinates are imported, so a scan",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ResourceNeighbour",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "point",
                    fields.ForeignKeyField(
                        "tourism.GuidePoint",
                        source_field="point_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="neighbour_resources",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "resource",
                    fields.ForeignKeyField(
                        "tourism.Resource",
                        source_field="resource_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="neighbour_of",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("rank", fields.SmallIntField()),
                ("distance_m", fields.FloatField()),
            ],
            options={
                "table": "tourism_resource_neighbour",
                "app": "tourism",
                "unique_together": (("point", "rank"),),
                "pk_attr": "id",
                "table_description": "A guide point's nearest tourism resources, computed with the points' neighbours.",
            },
            bases=["Model"],
        ),
    ]
