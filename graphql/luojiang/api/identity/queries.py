"""``me``: the logged-in person."""

from __future__ import annotations

import strawberry

from luojiang.api.context import Info
from luojiang.api.identity.permissions import IsAuthenticated, viewer
from luojiang.api.identity.types import Person


@strawberry.type
class IdentityQueries:
    @strawberry.field(description="The logged-in person.", permission_classes=[IsAuthenticated])
    async def me(self, info: Info) -> Person:
        principal = viewer(info)
        assert principal is not None  # noqa: S101 -- IsAuthenticated ran first
        return Person.from_model(await info.context.services.identity.person(principal))
