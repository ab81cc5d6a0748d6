"""Runs an operation through the app's own schema with a chosen viewer (the identity layer, which
puts viewers on requests, is another area's; this is how tourism tests act as an administrator)."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette

from luojiang.api.context import Channel, Context
from luojiang.api.schema import build_schema
from luojiang.core.identity.principal import Assurance, Principal

ADMIN = Principal(person_id=7, session_id="s-admin", assurance=Assurance.L2, channel="web", is_admin=True)
CITIZEN = Principal(person_id=3, session_id="s-citizen", assurance=Assurance.L1, channel="web")


async def execute(
    app: Starlette, query: str, variables: dict[str, Any] | None = None, viewer: Principal | None = None
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
