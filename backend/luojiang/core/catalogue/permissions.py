"""Who may change the catalogue. The identity area supplies ``context.viewer``; anything that has
an integer ``id`` and a ``has_role`` method will do."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from luojiang.core.errors import DomainError

CATALOGUE_ADMIN = "catalogue_admin"


@runtime_checkable
class Viewer(Protocol):
    @property
    def id(self) -> int: ...

    def has_role(self, role: str) -> bool: ...


def can_edit_catalogue(viewer: object) -> bool:
    return isinstance(viewer, Viewer) and viewer.has_role(CATALOGUE_ADMIN)


def require_catalogue_admin(viewer: object) -> Viewer:
    if not can_edit_catalogue(viewer):
        raise DomainError.one("FORBIDDEN", "only catalogue administrators may change the catalogue")
    assert isinstance(viewer, Viewer)  # noqa: S101 -- narrowed by can_edit_catalogue
    return viewer


def viewer_id(viewer: object) -> int | None:
    """The signed-in person's account id, or None for an anonymous visitor."""
    return viewer.id if isinstance(viewer, Viewer) else None
