"""Tourism mutations: a scan from a mini-program, and administrators' audited edits of narrations,
scenic areas, guide points, routes and the resources ledger (typed inputs in, one service call, the
saved object or coded errors out)."""

from __future__ import annotations

from enum import Enum

import strawberry

from luojiang.api.context import Info
from luojiang.api.errors import UserError, errors_in_payload
from luojiang.api.identity.permissions import IsAdministrator
from luojiang.api.tourism.admin_inputs import (
    GuidePointInput,
    ScenicAreaInput,
    TourismResourceInput,
    TourRouteInput,
)
from luojiang.api.tourism.permissions import tourism_admin
from luojiang.api.tourism.types import GuidePoint, ScenicArea, TourismResource, TourRoute
from luojiang.core.errors import Problem


@strawberry.enum(
    description=(
        "Why a tourism change was refused: no such item, a language or kind not offered, bad text or "
        "value, not an administrator, or still in use."
    )
)
class TourismErrorCode(Enum):
    NOT_FOUND = "NOT_FOUND"
    UNSUPPORTED_LANGUAGE = "UNSUPPORTED_LANGUAGE"
    INVALID_TEXT = "INVALID_TEXT"
    FORBIDDEN = "FORBIDDEN"
    INVALID_KIND = "INVALID_KIND"
    INVALID_VALUE = "INVALID_VALUE"
    IN_USE = "IN_USE"


@strawberry.type(description="Why a tourism change was refused; nothing was changed.")
class TourismError(UserError):
    code: TourismErrorCode = strawberry.field(description="What kind of mistake it is.")

    @classmethod
    def from_problem(cls, problem: Problem) -> TourismError:
        return cls(code=TourismErrorCode(problem.code), field=problem.field, message=problem.message)


@strawberry.type(description="The scanned point, or why the scan was not counted.")
class RecordGuideScanPayload:
    point: GuidePoint | None = strawberry.field(
        default=None, description="The point scanned; null on errors."
    )
    errors: list[TourismError] = strawberry.field(
        description="Why nothing changed; empty on success.", default_factory=list
    )


@strawberry.type(description="The point after a narration edit, or why it was refused.")
class EditGuideNarrationPayload:
    point: GuidePoint | None = strawberry.field(
        default=None, description="The point as it is now; null on errors."
    )
    errors: list[TourismError] = strawberry.field(
        description="Why nothing changed; empty on success.", default_factory=list
    )


@strawberry.type(description="The queued job that makes an area's codes, or why it was refused.")
class QueueGuideCodesPayload:
    job_id: str | None = strawberry.field(
        default=None, description="The queued job; its codes show in guideCodes."
    )
    errors: list[TourismError] = strawberry.field(
        description="Why nothing changed; empty on success.", default_factory=list
    )


@strawberry.type
class TourismMutations:
    @strawberry.mutation(description="Count a scan of a point's code; the channel is the request's.")
    @errors_in_payload(RecordGuideScanPayload, TourismError.from_problem)
    async def record_guide_scan(self, info: Info, code: str) -> RecordGuideScanPayload:
        point = await info.context.services.tourism.record_scan(code, info.context.channel.value)
        return RecordGuideScanPayload(point=GuidePoint.from_model(point))

    @strawberry.mutation(description="Write a point's narration in one language; administrators only.")
    @errors_in_payload(EditGuideNarrationPayload, TourismError.from_problem)
    async def edit_guide_narration(
        self, info: Info, code: str, language: str, text: str
    ) -> EditGuideNarrationPayload:
        point = await info.context.services.tourism.edit_narration(tourism_admin(info), code, language, text)
        return EditGuideNarrationPayload(point=GuidePoint.from_model(point))

    @strawberry.mutation(
        description="Queue making an area's codes of one kind (url, wechat, alipay); administrators only."
    )
    @errors_in_payload(QueueGuideCodesPayload, TourismError.from_problem)
    async def queue_guide_codes(self, info: Info, area: str, kind: str) -> QueueGuideCodesPayload:
        tourism_admin(info)
        job_id = await info.context.services.tourism.queue_codes(area, kind)
        return QueueGuideCodesPayload(job_id=job_id)


@strawberry.type(description="A scenic area as saved, or why it was not.")
class ScenicAreaPayload:
    area: ScenicArea | None = strawberry.field(
        default=None, description="The area as it is now; null on errors."
    )
    errors: list[TourismError] = strawberry.field(
        description="Why nothing changed; empty on success.", default_factory=list
    )


