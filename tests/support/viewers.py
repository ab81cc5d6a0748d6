"""Fake viewers (the identity area will supply real ones) and a way to run an operation as one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette

from luojiang.api.context import Channel, Context
from luojiang.api.schema import build_schema
from luojiang.core.catalogue.permissions import CATALOGUE_ADMIN


@dataclass(frozen=True)
class FakeViewer:
    id: int
    roles: frozenset[str] = field(default_factory=frozenset)

    def has_role(self, role: str) -> bool:
        return role in self.roles


ADMIN = FakeViewer(9001, frozenset({CATALOGUE_ADMIN}))
CITIZEN = FakeViewer(42)


async def run_as(app: Starlette, viewer: object, query: str, variables: dict[str, Any] | None = None) -> Any:
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
