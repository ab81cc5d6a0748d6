"""The notification columns ``luojiang reencrypt`` rewrites."""

from __future__ import annotations

from luojiang.core.notifications.models import Message
from luojiang.core.notifications.service import RECIPIENT_CONTEXT
from luojiang.core.security.reencryption import EncryptedColumn, fixed_context

ENCRYPTED_COLUMNS = [EncryptedColumn(Message, "recipient_enc", fixed_context(RECIPIENT_CONTEXT))]
