"""Who may keep tourism content: administrators, until the identity area's roles land.

The viewer is whatever the identity layer puts on the context; a viewer with a ``roles``
collection holding ``admin`` or ``tourism_admin`` is an administrator, and its ``id`` names it in
the audit trail. Anyone else is refused, and nothing is changed.
"""

from __future__ import annotations

from luojiang.api.context import Info
from luojiang.core.errors import DomainError

ADMIN_ROLES = frozenset({"admin", "tourism_admin"})


def tourism_admin(info: Info) -> str:
    viewer = info.context.viewer
    roles = set(getattr(viewer, "roles", ()) or ())
    if viewer is None or not roles & ADMIN_ROLES:
        raise DomainError.one("FORBIDDEN", "only tourism administrators may do this")
    return str(viewer.id)
