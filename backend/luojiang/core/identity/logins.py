"""Channel logins: each platform's verified answer becomes :class:`VerifiedClaims`, then a session."""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass
from typing import TypeVar

from luojiang.core.identity.accounts import Accounts, VerifiedClaims
from luojiang.core.identity.errors import IdentityErrorCode, identity_error
from luojiang.core.identity.grants import Grants
from luojiang.core.identity.otp import OneTimeCodes
from luojiang.core.identity.ports import LoginPorts, LoginRejected, PlatformUnavailable
from luojiang.core.identity.principal import Assurance
from luojiang.core.identity.sessions import Sessions, TokenPair
from luojiang.core.security import validation

T = TypeVar("T")

WECHAT = "wechat"
ALIPAY = "alipay"
TIANFU = "tianfu"
APP = "app"


async def _platform(call: Awaitable[T]) -> T:
    try:
        return await call
    except LoginRejected as rejected:
        raise identity_error(rejected.code, rejected.message) from rejected
    except PlatformUnavailable as exc:
        raise identity_error(
            IdentityErrorCode.PLATFORM_UNAVAILABLE, "The platform did not answer; please try again."
        ) from exc


def _not_configured(channel: str) -> Exception:
    return identity_error(IdentityErrorCode.CHANNEL_NOT_CONFIGURED, f"Login through {channel} is not set up.")


@dataclass(frozen=True)
class Logins:
    ports: LoginPorts
    accounts: Accounts
    sessions: Sessions
    codes: OneTimeCodes | None
    grants: Grants

    async def wechat(self, js_code: str, phone_code: str | None) -> TokenPair:
        port = self.ports.wechat
        if port is None:
            raise _not_configured(WECHAT)
        user = await _platform(port.session(js_code))
        phone = await _platform(port.phone_number(phone_code, user.openid)) if phone_code else None
        claims = VerifiedClaims(
            channel=WECHAT,
            app_id=port.app_id,
            subject=user.openid,
            union_id=user.unionid,
            phone=phone,
            assurance=Assurance.L1 if phone else Assurance.NONE,
            source="wechat-phone",
        )
        return await self._start(claims)

    async def alipay(self, auth_code: str, encrypted_phone: str | None) -> TokenPair:
        port = self.ports.alipay
        if port is None:
            raise _not_configured(ALIPAY)
        user = await _platform(port.user(auth_code))
        phone = None
        if encrypted_phone:
            try:
                phone = port.phone_number(encrypted_phone)
            except LoginRejected as rejected:
                raise identity_error(rejected.code, rejected.message, "encryptedPhone") from rejected
        claims = VerifiedClaims(
            channel=ALIPAY,
            app_id=port.app_id,
            subject=user.open_id,
            union_id=user.union_id,
            legacy_user_id=user.user_id,
            phone=phone,
            assurance=Assurance.L1 if phone else Assurance.NONE,
            source="alipay-phone",
        )
        return await self._start(claims)

    async def tianfu(self, ticket: str) -> TokenPair:
        port = self.ports.tianfu
        if port is None:
            raise _not_configured(TIANFU)
        user = await _platform(port.exchange(ticket))
        id_number = validation.resident_id(user.id_number) if user.id_number else None
        phone = validation.mobile_phone(user.phone) if user.phone else None
        # checked before anything is written: a legal-person ticket with a bad code logs nobody in
        credit_code = validation.credit_code(user.enterprise.credit_code) if user.enterprise else None
        level = user.assurance
        if level >= Assurance.L2 and not (id_number and user.name):
            level = Assurance.L1 if phone else Assurance.NONE  # L2 means name and ID were verified
        claims = VerifiedClaims(
            channel=TIANFU,
            app_id=port.app_id,
            subject=user.user_id,
            phone=phone,
            name=user.name if id_number else None,
            id_number=id_number,
            assurance=min(level, Assurance.L2),  # face verification is recorded only by our own L3 flow
            source="tianfu",
        )
        person = await self.accounts.sign_in(claims)
        if user.enterprise is not None and credit_code and claims.assurance >= Assurance.L2:
            # a legal-person ticket of a person whose name and ID the platform checked: they act
            # for the enterprise as its representative (never one who only has a phone number)
            await self.grants.represent(TIANFU, person, credit_code, user.enterprise.name)
        return await self.sessions.start(person, claims.channel)

    async def request_sms_code(self, phone: str, client_ip: str) -> None:
        if self.codes is None:
            raise _not_configured("SMS")
        await self.codes.send(validation.mobile_phone(phone), client_ip)

    async def sms(self, phone: str, code: str) -> TokenPair:
        if self.codes is None:
            raise _not_configured("SMS")
        number = validation.mobile_phone(phone)
        await self.codes.check(number, code)
        claims = VerifiedClaims(
            channel=APP,
            app_id=APP,
            subject=self.accounts.personal.phone_hash(number),
            phone=number,
            assurance=Assurance.L1,
            source="sms",
        )
        return await self._start(claims)

    async def _start(self, claims: VerifiedClaims) -> TokenPair:
        person = await self.accounts.sign_in(claims)
        return await self.sessions.start(person, claims.channel)
