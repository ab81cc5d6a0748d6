"""Search results, hits with why they matched, suggestions and hot searches."""

from __future__ import annotations

from enum import Enum

import strawberry

from luojiang.core.search.results import Help
from luojiang.core.search.results import Reason as CoreReason
from luojiang.core.search.results import SearchHit as CoreHit
from luojiang.core.search.results import SearchResults as CoreResults


@strawberry.enum(description="What a hit is.")
class SearchKind(Enum):
    MATTER = "matter"
    SCENARIO = "scenario"
    HALL = "hall"
    SCENIC_AREA = "scenic_area"
    SCENIC_POINT = "scenic_point"
    RESOURCE = "resource"


@strawberry.enum(description="Why a hit matched the query.")
class SearchMatchReason(Enum):
    TITLE = strawberry.enum_value("title", description="Words of the query are in its name.")
    ALIAS = strawberry.enum_value(
        "alias", description="In another name of it: a short name, a bracketed note, a nickname."
    )
    KEYWORD = strawberry.enum_value(
        "keyword", description="In its topics, life events, tags, department or the licences it issues."
    )
    TEXT = strawberry.enum_value(
        "text", description="In its description: conditions, materials, summary, questions, narration."
    )
    PINYIN = strawberry.enum_value("pinyin", description="The letters typed were read as pinyin or initials.")
    CORRECTED = strawberry.enum_value("corrected", description="A typo in the query was corrected.")
    SYNONYM = strawberry.enum_value(
        "synonym", description="An everyday word was read as the catalogue's word."
    )
    ABBREVIATION = strawberry.enum_value(
        "abbreviation", description="A short form was read as the full name (社保卡 as 社会保障卡)."
    )
    SCENARIO = strawberry.enum_value(
        "scenario",
        description="The one-thing scenario of a life event the query names, or a matter it brings together.",
    )


# what a front end may show beside a hit, in the district's language
REASON_LABELS = {
    CoreReason.TITLE: "名称匹配",
    CoreReason.ALIAS: "别名匹配",
    CoreReason.KEYWORD: "关键词匹配",
    CoreReason.TEXT: "内容匹配",
    CoreReason.PINYIN: "拼音匹配",
    CoreReason.CORRECTED: "您可能想找",
    CoreReason.SYNONYM: "近义词匹配",
    CoreReason.ABBREVIATION: "简称匹配",
    CoreReason.SCENARIO: "一件事",
}


@strawberry.type(description="Why a hit matched: a reason, and a short label to show for it.")
class SearchReason:
    reason: SearchMatchReason = strawberry.field(description="The kind of match.")
    label: str = strawberry.field(description="Ready to show, e.g. 拼音匹配, 您可能想找.")


@strawberry.type(
    description="Characters start (inclusive) to end (exclusive) of a title that matched the query."
)
class TextSpan:
    start: int = strawberry.field(description="Index of the first matched character.")
    end: int = strawberry.field(description="Index after the last matched character.")


@strawberry.type(description="One thing found; code is its catalogue code.")
class SearchHit:
    kind: str = strawberry.field(description="matter, scenario, hall, scenic_area, scenic_point or resource.")
    code: str = strawberry.field(description="Its catalogue code (open it with the query of its kind).")
    title: str = strawberry.field(description="Its name.")
    highlight: str = strawberry.field(description="The title with the matched characters in <em>…</em>.")
    relevance: float = strawberry.field(
        description="0 to 1: how much of the query the hit answers, and how well."
    )
    spans: list[TextSpan] = strawberry.field(description="Where the title matched, as character ranges.")
    matched_terms: list[str] = strawberry.field(
        description="The catalogue's words that matched, as the query was understood (after pinyin, "
        "corrections and synonyms)."
    )
    reasons: list[SearchReason] = strawberry.field(
        description="Why it matched; the first is the strongest field."
    )

    @classmethod
    def from_core(cls, hit: CoreHit) -> SearchHit:
        return cls(
            kind=hit.kind,
            code=hit.code,
            title=hit.title,
            highlight=hit.highlight,
            relevance=round(hit.relevance, 4),
            spans=[TextSpan(start=s.start, end=s.end) for s in hit.spans],
            matched_terms=list(hit.terms),
            reasons=[
                SearchReason(reason=SearchMatchReason(r.value), label=REASON_LABELS[r]) for r in hit.reasons
            ],
        )


@strawberry.type(description="What an empty result offers instead: the closest scenarios and a hall to call.")
class SearchHelp:
    scenarios: list[SearchHit] = strawberry.field(description="The one-thing scenarios closest to the query.")
    hall_name: str = strawberry.field(description="The district's service centre.")
    hall_phone: str = strawberry.field(
        description="Its phone number, for a question search could not answer."
    )

    @classmethod
    def from_core(cls, help_: Help) -> SearchHelp:
        return cls(
            scenarios=[SearchHit.from_core(h) for h in help_.scenarios],
            hall_name=help_.hall,
            hall_phone=help_.phone,
        )


@strawberry.type(description="A search's hits, and how the query was understood.")
class SearchResults:
    hits: list[SearchHit] = strawberry.field(description="The hits, most relevant first.")
    understood: str = strawberry.field(
        description="The query as searched: simplified characters, typos corrected, pinyin read as Chinese."
    )
    did_you_mean: str | None = strawberry.field(
        description="The corrected query when the query had a typo (show as 您可能想找：…); null otherwise."
    )
    pinyin: bool = strawberry.field(
        description="True when the query was typed in pinyin or initials (拼音匹配)."
    )
    help: SearchHelp | None = strawberry.field(
        description="Only when nothing was found: where to turn instead."
    )

    @classmethod
    def from_core(cls, results: CoreResults) -> SearchResults:
        return cls(
            hits=[SearchHit.from_core(h) for h in results.hits],
            understood=results.understood,
            did_you_mean=results.corrected,
            pinyin=results.pinyin is not None,
            help=SearchHelp.from_core(results.help) if results.help else None,
        )


@strawberry.type(description="A query many people searched for.")
class HotSearch:
    query: str = strawberry.field(description="The query as people typed it.")
    count: int = strawberry.field(description="How often it was searched.")
