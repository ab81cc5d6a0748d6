"""Public catalogue queries. Resolvers translate: arguments in, one repository call, types out."""

from __future__ import annotations

import strawberry
from strawberry import relay

from luojiang.api.catalogue.types import CATALOGUE_TAG, Department, Matter
from luojiang.api.context import Info
from luojiang.api.relay import Connection, First, node_pk
from luojiang.core.catalogue import repository
from luojiang.core.pagination import PageRequest


@strawberry.type
class CatalogueQueries:
    @strawberry.field(description="Departments, in catalogue order.")
    async def departments(
        self,
        info: Info,
        first: First,
        after: str | None = None,
    ) -> Connection[Department]:
        info.context.cache_tags.add(CATALOGUE_TAG)
        page = await repository.department_page(PageRequest(first=first, after=after))
        return Connection.from_page(page, Department.from_model)

    @strawberry.field(description="Matters, optionally of one department.")
    async def matters(
        self,
        info: Info,
        first: First,
        after: str | None = None,
        department: relay.GlobalID | None = None,
    ) -> Connection[Matter]:
        info.context.cache_tags.add(CATALOGUE_TAG)
        department_id = node_pk(department, "Department") if department else None
        if department is not None and department_id is None:
            return Connection.empty()
        page = await repository.matter_page(PageRequest(first=first, after=after), department_id)
        return Connection.from_page(page, Matter.from_model)
