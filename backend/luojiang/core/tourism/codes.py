"""Short, stable guide point codes: what a printed QR code carries (``/guide/{code}``, the WeChat
``scene``, the Alipay ``query_param``).

The code is derived from the catalogue id, so re-importing, or importing into another database,
gives every point the same code and printed signs keep working. Crockford base32 (no I, L, O, U)
is easy to read aloud and to type; 8 characters (40 bits) leave collisions to the unique index.
"""

from __future__ import annotations

import base64
import hashlib
import re

CODE_LENGTH = 8
_STANDARD = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_TO_CROCKFORD = str.maketrans(_STANDARD, _CROCKFORD)
_SHAPE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{8}$")


def point_code(catalogue_id: str) -> str:
    digest = hashlib.sha256(catalogue_id.encode("utf-8")).digest()[:5]
    return base64.b32encode(digest).decode("ascii").translate(_TO_CROCKFORD)


def normalise(code: str) -> str | None:
    """The canonical form of a code someone typed or scanned, or None when it cannot be one."""
    cleaned = code.strip().upper().translate(str.maketrans("ILO", "110"))
    return cleaned if _SHAPE.match(cleaned) else None
