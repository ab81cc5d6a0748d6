"""A fake Alipay OpenAPI gateway: it checks the app's RSA2 signature, Beijing-time timestamps and
(in certificate mode) the certificate SNs, and answers like Alipay: the raw ``*_response`` text,
``/`` escaped, signed with the fake's own Alipay key. Written from the protocol, not from our code."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl
from zoneinfo import ZoneInfo

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import padding as sym_padding
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

BEIJING = ZoneInfo("Asia/Shanghai")


def new_rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def sign(key: rsa.RSAPrivateKey, text: str) -> str:
    return base64.b64encode(key.sign(text.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()


def sn(cert: x509.Certificate) -> str:
    return hashlib.md5((cert.issuer.rfc4514_string() + str(cert.serial_number)).encode()).hexdigest()  # noqa: S324


@dataclass
class FakeAlipay:
    app_id: str
    app_public_key: rsa.RSAPublicKey
    alipay_key: rsa.RSAPrivateKey = field(default_factory=new_rsa_key)
    aes_key: bytes = field(default_factory=lambda: os.urandom(16))
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    auth_codes: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    # certificate mode: what requests must name, and the SN answers carry
    app_cert_sn: str | None = None
    root_cert_sn: str | None = None
    alipay_cert_sn: str | None = None
    # misbehaviour on demand
    tamper: bool = False
    forger_key: rsa.RSAPrivateKey | None = None
    received: list[dict[str, str]] = field(default_factory=list)

    def auth_code(self, open_id: str, user_id: str | None = None) -> str:
        code = secrets.token_hex(12)
        self.auth_codes[code] = (open_id, user_id)
        return code

    def phone_response(self, phone: str) -> str:
        """What my.getPhoneNumber hands the mini-program: AES-CBC (zero IV), signed as '"cipher"'."""
        plain = json.dumps({"code": "10000", "msg": "Success", "mobile": phone}).encode()
        padder = sym_padding.PKCS7(128).padder()
        encryptor = Cipher(algorithms.AES(self.aes_key), modes.CBC(bytes(16))).encryptor()
        cipher = encryptor.update(padder.update(plain) + padder.finalize()) + encryptor.finalize()
        text = base64.b64encode(cipher).decode()
        envelope = {"response": text, "sign": sign(self.alipay_key, f'"{text}"'), "sign_type": "RSA2"}
        return json.dumps({**envelope, "encrypt_type": "AES", "charset": "UTF-8"})

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/gateway.do", self._gateway, methods=["POST"])])

    async def _gateway(self, request: Request) -> Response:
        params = dict(parse_qsl((await request.body()).decode(), keep_blank_values=True))
        self.received.append(params)
        method = params.get("method", "")
        problem = self._check(params)
        if problem:
            return self._answer(
                "error_response", {"code": "40002", "msg": "Invalid Arguments", "sub_code": problem}
            )
        if method != "alipay.system.oauth.token":
            return self._answer("error_response", {"code": "40004", "sub_code": "isv.invalid-method"})
        code = params.get("code", "")
        if (
            params.get("grant_type") != "authorization_code"
            or code in self.used
            or code not in self.auth_codes
        ):
            body = {
                "code": "40002",
                "msg": "Invalid Arguments",
                "sub_code": "isv.code-invalid",
                "sub_msg": "授权码code无效",
            }
            return self._answer("error_response", body)
        self.used.add(code)
        open_id, user_id = self.auth_codes[code]
        token = {
            "open_id": open_id,
            "access_token": "authusrB" + secrets.token_hex(8),
            "expires_in": "1296000",
            "refresh_token": "authusrB" + secrets.token_hex(8),
            "re_expires_in": 2592000,
            "auth_start": self.now.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S"),
        }
        if user_id:
            token["user_id"] = user_id
        return self._answer("alipay_system_oauth_token_response", token)

    def _check(self, params: dict[str, str]) -> str | None:
        given = params.get("sign", "")
        text = "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k != "sign" and v != "")
        try:
            self.app_public_key.verify(
                base64.b64decode(given), text.encode(), padding.PKCS1v15(), hashes.SHA256()
            )
        except (InvalidSignature, ValueError):
            return "isv.invalid-signature"
        if params.get("app_id") != self.app_id or params.get("sign_type") != "RSA2":
            return "isv.invalid-app-id"
        stamp = datetime.strptime(params.get("timestamp", ""), "%Y-%m-%d %H:%M:%S").replace(tzinfo=BEIJING)
        if abs(stamp - self.now) > timedelta(minutes=10):
            return "isv.invalid-timestamp"
        if self.app_cert_sn and params.get("app_cert_sn") != self.app_cert_sn:
            return "isv.app-cert-not-exist"
        if self.root_cert_sn and params.get("alipay_root_cert_sn") != self.root_cert_sn:
            return "isv.invalid-alipay-root-cert-sn"
        return None

    def _answer(self, key: str, payload: dict[str, object]) -> Response:
        content = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).replace("/", "\\/")
        signature = sign(self.forger_key or self.alipay_key, content)
        if self.tamper:
            content = content.replace('"open_id":"', '"open_id":"x')
        cert = f',"alipay_cert_sn":"{self.alipay_cert_sn}"' if self.alipay_cert_sn else ""
        raw = f'{{"{key}":{content}{cert},"sign":"{signature}"}}'
        return Response(raw.encode(), media_type="text/html;charset=utf-8")
