"""Catalogue tables: departments, towns, licence types, matters (service guides), halls and
stations, one-thing scenarios, and the audit trail of administrators' changes.

Cross-references between catalogue rows are codes (as in the district's files), checked when a
file is imported or an administrator saves a row, and resolved through DataLoaders; only the
matter's department is a foreign key. Coordinates are GCJ-02, the system of the WeChat and Alipay
map components (converted at the edges by ``luojiang.core.maps.coords``). Money is integer fen;
time limits are working days. A row that leaves the district's list is retired, never deleted.
"""

from __future__ import annotations

from typing import Any

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


class Town(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=12, unique=True)
    name = fields.CharField(max_length=64)
    retired_at = fields.DatetimeField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "catalogue_town"


class LicenceType(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=128)
    issuer_department = fields.CharField(max_length=32)
    holder_kind = fields.CharField(max_length=16)
    fields_spec: Any = fields.JSONField(default=list, source_field="fields")
    valid_years = fields.IntField(null=True)
    retired_at = fields.DatetimeField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "catalogue_licence_type"


class Matter(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=255)
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "catalogue.Department", related_name="matters", on_delete=fields.RESTRICT
    )
    department_id: int
    category = fields.CharField(max_length=32)
    audience: Any = fields.JSONField(default=list)
    topics: Any = fields.JSONField(default=list)
    life_events: Any = fields.JSONField(default=list)
    handle_type = fields.CharField(max_length=16, default="即办件")
    online = fields.BooleanField(default=False)
    promised_limit_days = fields.IntField(default=0)
    legal_limit_days = fields.IntField(default=0)
    visits_required = fields.SmallIntField(default=0)
    fee_items: Any = fields.JSONField(default=list)
    conditions: Any = fields.JSONField(default=list)
    basis: Any = fields.JSONField(default=list)
    materials: Any = fields.JSONField(default=list)
    process: Any = fields.JSONField(default=list)
    halls: Any = fields.JSONField(default=list)
    # the application form's own fields (catalogue.forms), after the contact fields every form has
    form_fields: Any = fields.JSONField(default=list)
    # the licence type an approved application of this matter issues (licence_types.json), or ""
    produces_licence = fields.CharField(max_length=64, default="")
    phone = fields.CharField(max_length=32, default="")
    retired_at = fields.DatetimeField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "catalogue_matter"


# A service hall or station; windows are [{no, name, departments, matters}] by code.
class Hall(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=48, unique=True)
    name = fields.CharField(max_length=128)
    kind = fields.CharField(max_length=24)
    town = fields.CharField(max_length=12)
    address = fields.CharField(max_length=255, default="")
    lng = fields.FloatField()
    lat = fields.FloatField()
    hours = fields.CharField(max_length=255, default="")
    phone = fields.CharField(max_length=32, default="")
    windows: Any = fields.JSONField(default=list)
    retired_at = fields.DatetimeField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "catalogue_hall"


# A one-thing scenario; questions keep the questionnaire exactly as the format gives it.
class Scenario(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=128)
    audience: Any = fields.JSONField(default=list)
    summary = fields.TextField(default="")
    base_matters: Any = fields.JSONField(default=list)
    questions: Any = fields.JSONField(default=list)
    retired_at = fields.DatetimeField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "catalogue_scenario"


# Who changed which catalogue row, when, and what changed (field -> [before, after]).
class AuditEntry(Model):
    id = fields.IntField(primary_key=True)
    actor_id = fields.IntField()
    at = fields.DatetimeField(auto_now_add=True)
    action = fields.CharField(max_length=16)
    kind = fields.CharField(max_length=32)
    code = fields.CharField(max_length=48, db_index=True)
    changes: Any = fields.JSONField(default=dict)

    class Meta:
        table = "catalogue_audit_entry"
