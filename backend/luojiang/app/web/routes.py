"""The tourism web routes, added to the application's route table by ``app/main.py``."""

from __future__ import annotations

from starlette.routing import Route

from luojiang.api.protection.page_copies import PageCopies
from luojiang.api.services import Services
from luojiang.app.web.codes import sheet_endpoint
from luojiang.app.web.guide_page import guide_endpoint
from luojiang.app.web.media import audio_upload_endpoint, media_endpoint
from luojiang.core.storage.local import LocalStorage


def tourism_routes(services: Services, pages: PageCopies) -> list[Route]:
    routes = [
        Route("/guide/{code}", guide_endpoint(services, pages), methods=["GET"]),
        Route(
            "/admin/tourism/points/{code}/audio/{language}", audio_upload_endpoint(services), methods=["PUT"]
        ),
        Route("/admin/tourism/areas/{code}/codes.svg", sheet_endpoint(services), methods=["GET"]),
    ]
    if isinstance(services.storage, LocalStorage):  # an object store serves its own files
        max_age = services.settings.media_max_age_seconds
        routes.append(
            Route("/media/{key:path}", media_endpoint(services.storage, max_age), methods=["GET", "HEAD"])
        )
    return routes
