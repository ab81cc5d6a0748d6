"""The holder's wallet: their own licences and those of enterprises they may act for now."""

from __future__ import annotations

import strawberry

from luojiang.api.context import Info
from luojiang.api.identity.permissions import viewer
from luojiang.api.licences.types import Licence
from luojiang.api.relay import After, Connection, First
from luojiang.core.pagination import PageRequest


@strawberry.type
class LicenceQueries:
    @strawberry.field(
        description="The caller's e-licences and their enterprises', oldest first (empty when logged out)."
    )
    async def my_licences(self, info: Info, first: First, after: After = None) -> Connection[Licence]:
        page = await info.context.services.licences.wallet(
            viewer(info), PageRequest(first=first, after=after)
        )
        return Connection.from_page(page, Licence.from_model)
