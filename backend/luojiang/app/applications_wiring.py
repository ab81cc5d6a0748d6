"""Wiring of online applications: the service with its neighbours' ports (e-licences for 减材料,
the catalogue's checklists, the case events' receiver) and the material upload route."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import redis.asyncio as aioredis
from starlette.routing import Route

from luojiang.api.services import Services
from luojiang.app.web.materials import material_download_endpoint, material_upload_endpoint
from luojiang.core.applications.live import BroadcastFeed
from luojiang.core.applications.ports import CaseEvents, LicenceReuse
from luojiang.core.applications.service import ApplicationService
from luojiang.core.catalogue.checklist import Answer
from luojiang.core.catalogue.service import CatalogueService
from luojiang.core.events import Broadcaster
from luojiang.core.security.fields import FieldCipher
from luojiang.core.storage.ports import Storage


class CatalogueChecklists:
    def __init__(self, catalogue: CatalogueService) -> None:
        self._catalogue = catalogue

    async def matter_codes(self, scenario: str, answers: Sequence[Answer], viewer_id: int) -> list[str]:
        checklist = await self._catalogue.checklist(scenario, answers, viewer_id)
        return checklist.matters


def build_applications(
    redis: aioredis.Redis,
    storage: Storage,
    cipher: FieldCipher,
    licences: LicenceReuse,
    catalogue: CatalogueService,
    events: CaseEvents,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> ApplicationService:
    return ApplicationService(
        events=events,
        licences=licences,
        storage=storage,
        cipher=cipher,
        checklists=CatalogueChecklists(catalogue),
        feed=BroadcastFeed(Broadcaster(redis)),
        clock=clock,
    )


def application_routes(services: Services) -> list[Route]:
    address = "/applications/{id}/materials"
    return [
        Route(address, material_upload_endpoint(services), methods=["PUT"]),
        Route(address, material_download_endpoint(services), methods=["GET"]),
    ]
