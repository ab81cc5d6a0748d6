"""Who may keep tourism content: administrators (``Principal.is_admin``), named in the audit trail
as ``person:<id>``. Anyone else is refused, and nothing is changed."""

from __future__ import annotations

from luojiang.api.context import Info
from luojiang.core.errors import DomainError
from luojiang.core.identity.principal import Principal


def tourism_admin(info: Info) -> str:
    viewer = info.context.viewer
    if not isinstance(viewer, Principal) or not viewer.is_admin:
        raise DomainError.one("FORBIDDEN", "only tourism administrators may do this")
    return f"person:{viewer.person_id}"
