"""The Alipay key material: public-key mode or public-key-certificate mode (ref/alipay.md 2.5)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import rsa

from luojiang.adapters.alipay.signing import cert_sn, load_public_key, root_cert_sn
from luojiang.core.settings import SettingsError


@dataclass(frozen=True)
class AlipayKeys:
    app_private_key: rsa.RSAPrivateKey
    alipay_public_key: rsa.RSAPublicKey
    # certificate mode only: sent with every request, and the SN responses must name
    app_cert_sn: str | None = None
    alipay_root_cert_sn: str | None = None
    alipay_cert_sn: str | None = None

    @property
    def certificate_mode(self) -> bool:
        return self.app_cert_sn is not None


def key_mode(app_private_key: rsa.RSAPrivateKey, alipay_public_key_text: str) -> AlipayKeys:
    return AlipayKeys(
        app_private_key=app_private_key, alipay_public_key=load_public_key(alipay_public_key_text)
    )


def certificate_mode(
    app_private_key: rsa.RSAPrivateKey, app_cert_pem: bytes, alipay_cert_pem: bytes, root_bundle_pem: bytes
) -> AlipayKeys:
    app_cert = x509.load_pem_x509_certificate(app_cert_pem)
    chain = x509.load_pem_x509_certificates(alipay_cert_pem)  # leaf first, then intermediates
    alipay_cert = chain[0]
    roots = x509.load_pem_x509_certificates(root_bundle_pem)
    if not _chains_to_a_root(chain, roots):
        raise SettingsError("the Alipay certificate does not chain to a root in ALIPAY_ROOT_CERT_PATH")
    public_key = alipay_cert.public_key()
    if not isinstance(public_key, rsa.RSAPublicKey):
        raise SettingsError("the Alipay certificate must carry an RSA key")
    return AlipayKeys(
        app_private_key=app_private_key,
        alipay_public_key=public_key,
        app_cert_sn=cert_sn(app_cert),
        alipay_root_cert_sn=root_cert_sn(roots),
        alipay_cert_sn=cert_sn(alipay_cert),
    )


def _issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _chains_to_a_root(chain: list[x509.Certificate], roots: list[x509.Certificate]) -> bool:
    current, remaining = chain[0], list(chain[1:])
    while True:
        if any(_issued_by(current, root) for root in roots):
            return True
        issuer = next((c for c in remaining if _issued_by(current, c)), None)
        if issuer is None:
            return False
        remaining.remove(issuer)
        current = issuer


def certificate_mode_from_files(
    app_private_key: rsa.RSAPrivateKey, app: str, alipay: str, root: str
) -> AlipayKeys:
    return certificate_mode(
        app_private_key, Path(app).read_bytes(), Path(alipay).read_bytes(), Path(root).read_bytes()
    )
