"""Payment mutations: create an order, start paying it on the caller's platform, refund it.

The request's channel chooses where the payer pays: the WeChat mini-program with WeChat Pay
(JSAPI), the Alipay mini-program with Alipay (JSAPI_PAY), the Happy Luojiang app with the
platform the payer picks (APP), Tianfu Tongban H5 pages with the platform the payer picks (WeChat
Pay H5 or Alipay WAP, in the phone's browser).
"""

from __future__ import annotations

import strawberry
from strawberry import relay

from luojiang.api.context import Channel, Info
from luojiang.api.errors import errors_in_payload
from luojiang.api.payments.types import (
    Order,
    PaymentAttempt,
    PaymentError,
    Refund,
    RefundApplication,
    WeChatPayAppParams,
    WeChatPayParams,
)
from luojiang.api.payments.viewer import actor_of
from luojiang.api.relay import node_pk
from luojiang.core.errors import DomainError, NotFound
from luojiang.core.payments.models import OrderKind, PayChannel
from luojiang.core.payments.ports import PayScene
from luojiang.core.payments.service import LineRequest

MINI_PROGRAMS = {
    Channel.WECHAT_MINIPROGRAM: PayChannel.WECHATPAY,
    Channel.ALIPAY_MINIPROGRAM: PayChannel.ALIPAY,
}
PAYER_CHOOSES = {Channel.APP: PayScene.APP, Channel.TIANFU_H5: PayScene.H5}


@strawberry.input(description="One line of a new order.")
class OrderLineInput:
    item: int = strawberry.field(description="The index of the fee item or ticket type, from 0.")
    quantity: int = strawberry.field(default=1, description="How many, at least 1.")


@strawberry.input(description="An order to create.")
class CreateOrderInput:
    kind: OrderKind = strawberry.field(description="A matter's fee or tickets.")
    item_code: str = strawberry.field(description="A matter's code, or a scenic area's id for tickets.")
    client_key: str = strawberry.field(description="Chosen by the client; the same key gives the same order.")
    lines: list[OrderLineInput] = strawberry.field(
        description="What to pay for; empty: the matter's fee items once each.", default_factory=list
    )
    enterprise_id: int | None = strawberry.field(
        default=None,
        description="The enterprise the order is for, when the person acts for one; null: the person's own.",
    )


@strawberry.type(description="The order, or why it was refused.")
class CreateOrderPayload:
    order: Order | None = strawberry.field(default=None, description="The order; null on errors.")
    errors: list[PaymentError] = strawberry.field(
        description="Why nothing changed; empty on success.", default_factory=list
    )


@strawberry.type(description="What the mini-program needs to open the platform's payment sheet.")
class StartPaymentPayload:
    attempt: PaymentAttempt | None = strawberry.field(
        default=None, description="The payment attempt; null on errors."
    )
    wechat_pay: WeChatPayParams | None = strawberry.field(default=None, description="For wx.requestPayment.")
    alipay_trade_no: str | None = strawberry.field(default=None, description="The tradeNO for my.tradePay.")
    wechat_pay_app: WeChatPayAppParams | None = strawberry.field(
        default=None, description="For the app's WeChat OpenSDK (APP)."
    )
    alipay_order_string: str | None = strawberry.field(
        default=None, description="The signed order string for the app's Alipay SDK (APP)."
    )
    pay_url: str | None = strawberry.field(
        default=None, description="The page to open in the phone's browser (WeChat Pay H5, Alipay WAP)."
    )
    errors: list[PaymentError] = strawberry.field(
        description="Why nothing changed; empty on success.", default_factory=list
    )


@strawberry.input(description="A refund to ask for (staff).")
class RefundInput:
    order_id: relay.GlobalID = strawberry.field(description="The order's global ID.")
    amount_fen: int = strawberry.field(description="How much to refund, in fen, at most what is left.")
    client_key: str = strawberry.field(
        description="Chosen by the client; the same key gives the same refund."
    )
    reason: str = strawberry.field(description="Why, shown to the payer by the platform.")


@strawberry.type(description="The refund, or why it was refused.")
class RefundPayload:
    refund: Refund | None = strawberry.field(default=None, description="The refund; null on errors.")
    errors: list[PaymentError] = strawberry.field(
        description="Why nothing changed; empty on success.", default_factory=list
    )


@strawberry.type(description="The refund request, or why not.")
class RefundApplicationPayload:
    application: RefundApplication | None = strawberry.field(
        default=None, description="The request; null on errors."
    )
    errors: list[PaymentError] = strawberry.field(
        default_factory=list, description="Why nothing changed; empty on success."
    )


