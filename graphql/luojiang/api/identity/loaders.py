"""Batch loads for identity's nodes: one query per kind per request, in the keys' order."""

from __future__ import annotations

from luojiang.core.identity import repository
from luojiang.core.identity.models import AgentAuthorisation, Enterprise, Person


async def person_by_id(ids: list[int]) -> list[Person | None]:
    found = {row.id: row for row in await repository.people(ids)}
    return [found.get(i) for i in ids]


async def enterprise_by_id(ids: list[int]) -> list[Enterprise | None]:
    found = {row.id: row for row in await repository.enterprises(ids)}
    return [found.get(i) for i in ids]


async def authorisation_by_id(ids: list[int]) -> list[AgentAuthorisation | None]:
    found = {row.id: row for row in await repository.authorisations_with_enterprise(ids)}
    return [found.get(i) for i in ids]
