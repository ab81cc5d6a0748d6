"""Reading and writing a person's personal data: encrypted values, keyed hashes, masked views."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from luojiang.core.identity.models import Person
from luojiang.core.security.fields import FieldCipher, LookupHasher
from luojiang.core.security.masking import mask_id_number, mask_name, mask_phone

PHONE = "phone"
ID_NUMBER = "id_number"
NAME = "name"


def field_context(kind: str) -> str:
    """The associated data a person's encrypted ``kind`` is bound to."""
    return f"person.{kind}"


@dataclass(frozen=True)
class PersonalData:
    cipher: FieldCipher
    hasher: LookupHasher

    def phone_hash(self, phone: str) -> str:
        return self.hasher.digest(phone, PHONE)

    def id_number_hash(self, id_number: str) -> str:
        return self.hasher.digest(id_number, ID_NUMBER)

    def set_phone(self, person: Person, phone: str) -> None:
        person.phone_enc = self.cipher.encrypt(phone, field_context(PHONE))
        person.phone_hash = self.phone_hash(phone)

    def set_id_number(self, person: Person, id_number: str) -> None:
        person.id_number_enc = self.cipher.encrypt(id_number, field_context(ID_NUMBER))
        person.id_number_hash = self.id_number_hash(id_number)

    def set_name(self, person: Person, name: str) -> None:
        person.name_enc = self.cipher.encrypt(name, field_context(NAME))

    def phone(self, person: Person, *, full: bool = False) -> str | None:
        return self._read(person.phone_enc, PHONE, mask_phone, full)

    def id_number(self, person: Person, *, full: bool = False) -> str | None:
        return self._read(person.id_number_enc, ID_NUMBER, mask_id_number, full)

    def name(self, person: Person, *, full: bool = False) -> str | None:
        return self._read(person.name_enc, NAME, mask_name, full)

    def _read(self, stored: str | None, kind: str, mask: Callable[[str], str], full: bool) -> str | None:
        if stored is None:
            return None
        value = self.cipher.decrypt(stored, field_context(kind))
        return value if full else mask(value)
