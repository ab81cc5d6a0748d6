"""The signature algorithms a department's licence key may use: Ed25519 (the default) or SM2.

Each key records its algorithm, so a deployment can move departments to the national algorithm
(``LICENCE_SIGNATURE_ALGORITHM=SM2``, then ``luojiang rotate-licence-key``) while licences signed
with the older keys keep verifying. Keys and signatures are kept as base64url of their raw bytes.

- **EdDSA**: Ed25519 (RFC 8032) with ``cryptography``; raw 32-byte keys, 64-byte signatures.
- **SM2**: GB/T 32918.2 signatures over e = SM3(Z || M), Z computed with the default
  distinguishing identifier ``1234567812345678`` (GM/T 0009), with ``snowland-smx`` (``pysmx``,
  the maintained implementation; ``cryptography`` has SM3 but no SM2). The public key is the raw
  point x || y (64 bytes), the private key the 32-byte scalar, a signature r || s (64 bytes). The
  nonce comes from ``secrets``: the library takes it from its caller.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from typing import Literal, Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pysmx.SM2 import Sign as sm2_sign
from pysmx.SM2 import Verify as sm2_verify
from pysmx.SM2 import generate_keypair as sm2_keypair

AlgorithmName = Literal["EdDSA", "SM2"]
SM2_DEFAULT_ID = b"1234567812345678"
# the order n of the SM2 curve (GB/T 32918.5): the signing nonce is drawn from [1, n - 1]
SM2_ORDER = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class KeyPair:
    public_key: str  # base64url of the raw public key
    private_key: str  # base64url of the raw private key (the caller encrypts it at rest)


class Verifier(Protocol):
    def __call__(self, signature: bytes, message: bytes) -> bool: ...


class SignatureAlgorithm(Protocol):
    name: AlgorithmName

    def generate(self) -> KeyPair: ...

    def sign(self, private_key: str, message: bytes) -> bytes: ...

    def verifier(self, public_key: str) -> Verifier: ...

    def jwk(self, public_key: str) -> dict[str, str]:
        """The public key's JWK members that RFC 7638 thumbprints (kty, crv and the point)."""
        ...


class Ed25519:
    name: AlgorithmName = "EdDSA"

    def generate(self) -> KeyPair:
        private = Ed25519PrivateKey.generate()
        raw_private = private.private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        )
        raw_public = private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return KeyPair(public_key=b64(raw_public), private_key=b64(raw_private))

    def sign(self, private_key: str, message: bytes) -> bytes:
        return Ed25519PrivateKey.from_private_bytes(unb64(private_key)).sign(message)

    def verifier(self, public_key: str) -> Verifier:
        public = Ed25519PublicKey.from_public_bytes(unb64(public_key))

        def verify(signature: bytes, message: bytes) -> bool:
            try:
                public.verify(signature, message)
            except InvalidSignature:
                return False
            return True

        return verify

    def jwk(self, public_key: str) -> dict[str, str]:
        return {"kty": "OKP", "crv": "Ed25519", "x": public_key}


class SM2:
    name: AlgorithmName = "SM2"

    def generate(self) -> KeyPair:
        pair = sm2_keypair()
        return KeyPair(public_key=b64(pair.publicKey), private_key=b64(pair.privateKey))

    def sign(self, private_key: str, message: bytes) -> bytes:
        nonce = secrets.randbelow(SM2_ORDER - 1) + 1
        signature: bytes = sm2_sign(message, unb64(private_key), f"{nonce:064x}", 64, uid=SM2_DEFAULT_ID)
        return signature

    def verifier(self, public_key: str) -> Verifier:
        point = unb64(public_key)
        if len(point) != 64:
            raise ValueError("an SM2 public key is the 64-byte point x || y")

        def verify(signature: bytes, message: bytes) -> bool:
            if len(signature) != 64:
                return False
            return bool(sm2_verify(signature, message, point, 64, uid=SM2_DEFAULT_ID))

        return verify

    def jwk(self, public_key: str) -> dict[str, str]:
        point = unb64(public_key)
        return {"kty": "EC", "crv": "SM2", "x": b64(point[:32]), "y": b64(point[32:])}


ALGORITHMS: dict[str, SignatureAlgorithm] = {"EdDSA": Ed25519(), "SM2": SM2()}


def algorithm(name: str) -> SignatureAlgorithm:
    try:
        return ALGORITHMS[name]
    except KeyError:
        raise ValueError(f"unknown licence signature algorithm {name!r}") from None
