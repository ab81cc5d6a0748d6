"""The logs of full login flows on every channel carry no phone number, ID number, name, code or
token (DESIGN 2.2): every record any logger emits at any level is captured and searched."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from tests.identity.platforms import Channels
from tests.identity.test_tianfu_login import citizen, new_id_number

REFRESH = (
    "mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken errors { code } } }"
)
ME = "{ me { phone(full: true) idNumber(full: true) name(full: true) } }"
SMS = "mutation($p: String!, $c: String!) { loginWithSms(phone: $p, code: $c) { accessToken refreshToken } }"
WECHAT = """mutation($c: String!, $p: String) {
  loginWithWechat(code: $c, phoneCode: $p) { accessToken refreshToken } }"""
ALIPAY = (
    "mutation($c: String!, $p: String) { loginWithAlipay(authCode: $c, encryptedPhone: $p) { accessToken } }"
)
TIANFU = "mutation($t: String!) { loginWithTianfu(ticket: $t) { accessToken refreshToken errors { code } } }"


class Everything(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = self.format(record)
        self.lines.append(f"{text} {record.__dict__}")


@pytest.fixture
def captured() -> Iterator[Everything]:
    handler = Everything()
    root = logging.getLogger()
    previous = root.level
    root.setLevel(logging.DEBUG)
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)


async def test_no_personal_data_or_secret_in_any_log_line(
    channels: Channels, captured: Everything, new_phone: str
) -> None:
    api, secrets = channels.api, [new_phone]
    await api("mutation($p: String!) { requestSmsCode(phone: $p) { ok } }", {"p": new_phone})
    code = api.last_code(new_phone)
    sms = (await api(SMS, {"p": new_phone, "c": code}))["data"]["loginWithSms"]
    secrets += [code, sms["accessToken"], sms["refreshToken"]]

    wechat_code = channels.wechat.login_code("oWx-logs-1")
    phone_code = channels.wechat.phone_code(new_phone, "oWx-logs-1")
    wechat = (await api(WECHAT, {"c": wechat_code, "p": phone_code}))["data"]["loginWithWechat"]
    secrets += [
        wechat_code,
        phone_code,
        wechat["accessToken"],
        wechat["refreshToken"],
        channels.wechat.access_token,
        channels.wechat.secret,
    ]

    auth_code = channels.alipay.auth_code("074a1CcTG1LelLogs0001")
    alipay = (await api(ALIPAY, {"c": auth_code, "p": channels.alipay.phone_response(new_phone)}))["data"][
        "loginWithAlipay"
    ]
    secrets += [auth_code, alipay["accessToken"]]

    id_number = new_id_number()
    ticket = channels.tianfu.issue_ticket(citizen("tftb-logs-1", id_number, new_phone))
    tianfu = (await api(TIANFU, {"t": ticket}))["data"]["loginWithTianfu"]
    assert tianfu["errors"] == []
    secrets += [id_number, "张三丰", ticket, tianfu["accessToken"], tianfu["refreshToken"]]

    refreshed = (await api(REFRESH, {"t": tianfu["refreshToken"]}))["data"]["refreshSession"]
    secrets += [refreshed["accessToken"], refreshed["refreshToken"]]
    me = (await api(ME, token=refreshed["accessToken"]))["data"]["me"]
    assert me == {"phone": new_phone, "idNumber": id_number, "name": "张三丰"}
    await api(REFRESH, {"t": tianfu["refreshToken"]})  # a replay: logged as a refusal, if at all

    assert captured.lines, "the flows logged nothing: the capture is not working"
    for secret in secrets:
        leaks = [line for line in captured.lines if secret in line]
        assert leaks == [], f"a secret of length {len(secret)} leaked into {len(leaks)} log lines"
