"""Authenticating requests: the bearer token becomes ``context.viewer``.

The HTTP view calls :func:`viewer_from_bearer` (signature and expiry, no I/O); the
:class:`RevocationCheck` extension then asks Redis whether the session or the person's tokens were
revoked, before any field runs, and drops the viewer if so. WebSocket subscriptions call
:func:`viewer_from_connection_init` with the ``connection_init`` payload.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import TYPE_CHECKING, Any

from strawberry.exceptions import ConnectionRejectionError
from strawberry.extensions import SchemaExtension

from luojiang.core.identity.principal import Principal

if TYPE_CHECKING:
    from luojiang.api.services import Services

BEARER = "bearer "


def _token(authorization: str | None) -> str | None:
    if not authorization or authorization[: len(BEARER)].lower() != BEARER:
        return None
    return authorization[len(BEARER) :].strip() or None


def viewer_from_bearer(services: Services, authorization: str | None) -> Principal | None:
    token = _token(authorization)
    if token is None:
        return None
    return services.identity.sessions.access.verify(token)


async def viewer_from_connection_init(
    services: Services, payload: Mapping[str, Any] | None
) -> Principal | None:
    """``connection_init`` may carry ``{"authorization": "Bearer …"}``: none is an anonymous
    connection; a token that is forged, expired or revoked closes the socket (4403), so a client
    never mistakes a dead session for an anonymous one."""
    header = (payload or {}).get("authorization") or (payload or {}).get("Authorization")
    if header is None:
        return None
    token = _token(header) if isinstance(header, str) else None
    principal = await services.identity.sessions.authenticate(token) if token else None
    if principal is None:
        raise ConnectionRejectionError({"code": "UNAUTHENTICATED"})
    return principal


class RevocationCheck(SchemaExtension):
    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context.context
        viewer = getattr(context, "viewer", None)
        if isinstance(viewer, Principal) and await context.services.identity.sessions.revocations.is_revoked(
            viewer
        ):
            context.viewer = None
        yield
