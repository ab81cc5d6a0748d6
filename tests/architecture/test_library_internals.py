"""The private parts of libraries we rely on, each read or set in one place: these tests fail
loudly on an upgrade that moves them, instead of the gateway failing quietly.

- Strawberry ``Schema._schema`` (graphql-core's schema) and the Strawberry field behind each of its
  fields: ``luojiang/api/strawberry_internals.py``
- taskiq-redis ``RedisStreamBroker._ack_generator``: ``luojiang/workers/stream.py``
- wechatpayv3 ``AsyncCore._gate_way`` and ``._client``: ``luojiang/adapters/wechatpay/provider.py``
"""

from __future__ import annotations

import inspect

import strawberry
from graphql import GraphQLSchema
from taskiq_redis import RedisStreamBroker
from wechatpayv3.async_.core import AsyncCore

from luojiang.api.strawberry_internals import core_schema, resolve_directly


def test_strawberry_keeps_graphql_cores_schema_in_schema_underscore_schema() -> None:
    @strawberry.type(description="A query root.")
    class Query:
        answer: int = strawberry.field(default=42, description="The answer.")

    schema = core_schema(strawberry.Schema(query=Query))
    assert isinstance(schema, GraphQLSchema)
    query = schema.query_type
    assert query is not None
    assert "answer" in query.fields


def test_taskiq_redis_acknowledges_through_ack_generator_with_id_and_queue_name() -> None:
    generator = RedisStreamBroker._ack_generator
    assert list(inspect.signature(generator).parameters) == ["self", "id", "queue_name"]
    # the broker's own listener uses it the way our reclaiming broker does
    assert "self._ack_generator(id=" in inspect.getsource(RedisStreamBroker.listen)


def test_wechatpayv3_sends_every_request_to_gate_way_through_client() -> None:
    init = inspect.getsource(AsyncCore.__init__)
    assert "self._gate_way =" in init
    assert "self._client = None" in init  # made in __aenter__ unless the adapter set ours
    request = inspect.getsource(AsyncCore)
    assert "self._client.post(url=self._gate_way + path" in request
    assert "self._client.get(url=self._gate_way + path" in request


@strawberry.type(description="An item.")
class Item:
    code: str = strawberry.field(description="A plain field.")

    @strawberry.field(description="A method without info.")
    def shout(self) -> str:
        return self.code.upper()

    @strawberry.field(description="A method with info.")
    def seen_by(self, info: strawberry.Info) -> str:
        return f"{self.code}:{info.context['who']}:{info.field_name}"

    @strawberry.field(description="A method with an argument.")
    def repeated(self, times: int) -> str:
        return self.code * times

    @strawberry.field(description="An async method.")
    async def later(self) -> str:
        return self.code


@strawberry.type(description="A query root.")
class ItemQuery:
    @strawberry.field(description="One item.")
    def item(self) -> Item:
        return Item(code="ab")


async def test_fields_resolved_directly_answer_as_strawberry_does() -> None:
    query = "{ item { code shout seenBy repeated(times: 2) later } }"
    item = {"code": "ab", "shout": "AB", "seenBy": "ab:me:seenBy", "repeated": "abab", "later": "ab"}
    schema = strawberry.Schema(query=ItemQuery)
    assert (await schema.execute(query, context_value={"who": "me"})).data == {"item": item}

    resolve_directly(schema)
    fields = core_schema(schema).type_map["Item"].fields  # type: ignore[union-attr]
    # Strawberry marks each resolver it makes; the direct ones are ours
    direct = {name for name, field in fields.items() if not hasattr(field.resolve, "_is_default")}
    assert direct == {"code", "shout", "seenBy"}
    assert (await schema.execute(query, context_value={"who": "me"})).data == {"item": item}
