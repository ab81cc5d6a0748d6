"""The e-licence columns ``luojiang reencrypt`` rewrites: the licences' content and the departments'
private signing keys (bound to their kid)."""

from __future__ import annotations

from luojiang.core.licences.models import Licence, SigningKey
from luojiang.core.licences.signing import private_key_context
from luojiang.core.licences.views import CONTENT_CONTEXT
from luojiang.core.security.reencryption import EncryptedColumn, fixed_context

ENCRYPTED_COLUMNS = [
    EncryptedColumn(Licence, "content_enc", fixed_context(CONTENT_CONTEXT)),
    EncryptedColumn(SigningKey, "private_key_enc", private_key_context, context_field="kid"),
]
