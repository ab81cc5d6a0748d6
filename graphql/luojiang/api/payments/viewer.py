"""The payments area's view of the caller, built from ``context.viewer`` (identity's Principal)."""

from __future__ import annotations

from luojiang.api.context import Info
from luojiang.core.payments.access import Actor


def actor_of(info: Info) -> Actor:
    viewer = info.context.viewer
    if viewer is None:
        return Actor()
    return Actor(
        person_id=viewer.person_id,
        enterprise_ids=viewer.enterprise_ids,
        staff_department_ids=viewer.staff_department_ids,
        is_admin=viewer.is_admin,
    )
