"""Alipay OpenAPI v2 RSA2 (SHA256withRSA, PKCS#1 v1.5) signing, ref/alipay.md 2.3 and 2.4.

Requests: every non-empty parameter except ``sign``, sorted by name, joined as ``k=v`` with ``&``,
values raw (not URL-encoded). Responses: the signature covers the raw JSON text of the
``<method>_response`` value, byte for byte as received, so it is cut out of the body, never
re-serialised. (The identity area may bring its own copy in adapters/alipay/signing.py; the lead
keeps one.)
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa


def load_private_key(pem_or_base64: str) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(_pem(pem_or_base64, "PRIVATE KEY"), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("the Alipay app key must be an RSA key")
    return key


def load_public_key(pem_or_base64: str) -> rsa.RSAPublicKey:
    key = serialization.load_pem_public_key(_pem(pem_or_base64, "PUBLIC KEY"))
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError("the Alipay public key must be an RSA key")
    return key


def _pem(text: str, label: str) -> bytes:
    # the key tool hands out one-line base64; PEM files work as they are
    stripped = text.strip()
    if stripped.startswith("-----BEGIN"):
        return stripped.encode("ascii")
    return f"-----BEGIN {label}-----\n{stripped}\n-----END {label}-----\n".encode("ascii")


def string_to_sign(params: Mapping[str, str]) -> str:
    return "&".join(f"{k}={params[k]}" for k in sorted(params) if k != "sign" and params[k] != "")


def sign(message: str, key: rsa.RSAPrivateKey) -> str:
    signature = key.sign(message.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(signature).decode("ascii")


def verify(message: str, signature: str, key: rsa.RSAPublicKey) -> bool:
    try:
        key.verify(base64.b64decode(signature), message.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError):
        return False
    return True


def signed_part(body: str, method: str) -> tuple[str, str | None] | None:
    """The raw text of ``<method>_response`` (or ``error_response``) and the body's ``sign``.

    ``raw_decode`` finds the end of the object exactly, whatever braces its strings contain.
    """
    decoder = json.JSONDecoder()
    for name in (method.replace(".", "_") + "_response", "error_response"):
        start = body.find(f'"{name}"')
        if start < 0:
            continue
        index = body.index(":", start + len(name) + 2) + 1
        while body[index].isspace():
            index += 1
        _, end = decoder.raw_decode(body, index)
        signature = json.loads(body).get("sign")
        return body[index:end], signature if isinstance(signature, str) else None
    return None
