"""What of applications ``luojiang reencrypt`` rewrites: the forms, and the uploaded files in storage
(sealed bound to their storage key, :mod:`.files`)."""

from __future__ import annotations

from luojiang.core.applications import repository
from luojiang.core.applications.files import material_context
from luojiang.core.applications.models import Case
from luojiang.core.applications.service import FORM_CONTEXT
from luojiang.core.security.reencryption import EncryptedColumn, SealedFiles, fixed_context

ENCRYPTED_COLUMNS = [EncryptedColumn(Case, "form_enc", fixed_context(FORM_CONTEXT))]
SEALED_FILES = SealedFiles(
    "applications materials (storage)", repository.uploaded_files_after, material_context
)
