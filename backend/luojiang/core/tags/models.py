"""Smart tags on people: declared by them (persona, life events) or inferred from what they
search and view. ``viewer_id`` is the identity area's account id."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class ViewerTag(Model):
    id = fields.IntField(primary_key=True)
    viewer_id = fields.IntField(db_index=True)
    tag = fields.CharField(max_length=64)  # "persona:elderly", "life_event:退休", "topic:社会保障"
    source = fields.CharField(max_length=16)  # "declared" | "inferred"
    weight = fields.FloatField(default=1.0)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "tags_viewer_tag"
        unique_together = (("viewer_id", "tag", "source"),)
