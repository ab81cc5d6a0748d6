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


@strawberry.type(
    description="Something known about the person: declared by them or inferred from what they looked at."
)
class Tag:
    tag: str = strawberry.field(description="persona:…, life_event:… or topic:…")
    source: str = strawberry.field(description="declared or inferred")
    weight: float = strawberry.field(
        description="How strongly it counts in recommendations (declared tags weigh 3)."
    )


@strawberry.type(description="A matter or scenario suggested to the person, with why.")
class Recommendation:
    kind: str = strawberry.field(description="matter or scenario")
    code: str = strawberry.field(description="Its catalogue code.")
    name: str = strawberry.field(description="Its name.")
    reason: str = strawberry.field(description="Why it is suggested, ready to show (您选择了身份「…」).")


@strawberry.enum(
    description="Why tags could not be declared: not logged in, or a life event the catalogue does not know."
)
class TagErrorCode(Enum):
    UNAUTHENTICATED = "UNAUTHENTICATED"
    UNKNOWN_LIFE_EVENT = "UNKNOWN_LIFE_EVENT"


@strawberry.type(description="Why tags could not be declared; nothing was changed.")
class TagError(UserError):
    code: TagErrorCode = strawberry.field(description="What kind of mistake it is.")

    @classmethod
    def from_problem(cls, problem: Problem) -> TagError:
        return cls(code=TagErrorCode(problem.code), field=problem.field, message=problem.message)


@strawberry.type(description="The person's tags after a declaration, or why it was refused.")
class DeclareTagsPayload:
    tags: list[Tag] = strawberry.field(description="All the person's tags now.", default_factory=list)
    errors: list[TagError] = strawberry.field(
        description="Why nothing changed; empty on success.", default_factory=list
    )


def tag_of(t: tags.Tag) -> Tag:
    return Tag(tag=t.tag, source=t.source, weight=t.weight)
