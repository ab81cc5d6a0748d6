"""Live catalogue events, fanned out to every instance through Redis pub/sub."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime

import strawberry

from luojiang.api.context import Info
from luojiang.core.catalogue.changes import CATALOGUE_CHANGED, CatalogueVersion
from luojiang.core.events import Broadcaster


@strawberry.type(description="The catalogue now has different content.")
class CatalogueChange:
    version: str = strawberry.field(description="Digest of the catalogue's content; equal means unchanged.")
    departments: int = strawberry.field(description="Departments in the catalogue now.")
    matters: int = strawberry.field(description="Matters in the catalogue now.")
    changed_at: datetime = strawberry.field(description="When the content changed.")

    @classmethod
    def from_version(cls, version: CatalogueVersion) -> CatalogueChange:
        return cls(
            version=version.version,
            departments=version.departments,
            matters=version.matters,
            changed_at=version.changed_at,
        )


@strawberry.type
class CatalogueSubscriptions:
    @strawberry.subscription(
        description="Emits each time the catalogue's content changes (after an import or an edit)."
    )
    async def catalogue_changed(self, info: Info) -> AsyncGenerator[CatalogueChange, None]:
        async for _channel, message in Broadcaster(info.context.services.redis).listen(CATALOGUE_CHANGED):
            yield CatalogueChange.from_version(CatalogueVersion.from_message(message))
