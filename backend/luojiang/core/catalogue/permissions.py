"""Who may change the catalogue: the identity area's administrators (``Principal.is_admin``)."""

from __future__ import annotations

from luojiang.core.errors import DomainError
from luojiang.core.identity.principal import Principal


def can_edit_catalogue(viewer: object) -> bool:
    return isinstance(viewer, Principal) and viewer.is_admin


def require_catalogue_admin(viewer: object) -> Principal:
    if not isinstance(viewer, Principal) or not can_edit_catalogue(viewer):
        raise DomainError.one("FORBIDDEN", "only catalogue administrators may change the catalogue")
    return viewer


def viewer_id(viewer: object) -> int | None:
    """The signed-in person's account id, or None for an anonymous visitor."""
    return viewer.person_id if isinstance(viewer, Principal) else None
