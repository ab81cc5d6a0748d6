"""E-licence tables (DESIGN 2.5): licences, the national codes their identifiers are built from,
the issuing departments' signing keys, show tokens (亮证), consents (授权用证) and the use log
(用证记录).

A licence's content (holder, data fields, dates, names) is what its department signed; it is kept
only encrypted (``content_enc``, AES-GCM under ``FIELD_ENCRYPTION_KEY``), because it carries names,
resident ID numbers and addresses. The plain columns beside it hold only what queries filter on.
"""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from luojiang.core.catalogue.models import Department
from luojiang.core.identity.models import Enterprise, Person


class HolderKind(StrEnum):
    PERSON = "person"
    ENTERPRISE = "enterprise"


class LicenceStatus(StrEnum):
    VALID = "valid"
    REVOKED = "revoked"


class NationalCode(Model):
    """The codes of the GB/T 36904 identifier: the unified social credit code of an issuing
    department (kind ``issuer``), or the code of a licence type, the credit code of the authority
    that defines it and a 3-digit serial (kind ``type``). Imported from ``licence_codes.json``."""

    id = fields.IntField(primary_key=True)
    kind = fields.CharField(max_length=8)
    code = fields.CharField(max_length=32)  # a department's or a licence type's catalogue code
    national_code = fields.CharField(max_length=32)
    retired_at = fields.DatetimeField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "licences_national_code"
        unique_together = (("kind", "code"),)


class SerialCounter(Model):
    """The last serial given for one licence type, issuer and year (identifiers never repeat)."""

    id = fields.IntField(primary_key=True)
    scope = fields.CharField(max_length=64, unique=True)
    last_number = fields.IntField(default=0)

    class Meta:
        table = "licences_serial_counter"


class SigningKey(Model):
    """One signing key of one department (Ed25519 or SM2, :mod:`.algorithms`). The newest signs, and
    every one of them verifies for ever (a licence signed years ago must still verify). The private
    half is encrypted at rest."""

    id = fields.IntField(primary_key=True)
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "catalogue.Department", related_name="licence_keys", on_delete=fields.RESTRICT
    )
    department_id: int
    kid = fields.CharField(max_length=64, unique=True)  # RFC 7638 thumbprint of the public JWK
    algorithm = fields.CharField(max_length=16, default="EdDSA")  # EdDSA | SM2
    public_key = fields.CharField(max_length=128)  # base64url of the raw key (Ed25519 32 bytes, SM2 64)
    private_key_enc = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "licences_signing_key"


class Licence(Model):
    id = fields.IntField(primary_key=True)
    identifier = fields.CharField(max_length=96, unique=True)
    licence_type = fields.CharField(max_length=32, db_index=True)  # catalogue LicenceType code
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "catalogue.Department", related_name="licences", on_delete=fields.RESTRICT
    )
    department_id: int
    holder_kind = fields.CharEnumField(HolderKind, max_length=16)
    holder_person: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "identity.Person", related_name="licences", null=True, on_delete=fields.RESTRICT
    )
    holder_person_id: int | None
    holder_enterprise: fields.ForeignKeyNullableRelation[Enterprise] = fields.ForeignKeyField(
        "identity.Enterprise", related_name="licences", null=True, on_delete=fields.RESTRICT
    )
    holder_enterprise_id: int | None
    valid_from = fields.DateField()
    valid_until = fields.DateField(null=True)
    content_enc = fields.TextField()  # the signed content (canonical JSON), encrypted
    kid = fields.CharField(max_length=64)
    signature = fields.CharField(max_length=128)  # base64url signature of the canonical content (64 bytes)
    status = fields.CharEnumField(LicenceStatus, max_length=16, default=LicenceStatus.VALID)
    revoked_at = fields.DatetimeField(null=True)
    revoke_reason = fields.CharField(max_length=255, default="")
    # the approved application it was issued for: issuing twice for one case gives one licence
    case_number = fields.CharField(max_length=64, null=True, unique=True)
    issued_by = fields.CharField(max_length=64)  # "person:<id>", "import" or "case:<number>"
    issued_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "licences_licence"


class ShowToken(Model):
    """A one-time 亮证 token: only the SHA-256 of its random part is kept. It is spent by the
    verifier scan logged for it (``LicenceUse.show_token``, unique), so a scan is logged exactly
    when it is allowed, and of two scans at once one wins."""

    id = fields.IntField(primary_key=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    licence: fields.ForeignKeyRelation[Licence] = fields.ForeignKeyField(
        "licences.Licence", related_name="show_tokens", on_delete=fields.CASCADE
    )
    licence_id: int
    purpose = fields.CharField(max_length=64, default="")
    shown_fields: list[str] = fields.JSONField(default=list)
    expires_at = fields.DatetimeField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "licences_show_token"


class Consent(Model):
    """The holder lets one application (case) use one licence instead of an upload (减材料)."""

    id = fields.IntField(primary_key=True)
    licence: fields.ForeignKeyRelation[Licence] = fields.ForeignKeyField(
        "licences.Licence", related_name="consents", on_delete=fields.CASCADE
    )
    licence_id: int
    case_number = fields.CharField(max_length=64)
    purpose = fields.CharField(max_length=128)
    granted_by_id = fields.IntField()  # the person who consented (the holder, or the enterprise's agent)
    granted_at = fields.DatetimeField(auto_now_add=True)
    withdrawn_at = fields.DatetimeField(null=True)

    class Meta:
        table = "licences_consent"
        unique_together = (("licence", "case_number"),)


class UseKind(StrEnum):
    VERIFIER_SCAN = "verifier_scan"  # someone scanned a show token
    CASE_ATTACHED = "case_attached"  # the holder attached it to an application, consenting
    CASE_READ = "case_read"  # a department read it for an application, under that consent


class LicenceUse(Model):
    """One read of a licence by anyone but its holder: the data tracker of the holder."""

    id = fields.IntField(primary_key=True)
    licence: fields.ForeignKeyRelation[Licence] = fields.ForeignKeyField(
        "licences.Licence", related_name="uses", on_delete=fields.CASCADE
    )
    licence_id: int
    kind = fields.CharEnumField(UseKind, max_length=16)
    show_token: fields.OneToOneNullableRelation[ShowToken] = fields.OneToOneField(
        "licences.ShowToken", related_name="use", null=True, on_delete=fields.CASCADE
    )
    show_token_id: int | None
    reader = fields.CharField(max_length=128)  # who read it: "verifier", a department code, a case
    purpose = fields.CharField(max_length=128, default="")
    # what a verifier saw: the fields the holder chose, and whether the licence was revoked then
    fields_seen: list[str] = fields.JSONField(default=list)
    status_seen = fields.CharField(max_length=16, default="")
    at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "licences_use"
