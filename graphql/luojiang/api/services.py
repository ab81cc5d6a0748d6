"""What the GraphQL layer may call: the domain services, built once by the application's wiring."""

from __future__ import annotations

from dataclasses import dataclass

import redis.asyncio as aioredis

from luojiang.core.identity.service import IdentityService
from luojiang.core.settings import Settings
from luojiang.core.storage.ports import Storage


@dataclass(frozen=True)
class Services:
    settings: Settings
    redis: aioredis.Redis
    identity: IdentityService
    storage: Storage
