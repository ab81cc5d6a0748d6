"""Who is asking, for the plain web routes: the viewer the identity middleware puts on the request."""

from __future__ import annotations

from starlette.requests import Request

ADMIN_ROLES = frozenset({"admin", "tourism_admin"})


def tourism_admin_id(request: Request) -> str | None:
    viewer = getattr(request.state, "viewer", None)
    if viewer is None or not set(getattr(viewer, "roles", ())) & ADMIN_ROLES:
        return None
    return str(viewer.id)
