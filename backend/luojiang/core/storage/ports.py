"""The storage interface the core depends on; the wiring picks the implementation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class StoredObject:
    key: str
    size: int
    content_type: str


class Storage(Protocol):
    async def put(self, key: str, data: bytes, content_type: str) -> StoredObject:
        """Store ``data`` under ``key``, replacing what was there."""
        ...

    async def get(self, key: str) -> bytes | None:
        """The whole object, or None when there is none."""
        ...

    async def exists(self, key: str) -> bool: ...

    def public_url(self, key: str) -> str:
        """Where a phone fetches the object (our /media route, or the object store's CDN)."""
        ...
