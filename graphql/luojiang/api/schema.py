"""The schema: every domain's queries, mutations and subscriptions merged into one root each,
with the protection extensions (DESIGN 2.1) passed as factories, never shared instances."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from graphql import GraphQLError
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry import relay
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.relay import GlobalIDValueError
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from luojiang.api.catalogue.queries import CatalogueQueries
from luojiang.api.catalogue.subscriptions import CatalogueSubscriptions
from luojiang.api.context import Info
from luojiang.api.error_policy import ErrorPolicy
from luojiang.api.observability import OperationMetrics, OperationTracing
from luojiang.core.settings import Settings

QUERY_ROOTS: tuple[type, ...] = (CatalogueQueries,)
MUTATION_ROOTS: tuple[type, ...] = ()
SUBSCRIPTION_ROOTS: tuple[type, ...] = (CatalogueSubscriptions,)


@strawberry.type
class NodeQueries:
    @strawberry.field(description="Any object by its global ID; null when it does not exist or is not yours.")
    async def node(self, info: Info, id: relay.GlobalID) -> relay.Node | None:
        try:
            return await id.resolve_node(info, required=False)
        except GlobalIDValueError:
            return None


class GatewaySchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # ErrorPolicy logs the unexpected ones with the request id; user mistakes are not log noise.
        return


def _root(name: str, roots: tuple[type, ...]) -> type | None:
    return merge_types(name, roots) if roots else None


def build_schema(settings: Settings) -> strawberry.Schema:
    query = merge_types("Query", (NodeQueries, *QUERY_ROOTS))
    return GatewaySchema(
        query=query,
        mutation=_root("Mutation", MUTATION_ROOTS),
        subscription=_root("Subscription", SUBSCRIPTION_ROOTS),
        extensions=_extensions(settings),
        config=StrawberryConfig(
            disable_field_suggestions=settings.is_production,
            relay_max_results=100,
        ),
    )


def _extensions(settings: Settings) -> list[Callable[[], SchemaExtension] | type[SchemaExtension]]:
    extensions: list[Any] = [
        lambda: MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
        lambda: ParserCache(maxsize=1024),
        lambda: QueryDepthLimiter(max_depth=settings.graphql_max_depth),
        lambda: MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases),
        lambda: ValidationCache(maxsize=1024),
        OperationMetrics,  # before ErrorPolicy: it finishes last and sees the classified errors
        ErrorPolicy,
    ]
    if settings.otel_enabled:
        extensions.insert(0, OperationTracing)
    if settings.is_production:
        extensions.append(lambda: AddValidationRules([NoSchemaIntrospectionCustomRule]))
    return extensions