@strawberry.type(description="A guide point as saved, or why it was not.")
class GuidePointPayload:
    point: GuidePoint | None = strawberry.field(
        default=None, description="The point as it is now; null on errors."
    )
    errors: list[TourismError] = strawberry.field(
        description="Why nothing changed; empty on success.", default_factory=list
    )


@strawberry.type(description="A walking route as saved, or why it was not.")
class TourRoutePayload:
    route: TourRoute | None = strawberry.field(
        default=None, description="The route as it is now; null on errors."
    )
    errors: list[TourismError] = strawberry.field(
        description="Why nothing changed; empty on success.", default_factory=list
    )


@strawberry.type(description="A tourism resource as saved, or why it was not.")
class TourismResourcePayload:
    resource: TourismResource | None = strawberry.field(
        default=None, description="The resource as it is now; null on errors."
    )
    errors: list[TourismError] = strawberry.field(
        description="Why nothing changed; empty on success.", default_factory=list
    )


@strawberry.type
class TourismAdminMutations:
    @strawberry.mutation(
        permission_classes=[IsAdministrator], description="Create or edit a scenic area (administrators)."
    )
    @errors_in_payload(ScenicAreaPayload, TourismError.from_problem)
    async def save_scenic_area(self, info: Info, input: ScenicAreaInput) -> ScenicAreaPayload:
        row = await info.context.services.tourism.save_area(tourism_admin(info), input.to_edit())
        return ScenicAreaPayload(area=ScenicArea.from_model(row))

    @strawberry.mutation(
        permission_classes=[IsAdministrator],
        description="Retire a scenic area whose guide points are all retired (administrators).",
    )
    @errors_in_payload(ScenicAreaPayload, TourismError.from_problem)
    async def retire_scenic_area(self, info: Info, code: str) -> ScenicAreaPayload:
        row = await info.context.services.tourism.retire_area(tourism_admin(info), code)
        return ScenicAreaPayload(area=ScenicArea.from_model(row))

    @strawberry.mutation(
        permission_classes=[IsAdministrator], description="Create or edit a guide point (administrators)."
    )
    @errors_in_payload(GuidePointPayload, TourismError.from_problem)
    async def save_guide_point(self, info: Info, input: GuidePointInput) -> GuidePointPayload:
        row = await info.context.services.tourism.save_point(tourism_admin(info), input.to_edit())
        return GuidePointPayload(point=GuidePoint.from_model(row))

    @strawberry.mutation(
        permission_classes=[IsAdministrator],
        description="Retire a guide point by its printed code: it leaves every route (administrators).",
    )
    @errors_in_payload(GuidePointPayload, TourismError.from_problem)
    async def retire_guide_point(self, info: Info, code: str) -> GuidePointPayload:
        row = await info.context.services.tourism.retire_point(tourism_admin(info), code)
        return GuidePointPayload(point=GuidePoint.from_model(row))

    @strawberry.mutation(
        permission_classes=[IsAdministrator], description="Create or edit a walking route (administrators)."
    )
    @errors_in_payload(TourRoutePayload, TourismError.from_problem)
    async def save_tour_route(self, info: Info, input: TourRouteInput) -> TourRoutePayload:
        row = await info.context.services.tourism.save_route(tourism_admin(info), input.to_edit())
        return TourRoutePayload(route=TourRoute.from_model(row))

    @strawberry.mutation(
        permission_classes=[IsAdministrator], description="Remove a walking route (administrators)."
    )
    @errors_in_payload(TourRoutePayload, TourismError.from_problem)
    async def retire_tour_route(self, info: Info, code: str) -> TourRoutePayload:
        row = await info.context.services.tourism.retire_route(tourism_admin(info), code)
        return TourRoutePayload(route=TourRoute.from_model(row))

    @strawberry.mutation(
        permission_classes=[IsAdministrator],
        description="Create or edit an entry of the tourism resources ledger (administrators).",
    )
    @errors_in_payload(TourismResourcePayload, TourismError.from_problem)
    async def save_tourism_resource(self, info: Info, input: TourismResourceInput) -> TourismResourcePayload:
        row = await info.context.services.tourism.save_resource(tourism_admin(info), input.to_edit())
        return TourismResourcePayload(resource=TourismResource.from_model(row))

    @strawberry.mutation(
        permission_classes=[IsAdministrator],
        description="Retire an entry of the tourism resources ledger (administrators).",
    )
    @errors_in_payload(TourismResourcePayload, TourismError.from_problem)
    async def retire_tourism_resource(self, info: Info, code: str) -> TourismResourcePayload:
        row = await info.context.services.tourism.retire_resource(tourism_admin(info), code)
        return TourismResourcePayload(resource=TourismResource.from_model(row))
