"""Signing licences: the canonical content, the departments' keys, signatures.

**Canonical content.** A licence's content is one JSON object (see :func:`content`); its canonical
bytes are the RFC 8785 JSON Canonicalization Scheme of that object (the ``rfc8785`` library:
members sorted by UTF-16 code units, no whitespace, UTF-8, strings as JCS escapes them). The
signature is over exactly those bytes, by the issuing department's key, with the key's algorithm
(Ed25519 or SM2, :mod:`.algorithms`); anyone with the public key
(``/.well-known/licence-keys.json``, by ``kid``) can verify a licence offline.

**Keys.** Each department has its own keys. The newest signs new licences; older ones keep
verifying the licences they signed (rotation overlap without an end: licences outlive keys). The
private key is kept encrypted at rest with the personal-data cipher (``FIELD_ENCRYPTION_KEY``,
AES-GCM, bound to the key id), like every other secret value in the database.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import rfc8785

from luojiang.core.licences.algorithms import algorithm, b64, unb64
from luojiang.core.licences.models import SigningKey
from luojiang.core.security.fields import FieldCipher

SCHEMA = "luojiang.licence/1"


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


def public_jwk(algorithm_name: str, public_key: str) -> dict[str, str]:
    return algorithm(algorithm_name).jwk(public_key)


def thumbprint(algorithm_name: str, public_key: str) -> str:
    """RFC 7638: SHA-256 of the JWK's required members, canonical."""
    return b64(hashlib.sha256(canonical(public_jwk(algorithm_name, public_key))).digest())


@dataclass(frozen=True)
class NewKey:
    kid: str
    algorithm: str
    public_key: str
    private_key_enc: str


def new_key(cipher: FieldCipher, algorithm_name: str) -> NewKey:
    pair = algorithm(algorithm_name).generate()
    kid = thumbprint(algorithm_name, pair.public_key)
    return NewKey(
        kid=kid,
        algorithm=algorithm_name,
        public_key=pair.public_key,
        private_key_enc=cipher.encrypt(pair.private_key, private_key_context(kid)),
    )


def sign(cipher: FieldCipher, key: SigningKey, message: bytes) -> str:
    private_key = cipher.decrypt(key.private_key_enc, private_key_context(key.kid))
    return b64(algorithm(key.algorithm).sign(private_key, message))


def verifier(key: SigningKey) -> Callable[[str, bytes], bool]:
    """Checks base64url signatures against the key's public half; malformed ones are invalid."""
    check = algorithm(key.algorithm).verifier(key.public_key)

    def verify(signature: str, message: bytes) -> bool:
        try:
            raw = unb64(signature)
        except ValueError:
            return False
        return check(raw, message)

    return verify


def private_key_context(kid: str) -> str:
    # bound as associated data: an encrypted key cannot be passed off as another kid's
    return f"licences.signing_key.{kid}"
