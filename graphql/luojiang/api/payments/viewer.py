"""The payments area's view of the caller, built from ``context.viewer`` (identity's Principal).

Tests may also pass an :class:`Actor` directly as the viewer (e.g. with an ``openid``, standing
in for a mini-program login).
"""

from __future__ import annotations

from luojiang.api.context import Info
from luojiang.core.identity.principal import Principal
from luojiang.core.payments.access import Actor


def actor_of(info: Info) -> Actor:
    viewer = info.context.viewer
    if isinstance(viewer, Actor):
        return viewer
    if isinstance(viewer, Principal):
        return Actor(
            person_id=viewer.person_id,
            enterprise_ids=viewer.enterprise_ids,
            staff_department_ids=viewer.staff_department_ids,
            is_admin=viewer.is_admin,
        )
    return Actor()
