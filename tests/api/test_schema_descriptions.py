"""Front-end developers read the schema in GraphiQL and in the generated TypeScript: every type,
field and input field of the public schema says what it holds."""

from __future__ import annotations

from graphql import (
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    specified_scalar_types,
)

from luojiang.api.schema import build_schema
from luojiang.api.strawberry_internals import core_schema
from luojiang.core.settings import Environment, load_settings


def _ours(schema: GraphQLSchema) -> list[GraphQLNamedType]:
    return [
        t
        for name, t in schema.type_map.items()
        if not name.startswith("__") and name not in specified_scalar_types
    ]


def undescribed(schema: GraphQLSchema) -> list[str]:
    missing = []
    for named in _ours(schema):
        if not named.description:
            missing.append(named.name)
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            missing += [f"{named.name}.{f}" for f, field in named.fields.items() if not field.description]
    return missing


def test_every_type_and_field_of_the_public_schema_is_described() -> None:
    schema = core_schema(build_schema(load_settings(environment=Environment.TEST)))
    assert undescribed(schema) == [], "add description=... (strawberry.type/field/enum/input)"


def test_the_check_sees_an_undescribed_field() -> None:
    import strawberry

    @strawberry.type(description="A query root.")
    class Query:
        bare: int = 1

    assert undescribed(core_schema(strawberry.Schema(query=Query))) == ["Query.bare"]
