"""The payments area's view of the caller, built from ``context.viewer``.

The identity area sets ``context.viewer``; until its type is on main, the attributes read here
are the contract (``person_id``, ``enterprise_ids``, ``department_ids``, ``is_admin``,
``openid``), and tests pass an :class:`Actor` directly as a fake viewer.
"""

from __future__ import annotations

from typing import Any

from luojiang.api.context import Info
from luojiang.core.payments.access import Actor


def actor_of(info: Info) -> Actor:
    viewer: Any = info.context.viewer
    if viewer is None:
        return Actor()
    if isinstance(viewer, Actor):
        return viewer
    return Actor(
        person_id=getattr(viewer, "person_id", None),
        enterprise_ids=frozenset(getattr(viewer, "enterprise_ids", ())),
        staff_department_ids=frozenset(getattr(viewer, "department_ids", ())),
        is_admin=bool(getattr(viewer, "is_admin", False)),
        openid=getattr(viewer, "openid", None),
    )
