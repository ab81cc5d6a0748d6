"""亮证 tokens: short-lived, single-use, bound to one licence and what the holder chose to show.

A token is 48 URL-safe characters: base64url of 16 random bytes (128 bits: guessing is hopeless),
the expiry (4 bytes, Unix seconds) and a 16-byte HMAC-SHA256 tag of both under the gateway's
lookup key (domain ``licences.show``). A page can therefore tell a forged or altered token (wrong
tag) and an expired one (right tag, past expiry) without reading the database; only the SHA-256
of the random part is stored, with the licence, the purpose, the fields to show and the time it
was made. The verifier scan logged for it spends it (a unique column): of two scans at once,
exactly one sees the licence.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from luojiang.core.security.fields import LookupHasher

RANDOM_BYTES = 16
TAG_BYTES = 16
TOKEN = re.compile(r"^[A-Za-z0-9_-]{48}$")
MAC_DOMAIN = "licences.show"


class Refusal(StrEnum):
    FORGED = "forged"  # malformed, guessed, altered: the tag does not match
    EXPIRED = "expired"
    USED = "used"
    RATE_LIMITED = "rate_limited"


@dataclass(frozen=True)
class Minted:
    token: str
    token_hash: str
    expires_at: datetime


@dataclass(frozen=True)
class Parsed:
    token_hash: str
    expires_at: datetime


def mint(hasher: LookupHasher, expires_at: datetime) -> Minted:
    nonce = secrets.token_bytes(RANDOM_BYTES)
    body = nonce + int(expires_at.timestamp()).to_bytes(4, "big")
    token = base64.urlsafe_b64encode(body + _tag(hasher, body)).decode()
    return Minted(token=token, token_hash=_hash(nonce), expires_at=_seconds(expires_at))


def parse(hasher: LookupHasher, token: str, now: datetime) -> Parsed | Refusal:
    if not TOKEN.match(token):
        return Refusal.FORGED
    try:
        raw = base64.urlsafe_b64decode(token)
    except (binascii.Error, ValueError):
        return Refusal.FORGED
    body, tag = raw[:-TAG_BYTES], raw[-TAG_BYTES:]
    if not hmac.compare_digest(tag, _tag(hasher, body)):
        return Refusal.FORGED
    expires_at = datetime.fromtimestamp(int.from_bytes(body[RANDOM_BYTES:], "big"), UTC)
    if expires_at <= now:
        return Refusal.EXPIRED
    return Parsed(token_hash=_hash(body[:RANDOM_BYTES]), expires_at=expires_at)


def _tag(hasher: LookupHasher, body: bytes) -> bytes:
    return bytes.fromhex(hasher.digest(body.hex(), MAC_DOMAIN))[:TAG_BYTES]


def _hash(nonce: bytes) -> str:
    return hashlib.sha256(nonce).hexdigest()


def _seconds(moment: datetime) -> datetime:
    return datetime.fromtimestamp(int(moment.timestamp()), UTC)
