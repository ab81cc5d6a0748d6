"""Live status of the caller's own applications: each change of one of their cases (or of a case
of an enterprise they may act for) as it commits, over graphql-transport-ws. The message names
only the case; the case is read as the subscriber, so nobody hears of another's case."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from luojiang.api.applications.types import Application
from luojiang.api.context import Info
from luojiang.api.identity.permissions import IsAuthenticated, viewer
from luojiang.api.loaders import Loaders
from luojiang.core.applications.live import channels_of
from luojiang.core.errors import NotFound
from luojiang.core.events import Broadcaster


@strawberry.type
class ApplicationSubscriptions:
    @strawberry.subscription(
        description="Emits one of your applications each time it changes state (log in first).",
        permission_classes=[IsAuthenticated],
    )
    async def my_application_updates(self, info: Info) -> AsyncGenerator[Application, None]:
        principal = viewer(info)
        assert principal is not None  # noqa: S101 -- IsAuthenticated refused anonymous callers
        channels = channels_of(principal.person_id, principal.enterprise_ids)
        async for _channel, message in Broadcaster(info.context.services.redis).listen(*channels):
            # each change read afresh (as FreshLoaders does per operation), as the subscriber
            info.context.loaders = Loaders()
            try:
                case = await info.context.services.applications.case_for(principal, int(message["case_id"]))
            except NotFound:
                continue
            yield Application.from_model(case)
