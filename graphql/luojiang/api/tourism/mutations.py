"""Tourism mutations: a scan from a mini-program, and administrators' audited edits."""

from __future__ import annotations

from enum import Enum

import strawberry

from luojiang.api.context import Info
from luojiang.api.errors import UserError, errors_in_payload
from luojiang.api.tourism.permissions import tourism_admin
from luojiang.api.tourism.types import GuidePoint
from luojiang.core.errors import Problem


@strawberry.enum
class TourismErrorCode(Enum):
    NOT_FOUND = "NOT_FOUND"
    UNSUPPORTED_LANGUAGE = "UNSUPPORTED_LANGUAGE"
    INVALID_TEXT = "INVALID_TEXT"
    FORBIDDEN = "FORBIDDEN"
    INVALID_KIND = "INVALID_KIND"
    INVALID_VALUE = "INVALID_VALUE"
    IN_USE = "IN_USE"


@strawberry.type
class TourismError(UserError):
    code: TourismErrorCode

    @classmethod
    def from_problem(cls, problem: Problem) -> TourismError:
        return cls(code=TourismErrorCode(problem.code), field=problem.field, message=problem.message)


@strawberry.type
class RecordGuideScanPayload:
    point: GuidePoint | None = None
    errors: list[TourismError] = strawberry.field(default_factory=list)


@strawberry.type
class EditGuideNarrationPayload:
    point: GuidePoint | None = None
    errors: list[TourismError] = strawberry.field(default_factory=list)


@strawberry.type
class QueueGuideCodesPayload:
    job_id: str | None = strawberry.field(
        default=None, description="The queued job; its codes show in guideCodes."
    )
    errors: list[TourismError] = strawberry.field(default_factory=list)


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
