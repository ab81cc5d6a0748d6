"""The application columns ``luojiang reencrypt`` rewrites."""

from __future__ import annotations

from luojiang.core.applications.models import Case
from luojiang.core.applications.service import FORM_CONTEXT
from luojiang.core.security.reencryption import EncryptedColumn, fixed_context

ENCRYPTED_COLUMNS = [EncryptedColumn(Case, "form_enc", fixed_context(FORM_CONTEXT))]
