"""Who is asking, for the plain web routes: the bearer access token, as on /graphql."""

from __future__ import annotations

from starlette.requests import Request

from luojiang.api.services import Services


async def tourism_admin_actor(services: Services, request: Request) -> str | None:
    """The audit name of an administrator presenting a valid access token, else None."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    principal = await services.identity.sessions.authenticate(token.strip())
    if principal is None or not principal.is_admin:
        return None
    return f"person:{principal.person_id}"
