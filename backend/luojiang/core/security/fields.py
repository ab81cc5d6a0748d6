"""Personal data at rest: AES-GCM field encryption with a key id per value, and keyed lookup hashes.

A stored value is ``<kid>:<base64(nonce || ciphertext)>``. The first key of ``FIELD_ENCRYPTION_KEY``
(``kid:base64key[,kid:base64key...]``) encrypts; every listed key decrypts, so a new key can be put
first while ``luojiang reencrypt`` rewrites the old values (:mod:`luojiang.core.security.reencryption`)
until ``luojiang reencrypt --check`` finds none and the old key can leave the ring. Lookups never
decrypt: a value is found by its HMAC-SHA256 under ``LOOKUP_HASH_KEY``, which must not change once
data exists.
"""

from __future__ import annotations

import base64
import hmac
import os
import secrets
from dataclasses import dataclass

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from luojiang.core.security.secrets import secret_or_generated
from luojiang.core.settings import Settings, SettingsError

NONCE_BYTES = 12


class UndecryptableField(ValueError):
    """A stored value names an unknown key or fails authentication: the data or the key ring is wrong."""


@dataclass(frozen=True)
class FieldCipher:
    keys: dict[str, bytes]
    current_kid: str

    def encrypt(self, plaintext: str, context: str) -> str:
        """``context`` (e.g. ``person.id_number``) is bound as associated data: values cannot be swapped."""
        kid, _, body = self.seal(plaintext.encode(), context).partition(b":")
        return f"{kid.decode()}:{base64.b64encode(body).decode()}"

    def decrypt(self, stored: str, context: str) -> str:
        kid, _, body = stored.partition(":")
        return self.open(kid.encode() + b":" + base64.b64decode(body), context).decode()

    def seal(self, data: bytes, context: str) -> bytes:
        """Bytes (a scanned document) as ``<kid>:<nonce || ciphertext>``, ``context`` bound as in
        :meth:`encrypt`."""
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(self.keys[self.current_kid]).encrypt(nonce, data, context.encode())
        return self.current_kid.encode() + b":" + nonce + sealed

    def open(self, stored: bytes, context: str) -> bytes:
        kid, _, raw = stored.partition(b":")
        key = self.keys.get(kid.decode(errors="replace"))
        if key is None:
            raise UndecryptableField(f"no key with id {kid[:32]!r}")
        try:
            return AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode())
        except Exception as exc:  # InvalidTag: the value was altered or belongs elsewhere
            raise UndecryptableField("field failed authentication") from exc

    def needs_reencryption(self, stored: str) -> bool:
        return stored.partition(":")[0] != self.current_kid

    def needs_resealing(self, stored: bytes) -> bool:
        return stored.partition(b":")[0] != self.current_kid.encode()

    def reseal(self, stored: bytes, context: str) -> bytes:
        """:meth:`reencrypt` for bytes sealed by :meth:`seal`."""
        return self.seal(self.open(stored, context), context)

    def reencrypt(self, stored: str, context: str) -> str:
        """The same plaintext under the current key; the old value is authenticated first."""
        return self.encrypt(self.decrypt(stored, context), context)


@dataclass(frozen=True)
class LookupHasher:
    key: bytes

    def digest(self, value: str, kind: str) -> str:
        """Same value and kind → same digest; the kind keeps a phone and an ID number apart."""
        return hmac.digest(self.key, f"{kind}\x00{value}".encode(), "sha256").hex()


def parse_key_ring(text: str) -> FieldCipher:
    keys: dict[str, bytes] = {}
    order: list[str] = []
    for entry in filter(None, (part.strip() for part in text.split(","))):
        kid, sep, encoded = entry.partition(":")
        key = base64.b64decode(encoded) if sep else b""
        if not kid or len(key) not in (16, 24, 32):
            raise SettingsError("FIELD_ENCRYPTION_KEY entries are kid:base64(16/24/32-byte key)")
        keys[kid] = key
        order.append(kid)
    if not order:
        raise SettingsError("FIELD_ENCRYPTION_KEY names no key")
    return FieldCipher(keys=keys, current_kid=order[0])


def _new_key_ring() -> str:
    return f"k{secrets.token_hex(4)}:{base64.b64encode(AESGCM.generate_key(bit_length=256)).decode()}"


def _new_hash_key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def field_cipher(settings: Settings) -> FieldCipher:
    return parse_key_ring(
        secret_or_generated(settings, settings.field_encryption_key, "FIELD_ENCRYPTION_KEY", _new_key_ring)
    )


def lookup_hasher(settings: Settings) -> LookupHasher:
    text = secret_or_generated(settings, settings.lookup_hash_key, "LOOKUP_HASH_KEY", _new_hash_key)
    key = base64.b64decode(text)
    if len(key) < 32:
        raise SettingsError("LOOKUP_HASH_KEY must be at least 32 bytes, base64-encoded")
    return LookupHasher(key=key)
