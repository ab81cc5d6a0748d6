"""Applicants' files (scans of documents: personal data). Checked on their bytes before anything is
stored, kept sealed with the personal-data key under an unguessable ``private/`` key that no public
route serves, and opened again only for the callers the service lets through."""

from __future__ import annotations

import secrets

from luojiang.core.applications.models import CaseMaterial, MaterialKind
from luojiang.core.errors import NotFound
from luojiang.core.security.fields import FieldCipher
from luojiang.core.storage.ports import PRIVATE_PREFIX, Storage
from luojiang.core.storage.uploads import DOCUMENT_TYPES, CheckedUpload, UploadPolicy, check_upload

MAX_MATERIAL_BYTES = 10 * 1024 * 1024
MATERIAL_POLICY = UploadPolicy(max_bytes=MAX_MATERIAL_BYTES, allowed=DOCUMENT_TYPES)


def material_context(key: str) -> str:
    # sealed bound to its key: a file copied or swapped under another key fails to open
    return key


async def store_material(
    storage: Storage, cipher: FieldCipher, case_number: str, data: bytes
) -> tuple[str, CheckedUpload]:
    upload = check_upload(data, MATERIAL_POLICY, field="file")
    # no digest of the content in the key: it would let anyone holding a copy confirm it is here
    key = f"{PRIVATE_PREFIX}applications/{case_number}/{secrets.token_urlsafe(24)}"
    await storage.put(key, cipher.seal(upload.data, material_context(key)), "application/octet-stream")
    return key, upload


async def open_material(
    storage: Storage, cipher: FieldCipher, row: CaseMaterial | None
) -> tuple[CaseMaterial, bytes]:
    """An uploaded file's bytes; NotFound for a licence given instead, or a material not given."""
    is_file = row is not None and row.kind is MaterialKind.UPLOAD
    sealed = await storage.get(row.storage_key) if row is not None and is_file else None
    if row is None or sealed is None:
        raise NotFound("material", "material")
    return row, cipher.open(sealed, material_context(row.storage_key))
