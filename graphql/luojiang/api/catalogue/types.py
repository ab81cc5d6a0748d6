"""Catalogue object types; leaf fields are plain attributes (sync), relations go through loaders."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Self

import strawberry
from strawberry import relay

from luojiang.api.catalogue import loaders
from luojiang.api.context import Info
from luojiang.core.catalogue import models

CATALOGUE_TAG = "catalogue"


@strawberry.type(description="A government department that handles matters.")
class Department(relay.Node):
    id: relay.NodeID[int]
    code: str
    name: str
    short_name: str
    phone: str
    address: str

    @classmethod
    def from_model(cls, row: models.Department) -> Department:
        return cls(
            id=row.id,
            code=row.code,
            name=row.name,
            short_name=row.short_name,
            phone=row.phone,
            address=row.address,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        info.context.cache_tags.add(CATALOGUE_TAG)
        rows = await info.context.loaders.get(loaders.department_by_id).load_many([int(i) for i in node_ids])
        return [cls.from_model(r) if r else None for r in rows]  # type: ignore[misc]


@strawberry.type(description="A government service matter and its service guide.")
class Matter(relay.Node):
    id: relay.NodeID[int]
    code: str
    name: str
    category: str
    online: bool
    promised_limit_days: int = strawberry.field(description="Promised time limit, in working days.")
    legal_limit_days: int = strawberry.field(description="Legal time limit, in working days.")
    visits_required: int
    department_id: strawberry.Private[int]

    @strawberry.field
    async def department(self, info: Info) -> Department:
        row = await info.context.loaders.get(loaders.department_by_id).load(self.department_id)
        if row is None:  # a non-null foreign key: only a broken database gets here
            raise LookupError(f"department {self.department_id} of matter {self.code} is missing")
        return Department.from_model(row)

    @classmethod
    def from_model(cls, row: models.Matter) -> Matter:
        return cls(
            id=row.id,
            code=row.code,
            name=row.name,
            category=row.category,
            online=row.online,
            promised_limit_days=row.promised_limit_days,
            legal_limit_days=row.legal_limit_days,
            visits_required=row.visits_required,
            department_id=row.department_id,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        info.context.cache_tags.add(CATALOGUE_TAG)
        rows = await info.context.loaders.get(loaders.matter_by_id).load_many([int(i) for i in node_ids])
        return [cls.from_model(r) if r else None for r in rows]  # type: ignore[misc]
