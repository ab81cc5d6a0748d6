"""Personas are data (core/tags/personas.toml): the GraphQL enum and the recommendations' reasons
come from the file, in its order."""

from __future__ import annotations

from graphql import GraphQLEnumType

from luojiang.api.schema import build_schema
from luojiang.api.strawberry_internals import core_schema
from luojiang.core.settings import Settings
from luojiang.core.tags.personas import PERSONAS, parse_personas

TWO = """
[fisher]
name = "渔民"
needs = ["渔业", "捕捞许可"]

[elderly]
name = "老年人"
needs = ["退休"]
"""


def test_a_persona_file_gives_codes_names_and_needs_in_order() -> None:
    personas = parse_personas(TWO)
    assert list(personas) == ["fisher", "elderly"]
    assert personas["fisher"].name == "渔民"
    assert personas["fisher"].needs == frozenset({"渔业", "捕捞许可"})


def test_the_graphql_enum_lists_the_bundled_personas(settings: Settings) -> None:
    enum = core_schema(build_schema(settings)).type_map["Persona"]
    assert isinstance(enum, GraphQLEnumType)
    assert list(enum.values) == [code.upper() for code in PERSONAS]
    assert {"ELDERLY", "ENTERPRISE_OWNER"} <= set(enum.values)
