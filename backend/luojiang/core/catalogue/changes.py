"""Telling every instance that the catalogue changed (search index, response cache, subscribers).

The version is a digest of the catalogue's content, so announcing is idempotent: a job run twice,
or a re-import of identical data, publishes nothing new.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

import redis.asyncio as aioredis

from luojiang.core.catalogue import repository
from luojiang.core.events import Broadcaster

# not "catalogue.changed": the catalogue service uses that one for its own (search index) messages
CATALOGUE_CHANGED = "catalogue.version"
# the job that publishes it; queued after every committed change, and on a schedule as a backstop
ANNOUNCE_JOB = "catalogue.announce_change"
ANNOUNCED_KEY = "catalogue:announced-version"


@dataclass(frozen=True)
class CatalogueVersion:
    version: str
    departments: int
    matters: int
    changed_at: datetime

    def as_message(self) -> dict[str, object]:
        return {
            "version": self.version,
            "departments": self.departments,
            "matters": self.matters,
            "changedAt": self.changed_at.isoformat(),
        }

    @classmethod
    def from_message(cls, message: dict[str, object]) -> CatalogueVersion:
        return cls(
            version=str(message["version"]),
            departments=int(str(message["departments"])),
            matters=int(str(message["matters"])),
            changed_at=datetime.fromisoformat(str(message["changedAt"])),
        )


async def current_version() -> CatalogueVersion:
    departments, matters = await repository.catalogue_rows()
    canonical = json.dumps([departments, matters], sort_keys=True, default=str, ensure_ascii=False)
    return CatalogueVersion(
        version=hashlib.sha256(canonical.encode()).hexdigest()[:16],
        departments=len(departments),
        matters=len(matters),
        changed_at=datetime.now(UTC),
    )


async def announce_change(redis: aioredis.Redis, broadcaster: Broadcaster) -> CatalogueVersion | None:
    """Publishes the catalogue's version when it differs from the last one announced.

    Publish first, remember second: a crash in between repeats the event (subscribers tolerate
    duplicates) rather than losing it.
    """
    version = await current_version()
    announced = await redis.get(ANNOUNCED_KEY)
    if announced is not None and announced == version.version.encode():
        return None
    await broadcaster.publish(CATALOGUE_CHANGED, version.as_message())
    await redis.set(ANNOUNCED_KEY, version.version)
    return version
