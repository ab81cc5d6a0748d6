"""Catalogue tables: departments and the matters (service guides) they handle."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Department(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=128)
    short_name = fields.CharField(max_length=64)
    phone = fields.CharField(max_length=32, default="")
    address = fields.CharField(max_length=255, default="")
    retired_at = fields.DatetimeField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "catalogue_department"


class Matter(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=255)
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "catalogue.Department", related_name="matters", on_delete=fields.RESTRICT
    )
    department_id: int
    category = fields.CharField(max_length=32)
    online = fields.BooleanField(default=False)
    promised_limit_days = fields.IntField(default=0)
    legal_limit_days = fields.IntField(default=0)
    visits_required = fields.SmallIntField(default=0)
    retired_at = fields.DatetimeField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "catalogue_matter"
