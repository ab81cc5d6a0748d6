"""What a job may use: built once per process (the gateway in embedded mode, or a worker)."""

from __future__ import annotations

from dataclasses import dataclass

import redis.asyncio as aioredis

from luojiang.core.events import Broadcaster
from luojiang.core.settings import Settings


@dataclass(frozen=True)
class Resources:
    settings: Settings
    redis: aioredis.Redis

    @property
    def broadcaster(self) -> Broadcaster:
        return Broadcaster(self.redis)
