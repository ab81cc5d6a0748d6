"""Alipay mini-program login: ``alipay.system.oauth.token`` (open_id scheme) and the phone number
from ``my.getPhoneNumber`` (signature over the quoted ciphertext, then AES-CBC with a zero IV)."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from luojiang.adapters.alipay.gateway import AlipayGateway, ForgedResponse, GatewayUnreachable
from luojiang.adapters.alipay.signing import rsa2_verify
from luojiang.core.errors import DomainError
from luojiang.core.identity.errors import IdentityErrorCode
from luojiang.core.identity.ports import AlipayUser, LoginRejected, PlatformUnavailable
from luojiang.core.security.validation import mobile_phone

OAUTH = "alipay.system.oauth.token"
CODE_REFUSED = frozenset({"isv.code-invalid", "isv.code-expired", "isv.invalid-auth-code"})


@dataclass
class AlipayMiniProgramLogin:
    gateway: AlipayGateway
    aes_key: bytes

    @property
    def app_id(self) -> str:
        return self.gateway.app_id

    async def user(self, auth_code: str) -> AlipayUser:
        try:
            data = await self.gateway.call(OAUTH, grant_type="authorization_code", code=auth_code)
        except GatewayUnreachable as exc:
            raise PlatformUnavailable(str(exc)) from exc
        except ForgedResponse as exc:
            raise _forged(exc) from exc
        sub_code = str(data.get("sub_code") or "")
        if sub_code in CODE_REFUSED:
            raise LoginRejected(
                IdentityErrorCode.INVALID_CODE, "The Alipay auth code is invalid, used or expired."
            )
        if sub_code or data.get("unsigned"):
            raise PlatformUnavailable(f"Alipay oauth.token refused: {sub_code or data.get('code')}")
        open_id, user_id = data.get("open_id"), data.get("user_id")
        subject = open_id or user_id  # apps rolled back to the user_id scheme get no open_id
        if not subject:
            raise PlatformUnavailable("Alipay oauth.token returned no user")
        return AlipayUser(
            open_id=str(subject), user_id=str(user_id) if user_id else None, union_id=data.get("union_id")
        )

    def phone_number(self, encrypted_response: str) -> str:
        try:
            return self._phone_number(encrypted_response)
        except ForgedResponse as exc:
            raise _forged(exc) from exc

    def _phone_number(self, encrypted_response: str) -> str:
        try:
            envelope = json.loads(encrypted_response)
            ciphertext, sign = str(envelope["response"]), str(envelope["sign"])
        except (ValueError, KeyError, TypeError) as exc:
            raise ForgedResponse("not a my.getPhoneNumber response") from exc
        if envelope.get("sign_type", "RSA2") != "RSA2" or ciphertext.startswith("{"):
            raise ForgedResponse("unencrypted or not RSA2")
        if not rsa2_verify(self.gateway.keys.alipay_public_key, f'"{ciphertext}"', sign):
            raise ForgedResponse("bad signature")
        plain = json.loads(self._decrypt(ciphertext))
        if plain.get("code") != "10000" or not plain.get("mobile"):
            raise LoginRejected(IdentityErrorCode.INVALID_PHONE, "Alipay returned no phone number.")
        try:
            return mobile_phone(str(plain["mobile"]))
        except DomainError as exc:
            raise LoginRejected(
                IdentityErrorCode.INVALID_PHONE, "Alipay returned no mainland number."
            ) from exc

    def _decrypt(self, ciphertext: str) -> bytes:
        try:
            decryptor = Cipher(algorithms.AES(self.aes_key), modes.CBC(bytes(16))).decryptor()
            padded = decryptor.update(base64.b64decode(ciphertext)) + decryptor.finalize()
            unpadder = padding.PKCS7(128).unpadder()
            return unpadder.update(padded) + unpadder.finalize()
        except (ValueError, binascii.Error) as exc:
            raise ForgedResponse("undecryptable") from exc


def _forged(exc: ForgedResponse) -> LoginRejected:
    return LoginRejected(IdentityErrorCode.SIGNATURE_INVALID, str(exc))
