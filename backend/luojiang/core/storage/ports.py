"""The storage interface the core depends on; the wiring picks the implementation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

# Objects under this prefix are never public: /media refuses them and an object store must deny
# public reads on it (README, deploying). They are personal documents, sealed by the area that
# stores them, and read back only through that area's authorised route.
PRIVATE_PREFIX = "private/"


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

    async def delete(self, key: str) -> None:
        """Remove the object; nothing happens when there is none."""
        ...

    def public_url(self, key: str) -> str:
        """Where a phone fetches the object (our /media route, or the object store's CDN)."""
        ...
