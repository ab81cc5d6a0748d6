from orjson import loads
from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name="ContentEdit",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("actor", fields.CharField(max_length=64)),
                ("target", fields.CharField(max_length=64)),
                ("action", fields.CharField(max_length=32)),
                ("before", fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads)),
                ("after", fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads)),
                ("at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "tourism_content_edit",
                "app": "tourism",
                "pk_attr": "id",
                "table_description": "The audit trail of administrators' changes to tourism content.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Resource",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("code", fields.CharField(unique=True, max_length=32)),
                ("kind", fields.CharField(max_length=16)),
                ("name", fields.CharField(max_length=128)),
                ("town", fields.CharField(default="", max_length=12)),
                ("address", fields.CharField(default="", max_length=255)),
                ("lng", fields.FloatField()),
                ("lat", fields.FloatField()),
                ("phone", fields.CharField(default="", max_length=32)),
                ("tags", fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "tourism_resource",
                "app": "tourism",
                "pk_attr": "id",
                "table_description": "The tourism resources ledger: hotels, restaurants, farm stays, agencies, local product shops.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ScanFlush",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("batch", fields.CharField(unique=True, max_length=96)),
                ("at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "tourism_scan_flush",
                "app": "tourism",
                "pk_attr": "id",
                "table_description": "A Redis batch of scan counters already added to ScanCount: a flush re-run after a crash",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ScenicArea",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("code", fields.CharField(unique=True, max_length=32)),
                ("name", fields.CharField(max_length=128)),
                ("level", fields.CharField(default="", max_length=16)),
                ("town", fields.CharField(default="", max_length=12)),
                ("address", fields.CharField(default="", max_length=255)),
                ("lng", fields.FloatField()),
                ("lat", fields.FloatField()),
                ("summary", fields.TextField(default="", unique=False)),
                ("open_hours", fields.CharField(default="", max_length=128)),
                ("ticket", fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={"table": "tourism_scenic_area", "app": "tourism", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="GuidePoint",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("catalogue_id", fields.CharField(unique=True, max_length=32)),
                ("code", fields.CharField(unique=True, max_length=16)),
                (
                    "area",
                    fields.ForeignKeyField(
                        "tourism.ScenicArea",
                        source_field="area_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="points",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("position", fields.SmallIntField(default=0)),
                ("name", fields.CharField(max_length=128)),
                ("lng", fields.FloatField()),
                ("lat", fields.FloatField()),
                ("duration_s", fields.IntField(default=0)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={"table": "tourism_guide_point", "app": "tourism", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Narration",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "point",
                    fields.ForeignKeyField(
                        "tourism.GuidePoint",
                        source_field="point_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="narrations",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("language", fields.CharField(max_length=16)),
                ("text", fields.TextField(unique=False)),
                ("audio_key", fields.CharField(null=True, max_length=255)),
                ("audio_duration_s", fields.IntField(null=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "tourism_narration",
                "app": "tourism",
                "unique_together": (("point", "language"),),
                "pk_attr": "id",
                "table_description": "A point's story in one language: the transcript, and the audio file when one is uploaded.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="QrCode",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "point",
                    fields.ForeignKeyField(
                        "tourism.GuidePoint",
                        source_field="point_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="qr_codes",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("kind", fields.CharField(max_length=8)),
                ("status", fields.CharField(default="pending", max_length=8)),
                ("storage_key", fields.CharField(null=True, max_length=255)),
                ("content_type", fields.CharField(default="", max_length=32)),
                ("error", fields.CharField(default="", max_length=255)),
                ("attempts", fields.SmallIntField(default=0)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "tourism_qr_code",
                "app": "tourism",
                "unique_together": (("point", "kind"),),
                "pk_attr": "id",
                "table_description": "One generated code image per point and kind (wechat, alipay, url), kept in storage and reused.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Route",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("code", fields.CharField(unique=True, max_length=40)),
                (
                    "area",
                    fields.ForeignKeyField(
                        "tourism.ScenicArea",
                        source_field="area_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="routes",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("name", fields.CharField(max_length=128)),
                ("point_ids", fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={"table": "tourism_route", "app": "tourism", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ScanCount",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "point",
                    fields.ForeignKeyField(
                        "tourism.GuidePoint",
                        source_field="point_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="scan_counts",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("channel", fields.CharField(max_length=24)),
                ("day", fields.DateField()),
                ("count", fields.IntField(default=0)),
            ],
            options={
                "table": "tourism_scan_count",
                "app": "tourism",
                "unique_together": (("point", "channel", "day"),),
                "pk_attr": "id",
                "table_description": "Scans of one point from one channel on one day (Asia/Shanghai), flushed from Redis.",
            },
            bases=["Model"],
        ),
    ]
