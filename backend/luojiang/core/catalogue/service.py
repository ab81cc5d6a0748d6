"""The catalogue's rules: imports, administrators' edits (audited), and one-thing checklists.

Every change, once committed, invalidates the cached public responses (tag ``catalogue``), runs
the local listeners (the search index rebuilds at once) and is published to every other instance,
which rebuilds its own index when it hears it.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar

import redis.asyncio as aioredis

from luojiang.core import cache_tags
from luojiang.core.catalogue import checklist as lists
from luojiang.core.catalogue import repository
from luojiang.core.catalogue.file_sections import check_matter, check_scenario, matter_values
from luojiang.core.catalogue.importer import CatalogueFiles, ImportReport, import_catalogue
from luojiang.core.catalogue.models import Matter, Scenario
from luojiang.core.catalogue.permissions import require_catalogue_admin
from luojiang.core.catalogue.ports import ImportSection, LicenceWallet
from luojiang.core.catalogue.sections import KnownCodes, RowProblem
from luojiang.core.errors import DomainError, NotFound, Problem
from luojiang.core.events import Broadcaster

CATALOGUE_TAG = "catalogue"
CHANGES_CHANNEL = "catalogue.changed"
Listener = Callable[[], Awaitable[None]]
Retired = TypeVar("Retired", Matter, Scenario)
SCENARIO_FIELDS = ("name", "audience", "summary", "base_matters", "questions")


class CatalogueService:
    def __init__(
        self,
        redis: aioredis.Redis,
        sections: Sequence[ImportSection],
        wallet: LicenceWallet,
        listeners: Sequence[Listener] = (),
    ) -> None:
        self._redis = redis
        self._broadcaster = Broadcaster(redis)
        self._sections = sections
        self._wallet = wallet
        self._listeners = list(listeners)
        self.instance = uuid.uuid4().hex  # so an instance can ignore its own announcements

    async def import_files(self, viewer: object, files: CatalogueFiles) -> ImportReport:
        require_catalogue_admin(viewer)
        return await self.import_unchecked(files)

    async def import_unchecked(self, files: CatalogueFiles) -> ImportReport:
        """For the command line, which is the operator's own hand."""
        report = await import_catalogue(files, self._sections)
        if report.applied:
            await self.changed()
        return report

    async def save_matter(self, viewer: object, row: Mapping[str, Any]) -> Matter:
        admin = require_catalogue_admin(viewer)
        _refuse(check_matter(row, await self._known_codes()))
        department = await repository.department_by_code(row["department"])
        values = matter_values(row, department.id)
        saved = await repository.upsert_audited(Matter, "matter", row["code"], values, admin.person_id)
        await self.changed()
        return saved

    async def save_scenario(self, viewer: object, row: Mapping[str, Any]) -> Scenario:
        admin = require_catalogue_admin(viewer)
        _refuse(check_scenario(row, await self._known_codes()))
        values = {k: row[k] for k in SCENARIO_FIELDS}
        saved = await repository.upsert_audited(Scenario, "scenario", row["code"], values, admin.person_id)
        await self.changed()
        return saved

    async def retire_matter(self, viewer: object, code: str) -> Matter:
        admin = require_catalogue_admin(viewer)
        retired = await repository.retire_audited(Matter, "matter", code, admin.person_id)
        return await self._retired(retired, "matter")

    async def retire_scenario(self, viewer: object, code: str) -> Scenario:
        admin = require_catalogue_admin(viewer)
        retired = await repository.retire_audited(Scenario, "scenario", code, admin.person_id)
        return await self._retired(retired, "scenario")

    async def checklist(
        self, code: str, answers: Sequence[lists.Answer], viewer_id: int | None
    ) -> lists.Checklist:
        scenario = (await repository.by_codes(Scenario, [code])).get(code)
        if scenario is None:
            raise NotFound("scenario", "scenario")
        options = lists.chosen_options(scenario.questions, answers)
        codes = lists.matter_codes(scenario.base_matters, options)
        found = await repository.by_codes(Matter, codes)
        matters = [found[c] for c in codes if c in found]
        needs = [(m.code, m.materials) for m in matters] + [(code, o["add_materials"]) for o in options]
        licence_types = {m["licence_type"] for _, ms in needs for m in ms if m["licence_type"]}
        held = (
            await self._wallet.held_licence_types(viewer_id, licence_types)
            if viewer_id is not None
            else set()
        )
        return lists.Checklist(
            scenario=code,
            matters=[m.code for m in matters],
            materials=lists.merge_materials(needs, held),
            total_fee_fen=sum(item["amount_fen"] for m in matters for item in m.fee_items),
            visits=max((m.visits_required for m in matters), default=0),
            longest_promised_days=max((m.promised_limit_days for m in matters), default=0),
        )

    async def changed(self, *tags: str) -> None:
        """After a committed change of data that search shows. ``tags``: the cache tags of what
        changed (another area's edit names its own); none named: everything the import writes."""
        tags = tags or (CATALOGUE_TAG, *(section.cache_tag for section in self._sections))
        await cache_tags.invalidate(self._redis, *sorted(set(tags)))
        for listener in self._listeners:
            await listener()
        await self._broadcaster.publish(CHANGES_CHANNEL, {"origin": self.instance})

    async def follow_changes(self) -> None:
        """Runs for the life of the instance: rebuild when another instance changed the catalogue."""
        await self._broadcaster.follow(CHANGES_CHANNEL, self._on_change)

    async def _on_change(self, message: dict[str, Any]) -> None:
        if message.get("origin") != self.instance:
            for listener in self._listeners:
                await listener()

    async def _retired(self, row: Retired | None, kind: str) -> Retired:
        if row is None:
            raise NotFound(kind, "code")
        await self.changed()
        return row

    async def _known_codes(self) -> KnownCodes:
        return KnownCodes({s.kind: await s.existing_codes() for s in self._sections})


def _refuse(problems: Sequence[RowProblem]) -> None:
    if problems:
        raise DomainError(*(Problem("INVALID_ROW", f"{p.field} {p.reason}", p.field) for p in problems))
