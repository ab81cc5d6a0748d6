"""Applicants' files (scans of documents: personal data). Checked on their bytes before anything is
stored, kept sealed with the personal-data key under an unguessable ``private/`` key that no public
route serves, and opened again only for the callers the service lets through."""

from __future__ import annotations

import logging
import secrets

from luojiang.core.applications.models import CaseMaterial, MaterialKind
from luojiang.core.errors import NotFound
from luojiang.core.security.fields import FieldCipher
from luojiang.core.storage.ports import PRIVATE_PREFIX, Storage
from luojiang.core.storage.uploads import DOCUMENT_TYPES, CheckedUpload, UploadPolicy, check_upload

MAX_MATERIAL_BYTES = 10 * 1024 * 1024
MATERIAL_POLICY = UploadPolicy(max_bytes=MAX_MATERIAL_BYTES, allowed=DOCUMENT_TYPES)
log = logging.getLogger(__name__)


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


async def discard_replaced(storage: Storage, before: CaseMaterial | None, kept: CaseMaterial) -> None:
    """Deletes the upload a material's change replaced (``repository.replace_material`` says which,
    one change at a time). An applicant's scan kept for nothing is personal data nobody can reach,
    and re-encryption (which pages through the rows) would never rewrite it. Best effort after the
    change has committed: a failure is logged, the change stands."""
    if before is None or before.kind is not MaterialKind.UPLOAD or before.storage_key == kept.storage_key:
        return
    try:
        await storage.delete(before.storage_key)
    except Exception:  # the store is down: the row is right, only a file lingers
        log.warning("a replaced material's file could not be deleted", exc_info=True)


async def open_material(
    storage: Storage, cipher: FieldCipher, row: CaseMaterial | None
) -> tuple[CaseMaterial, bytes]:
    """An uploaded file's bytes; NotFound for a licence given instead, or a material not given."""
    is_file = row is not None and row.kind is MaterialKind.UPLOAD
    sealed = await storage.get(row.storage_key) if row is not None and is_file else None
    if row is None or sealed is None:
        raise NotFound("material", "material")
    return row, cipher.open(sealed, material_context(row.storage_key))
