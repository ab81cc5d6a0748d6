"""Online-application tables (DESIGN 2.4): cases (办件), their steps (who did what, when, why),
their materials (uploads or e-licences used with consent), ratings (好差评) with their
rectification tasks, and the deadline reminders already given.

A case's form is its applicant's data (names, phone numbers, ID numbers): it is kept only
encrypted (``form_enc``). The plain columns hold what queues filter and sort on.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

from luojiang.core.catalogue.models import Department, Matter
from luojiang.core.identity.models import Enterprise, Person


class CaseState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    SUPPLEMENTED = "supplemented"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class ActorRole(StrEnum):
    APPLICANT = "applicant"
    STAFF = "staff"


class MaterialKind(StrEnum):
    UPLOAD = "upload"
    LICENCE = "licence"  # an e-licence the applicant holds, used with their consent (减材料)


class Case(Model):
    id = fields.IntField(primary_key=True)
    case_number = fields.CharField(max_length=32, unique=True)
    applicant: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "identity.Person", related_name="cases", on_delete=fields.RESTRICT
    )
    applicant_id: int
    enterprise: fields.ForeignKeyNullableRelation[Enterprise] = fields.ForeignKeyField(
        "identity.Enterprise", related_name="cases", null=True, on_delete=fields.RESTRICT
    )
    enterprise_id: int | None
    matter: fields.ForeignKeyRelation[Matter] = fields.ForeignKeyField(
        "catalogue.Matter", related_name="cases", on_delete=fields.RESTRICT
    )
    matter_id: int
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "catalogue.Department", related_name="cases", on_delete=fields.RESTRICT
    )
    department_id: int
    scenario_code = fields.CharField(max_length=32, null=True)  # started from a one-thing checklist
    channel = fields.CharField(max_length=16)
    state = fields.CharEnumField(CaseState, max_length=24, default=CaseState.DRAFT, db_index=True)
    version = fields.IntField(default=0)  # 0 while a draft; +1 at every change after that
    form_enc = fields.TextField(default="")  # the form's values (JSON), encrypted
    # the applicant's key for the submission: the same tap twice submits once
    submit_key = fields.CharField(max_length=64, null=True)
    submitted_at = fields.DatetimeField(null=True)
    accepted_at = fields.DatetimeField(null=True)
    decided_at = fields.DatetimeField(null=True)
    deadline = fields.DateField(null=True)  # the promised completion day (Beijing), once accepted
    paused_on = fields.DateField(null=True)  # waiting for the applicant since (补正): the clock stops
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "applications_case"
        unique_together = (("applicant_id", "submit_key"),)


class CaseStep(Model):
    """One change of state, with who made it, when and why (the audit trail the applicant sees)."""

    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField(
        "applications.Case", related_name="steps", on_delete=fields.CASCADE
    )
    case_id: int
    from_state = fields.CharEnumField(CaseState, max_length=24, null=True)
    to_state = fields.CharEnumField(CaseState, max_length=24)
    actor_id = fields.IntField()
    actor_role = fields.CharEnumField(ActorRole, max_length=16)
    reason = fields.CharField(max_length=500, default="")
    # for a supplement request: {material name: what is wrong with it}
    details: Any = fields.JSONField(default=dict)
    at = fields.DatetimeField()

    class Meta:
        table = "applications_step"


class CaseMaterial(Model):
    id = fields.IntField(primary_key=True)
    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField(
        "applications.Case", related_name="materials", on_delete=fields.CASCADE
    )
    case_id: int
    name = fields.CharField(max_length=128)  # the matter's material, by name
    kind = fields.CharEnumField(MaterialKind, max_length=16)
    storage_key = fields.CharField(max_length=255, default="")
    content_type = fields.CharField(max_length=64, default="")
    size = fields.IntField(default=0)
    licence_id = fields.IntField(null=True)
    licence_type = fields.CharField(max_length=32, default="")
    added_at = fields.DatetimeField()

    class Meta:
        table = "applications_material"
        unique_together = (("case_id", "name"),)


class Rating(Model):
    """A 好差评 rating of a decided case, and the rectification (整改) task a bad one opens."""

    id = fields.IntField(primary_key=True)
    case: fields.OneToOneRelation[Case] = fields.OneToOneField(
        "applications.Case", related_name="rating", on_delete=fields.CASCADE
    )
    case_id: int
    department_id = fields.IntField(db_index=True)
    level = fields.SmallIntField()  # 5 非常满意 … 1 非常不满意
    reasons: Any = fields.JSONField(default=list)
    comment = fields.CharField(max_length=500, default="")
    rated_at = fields.DatetimeField()
    rectify_by = fields.DateField(null=True)  # a bad rating: the department answers by this day
    reply = fields.CharField(max_length=1000, default="")
    replied_by_id = fields.IntField(null=True)
    replied_at = fields.DatetimeField(null=True)

    class Meta:
        table = "applications_rating"


class ReminderSent(Model):
    """A deadline reminder given: the same (case, deadline, days left) is given once."""

    id = fields.IntField(primary_key=True)
    case_id = fields.IntField()
    deadline = fields.DateField()
    days_left = fields.SmallIntField()
    at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "applications_reminder_sent"
        unique_together = (("case_id", "deadline", "days_left"),)
