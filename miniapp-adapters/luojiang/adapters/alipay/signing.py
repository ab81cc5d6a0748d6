"""Alipay OpenAPI signing (RSA2 = SHA256withRSA, PKCS#1 v1.5), shared by login and payments.

Requests: sort every non-empty parameter except ``sign``, join ``k=v`` with ``&`` (raw values, not
URL-encoded), sign. Responses: the signature covers the raw text of the ``*_response`` value exactly
as received, so it is cut out of the body text, never re-serialised (ref/alipay.md 2.3-2.5).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

BEIJING = ZoneInfo("Asia/Shanghai")
RSA_SIGNATURE_OIDS = "1.2.840.113549.1.1."


def beijing_timestamp(now: datetime) -> str:
    """``yyyy-MM-dd HH:mm:ss`` in Beijing time, whatever the host's time zone."""
    return now.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")


def content_to_sign(params: Mapping[str, str]) -> str:
    return "&".join(f"{k}={params[k]}" for k in sorted(params) if k != "sign" and params[k] not in ("", None))


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


def _der(text: str) -> bytes | None:
    stripped = text.strip()
    return None if stripped.startswith("-----") else base64.b64decode("".join(stripped.split()))


def load_private_key(text: str) -> rsa.RSAPrivateKey:
    """PEM (PKCS#1 or PKCS#8) or the key tool's one-line base64."""
    der = _der(text)
    key = (
        serialization.load_pem_private_key(text.strip().encode(), None)
        if der is None
        else serialization.load_der_private_key(der, None)
    )
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("the Alipay app key must be an RSA private key")
    return key


def load_public_key(text: str) -> rsa.RSAPublicKey:
    der = _der(text)
    key = (
        serialization.load_pem_public_key(text.strip().encode())
        if der is None
        else serialization.load_der_public_key(der)
    )
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError("the Alipay public key must be an RSA public key")
    return key


def cert_sn(cert: x509.Certificate) -> str:
    """md5(issuer DN in RFC 4514 order + decimal serial number), as Alipay computes it."""
    return hashlib.md5(  # noqa: S324 -- Alipay's identifier, not a security hash
        (cert.issuer.rfc4514_string() + str(cert.serial_number)).encode()
    ).hexdigest()


def root_cert_sn(bundle: list[x509.Certificate]) -> str:
    """The RSA roots of the bundle (EC/SM2 roots are skipped), joined with ``_``."""
    return "_".join(
        cert_sn(c) for c in bundle if c.signature_algorithm_oid.dotted_string.startswith(RSA_SIGNATURE_OIDS)
    )


@dataclass(frozen=True)
class SignedResponse:
    content: str
    sign: str | None
    cert_sn: str | None

    def payload(self) -> dict[str, object]:
        data = json.loads(self.content)
        return data if isinstance(data, dict) else {}


def signed_part(raw: str, method: str) -> SignedResponse | None:
    """The raw text of ``<method>_response`` (or ``error_response``) and the sign beside it."""
    for key in (method.replace(".", "_") + "_response", "error_response"):
        marker = raw.find(f'"{key}"')
        if marker < 0:
            continue
        start = raw.index(":", marker + len(key) + 2) + 1
        while raw[start] in " \t\r\n":
            start += 1
        try:
            _, end = json.JSONDecoder().raw_decode(raw, start)
            whole = json.loads(raw)
        except (ValueError, IndexError):
            return None
        sign, sn = whole.get("sign"), whole.get("alipay_cert_sn")
        return SignedResponse(
            raw[start:end], sign if isinstance(sign, str) else None, sn if isinstance(sn, str) else None
        )
    return None
