"""Wiring of service navigation: the catalogue, search, map and tags, with every area's
extension points filled in. Another area plugs in here: its import sections, search sources and
place sources are appended to the lists below."""

from __future__ import annotations

from dataclasses import dataclass

import redis.asyncio as aioredis

from luojiang.core.catalogue.changes import ANNOUNCE_JOB
from luojiang.core.catalogue.file_sections import catalogue_sections
from luojiang.core.catalogue.place_sources import HallPlaces
from luojiang.core.catalogue.ports import NoLicences
from luojiang.core.catalogue.search_sources import catalogue_search_sources
from luojiang.core.catalogue.sections import ImportSection
from luojiang.core.catalogue.service import CatalogueService, Listener
from luojiang.core.jobs import JobQueue
from luojiang.core.maps.service import MapService
from luojiang.core.maps.sources import PlaceSource
from luojiang.core.search.service import SearchService
from luojiang.core.search.sources import SearchSource
from luojiang.core.tags.service import TagService
from luojiang.core.tourism.sections import tourism_sections
from luojiang.core.tourism.sources import TourismDocuments, TourismPlaces


def import_sections() -> list[ImportSection]:
    """Every area's catalogue files, in apply order."""
    return [*catalogue_sections(), *tourism_sections()]


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
    redis: aioredis.Redis, jobs: JobQueue | None = None, hot_min_people: int = 5
) -> Navigation:
    search = SearchService(redis, search_sources(), hot_min_people=hot_min_people)
    tags = TagService()
    search.add_observer(tags)
    listeners: list[Listener] = [search.rebuild]
    if jobs is not None:
        listeners.append(lambda: _announce(jobs))
    catalogue = CatalogueService(redis, import_sections(), NoLicences(), listeners=listeners)
    return Navigation(
        catalogue=catalogue,
        search=search,
        maps=MapService(place_sources()),
        tags=tags,
    )


async def _announce(jobs: JobQueue) -> None:
    # subscribers (catalogueChanged) hear of the change now, not at the next scheduled announcement
    await jobs.enqueue(ANNOUNCE_JOB)
