"""Payment mutations: create an order, start paying it on the caller's platform, refund it.

The platform follows the request's channel: the WeChat mini-program pays with WeChat Pay, the
Alipay mini-program with Alipay.
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
    WeChatPayParams,
)
from luojiang.api.payments.viewer import actor_of
from luojiang.api.relay import node_pk
from luojiang.core.errors import DomainError, NotFound
from luojiang.core.payments.models import OrderKind, PayChannel
from luojiang.core.payments.service import LineRequest

PAY_CHANNELS = {
    Channel.WECHAT_MINIPROGRAM: PayChannel.WECHATPAY,
    Channel.ALIPAY_MINIPROGRAM: PayChannel.ALIPAY,
}


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

    @strawberry.mutation(description="Pay an order on the platform of the calling mini-program.")
    @errors_in_payload(StartPaymentPayload, PaymentError.from_problem)
    async def start_payment(self, info: Info, order_id: relay.GlobalID) -> StartPaymentPayload:
        channel = PAY_CHANNELS.get(info.context.channel)
        if channel is None:
            raise DomainError.one("CHANNEL_UNAVAILABLE", "pay inside the WeChat or Alipay mini-program")
        attempt, sheet = await info.context.services.payments.start_payment(
            actor_of(info), _order_pk(order_id), channel
        )
        payload = StartPaymentPayload(attempt=PaymentAttempt.from_model(attempt))
        if channel is PayChannel.WECHATPAY:
            payload.wechat_pay = WeChatPayParams(
                time_stamp=sheet["timeStamp"],
                nonce_str=sheet["nonceStr"],
                package=sheet["package"],
                sign_type=sheet["signType"],
                pay_sign=sheet["paySign"],
            )
        else:
            payload.alipay_trade_no = sheet["tradeNO"]
        return payload

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


def _order_pk(global_id: relay.GlobalID) -> int:
    pk = node_pk(global_id, "Order")
    if pk is None:
        raise NotFound("order", field="orderId")
    return pk
