"""Alipay mini-program login against the fake gateway: RSA2 both ways, Beijing timestamps, the
open_id scheme, phone decryption, certificate mode; forged and tampered answers change nothing."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from luojiang.adapters.alipay.gateway import AlipayGateway
from luojiang.adapters.alipay.keys import AlipayKeys, certificate_mode, key_mode
from luojiang.adapters.alipay.login import AlipayMiniProgramLogin
from luojiang.adapters.alipay.signing import cert_sn, content_to_sign
from luojiang.core.identity.models import ChannelIdentity, Person
from luojiang.core.identity.ports import LoginRejected, PlatformUnavailable
from luojiang.core.settings import SettingsError
from tests.fakes import certs
from tests.fakes.alipay_oauth import FakeAlipay, new_rsa_key
from tests.fakes.routing import FakeHosts
from tests.identity.platforms import ALIPAY_APPID, Channels

LOGIN = """mutation($code: String!, $phone: String) {
  loginWithAlipay(authCode: $code, encryptedPhone: $phone) {
  accessToken errors { code field } me { id phone assuranceLevel channelIdentities { channel } } } }"""

_open_ids = itertools.count(1)


def _open_id() -> str:
    return f"074a1CcTG1Lel{next(_open_ids):08d}"


async def _counts() -> tuple[int, int]:
    return await Person.all().count(), await ChannelIdentity.all().count()


async def _login(channels: Channels, code: str, phone: str | None = None) -> dict:  # type: ignore[type-arg]
    payload: dict = (await channels.api(LOGIN, {"code": code, "phone": phone}))["data"]["loginWithAlipay"]  # type: ignore[type-arg]
    return payload


async def test_open_id_login_with_a_decrypted_phone_number(channels: Channels, new_phone: str) -> None:
    open_id = _open_id()
    payload = await _login(
        channels, channels.alipay.auth_code(open_id), channels.alipay.phone_response(new_phone)
    )
    assert payload["errors"] == []
    assert payload["me"]["phone"] == f"{new_phone[:3]}****{new_phone[-4:]}"
    assert payload["me"]["assuranceLevel"] == "L1"
    identity = await ChannelIdentity.get(channel="alipay", subject=open_id)
    assert (identity.app_id, identity.legacy_user_id) == (ALIPAY_APPID, None)
    request = channels.alipay.received[-1]
    assert (request["method"], request["grant_type"], "biz_content" in request) == (
        "alipay.system.oauth.token",
        "authorization_code",
        False,
    )


async def test_a_legacy_user_id_is_kept_where_alipay_still_sends_one(channels: Channels) -> None:
    open_id = _open_id()
    assert (await _login(channels, channels.alipay.auth_code(open_id, user_id="2088000000000001")))[
        "errors"
    ] == []
    assert (await ChannelIdentity.get(channel="alipay", subject=open_id)).legacy_user_id == "2088000000000001"


async def test_reused_codes_tampered_and_forged_answers_are_refused(channels: Channels) -> None:
    fake = channels.alipay
    used = fake.auth_code(_open_id())
    await _login(channels, used)
    before = await _counts()
    assert (await _login(channels, used))["errors"] == [{"code": "INVALID_CODE", "field": None}]
    fake.tamper = True
    try:
        assert (await _login(channels, fake.auth_code(_open_id())))["errors"][0][
            "code"
        ] == "SIGNATURE_INVALID"
    finally:
        fake.tamper = False
    fake.forger_key = new_rsa_key()
    try:
        assert (await _login(channels, fake.auth_code(_open_id())))["errors"][0][
            "code"
        ] == "SIGNATURE_INVALID"
    finally:
        fake.forger_key = None
    assert await _counts() == before


async def test_a_tampered_or_forged_phone_response_is_refused(channels: Channels, new_phone: str) -> None:
    fake = channels.alipay
    genuine = json.loads(fake.phone_response(new_phone))
    other = json.loads(fake.phone_response("137" + new_phone[3:]))
    swapped = json.dumps({**genuine, "response": other["response"]})
    forged = FakeAlipay(app_id=ALIPAY_APPID, app_public_key=new_rsa_key().public_key(), aes_key=fake.aes_key)
    before = await _counts()
    for bad in (swapped, forged.phone_response(new_phone), "not json"):
        payload = await _login(channels, fake.auth_code(_open_id()), bad)
        assert payload["errors"] == [{"code": "SIGNATURE_INVALID", "field": "encryptedPhone"}]
    assert await _counts() == before


def _gateway(fake: FakeAlipay, **keys: object) -> AlipayGateway:
    http = httpx.AsyncClient(transport=FakeHosts({"openapi.alipay.com": fake.app()}))
    return AlipayGateway(
        http=http, gateway_url="https://openapi.alipay.com/gateway.do", app_id=ALIPAY_APPID, **keys
    )  # type: ignore[arg-type]


def key_mode_from(app_key: rsa.RSAPrivateKey, fake: FakeAlipay) -> AlipayKeys:
    """Key mode with the fake's Alipay public key in PEM form (the one-line form is tested by the app)."""
    public = fake.alipay_key.public_key()
    pem = public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return key_mode(app_key, pem.decode())


