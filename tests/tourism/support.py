"""Runs an operation through the app's own schema with a chosen viewer (the identity layer, which
puts viewers on requests, is another area's; this is how tourism tests act as an administrator)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette

from luojiang.api.context import Channel, Context
from luojiang.api.schema import build_schema


@dataclass(frozen=True)
class Viewer:
    id: str
    roles: frozenset[str] = field(default_factory=frozenset)


ADMIN = Viewer(id="admin-7", roles=frozenset({"tourism_admin"}))
CITIZEN = Viewer(id="user-3", roles=frozenset({"citizen"}))


async def execute(
    app: Starlette, query: str, variables: dict[str, Any] | None = None, viewer: Viewer | None = None
) -> tuple[dict[str, Any], Context]:
    services = app.state.services
    context = Context(
        services=services,
        request_id="test-request",
        channel=Channel.WEB,
        locale="zh-CN",
        client_ip="127.0.0.1",
    )
    context.viewer = viewer
    result = await build_schema(services.settings).execute(
        query, variable_values=variables, context_value=context
    )
    body: dict[str, Any] = {"data": result.data}
    if result.errors:
        body["errors"] = [e.formatted for e in result.errors]
    return body, context
