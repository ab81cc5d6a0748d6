"""The identity columns ``luojiang reencrypt`` rewrites, with the contexts :mod:`.personal` binds."""

from __future__ import annotations

from luojiang.core.identity.models import Person
from luojiang.core.identity.personal import ID_NUMBER, NAME, PHONE, field_context
from luojiang.core.security.reencryption import EncryptedColumn, fixed_context

ENCRYPTED_COLUMNS = [
    EncryptedColumn(Person, f"{kind}_enc", fixed_context(field_context(kind)))
    for kind in (NAME, ID_NUMBER, PHONE)
]
