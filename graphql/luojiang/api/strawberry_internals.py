"""The one place that reads a private part of Strawberry (pinned exactly in pyproject.toml).

Strawberry 0.341 keeps graphql-core's schema, which our validation, cost and allow-list checks
need, in ``Schema._schema`` and offers no public accessor. ``tests/architecture/
test_library_internals.py`` fails loudly when an upgrade moves it.
"""

from __future__ import annotations

import strawberry
from graphql import GraphQLSchema


def core_schema(schema: strawberry.Schema) -> GraphQLSchema:
    """graphql-core's schema behind a Strawberry schema."""
    core = schema._schema
    if not isinstance(core, GraphQLSchema):
        raise TypeError(f"Strawberry's Schema._schema is a {type(core).__name__}: see strawberry_internals")
    return core