async def test_timestamps_are_beijing_time_on_a_utc_host() -> None:
    app_key = new_rsa_key()
    keys = key_mode_from(app_key, FakeAlipay(app_id=ALIPAY_APPID, app_public_key=app_key.public_key()))
    half_past_midnight_in_beijing = datetime(2026, 11, 27, 16, 30, 5, tzinfo=UTC)
    gateway = AlipayGateway(
        http=httpx.AsyncClient(),
        gateway_url="-",
        app_id=ALIPAY_APPID,
        keys=keys,
        clock=lambda: half_past_midnight_in_beijing,
    )
    params = gateway.signed_params("alipay.system.oauth.token", code="c")
    assert params["timestamp"] == "2026-11-28 00:30:05"
    assert content_to_sign(params) == (
        "app_id=2021005106040001&charset=utf-8&code=c&format=JSON&method=alipay.system.oauth.token"
        "&sign_type=RSA2&timestamp=2026-11-28 00:30:05&version=1.0"
    )


async def test_a_request_signed_with_the_wrong_app_key_is_refused_by_alipay() -> None:
    fake = FakeAlipay(app_id=ALIPAY_APPID, app_public_key=new_rsa_key().public_key())
    login = AlipayMiniProgramLogin(
        gateway=_gateway(fake, keys=key_mode_from(new_rsa_key(), fake)), aes_key=fake.aes_key
    )
    with pytest.raises(PlatformUnavailable):
        await login.user(fake.auth_code(_open_id()))
    assert fake.used == set()


async def test_certificate_mode_sends_the_sns_and_checks_the_answers_certificate() -> None:
    root_key, alipay_key, app_key = new_rsa_key(), new_rsa_key(), new_rsa_key()
    root = certs.root(root_key)
    alipay_cert = certs.issue("Alipay Test", alipay_key, root.subject, root_key, ca=False)
    app_cert = certs.issue(ALIPAY_APPID, app_key, root.subject, root_key, ca=False)
    keys = certificate_mode(app_key, certs.pem(app_cert), certs.pem(alipay_cert), certs.pem(root))
    fake = FakeAlipay(
        app_id=ALIPAY_APPID,
        app_public_key=app_key.public_key(),
        alipay_key=alipay_key,
        app_cert_sn=cert_sn(app_cert),
        root_cert_sn=cert_sn(root),
        alipay_cert_sn=cert_sn(alipay_cert),
    )
    login = AlipayMiniProgramLogin(gateway=_gateway(fake, keys=keys), aes_key=fake.aes_key)
    open_id = _open_id()
    assert (await login.user(fake.auth_code(open_id))).open_id == open_id
    fake.alipay_cert_sn = "0" * 32  # Alipay rotated its certificate: unknown until downloaded and checked
    with pytest.raises(LoginRejected) as refused:
        await login.user(fake.auth_code(_open_id()))
    assert refused.value.code == "SIGNATURE_INVALID"


def test_an_alipay_certificate_that_does_not_chain_to_the_roots_is_refused_at_start_up() -> None:
    root_key, other_root_key, alipay_key, app_key = new_rsa_key(), new_rsa_key(), new_rsa_key(), new_rsa_key()
    root, other_root = certs.root(root_key), certs.root(other_root_key)
    intermediate_key = new_rsa_key()
    intermediate = certs.issue("Alipay CA", intermediate_key, root.subject, root_key, ca=True)
    leaf = certs.issue("Alipay Test", alipay_key, intermediate.subject, intermediate_key, ca=False)
    app_cert = certs.issue(ALIPAY_APPID, app_key, root.subject, root_key, ca=False)
    keys = certificate_mode(app_key, certs.pem(app_cert), certs.pem(leaf, intermediate), certs.pem(root))
    assert keys.alipay_cert_sn == cert_sn(leaf)
    with pytest.raises(SettingsError, match="does not chain"):
        certificate_mode(app_key, certs.pem(app_cert), certs.pem(leaf, intermediate), certs.pem(other_root))