@strawberry.type
class PaymentMutations:
    @strawberry.mutation(
        description="Create an order for a matter's fee or tickets; the same clientKey gives the same order."
    )
    @errors_in_payload(CreateOrderPayload, PaymentError.from_problem)
    async def create_order(self, info: Info, input: CreateOrderInput) -> CreateOrderPayload:
        order = await info.context.services.payments.create_order(
            actor_of(info),
            input.kind,
            input.item_code,
            [LineRequest(item=line.item, quantity=line.quantity) for line in input.lines],
            input.client_key[:64],
            input.enterprise_id,
        )
        return CreateOrderPayload(order=Order.from_model(order))

    @strawberry.mutation(
        description="Pay an order: inside a mini-program on its platform; in the app or a Tianfu "
        "Tongban H5 page on the platform given."
    )
    @errors_in_payload(StartPaymentPayload, PaymentError.from_problem)
    async def start_payment(
        self, info: Info, order_id: relay.GlobalID, platform: PayChannel | None = None
    ) -> StartPaymentPayload:
        channel, scene = _where_to_pay(info.context.channel, platform)
        attempt, sheet = await info.context.services.payments.start_payment(
            actor_of(info), _order_pk(order_id), channel, scene, info.context.client_ip
        )
        return _started(PaymentAttempt.from_model(attempt), sheet)

    @strawberry.mutation(
        description="Refund part or all of a paid order (its department's staff, administrators)."
    )
    @errors_in_payload(RefundPayload, PaymentError.from_problem)
    async def refund(self, info: Info, input: RefundInput) -> RefundPayload:
        refund = await info.context.services.refunds.refund(
            actor_of(info),
            _order_pk(input.order_id),
            input.amount_fen,
            input.client_key[:64],
            input.reason,
        )
        return RefundPayload(refund=Refund.from_model(refund))


@strawberry.type
class RefundApplicationMutations:
    @strawberry.mutation(
        description="Ask for a paid order's money back (its payer; asking again answers the open request)."
    )
    @errors_in_payload(RefundApplicationPayload, PaymentError.from_problem)
    async def request_refund(
        self, info: Info, order_id: relay.GlobalID, reason: str
    ) -> RefundApplicationPayload:
        application = await info.context.services.refund_applications.apply(
            actor_of(info), _order_pk(order_id), reason
        )
        return RefundApplicationPayload(application=RefundApplication.from_model(application))

    @strawberry.mutation(
        description="Approve (the order is refunded) or decline a refund request, with a note "
        "(staff of the order's department, administrators)."
    )
    @errors_in_payload(RefundApplicationPayload, PaymentError.from_problem)
    async def decide_refund(
        self, info: Info, application: relay.GlobalID, approve: bool, note: str = ""
    ) -> RefundApplicationPayload:
        pk = node_pk(application, "RefundApplication")
        if pk is None:
            raise NotFound("refund application", field="application")
        decided = await info.context.services.refund_applications.decide(actor_of(info), pk, approve, note)
        return RefundApplicationPayload(application=RefundApplication.from_model(decided))


def _where_to_pay(client: Channel, platform: PayChannel | None) -> tuple[PayChannel, PayScene]:
    mini_program = MINI_PROGRAMS.get(client)
    if mini_program is not None and platform in (None, mini_program):
        return mini_program, PayScene.MINI_PROGRAM
    scene = PAYER_CHOOSES.get(client)
    if scene is None or platform is None:
        raise DomainError.one(
            "CHANNEL_UNAVAILABLE",
            "pay inside a mini-program, or in the app or Tianfu Tongban choosing a platform",
            "platform",
        )
    return platform, scene


def _started(attempt: PaymentAttempt, sheet: dict[str, str]) -> StartPaymentPayload:
    """What the payer's client needs, by what the platform's adapter answered."""
    payload = StartPaymentPayload(attempt=attempt)
    if "paySign" in sheet:
        payload.wechat_pay = WeChatPayParams(
            time_stamp=sheet["timeStamp"],
            nonce_str=sheet["nonceStr"],
            package=sheet["package"],
            sign_type=sheet["signType"],
            pay_sign=sheet["paySign"],
        )
    elif "prepayid" in sheet:
        payload.wechat_pay_app = WeChatPayAppParams(**sheet)
    elif "tradeNO" in sheet:
        payload.alipay_trade_no = sheet["tradeNO"]
    elif "orderString" in sheet:
        payload.alipay_order_string = sheet["orderString"]
    else:
        payload.pay_url = sheet.get("h5Url") or sheet["wapUrl"]
    return payload


def _order_pk(global_id: relay.GlobalID) -> int:
    pk = node_pk(global_id, "Order")
    if pk is None:
        raise NotFound("order", field="orderId")
    return pk
