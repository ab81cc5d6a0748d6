"""The composition root: the one place that builds stores, adapters and services from settings."""

from __future__ import annotations

import redis.asyncio as aioredis

from luojiang.api.services import Services
from luojiang.core.cache import create_redis
from luojiang.core.catalogue.file_sections import catalogue_sections
from luojiang.core.catalogue.place_sources import HallPlaces
from luojiang.core.catalogue.ports import NoLicences
from luojiang.core.catalogue.search_sources import catalogue_search_sources
from luojiang.core.catalogue.sections import ImportSection
from luojiang.core.catalogue.service import CatalogueService
from luojiang.core.maps.service import MapService
from luojiang.core.maps.sources import PlaceSource
from luojiang.core.search.service import SearchService
from luojiang.core.search.sources import SearchSource
from luojiang.core.settings import Settings
from luojiang.core.tags.service import TagService


def import_sections() -> list[ImportSection]:
    """Every area's catalogue files, in apply order (other areas append theirs)."""
    return catalogue_sections()


def search_sources() -> list[SearchSource]:
    return [*catalogue_search_sources()]


def place_sources() -> list[PlaceSource]:
    return [HallPlaces()]


def build_catalogue(redis: aioredis.Redis) -> tuple[CatalogueService, SearchService, TagService]:
    search = SearchService(redis, search_sources())
    tags = TagService()
    search.add_observer(tags)
    catalogue = CatalogueService(redis, import_sections(), NoLicences(), listeners=[search.rebuild])
    return catalogue, search, tags


def build_services(settings: Settings) -> Services:
    redis = create_redis(settings)
    catalogue, search, tags = build_catalogue(redis)
    return Services(
        settings=settings,
        redis=redis,
        catalogue=catalogue,
        search=search,
        maps=MapService(place_sources()),
        tags=tags,
    )


async def close_services(services: Services) -> None:
    await services.redis.aclose()
