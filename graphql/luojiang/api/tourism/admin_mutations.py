"""Administrators keep scenic areas, guide points, routes and the resources ledger: typed inputs in,
one core call, the saved object (or coded errors, and nothing changed) out."""

from __future__ import annotations

import strawberry

from luojiang.api.context import Info
from luojiang.api.errors import user_errors
from luojiang.api.identity.permissions import IsAdministrator
from luojiang.api.tourism.admin_inputs import (
    GuidePointInput,
    ScenicAreaInput,
    TourismResourceInput,
    TourRouteInput,
)
from luojiang.api.tourism.mutations import TourismError
from luojiang.api.tourism.permissions import tourism_admin
from luojiang.api.tourism.types import GuidePoint, ScenicArea, TourismResource, TourRoute
from luojiang.core.errors import DomainError
from luojiang.core.tourism import places, points, routes


def _errors(error: DomainError) -> list[TourismError]:
    return user_errors(error, TourismError.from_problem)


@strawberry.type
class ScenicAreaPayload:
    area: ScenicArea | None
    errors: list[TourismError]


@strawberry.type
class GuidePointPayload:
    point: GuidePoint | None
    errors: list[TourismError]


@strawberry.type
class TourRoutePayload:
    route: TourRoute | None
    errors: list[TourismError]


@strawberry.type
class TourismResourcePayload:
    resource: TourismResource | None
    errors: list[TourismError]


@strawberry.type
class TourismAdminMutations:
    @strawberry.mutation(
        permission_classes=[IsAdministrator], description="Create or edit a scenic area (administrators)."
    )
    async def save_scenic_area(self, info: Info, input: ScenicAreaInput) -> ScenicAreaPayload:
        try:
            row = await places.save_area(info.context.services.tourism, tourism_admin(info), input.to_edit())
        except DomainError as error:
            return ScenicAreaPayload(area=None, errors=_errors(error))
        return ScenicAreaPayload(area=ScenicArea.from_model(row), errors=[])

    @strawberry.mutation(
        permission_classes=[IsAdministrator],
        description="Retire a scenic area whose guide points are all retired (administrators).",
    )
    async def retire_scenic_area(self, info: Info, code: str) -> ScenicAreaPayload:
        try:
            row = await places.retire_area(info.context.services.tourism, tourism_admin(info), code)
        except DomainError as error:
            return ScenicAreaPayload(area=None, errors=_errors(error))
        return ScenicAreaPayload(area=ScenicArea.from_model(row), errors=[])

    @strawberry.mutation(
        permission_classes=[IsAdministrator], description="Create or edit a guide point (administrators)."
    )
    async def save_guide_point(self, info: Info, input: GuidePointInput) -> GuidePointPayload:
        try:
            row = await points.save_point(info.context.services.tourism, tourism_admin(info), input.to_edit())
        except DomainError as error:
            return GuidePointPayload(point=None, errors=_errors(error))
        return GuidePointPayload(point=GuidePoint.from_model(row), errors=[])

    @strawberry.mutation(
        permission_classes=[IsAdministrator],
        description="Retire a guide point by its printed code: it leaves every route (administrators).",
    )
    async def retire_guide_point(self, info: Info, code: str) -> GuidePointPayload:
        try:
            row = await points.retire_point(info.context.services.tourism, tourism_admin(info), code)
        except DomainError as error:
            return GuidePointPayload(point=None, errors=_errors(error))
        return GuidePointPayload(point=GuidePoint.from_model(row), errors=[])

    @strawberry.mutation(
        permission_classes=[IsAdministrator], description="Create or edit a walking route (administrators)."
    )
    async def save_tour_route(self, info: Info, input: TourRouteInput) -> TourRoutePayload:
        try:
            row = await routes.save_route(info.context.services.tourism, tourism_admin(info), input.to_edit())
        except DomainError as error:
            return TourRoutePayload(route=None, errors=_errors(error))
        return TourRoutePayload(route=TourRoute.from_model(row), errors=[])

    @strawberry.mutation(
        permission_classes=[IsAdministrator], description="Remove a walking route (administrators)."
    )
    async def retire_tour_route(self, info: Info, code: str) -> TourRoutePayload:
        try:
            row = await routes.retire_route(info.context.services.tourism, tourism_admin(info), code)
        except DomainError as error:
            return TourRoutePayload(route=None, errors=_errors(error))
        return TourRoutePayload(route=TourRoute.from_model(row), errors=[])

    @strawberry.mutation(
        permission_classes=[IsAdministrator],
        description="Create or edit an entry of the tourism resources ledger (administrators).",
    )
    async def save_tourism_resource(self, info: Info, input: TourismResourceInput) -> TourismResourcePayload:
        try:
            row = await places.save_resource(
                info.context.services.tourism, tourism_admin(info), input.to_edit()
            )
        except DomainError as error:
            return TourismResourcePayload(resource=None, errors=_errors(error))
        return TourismResourcePayload(resource=TourismResource.from_model(row), errors=[])

    @strawberry.mutation(
        permission_classes=[IsAdministrator],
        description="Retire an entry of the tourism resources ledger (administrators).",
    )
    async def retire_tourism_resource(self, info: Info, code: str) -> TourismResourcePayload:
        try:
            row = await places.retire_resource(info.context.services.tourism, tourism_admin(info), code)
        except DomainError as error:
            return TourismResourcePayload(resource=None, errors=_errors(error))
        return TourismResourcePayload(resource=TourismResource.from_model(row), errors=[])
