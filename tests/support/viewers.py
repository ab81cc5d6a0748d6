"""Viewers made by hand (no login needed) and a way to run an operation as one of them."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette

from luojiang.api.context import Channel, Context
from luojiang.api.schema import build_schema
from luojiang.core.identity.principal import Assurance, Principal


def person(person_id: int, *, admin: bool = False) -> Principal:
    return Principal(
        person_id=person_id,
        session_id=f"s-{person_id}",
        assurance=Assurance.L1,
        channel="web",
        is_admin=admin,
    )


ADMIN = person(9001, admin=True)
CITIZEN = person(42)


async def run_as(
    app: Starlette, viewer: Principal | None, query: str, variables: dict[str, Any] | None = None
) -> Any:
    services = app.state.services
    context = Context(
        services=services,
        request_id="test-request",
        channel=Channel.WEB,
        locale="zh-CN",
        client_ip="-",
        viewer=viewer,
    )
    result = await build_schema(services.settings).execute(
        query, variable_values=variables, context_value=context
    )
    assert result.errors is None, result.errors
    return result.data
