"""The one place that reads a private part of Strawberry (pinned exactly in pyproject.toml).

Strawberry 0.341 keeps graphql-core's schema, which our validation, cost and allow-list checks
need, in ``Schema._schema`` and offers no public accessor; each graphql-core field keeps its
Strawberry field under ``extensions["strawberry-definition"]``, which :func:`resolve_directly`
reads. ``tests/architecture/test_library_internals.py`` fails loudly when an upgrade moves them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from graphql import GraphQLObjectType, GraphQLSchema
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types import Info
from strawberry.types.field import StrawberryField

DEFINITION_BACKREF = GraphQLCoreConverter.DEFINITION_BACKREF


def core_schema(schema: strawberry.Schema) -> GraphQLSchema:
    """graphql-core's schema behind a Strawberry schema."""
    core = schema._schema
    if not isinstance(core, GraphQLSchema):
        raise TypeError(f"Strawberry's Schema._schema is a {type(core).__name__}: see strawberry_internals")
    return core


def resolve_directly(schema: strawberry.Schema) -> None:
    """Gives the fields that need nothing of Strawberry's per-call machinery a resolver that calls
    straight through: a plain field reads its attribute, a synchronous method that takes no
    arguments (``self``, maybe ``info``) is called with them.

    Strawberry reads a plain field through three calls and a property, and calls a method through
    ten (an ``Info``, argument conversion for no arguments, a chain of field extensions that is
    empty); a list of a hundred matters pays that a thousand times. Left to Strawberry: fields
    with arguments, field extensions (permissions), ``root``/``parent`` parameters, async
    resolvers, the root types, and every field when the schema has exception handlers."""
    if schema.schema_converter.exception_handlers:
        return
    core = core_schema(schema)
    roots = {core.query_type, core.mutation_type, core.subscription_type}
    info_class = schema.config.info_class
    for graphql_type in core.type_map.values():
        if not isinstance(graphql_type, GraphQLObjectType) or graphql_type in roots:
            continue
        for graphql_field in graphql_type.fields.values():
            field = graphql_field.extensions.get(DEFINITION_BACKREF)
            if isinstance(field, StrawberryField) and not graphql_field.args and not field.extensions:
                direct = _direct(field, info_class, schema.config.default_resolver)
                if direct is not None:
                    graphql_field.resolve = direct


def _direct(
    field: StrawberryField, info_class: type[Info], default_resolver: Callable[[Any, str], object]
) -> Callable[..., Any] | None:
    resolver = field.base_resolver
    if resolver is None:
        if default_resolver is not getattr:
            return None
        name = field.python_name
        return lambda source, _: getattr(source, name)
    if resolver.is_async or resolver.arguments or resolver.root_parameter or resolver.parent_parameter:
        return None
    call = resolver.wrapped_func
    info = resolver.info_parameter
    if resolver.self_parameter is None or not callable(call):  # a static or class method: left as it is
        return None
    if info is None:
        return lambda source, _: call(source)
    name = info.name
    return lambda source, raw: call(source, **{name: info_class(_raw_info=raw, _field=field)})
