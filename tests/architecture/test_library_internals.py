"""The private parts of libraries we rely on, each read or set in one place: these tests fail
loudly on an upgrade that moves them, instead of the gateway failing quietly.

- Strawberry ``Schema._schema`` (graphql-core's schema): ``luojiang/api/strawberry_internals.py``
- taskiq-redis ``RedisStreamBroker._ack_generator``: ``luojiang/workers/stream.py``
- wechatpayv3 ``AsyncCore._gate_way`` and ``._client``: ``luojiang/adapters/wechatpay/provider.py``
"""

from __future__ import annotations

import inspect

import strawberry
from graphql import GraphQLSchema
from taskiq_redis import RedisStreamBroker
from wechatpayv3.async_.core import AsyncCore

from luojiang.api.strawberry_internals import core_schema


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
