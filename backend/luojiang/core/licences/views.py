"""What a licence says, read from its encrypted content, and what its checks found.

Lists and other areas get masked values (the first character of a name, the ends of an ID
number, the first character of anything else); the holder gets the full values when they ask.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import cached_property
from typing import Any

import orjson

from luojiang.core.licences.models import Licence, LicenceStatus
from luojiang.core.licences.signing import canonical
from luojiang.core.security.fields import FieldCipher
from luojiang.core.security.masking import mask_id_number, mask_name

# field keys that hold identifying numbers (resident IDs, credit codes, certificate numbers)
NUMBER_KEYS = re.compile(r"(^|_)(id|id_number|uscc|credit_code|no|vin)$")
CONTENT_CONTEXT = "licences.licence.content"


@dataclass(frozen=True)
class FieldValue:
    key: str
    label: str
    value: str


@dataclass(frozen=True)
class LicenceView:
    licence: Licence
    content: dict[str, Any]
    canonical: bytes  # exactly the bytes that were signed: what is stored is the canonical form

    @property
    def type_name(self) -> str:
        return str(self.content["type"]["name"])

    @property
    def issuer_name(self) -> str:
        return str(self.content["issuer"]["name"])

    @cached_property
    def valid_from(self) -> date:
        # parsed once per view: a kept view (the verifier's page) is checked on every scan
        return date.fromisoformat(self.content["valid_from"])

    @cached_property
    def valid_until(self) -> date | None:
        until = self.content["valid_until"]
        return None if until is None else date.fromisoformat(until)

    def holder_name(self, full: bool) -> str:
        name = str(self.content["holder"]["name"])
        return name if full else mask_name(name)

    def holder_number(self, full: bool) -> str:
        holder = self.content["holder"]
        number = str(holder.get("id_number") or holder.get("credit_code") or "")
        return number if full else mask_id_number(number)

    def fields(self, full: bool, only: frozenset[str] | None = None) -> list[FieldValue]:
        return [
            FieldValue(f["key"], f["label"], f["value"] if full else mask_value(f["key"], f["value"]))
            for f in self.content["fields"]
            if only is None or f["key"] in only
        ]


def mask_value(key: str, value: str) -> str:
    return mask_id_number(value) if NUMBER_KEYS.search(key) else mask_name(value)


def seal(cipher: FieldCipher, content: dict[str, Any]) -> str:
    return cipher.encrypt(canonical(content).decode(), CONTENT_CONTEXT)


def unseal(cipher: FieldCipher, licence: Licence) -> LicenceView:
    canonical = cipher.decrypt(licence.content_enc, CONTENT_CONTEXT).encode()
    return LicenceView(licence, orjson.loads(canonical), canonical)


class Validity(StrEnum):
    VALID = "valid"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"


@dataclass(frozen=True)
class Checks:
    """What anyone verifying the licence learns: each check on its own, and the verdict."""

    signature_valid: bool
    validity: Validity
    revoked: bool
    revoked_at: datetime | None

    @property
    def passed(self) -> bool:
        return self.signature_valid and self.validity is Validity.VALID and not self.revoked


def validity(view: LicenceView, today: date) -> Validity:
    """From the signed dates, not the columns beside them: what was signed is what counts."""
    if view.valid_from > today:
        return Validity.NOT_YET_VALID
    if view.valid_until is not None and view.valid_until < today:
        return Validity.EXPIRED
    return Validity.VALID


def checks(view: LicenceView, signature_valid: bool, today: date, status: LicenceStatus) -> Checks:
    revoked = status is LicenceStatus.REVOKED
    return Checks(
        signature_valid=signature_valid,
        validity=validity(view, today),
        revoked=revoked,
        revoked_at=view.licence.revoked_at if revoked else None,
    )
