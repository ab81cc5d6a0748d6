"""The rules of the public guide: finding a point by its printed code, choosing the narration's
language, and what counts as nearby."""

from __future__ import annotations

import re
from dataclasses import dataclass

from luojiang.core.errors import DomainError, NotFound
from luojiang.core.tourism import repository
from luojiang.core.tourism.codes import normalise
from luojiang.core.tourism.models import GuidePoint, Narration

DEFAULT_LANGUAGE = "zh-CN"
# languages a narration may be written in; a supported language without a text falls back to Chinese
SUPPORTED_LANGUAGES = ("zh-CN", "zh-TW", "en", "ja", "ko", "fr", "de", "ru", "es")
NEARBY_RADIUS_M = 5_000.0
MAX_NEARBY = 20
TOURISM_TAG = "tourism"
_LANGUAGE_SHAPE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


def point_tag(code: str) -> str:
    return f"tourism:point:{code}"


def full_tour_code(area_code: str) -> str:
    """The route every area has: all its points in tour order, kept by the import and point edits."""
    return f"{area_code}-ALL"


@dataclass(frozen=True)
class NarrationChoice:
    requested: str
    language: str
    text: str
    audio_key: str | None
    duration_s: int

    @property
    def fell_back(self) -> bool:
        return self.language != self.requested


def supported_language(language: str) -> str:
    """The canonical tag for a requested language, or UNSUPPORTED_LANGUAGE."""
    if _LANGUAGE_SHAPE.match(language):
        for known in SUPPORTED_LANGUAGES:
            if known.lower() == language.lower():
                return known
    raise DomainError.one(
        "UNSUPPORTED_LANGUAGE",
        f"language must be one of {', '.join(SUPPORTED_LANGUAGES)}",
        field="language",
    )


async def point_by_code(code: str) -> GuidePoint:
    canonical = normalise(code)
    point = await repository.point_by_code(canonical) if canonical else None
    if point is None:
        raise NotFound("guide point", field="code")
    return point


def choose_narration(
    point: GuidePoint, narrations: dict[str, Narration], requested: str
) -> NarrationChoice | None:
    chosen = narrations.get(requested) or narrations.get(DEFAULT_LANGUAGE)
    if chosen is None:
        return None
    duration = chosen.audio_duration_s if chosen.audio_duration_s is not None else point.duration_s
    return NarrationChoice(
        requested=requested,
        language=chosen.language,
        text=chosen.text,
        audio_key=chosen.audio_key,
        duration_s=duration,
    )


def nearby_limit(first: int) -> int:
    """How many neighbours a query may ask for: ranked lists keep MAX_NEARBY (neighbours.py)."""
    if not 1 <= first <= MAX_NEARBY:
        raise DomainError.one("INVALID_PAGE_SIZE", f"first must be between 1 and {MAX_NEARBY}", "first")
    return first
