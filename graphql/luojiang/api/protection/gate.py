"""What every operation passes, whichever transport brought it: the rate limits (per address and
per person, charged through the front door, leased here) and the document's admission (the
automatic persisted queries and, in production, the allow-list). One gate per instance serves the
HTTP view and the WebSocket alike, so a client cannot dodge a limit by changing transport; the
document limits run inside the schema (:mod:`.validation`) for both."""

from __future__ import annotations

from luojiang.api.protection import allow_list
from luojiang.api.protection.front_door import Admission, FrontDoor
from luojiang.api.protection.leases import Leases
from luojiang.api.protection.persisted import Document, PersistedQueries
from luojiang.api.protection.rate_limit import RateLimits, rate_limited
from luojiang.api.services import Services
from luojiang.core.settings import SettingsError


class Gate:
    def __init__(self, services: Services, operations: dict[str, str] | None = None) -> None:
        settings = services.settings
        self.rate_limits = RateLimits(settings)
        self.leases = Leases()
        self.front_door = FrontDoor(services.redis)
        operations = allow_list.load() if operations is None else operations
        if settings.graphql_allow_list_only and not operations:
            # it would refuse every request: an image built without its package data
            raise SettingsError(
                f"GRAPHQL_ALLOW_LIST_ONLY is on but no operation is published in {allow_list.OPERATIONS_DIR}"
            )
        self.persisted = PersistedQueries(services.redis, settings, operations)

    async def admit(self, client_ip: str, viewer: object | None, cache_key: str = "") -> Admission:
        """Charges the rate limits (to a lease here when one holds a request) and, when
        ``cache_key`` is given, looks the shared response up; Redis only when one of them needs it.
        Over a limit: :func:`rate_limited` (429 with ``Retry-After``)."""
        charge = self.leases.draw(self.rate_limits.budgets(client_ip, viewer))
        if not charge.ask and not cache_key:
            return Admission()
        grants = None
        try:
            ask = [(asked.budget, asked.wanted) for asked in charge.ask]
            admission = await self.front_door.admit(ask, cache_key)
            grants = admission.grants
        finally:
            self.leases.settle(charge, grants)
        if admission.wait_us:
            raise rate_limited(admission.wait_us)
        return admission

    async def text_of(self, document: Document) -> str:
        """The text to run; refuses what may not run (see :class:`PersistedQueries`)."""
        return await self.persisted.text_of(document)
