"""What the catalogue needs from other areas that are not built yet."""

from __future__ import annotations

from collections.abc import Collection
from typing import Protocol


class LicenceWallet(Protocol):
    """The e-licence area's answer to "which of these licence types does this person hold, valid
    today?" (DESIGN 2.5). The checklist marks those materials as satisfied."""

    async def held_licence_types(self, viewer_id: int, licence_types: Collection[str]) -> set[str]: ...


class NoLicences:
    """Until e-licences exist: nobody holds any, so nothing is marked satisfied."""

    async def held_licence_types(self, viewer_id: int, licence_types: Collection[str]) -> set[str]:
        return set()
