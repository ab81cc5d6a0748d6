"""The one node resolver (``luojiang.api.nodes.RowNode``): rows come back in the order asked; a
missing row or a forged key reads as null (hidden rows: tests/identity/test_node_access.py); a
caller that requires every node gets NOT_FOUND instead of a shorter list."""

from __future__ import annotations

import strawberry
from starlette.applications import Starlette

from luojiang.api.catalogue.types import Matter
from luojiang.api.context import Channel, Context, Info
from luojiang.core.catalogue.models import Matter as MatterRow


@strawberry.type
class Lookups:
    @strawberry.field
    async def matters(self, info: Info, ids: list[str], required: bool) -> list[Matter | None]:
        if required:
            return list(await Matter.resolve_nodes(info=info, node_ids=ids, required=True))
        return await Matter.resolve_nodes(info=info, node_ids=ids)


QUERY = "query($ids: [String!]!, $required: Boolean!) { matters(ids: $ids, required: $required) { code } }"


def _context(app: Starlette) -> Context:
    return Context(
        services=app.state.services,
        request_id="test",
        channel=Channel.WEB,
        locale="zh-CN",
        client_ip="127.0.0.1",
    )


async def _matters(app: Starlette, ids: list[str], *, required: bool) -> strawberry.types.ExecutionResult:
    schema = strawberry.Schema(query=Lookups)
    return await schema.execute(QUERY, {"ids": ids, "required": required}, context_value=_context(app))


async def test_nodes_come_in_the_order_asked_and_unseen_ones_are_null(app: Starlette) -> None:
    first, second = await MatterRow.filter(retired_at=None).order_by("id").limit(2)
    # the largest key a column holds (no such row), one past it (no query), letters, zero
    ids = [str(second.id), str(2**31 - 1), str(first.id), str(2**31), "abc", "0"]
    result = await _matters(app, ids, required=False)
    assert result.errors is None
    assert result.data == {"matters": [{"code": second.code}, None, {"code": first.code}, None, None, None]}


async def test_a_required_node_that_is_missing_is_not_found(app: Starlette) -> None:
    row = await MatterRow.filter(retired_at=None).order_by("id").first()
    assert row is not None
    found = await _matters(app, [str(row.id)], required=True)
    assert found.data == {"matters": [{"code": row.code}]}
    missing = await _matters(app, [str(row.id), str(2**31 - 1)], required=True)
    assert missing.errors is not None
    assert missing.errors[0].message == "Matter not found"
