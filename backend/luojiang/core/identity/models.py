"""Identity tables: people and their channel identities, enterprises and their agents, staff roles,
administrators, and login sessions with their refresh tokens.

Names, resident ID numbers and phone numbers are stored only encrypted (``*_enc``, see
``core.security.fields``) next to a keyed hash (``*_hash``) that lookups and uniqueness use.
"""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from luojiang.core.catalogue.models import Department


class Person(Model):
    id = fields.IntField(primary_key=True)
    name_enc = fields.TextField(null=True)
    id_number_enc = fields.TextField(null=True)
    id_number_hash = fields.CharField(max_length=64, null=True, unique=True)
    phone_enc = fields.TextField(null=True)
    phone_hash = fields.CharField(max_length=64, null=True, unique=True)
    # real-name assurance (0 none, 1 phone, 2 name + resident ID, 3 face) and who vouched for it, when
    assurance_level = fields.SmallIntField(default=0)
    assurance_source = fields.CharField(max_length=32, default="")
    assured_at = fields.DatetimeField(null=True)
    phone_verified_at = fields.DatetimeField(null=True)
    # access tokens issued until then (ms since the epoch) are revoked: logout everywhere, a change
    # of roles. The record of it; Redis caches it (core.identity.revocations)
    tokens_not_before_ms = fields.BigIntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "identity_person"


class ChannelIdentity(Model):
    """A login on one platform (WeChat openid, Alipay open_id, Tianfu user id, app phone)."""

    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "identity.Person", related_name="channel_identities", on_delete=fields.CASCADE
    )
    person_id: int
    channel = fields.CharField(max_length=16)
    app_id = fields.CharField(max_length=64)
    subject = fields.CharField(max_length=128)
    union_id = fields.CharField(max_length=128, null=True)
    # Alipay's legacy user_id, kept only where the platform still returns one
    legacy_user_id = fields.CharField(max_length=64, null=True)
    linked_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "identity_channel_identity"
        unique_together = (("channel", "app_id", "subject"),)


class Enterprise(Model):
    id = fields.IntField(primary_key=True)
    credit_code = fields.CharField(max_length=18, unique=True)
    name = fields.CharField(max_length=255)
    legal_representative: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "identity.Person", related_name="represented_enterprises", null=True, on_delete=fields.SET_NULL
    )
    legal_representative_id: int | None
    verified_source = fields.CharField(max_length=32, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "identity_enterprise"


class AgentAuthorisation(Model):
    """A person authorised by the legal representative to act for an enterprise, for a while."""

    id = fields.IntField(primary_key=True)
    enterprise: fields.ForeignKeyRelation[Enterprise] = fields.ForeignKeyField(
        "identity.Enterprise", related_name="agents", on_delete=fields.CASCADE
    )
    enterprise_id: int
    agent: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "identity.Person", related_name="agent_authorisations", on_delete=fields.CASCADE
    )
    agent_id: int
    granted_by: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "identity.Person", related_name="granted_authorisations", on_delete=fields.CASCADE
    )
    granted_by_id: int
    valid_until = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "identity_agent_authorisation"


class StaffRole(Model):
    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "identity.Person", related_name="staff_roles", on_delete=fields.CASCADE
    )
    person_id: int
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "catalogue.Department", related_name="staff_roles", on_delete=fields.RESTRICT
    )
    department_id: int
    role = fields.CharField(max_length=32)
    revoked_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "identity_staff_role"
        unique_together = (("person", "department", "role"),)


class Administrator(Model):
    id = fields.IntField(primary_key=True)
    person: fields.OneToOneRelation[Person] = fields.OneToOneField(
        "identity.Person", related_name="administrator", on_delete=fields.CASCADE
    )
    person_id: int
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "identity_administrator"


class LoginSession(Model):
    """One login on one device: the family its rotating refresh tokens belong to."""

    id = fields.UUIDField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "identity.Person", related_name="sessions", on_delete=fields.CASCADE
    )
    person_id: int
    channel = fields.CharField(max_length=16)
    revoked_at = fields.DatetimeField(null=True)
    revoke_reason = fields.CharField(max_length=16, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "identity_login_session"


class RefreshToken(Model):
    id = fields.IntField(primary_key=True)
    session: fields.ForeignKeyRelation[LoginSession] = fields.ForeignKeyField(
        "identity.LoginSession", related_name="refresh_tokens", on_delete=fields.CASCADE
    )
    session_id: str
    token_hash = fields.CharField(max_length=64, unique=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "identity_refresh_token"


class GrantAudit(Model):
    """Who set whom up, when: one row per change of an administrator, staff role or enterprise.
    ``target`` names rows by id (person, department code, enterprise), never personal data."""

    id = fields.IntField(primary_key=True)
    actor = fields.CharField(max_length=64)  # person:<id> (an administrator), cli:<os user>, tianfu
    action = fields.CharField(max_length=32)
    target = fields.CharField(max_length=255)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "identity_grant_audit"
        table_description = "The audit trail of administrators, staff roles and enterprises being set up."
