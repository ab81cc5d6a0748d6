"""Tokens through the real HTTP interface: SMS login, me, rotation, reuse detection, logout, JWKS."""

from __future__ import annotations

import base64
import json

import jwt
import pytest
from strawberry.exceptions import ConnectionRejectionError

from luojiang.api.identity.auth import viewer_from_connection_init
from luojiang.core.identity.models import LoginSession, RefreshToken
from tests.identity.support import Api

ME = """{ me { id phone fullPhone: phone(full: true) assuranceLevel assuranceSource
  channelIdentities { channel } } }"""
REFRESH = """mutation($t: String!) { refreshSession(refreshToken: $t) {
  accessToken refreshToken errors { code } } }"""
LOGOUT = "mutation { logout { ok errors { code } } }"
LOGOUT_ALL = "mutation { logoutEverywhere { ok errors { code } } }"


async def test_sms_login_gives_a_person_at_l1_with_a_masked_phone(api: Api, new_phone: str) -> None:
    session = await api.login(new_phone)
    me = (await api(ME, token=session["accessToken"]))["data"]["me"]
    assert me["phone"] == f"{new_phone[:3]}****{new_phone[-4:]}"
    assert me["fullPhone"] == new_phone
    assert me["assuranceLevel"] == "L1"
    assert me["assuranceSource"] == "sms"
    assert me["channelIdentities"] == [{"channel": "app"}]
    assert session["me"]["id"] == me["id"]
    assert session["expiresIn"] == 600


async def test_the_same_phone_logs_into_the_same_account(api: Api, new_phone: str) -> None:
    first = await api.login(new_phone)
    second = await api.login(new_phone)
    assert first["me"]["id"] == second["me"]["id"]


async def test_me_without_or_with_a_bad_token_is_unauthenticated(api: Api, new_phone: str) -> None:
    anonymous = await api(ME)
    assert anonymous["data"] is None
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    token = (await api.login(new_phone))["accessToken"]
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["sub"] = "1"
    forged_payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    for forged in (
        f"{header}.{forged_payload}.{signature}",
        jwt.encode(
            claims, "guess" * 8, algorithm="HS256", headers={"kid": jwt.get_unverified_header(token)["kid"]}
        ),
        token + "x",
    ):
        body = await api(ME, token=forged)
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_the_access_token_verifies_with_the_published_jwks(api: Api, new_phone: str) -> None:
    token = (await api.login(new_phone))["accessToken"]
    keys = (await api.http.get("/.well-known/jwks.json")).json()["keys"]
    kid = jwt.get_unverified_header(token)["kid"]
    (jwk,) = [k for k in keys if k["kid"] == kid]
    claims = jwt.decode(token, jwt.PyJWK(jwk).key, algorithms=["ES256"], issuer="luojiang-gateway")
    assert claims["acr"] == 1
    assert new_phone not in token
    assert new_phone not in json.dumps(claims)


async def test_refresh_rotates_and_a_replayed_refresh_token_ends_the_family(api: Api, new_phone: str) -> None:
    first = await api.login(new_phone)
    second = (await api(REFRESH, {"t": first["refreshToken"]}))["data"]["refreshSession"]
    assert second["errors"] == []
    assert second["refreshToken"] != first["refreshToken"]
    assert "me" in (await api(ME, token=second["accessToken"]))["data"]

    replay = (await api(REFRESH, {"t": first["refreshToken"]}))["data"]["refreshSession"]
    assert replay == {"accessToken": None, "refreshToken": None, "errors": [{"code": "REFRESH_TOKEN_REUSED"}]}
    # the whole family is gone: the latest refresh token and the live access token with it
    after = (await api(REFRESH, {"t": second["refreshToken"]}))["data"]["refreshSession"]
    assert after["errors"] == [{"code": "SESSION_REVOKED"}]
    assert (await api(ME, token=second["accessToken"]))["errors"][0]["extensions"][
        "code"
    ] == "UNAUTHENTICATED"


async def test_an_unknown_refresh_token_changes_nothing(api: Api, new_phone: str) -> None:
    await api.login(new_phone)
    sessions, tokens = await LoginSession.all().count(), await RefreshToken.all().count()
    body = (await api(REFRESH, {"t": "not-a-token"}))["data"]["refreshSession"]
    assert body["errors"] == [{"code": "INVALID_REFRESH_TOKEN"}]
    assert (await LoginSession.all().count(), await RefreshToken.all().count()) == (sessions, tokens)


async def test_logout_ends_one_session_and_logout_everywhere_ends_all(api: Api, new_phone: str) -> None:
    phone_session = await api.login(new_phone)
    tablet_session = await api.login(new_phone)
    laptop_session = await api.login(new_phone)
    assert (await api(LOGOUT, token=phone_session["accessToken"]))["data"]["logout"] == {
        "ok": True,
        "errors": [],
    }
    assert "errors" in await api(ME, token=phone_session["accessToken"])
    refused = (await api(REFRESH, {"t": phone_session["refreshToken"]}))["data"]["refreshSession"]
    assert refused["errors"] == [{"code": "SESSION_REVOKED"}]
    assert (await api(ME, token=tablet_session["accessToken"]))["data"]["me"] is not None

    done = (await api(LOGOUT_ALL, token=tablet_session["accessToken"]))["data"]["logoutEverywhere"]
    assert done == {"ok": True, "errors": []}
    for session in (tablet_session, laptop_session):
        assert "errors" in await api(ME, token=session["accessToken"])
        refused = (await api(REFRESH, {"t": session["refreshToken"]}))["data"]["refreshSession"]
        assert refused["errors"] == [{"code": "SESSION_REVOKED"}]
    assert (await api.login(new_phone))["accessToken"]


async def test_revocation_holds_on_another_instance_sharing_redis(api: Api, new_phone: str) -> None:
    session = await api.login(new_phone)
    await api(LOGOUT, token=session["accessToken"])
    identity = api.services.identity
    # a second instance: its own token verifier, the same Redis
    other = type(identity.sessions)(
        access=identity.sessions.access,
        revocations=type(identity.sessions.revocations)(redis=api.services.redis, ttl_seconds=600),
        refresh_ttl=identity.sessions.refresh_ttl,
    )
    assert await other.authenticate(session["accessToken"]) is None


async def test_subscriptions_authenticate_on_connection_init(api: Api, new_phone: str) -> None:
    session = await api.login(new_phone)
    services = api.services
    principal = await viewer_from_connection_init(
        services, {"authorization": f"Bearer {session['accessToken']}"}
    )
    assert principal is not None
    assert (
        principal.session_id == jwt.decode(session["accessToken"], options={"verify_signature": False})["sid"]
    )
    assert await viewer_from_connection_init(services, {}) is None
    assert await viewer_from_connection_init(services, None) is None
    await api(LOGOUT, token=session["accessToken"])
    for dead in (f"Bearer {session['accessToken']}", "Bearer forged", "Basic x"):
        with pytest.raises(ConnectionRejectionError):
            await viewer_from_connection_init(services, {"authorization": dead})
