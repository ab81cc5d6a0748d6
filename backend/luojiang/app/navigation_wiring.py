"""Wiring of service navigation: the catalogue, search, map and tags, with every area's
extension points filled in. Another area plugs in here: its import sections, search sources and
place sources are appended to the lists below."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import redis.asyncio as aioredis

from luojiang.core.catalogue.changes import ANNOUNCE_JOB
from luojiang.core.catalogue.file_sections import catalogue_sections
from luojiang.core.catalogue.place_sources import HallPlaces
from luojiang.core.catalogue.ports import ImportSection, LicenceWallet, NoLicences
from luojiang.core.catalogue.search_sources import catalogue_search_sources
from luojiang.core.catalogue.service import CatalogueService, Listener
from luojiang.core.jobs import JobQueue
from luojiang.core.maps.ports import PlaceSource
from luojiang.core.maps.service import MapService
from luojiang.core.search.ports import SearchSource
from luojiang.core.search.service import SearchService
from luojiang.core.tags.service import TagService
from luojiang.core.tourism.sections import tourism_sections
from luojiang.core.tourism.sources import TourismDocuments, TourismPlaces


def import_sections(*more: ImportSection) -> list[ImportSection]:
    """Every area's catalogue files, in apply order; ``more`` are sections built from settings
    (the e-licence files, whose rows are signed on import), applied last."""
    return [*catalogue_sections(), *tourism_sections(), *more]


def search_sources() -> list[SearchSource]:
    return [*catalogue_search_sources(), TourismDocuments()]


def place_sources() -> list[PlaceSource]:
    return [HallPlaces(), TourismPlaces()]


@dataclass(frozen=True)
class Navigation:
    catalogue: CatalogueService
    search: SearchService
    maps: MapService
    tags: TagService


def build_navigation(
    redis: aioredis.Redis,
    jobs: JobQueue | None = None,
    hot_min_people: int = 5,
    wallet: LicenceWallet | None = None,
    more_sections: Sequence[ImportSection] = (),
) -> Navigation:
    """``wallet``: held e-licences mark checklist materials (none: nothing is held)."""
    search = SearchService(redis, search_sources(), hot_min_people=hot_min_people)
    tags = TagService()
    search.add_observer(tags)
    listeners: list[Listener] = [search.rebuild]
    if jobs is not None:
        listeners.append(lambda: _announce(jobs))
    sections = import_sections(*more_sections)
    catalogue = CatalogueService(redis, sections, wallet or NoLicences(), listeners=listeners)
    return Navigation(
        catalogue=catalogue,
        search=search,
        maps=MapService(place_sources()),
        tags=tags,
    )


async def _announce(jobs: JobQueue) -> None:
    # subscribers (catalogueChanged) hear of the change now, not at the next scheduled announcement
    await jobs.enqueue(ANNOUNCE_JOB)
