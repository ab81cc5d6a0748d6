"""What the identity area needs from outside platforms; adapters in ``luojiang.adapters`` implement it.

Adapters return only what the platform verified. A terminal refusal (bad, used or expired code,
blocked user, forged signature, wrong app) is :class:`LoginRejected` with our error code; a
platform that is down or busy is :class:`PlatformUnavailable`, which the caller may retry later.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from luojiang.core.identity.errors import IdentityErrorCode
from luojiang.core.identity.principal import Assurance


class LoginRejected(Exception):
    def __init__(self, code: IdentityErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class PlatformUnavailable(Exception):
    """Retryable: the platform is down, rate-limits us or answered with a system error."""


@dataclass(frozen=True)
class WeChatUser:
    openid: str
    unionid: str | None


@dataclass(frozen=True)
class AlipayUser:
    open_id: str
    user_id: str | None
    union_id: str | None


@dataclass(frozen=True)
class TianfuUser:
    """What the provincial identity platform vouches for (see adapters/tianfu/CONTRACT.md)."""

    user_id: str
    assurance: Assurance
    name: str | None
    id_number: str | None
    phone: str | None
    # a legal-person ticket: the enterprise the person logged in for
    enterprise: TianfuEnterprise | None = None


@dataclass(frozen=True)
class TianfuEnterprise:
    credit_code: str  # 统一社会信用代码, as the platform sent it (checked by the core)
    name: str


class WeChatLogin(Protocol):
    @property
    def app_id(self) -> str: ...

    async def session(self, js_code: str) -> WeChatUser:
        """jscode2session; the session_key stays inside the adapter."""
        ...

    async def phone_number(self, phone_code: str, openid: str) -> str:
        """getuserphonenumber; the watermark appid is checked. The pure 11-digit number."""
        ...


class AlipayLogin(Protocol):
    @property
    def app_id(self) -> str: ...

    async def user(self, auth_code: str) -> AlipayUser:
        """alipay.system.oauth.token with a verified response signature."""
        ...

    def phone_number(self, encrypted_response: str) -> str:
        """my.getPhoneNumber's ``response``: signature checked, then decrypted."""
        ...


class TianfuSso(Protocol):
    @property
    def app_id(self) -> str: ...

    async def exchange(self, ticket: str) -> TianfuUser: ...


class SmsSender(Protocol):
    async def send_login_code(self, phone: str, code: str) -> None: ...


@dataclass(frozen=True)
class LoginPorts:
    wechat: WeChatLogin | None = None
    alipay: AlipayLogin | None = None
    tianfu: TianfuSso | None = None
    sms: SmsSender | None = None
