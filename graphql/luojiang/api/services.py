"""What the GraphQL layer may call: the domain services, built once by the application's wiring."""

from __future__ import annotations

from dataclasses import dataclass

import redis.asyncio as aioredis

from luojiang.core.jobs import JobQueue
from luojiang.core.settings import Settings


@dataclass(frozen=True)
class Services:
    settings: Settings
    redis: aioredis.Redis
    jobs: JobQueue
