"""Paying outside the mini-programs: the app pays with WeChat Pay APP or Alipay's app.pay order
string, Tianfu Tongban H5 pages with WeChat Pay H5 or Alipay WAP; the same attempt, state machine
and exactly-once notification path as the mini-programs, against simulators speaking each
protocol with keys made for the run."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from starlette.applications import Starlette
from strawberry import relay
from tests.fakes.wechatpay import APP_APPID, MCHID
from tests.payments.platforms import Platforms, built_platforms, logged_in

from luojiang.api.context import Channel, Context
from luojiang.api.schema import build_schema
from luojiang.core.payments.access import Actor
from luojiang.core.payments.models import Order, OrderKind, OrderState, PaymentEvent
from luojiang.core.settings import Settings

START = """mutation($id: ID!, $platform: PaymentChannel) { startPayment(orderId: $id, platform: $platform) {
  attempt { channel state amountFen outTradeNo }
  wechatPay { paySign } alipayTradeNo
  wechatPayApp { appid partnerid prepayid package noncestr timestamp sign }
  alipayOrderString payUrl errors { code field } } }"""
PHONE_IP = "223.104.3.21"
FORM = {"content-type": "application/x-www-form-urlencoded; charset=utf-8"}


@pytest.fixture
async def http(platforms: Platforms) -> AsyncIterator[httpx.AsyncClient]:
    async with platforms.client() as client:
        yield client


class Caller:
    def __init__(self, platforms: Platforms, settings: Settings) -> None:
        self.platforms = platforms
        self.schema = build_schema(settings)

    async def start(self, viewer: Actor | None, channel: Channel, order_id: str, platform: str | None) -> Any:
        principal = await logged_in(viewer, channel)
        context = Context(self.platforms.services, "test", channel, "zh-CN", PHONE_IP, viewer=principal)
        variables = {"id": order_id, "platform": platform}
        result = await self.schema.execute(START, variable_values=variables, context_value=context)
        assert result.errors is None, result.errors
        assert result.data is not None
        return result.data["startPayment"]


@pytest.fixture
def call(platforms: Platforms, settings: Settings) -> Caller:
    return Caller(platforms, settings)


async def new_order(platforms: Platforms, citizen: Actor, key: str) -> tuple[Order, str]:
    order = await platforms.services.payments.create_order(
        citizen, OrderKind.MATTER_FEE, "LJ-GAFJ-004", [], key
    )
    return order, relay.to_base64("Order", order.id)


async def paid_once(order: Order) -> None:
    await order.refresh_from_db()
    assert order.state is OrderState.PAID
    assert await PaymentEvent.filter(order_id=order.id, kind="paid").count() == 1


async def deliver_wechat_twice(platforms: Platforms, http: httpx.AsyncClient, out_trade_no: str) -> None:
    trade = platforms.wechat.pay(out_trade_no)
    for _ in range(2):  # WeChat Pay delivers again: applied once
        headers, body = platforms.wechat.notification(trade, event_id=f"EV-{out_trade_no}")
        assert (await http.post("/notify/wechatpay", content=body, headers=headers)).status_code == 204


async def deliver_alipay_twice(platforms: Platforms, http: httpx.AsyncClient, out_trade_no: str) -> None:
    body = platforms.alipay.notification(platforms.alipay.pay(out_trade_no))
    for _ in range(2):
        assert (await http.post("/notify/alipay", content=body, headers=FORM)).text == "success"


async def test_a_tianfu_h5_page_pays_with_wechat_pay_h5(
    call: Caller, platforms: Platforms, http: httpx.AsyncClient, citizen: Actor
) -> None:
    order, order_id = await new_order(platforms, citizen, "h5-wechat")
    started = await call.start(citizen, Channel.TIANFU_H5, order_id, "WECHATPAY")
    assert started["errors"] == []
    assert started["payUrl"].startswith("https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=wx")
    assert (started["wechatPay"], started["wechatPayApp"], started["alipayOrderString"]) == (None, None, None)
    out_trade_no = started["attempt"]["outTradeNo"]
    trade = platforms.wechat.trades[out_trade_no]
    assert trade["scene_info"] == {"payer_client_ip": PHONE_IP, "h5_info": {"type": "Wap"}}
    assert trade["amount"] == {"total": 2000, "currency": "CNY"}
    await deliver_wechat_twice(platforms, http, out_trade_no)
    await paid_once(order)


async def test_the_app_pays_with_wechat_pay_app_params_signed_by_the_merchant(
    call: Caller, platforms: Platforms, http: httpx.AsyncClient, citizen: Actor
) -> None:
    order, order_id = await new_order(platforms, citizen, "app-wechat")
    started = await call.start(citizen, Channel.APP, order_id, "WECHATPAY")
    params = started["wechatPayApp"]
    assert (params["appid"], params["partnerid"], params["package"]) == (APP_APPID, MCHID, "Sign=WXPay")
    assert platforms.wechat.app_prepay_ids[params["prepayid"]] == started["attempt"]["outTradeNo"]
    signed = f"{APP_APPID}\n{params['timestamp']}\n{params['noncestr']}\n{params['prepayid']}\n".encode()
    platforms.wechat.merchant.private.public_key().verify(
        base64.b64decode(params["sign"]), signed, padding.PKCS1v15(), hashes.SHA256()
    )
    # the notification names the app's appid: accepted, applied once
    await deliver_wechat_twice(platforms, http, started["attempt"]["outTradeNo"])
    await paid_once(order)


async def test_a_tianfu_h5_page_pays_with_alipay_wap(
    call: Caller, platforms: Platforms, http: httpx.AsyncClient, citizen: Actor
) -> None:
    order, order_id = await new_order(platforms, citizen, "h5-alipay")
    started = await call.start(citizen, Channel.TIANFU_H5, order_id, "ALIPAY")
    url = started["payUrl"]
    assert url.startswith(f"{platforms.alipay.base_url}/gateway.do?")
    page = dict(parse_qsl(urlsplit(url).query))
    assert (page["method"], page["notify_url"]) == (
        "alipay.trade.wap.pay",
        "https://gateway.test/notify/alipay",
    )
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=platforms.alipay.asgi())) as browser:
        tampered = url.replace("20.00", "0.01")
        assert "20.00" in url
        refused = await browser.get(tampered)
        assert "isv.invalid-signature" in refused.text
        opened = await browser.get(url)  # the phone's browser opens Alipay's cashier
    assert opened.status_code == 200
    assert platforms.alipay.rejected_signatures == 1
    trade = platforms.alipay.trades[started["attempt"]["outTradeNo"]]
    assert (trade["product_code"], trade["total_amount"]) == ("QUICK_WAP_WAY", "20.00")
    await deliver_alipay_twice(platforms, http, trade["out_trade_no"])
    await paid_once(order)


async def test_the_app_pays_with_an_alipay_order_string(
    call: Caller, platforms: Platforms, http: httpx.AsyncClient, citizen: Actor
) -> None:
    order, order_id = await new_order(platforms, citizen, "app-alipay")
    started = await call.start(citizen, Channel.APP, order_id, "ALIPAY")
    order_string = started["alipayOrderString"]
    assert dict(parse_qsl(order_string))["method"] == "alipay.trade.app.pay"
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=platforms.alipay.asgi())) as sdk:
        # the app's SDK hands the order string to Alipay as it is
        assert (await sdk.get(f"{platforms.alipay.base_url}/gateway.do?{order_string}")).status_code == 200
    trade = platforms.alipay.trades[started["attempt"]["outTradeNo"]]
    assert trade["product_code"] == "QUICK_MSECURITY_PAY"
    await deliver_alipay_twice(platforms, http, trade["out_trade_no"])
    await paid_once(order)


@pytest.mark.parametrize(
    ("channel", "platform"),
    [
        (Channel.WEB, "WECHATPAY"),  # a plain browser is not a front end that pays
        (Channel.APP, None),  # the app must say which platform
        (Channel.TIANFU_H5, None),
        (Channel.WECHAT_MINIPROGRAM, "ALIPAY"),  # inside WeChat, only WeChat Pay
    ],
)
async def test_paying_where_the_platform_cannot_be_used_is_channel_unavailable(
    call: Caller, platforms: Platforms, citizen: Actor, channel: Channel, platform: str | None
) -> None:
    order, order_id = await new_order(platforms, citizen, f"nowhere-{channel}-{platform}")
    started = await call.start(citizen, channel, order_id, platform)
    assert started["errors"] == [{"code": "CHANNEL_UNAVAILABLE", "field": "platform"}]
    await order.refresh_from_db()
    assert order.state is OrderState.CREATED


async def test_another_persons_order_is_not_found_in_the_app_and_h5(
    call: Caller, platforms: Platforms, citizen: Actor
) -> None:
    order, order_id = await new_order(platforms, citizen, "theirs")
    stranger = Actor(person_id=(citizen.person_id or 0) + 700_000)
    for channel in (Channel.APP, Channel.TIANFU_H5):
        for platform in ("WECHATPAY", "ALIPAY"):
            started = await call.start(stranger, channel, order_id, platform)
            assert started["errors"] == [{"code": "NOT_FOUND", "field": "id"}]
            assert (await call.start(None, channel, order_id, platform))["errors"][0]["code"] == "NOT_FOUND"
    await order.refresh_from_db()
    assert order.state is OrderState.CREATED
    assert platforms.wechat.trades == {}


async def test_wechat_pay_app_is_off_without_the_apps_appid(
    app: Starlette, settings: Settings, citizen: Actor
) -> None:
    async with built_platforms(settings, wechatpay_app_appid="") as platforms:
        order, order_id = await new_order(platforms, citizen, "no-app-appid")
        started = await Caller(platforms, settings).start(citizen, Channel.APP, order_id, "WECHATPAY")
        assert started["errors"] == [{"code": "CHANNEL_UNAVAILABLE", "field": "platform"}]
        await order.refresh_from_db()
        assert (order.state, platforms.wechat.trades) == (OrderState.CREATED, {})
