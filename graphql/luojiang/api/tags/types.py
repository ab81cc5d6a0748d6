"""Tags, recommendations and the declare payload of the signed-in person."""

from __future__ import annotations

from enum import Enum, EnumMeta, StrEnum
from types import GenericAlias
from typing import Annotated

import strawberry

from luojiang.api.errors import UserError
from luojiang.core.errors import Problem
from luojiang.core.tags import service as tags
from luojiang.core.tags.personas import PERSONAS

# The enum is made from the data (core/tags/personas.toml): ELDERLY is "elderly". Through the
# metaclass, because mypy reads the members of StrEnum(name, members) only when they are literals.
PersonaEnum = strawberry.enum(
    EnumMeta.__call__(StrEnum, "Persona", {code.upper(): code for code in PERSONAS}),
    description="Who the person is, as they declare it.",
)
# a persona arrives as its member, a str whose value is the persona's code; GenericAlias spells
# list[PersonaEnum] for a class that is made at run time
Personas = Annotated[list[str], strawberry.argument(graphql_type=GenericAlias(list, (PersonaEnum,)))]


@strawberry.type
class Tag:
    tag: str = strawberry.field(description="persona:…, life_event:… or topic:…")
    source: str = strawberry.field(description="declared or inferred")
    weight: float


@strawberry.type
class Recommendation:
    kind: str = strawberry.field(description="matter or scenario")
    code: str
    name: str
    reason: str


@strawberry.enum
class TagErrorCode(Enum):
    UNAUTHENTICATED = "UNAUTHENTICATED"
    UNKNOWN_LIFE_EVENT = "UNKNOWN_LIFE_EVENT"


@strawberry.type
class TagError(UserError):
    code: TagErrorCode

    @classmethod
    def from_problem(cls, problem: Problem) -> TagError:
        return cls(code=TagErrorCode(problem.code), field=problem.field, message=problem.message)


@strawberry.type
class DeclareTagsPayload:
    tags: list[Tag] = strawberry.field(default_factory=list)
    errors: list[TagError] = strawberry.field(default_factory=list)


def tag_of(t: tags.Tag) -> Tag:
    return Tag(tag=t.tag, source=t.source, weight=t.weight)
