"""Tourism jobs: plain async functions taking IDs, safe to run twice.

The job engine registers them (see ``JOBS``); each re-reads its state from the stores.
"""

from __future__ import annotations

import redis.asyncio as aioredis

from luojiang.core.tourism import scans


async def flush_guide_scans(redis: aioredis.Redis) -> int:
    """Every few minutes: move the Redis scan counters into the statistics table."""
    return await scans.flush_scans(redis)
