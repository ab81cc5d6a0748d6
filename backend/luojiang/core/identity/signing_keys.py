"""Access-token signing keys: ES256 with RFC 7638 thumbprints as ``kid``.

``TOKEN_SIGNING_KEYS`` holds one or more PEM private keys. The first signs; all of them verify and
are published in the JWKS. Rotation: put a new key first, keep the old one for at least the access
token lifetime (the overlap), then drop it. Development generates one key under ``var/secrets``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from luojiang.core.security.secrets import secret_or_generated
from luojiang.core.settings import Settings, SettingsError

PEM_BLOCK = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----.+?-----END [A-Z ]*PRIVATE KEY-----", re.S)
ALGORITHM = "ES256"


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private_key: ec.EllipticCurvePrivateKey

    @property
    def public_key(self) -> ec.EllipticCurvePublicKey:
        return self.private_key.public_key()

    def jwk(self) -> dict[str, str]:
        numbers = self.public_key.public_numbers()
        return {
            "kty": "EC",
            "crv": "P-256",
            "x": _b64(numbers.x.to_bytes(32, "big")),
            "y": _b64(numbers.y.to_bytes(32, "big")),
            "kid": self.kid,
            "alg": ALGORITHM,
            "use": "sig",
        }


@dataclass(frozen=True)
class KeyRing:
    keys: tuple[SigningKey, ...]

    @property
    def current(self) -> SigningKey:
        return self.keys[0]

    def by_kid(self, kid: str) -> SigningKey | None:
        return next((key for key in self.keys if key.kid == kid), None)

    def jwks(self) -> dict[str, Any]:
        return {"keys": [key.jwk() for key in self.keys]}


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def thumbprint(key: ec.EllipticCurvePrivateKey) -> str:
    numbers = key.public_key().public_numbers()
    members = {
        "crv": "P-256",
        "kty": "EC",
        "x": _b64(numbers.x.to_bytes(32, "big")),
        "y": _b64(numbers.y.to_bytes(32, "big")),
    }
    canonical = json.dumps(members, separators=(",", ":"), sort_keys=True).encode()
    return _b64(hashlib.sha256(canonical).digest())


def parse_keys(text: str) -> KeyRing:
    keys = []
    for block in PEM_BLOCK.findall(text):
        key = serialization.load_pem_private_key(block.encode(), password=None)
        if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
            raise SettingsError("TOKEN_SIGNING_KEYS must be P-256 (ES256) private keys")
        keys.append(SigningKey(kid=thumbprint(key), private_key=key))
    if not keys:
        raise SettingsError("TOKEN_SIGNING_KEYS holds no PEM private key")
    return KeyRing(keys=tuple(keys))


def generate_pem() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def key_ring(settings: Settings) -> KeyRing:
    return parse_keys(
        secret_or_generated(settings, settings.token_signing_keys, "TOKEN_SIGNING_KEYS", generate_pem)
    )
