"""What the ``/guide/{code}`` page shows: one read of everything a visitor needs at a point."""

from __future__ import annotations

from dataclasses import dataclass

from luojiang.core.errors import DomainError
from luojiang.core.tourism import repository, rules
from luojiang.core.tourism.models import GuidePoint, Resource, ScenicArea
from luojiang.core.tourism.rules import DEFAULT_LANGUAGE, NarrationChoice

NEARBY_ON_PAGE = 3


@dataclass(frozen=True)
class GuideView:
    point: GuidePoint
    area: ScenicArea
    narration: NarrationChoice | None
    languages: list[str]
    language_refused: bool
    next_point: GuidePoint | None
    nearby: list[tuple[float, Resource]]


async def guide_view(code: str, language: str | None) -> GuideView:
    """Raises NotFound for an unknown code; an unsupported language shows the Chinese text and
    says so, since a printed sign must always lead somewhere useful."""
    point = await rules.point_by_code(code)
    refused = False
    try:
        requested = rules.supported_language(language or DEFAULT_LANGUAGE)
    except DomainError:
        requested, refused = DEFAULT_LANGUAGE, True
    narrations = (await repository.narrations_by_point_ids([point.id]))[point.id]
    return GuideView(
        point=point,
        area=point.area,
        narration=rules.choose_narration(point, narrations, requested),
        languages=sorted(narrations, key=lambda lang: (lang != DEFAULT_LANGUAGE, lang)),
        language_refused=refused,
        next_point=(await repository.next_points([point]))[point.id],
        nearby=(await repository.neighbour_resources([point.id], NEARBY_ON_PAGE))[point.id],
    )
