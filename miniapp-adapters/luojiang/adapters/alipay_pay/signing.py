"""RSA2 (SHA256withRSA, PKCS#1 v1.5) over Alipay's sorted ``k=v&...`` strings (ref/alipay.md 2.3,
3.2), on ``cryptography``. Kept here until the identity area's ``adapters/alipay/signing.py``
is on main; then the two are merged."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Mapping

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa


def load_private_key(text: str) -> rsa.RSAPrivateKey:
    """PEM (PKCS#1 or PKCS#8) or the key tool's one-line base64 of PKCS#8 DER."""
    data = text.strip().encode()
    key = (
        serialization.load_pem_private_key(data, password=None)
        if data.startswith(b"-----")
        else serialization.load_der_private_key(base64.b64decode(data), password=None)
    )
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("an RSA private key is needed for RSA2")
    return key


def load_public_key(text: str) -> rsa.RSAPublicKey:
    data = text.strip().encode()
    key = (
        serialization.load_pem_public_key(data)
        if data.startswith(b"-----")
        else serialization.load_der_public_key(base64.b64decode(data))
    )
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError("an RSA public key is needed for RSA2")
    return key


def content_to_sign(params: Mapping[str, str], leave_out: Iterable[str]) -> str:
    """Every non-empty parameter but those left out, sorted by key, joined raw (not URL-encoded)."""
    skipped = set(leave_out)
    return "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k not in skipped and v != "")


def rsa2_sign(key: rsa.RSAPrivateKey, content: str) -> str:
    return base64.b64encode(key.sign(content.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()


def rsa2_verify(key: rsa.RSAPublicKey, content: str, signature: str) -> bool:
    try:
        key.verify(
            base64.b64decode(signature, validate=True), content.encode(), padding.PKCS1v15(), hashes.SHA256()
        )
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True
