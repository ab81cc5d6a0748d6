"""Tourism tables. Coordinates are stored as the catalogue gives them: GCJ-02 (the system of the
WeChat and Alipay map components); other systems are converted at the edges."""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model


class ScenicArea(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=128)
    level = fields.CharField(max_length=16, default="")
    town = fields.CharField(max_length=12, default="")
    address = fields.CharField(max_length=255, default="")
    lng = fields.FloatField()
    lat = fields.FloatField()
    summary = fields.TextField(default="")
    open_hours = fields.CharField(max_length=128, default="")
    ticket: dict[str, Any] = fields.JSONField(default=dict)
    # retired rather than deleted: its points keep their scan statistics; an import brings it back
    retired_at = fields.DatetimeField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "tourism_scenic_area"


class GuidePoint(Model):
    id = fields.IntField(primary_key=True)
    # the catalogue's id (LJ-JQ-BMG-P01) and the short code printed in QR codes (/guide/{code})
    catalogue_id = fields.CharField(max_length=32, unique=True)
    code = fields.CharField(max_length=16, unique=True)
    area: fields.ForeignKeyRelation[ScenicArea] = fields.ForeignKeyField(
        "tourism.ScenicArea", related_name="points", on_delete=fields.CASCADE
    )
    area_id: int
    position = fields.SmallIntField(default=0)
    name = fields.CharField(max_length=128)
    lng = fields.FloatField()
    lat = fields.FloatField()
    duration_s = fields.IntField(default=0)
    # retired rather than deleted: its scan statistics and printed codes stay explained
    retired_at = fields.DatetimeField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "tourism_guide_point"


class Narration(Model):
    """A point's story in one language: the transcript, and the audio file when one is uploaded."""

    id = fields.IntField(primary_key=True)
    point: fields.ForeignKeyRelation[GuidePoint] = fields.ForeignKeyField(
        "tourism.GuidePoint", related_name="narrations", on_delete=fields.CASCADE
    )
    point_id: int
    language = fields.CharField(max_length=16)
    text = fields.TextField()
    audio_key = fields.CharField(max_length=255, null=True)
    audio_duration_s = fields.IntField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "tourism_narration"
        unique_together = (("point", "language"),)


class Route(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=40, unique=True)
    area: fields.ForeignKeyRelation[ScenicArea] = fields.ForeignKeyField(
        "tourism.ScenicArea", related_name="routes", on_delete=fields.CASCADE
    )
    area_id: int
    name = fields.CharField(max_length=128)
    # guide point ids in walking order
    point_ids: list[int] = fields.JSONField(default=list)

    class Meta:
        table = "tourism_route"


class Resource(Model):
    """The tourism resources ledger: hotels, restaurants, farm stays, agencies, local product shops."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    kind = fields.CharField(max_length=16)
    name = fields.CharField(max_length=128)
    town = fields.CharField(max_length=12, default="")
    address = fields.CharField(max_length=255, default="")
    lng = fields.FloatField()
    lat = fields.FloatField()
    phone = fields.CharField(max_length=32, default="")
    tags: list[str] = fields.JSONField(default=list)
    retired_at = fields.DatetimeField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "tourism_resource"


class ScanCount(Model):
    """Scans of one point from one channel on one day (Asia/Shanghai), flushed from Redis."""

    id = fields.IntField(primary_key=True)
    point: fields.ForeignKeyRelation[GuidePoint] = fields.ForeignKeyField(
        "tourism.GuidePoint", related_name="scan_counts", on_delete=fields.CASCADE
    )
    point_id: int
    channel = fields.CharField(max_length=24)
    day = fields.DateField()
    count = fields.IntField(default=0)

    class Meta:
        table = "tourism_scan_count"
        unique_together = (("point", "channel", "day"),)


class QrCode(Model):
    """One generated code image per point and kind (wechat, alipay, url), kept in storage and reused."""

    id = fields.IntField(primary_key=True)
    point: fields.ForeignKeyRelation[GuidePoint] = fields.ForeignKeyField(
        "tourism.GuidePoint", related_name="qr_codes", on_delete=fields.CASCADE
    )
    point_id: int
    kind = fields.CharField(max_length=8)
    status = fields.CharField(max_length=8, default="pending")  # pending | ready | failed
    storage_key = fields.CharField(max_length=255, null=True)
    content_type = fields.CharField(max_length=32, default="")
    error = fields.CharField(max_length=255, default="")
    attempts = fields.SmallIntField(default=0)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "tourism_qr_code"
        unique_together = (("point", "kind"),)


class ContentEdit(Model):
    """The audit trail of administrators' changes to tourism content."""

    id = fields.IntField(primary_key=True)
    actor = fields.CharField(max_length=64)
    target = fields.CharField(max_length=64)  # e.g. "narration:LJ-JQ-BMG-P01:en"
    action = fields.CharField(max_length=32)
    before: Any = fields.JSONField(null=True)
    after: Any = fields.JSONField(null=True)
    at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "tourism_content_edit"


class ScanFlush(Model):
    """A Redis batch of scan counters already added to ScanCount: a flush re-run after a crash
    between the database commit and the Redis delete adds nothing twice."""

    id = fields.IntField(primary_key=True)
    batch = fields.CharField(max_length=96, unique=True)
    at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "tourism_scan_flush"


class PointNeighbour(Model):
    """A guide point's nearest other points, computed when coordinates are imported, so a scan
    reads a short ranked list instead of measuring the district."""

    id = fields.IntField(primary_key=True)
    point: fields.ForeignKeyRelation[GuidePoint] = fields.ForeignKeyField(
        "tourism.GuidePoint", related_name="neighbour_points", on_delete=fields.CASCADE
    )
    point_id: int
    other: fields.ForeignKeyRelation[GuidePoint] = fields.ForeignKeyField(
        "tourism.GuidePoint", related_name="neighbour_of", on_delete=fields.CASCADE
    )
    other_id: int
    rank = fields.SmallIntField()  # 0 is the nearest
    distance_m = fields.FloatField()

    class Meta:
        table = "tourism_point_neighbour"
        unique_together = (("point", "rank"),)


class ResourceNeighbour(Model):
    """A guide point's nearest tourism resources, computed with the points' neighbours."""

    id = fields.IntField(primary_key=True)
    point: fields.ForeignKeyRelation[GuidePoint] = fields.ForeignKeyField(
        "tourism.GuidePoint", related_name="neighbour_resources", on_delete=fields.CASCADE
    )
    point_id: int
    resource: fields.ForeignKeyRelation[Resource] = fields.ForeignKeyField(
        "tourism.Resource", related_name="neighbour_of", on_delete=fields.CASCADE
    )
    resource_id: int
    rank = fields.SmallIntField()
    distance_m = fields.FloatField()

    class Meta:
        table = "tourism_resource_neighbour"
        unique_together = (("point", "rank"),)
