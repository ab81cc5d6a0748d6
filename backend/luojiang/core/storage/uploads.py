"""Upload limits: a size cap and a type check on the bytes themselves, not on what the client says.

A file whose first bytes are not those of an allowed format is refused, whatever its declared type
or name; nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from luojiang.core.errors import DomainError

# (media type, extension, test on the first bytes)
_SIGNATURES: tuple[tuple[str, str, bytes, int], ...] = (
    ("audio/mpeg", "mp3", b"ID3", 0),
    ("audio/ogg", "ogg", b"OggS", 0),
    ("audio/mp4", "m4a", b"ftypM4A", 4),
    ("audio/wav", "wav", b"WAVE", 8),
    ("image/png", "png", b"\x89PNG\r\n\x1a\n", 0),
    ("image/jpeg", "jpg", b"\xff\xd8\xff", 0),
    ("image/webp", "webp", b"WEBP", 8),
    ("application/pdf", "pdf", b"%PDF-", 0),
)
AUDIO_TYPES = frozenset({"audio/mpeg", "audio/ogg", "audio/mp4", "audio/wav"})
IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/webp"})
DOCUMENT_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})


@dataclass(frozen=True)
class UploadPolicy:
    max_bytes: int
    allowed: frozenset[str]


@dataclass(frozen=True)
class CheckedUpload:
    data: bytes
    content_type: str
    extension: str


def sniff(data: bytes) -> tuple[str, str] | None:
    for media_type, extension, magic, offset in _SIGNATURES:
        if data[offset : offset + len(magic)] == magic:
            return media_type, extension
    # an MPEG audio frame without an ID3 tag starts with the 11-bit frame sync
    if len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0:
        return "audio/mpeg", "mp3"
    return None


def check_upload(data: bytes, policy: UploadPolicy, field: str = "file") -> CheckedUpload:
    if not data:
        raise DomainError.one("EMPTY_UPLOAD", "the file is empty", field)
    if len(data) > policy.max_bytes:
        raise DomainError.one("UPLOAD_TOO_LARGE", f"the file is over {policy.max_bytes} bytes", field)
    found = sniff(data)
    if found is None or found[0] not in policy.allowed:
        allowed = ", ".join(sorted(policy.allowed))
        raise DomainError.one("UNSUPPORTED_FILE_TYPE", f"the file must be one of {allowed}", field)
    return CheckedUpload(data=data, content_type=found[0], extension=found[1])
