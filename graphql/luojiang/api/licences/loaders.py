"""Batch loads for licences' relations: one query per relation per request, whatever the page."""

from __future__ import annotations

from collections.abc import Sequence

from luojiang.core.licences import repository
from luojiang.core.licences.models import Consent, Licence


async def consents_by_licence(licence_ids: list[int]) -> Sequence[list[Consent]]:
    grouped: dict[int, list[Consent]] = {i: [] for i in licence_ids}
    for consent in await repository.consents_of(licence_ids):
        grouped[consent.licence_id].append(consent)
    return [grouped[i] for i in licence_ids]


async def licence_by_id(ids: list[int]) -> Sequence[Licence | None]:
    found = await repository.licences_by_ids(ids)
    return [found.get(i) for i in ids]
