"""What the GraphQL layer may call: the domain services, built once by the application's wiring."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import redis.asyncio as aioredis

from luojiang.core.identity.service import IdentityService
from luojiang.core.settings import Settings


@dataclass(frozen=True)
class Services:
    settings: Settings
    redis: aioredis.Redis
    identity: IdentityService
    # the one hardened HTTP client to outside platforms (no redirects, short timeouts)
    outside_http: httpx.AsyncClient
