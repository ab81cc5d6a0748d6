"""Signing licences: the canonical content, the departments' keys, signatures.

**Canonical content.** A licence's content is one JSON object (see :func:`content`); its canonical
bytes are the RFC 8785 JSON Canonicalization Scheme of that object (the ``rfc8785`` library:
members sorted by UTF-16 code units, no whitespace, UTF-8, strings as JCS escapes them). The
signature is Ed25519 (RFC 8032, ``cryptography``) over exactly those bytes, by the issuing
department's key; anyone with the public key (``/.well-known/licence-keys.json``, by ``kid``) can
verify a licence offline.

**Keys.** Each department has its own keys. The newest signs new licences; older ones keep
verifying the licences they signed (rotation overlap without an end: licences outlive keys). The
private key is kept encrypted at rest with the personal-data cipher (``FIELD_ENCRYPTION_KEY``,
AES-GCM, bound to the key id), like every other secret value in the database.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from luojiang.core.security.fields import FieldCipher

SCHEMA = "luojiang.licence/1"
ALGORITHM = "EdDSA"


def content(
    *,
    identifier: str,
    type_code: str,
    type_name: str,
    department_code: str,
    department_name: str,
    issuer_code: str,
    holder: Mapping[str, str],
    valid_from: date,
    valid_until: date | None,
    fields: Sequence[Mapping[str, str]],
) -> dict[str, Any]:
    """What a department signs. ``holder`` is ``{kind, name, id_number}`` for a person or
    ``{kind, name, credit_code}`` for an enterprise; ``fields`` are the type's data fields given,
    ``[{key, label, value}]`` in the type's order (the labels are part of the licence's face)."""
    return {
        "schema": SCHEMA,
        "identifier": identifier,
        "type": {"code": type_code, "name": type_name},
        "issuer": {"department": department_code, "name": department_name, "code": issuer_code},
        "holder": dict(holder),
        "valid_from": valid_from.isoformat(),
        "valid_until": valid_until.isoformat() if valid_until else None,
        "fields": [dict(f) for f in fields],
    }


def canonical(value: Mapping[str, Any]) -> bytes:
    return rfc8785.dumps(dict(value))


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def public_jwk(public_key: str) -> dict[str, str]:
    return {"kty": "OKP", "crv": "Ed25519", "x": public_key}


def thumbprint(public_key: str) -> str:
    """RFC 7638: SHA-256 of the JWK's required members, canonical."""
    return b64(hashlib.sha256(canonical(public_jwk(public_key))).digest())


@dataclass(frozen=True)
class NewKey:
    kid: str
    public_key: str
    private_key_enc: str


def new_key(cipher: FieldCipher) -> NewKey:
    private = Ed25519PrivateKey.generate()
    public = b64(
        private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    kid = thumbprint(public)
    raw = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return NewKey(kid=kid, public_key=public, private_key_enc=cipher.encrypt(b64(raw), _context(kid)))


def sign(cipher: FieldCipher, kid: str, private_key_enc: str, message: bytes) -> str:
    raw = unb64(cipher.decrypt(private_key_enc, _context(kid)))
    return b64(Ed25519PrivateKey.from_private_bytes(raw).sign(message))


def load_public(public_key: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(unb64(public_key))


def verify(public_key: Ed25519PublicKey, signature: str, message: bytes) -> bool:
    try:
        public_key.verify(unb64(signature), message)
    except (InvalidSignature, ValueError):
        return False
    return True


def _context(kid: str) -> str:
    # bound as associated data: an encrypted key cannot be passed off as another kid's
    return f"licences.signing_key.{kid}"
