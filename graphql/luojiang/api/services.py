"""What the GraphQL layer may call: the domain services, built once by the application's wiring."""

from __future__ import annotations

from dataclasses import dataclass

import redis.asyncio as aioredis

from luojiang.core.catalogue.service import CatalogueService
from luojiang.core.maps.service import MapService
from luojiang.core.search.service import SearchService
from luojiang.core.settings import Settings
from luojiang.core.tags.service import TagService


@dataclass(frozen=True)
class Services:
    settings: Settings
    redis: aioredis.Redis
    catalogue: CatalogueService
    search: SearchService
    maps: MapService
    tags: TagService
