"""The schema: every domain's queries, mutations and subscriptions merged into one root each,
with the protection extensions (DESIGN 2.1) passed as factories, never shared instances."""

from __future__ import annotations

from collections.abc import Callable

import strawberry
from graphql import GraphQLError
from strawberry import relay
from strawberry.extensions import MaxTokensLimiter, ParserCache, SchemaExtension
from strawberry.relay import GlobalIDValueError
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from luojiang.api.applications.mutations import ApplicationMutations
from luojiang.api.applications.queries import ApplicationQueries
from luojiang.api.applications.subscriptions import ApplicationSubscriptions
from luojiang.api.catalogue.mutations import CatalogueMutations
from luojiang.api.catalogue.queries import CatalogueQueries
from luojiang.api.catalogue.subscriptions import CatalogueSubscriptions
from luojiang.api.context import Info
from luojiang.api.error_policy import ErrorPolicy
from luojiang.api.identity.admin import GrantMutations
from luojiang.api.identity.auth import RevocationCheck
from luojiang.api.identity.mutations import EnterpriseMutations, IdentityMutations
from luojiang.api.identity.queries import IdentityQueries
from luojiang.api.licences.mutations import LicenceMutations
from luojiang.api.licences.queries import LicenceQueries
from luojiang.api.loaders import FreshLoaders
from luojiang.api.maps.queries import MapQueries
from luojiang.api.notifications.mutations import NotificationMutations
from luojiang.api.notifications.queries import NotificationQueries
from luojiang.api.observability import OperationMetrics, OperationTracing
from luojiang.api.payments.mutations import PaymentMutations, RefundApplicationMutations
from luojiang.api.payments.queries import PaymentQueries
from luojiang.api.protection.response_cache import RecordOperationType
from luojiang.api.protection.validation import CheckedValidation, DocumentChecks
from luojiang.api.search.mutations import SearchMutations
from luojiang.api.search.queries import SearchQueries
from luojiang.api.strawberry_internals import resolve_directly
from luojiang.api.tags.mutations import TagMutations
from luojiang.api.tags.queries import TagQueries
from luojiang.api.tourism.mutations import TourismAdminMutations, TourismMutations
from luojiang.api.tourism.queries import TourismQueries
from luojiang.core.settings import Settings

QUERY_ROOTS: tuple[type, ...] = (
    CatalogueQueries,
    IdentityQueries,
    TourismQueries,
    PaymentQueries,
    LicenceQueries,
    ApplicationQueries,
    SearchQueries,
    MapQueries,
    TagQueries,
    NotificationQueries,
)
MUTATION_ROOTS: tuple[type, ...] = (
    CatalogueMutations,
    IdentityMutations,
    EnterpriseMutations,
    GrantMutations,
    TourismMutations,
    TourismAdminMutations,
    PaymentMutations,
    RefundApplicationMutations,
    LicenceMutations,
    ApplicationMutations,
    SearchMutations,
    TagMutations,
    NotificationMutations,
)
SUBSCRIPTION_ROOTS: tuple[type, ...] = (CatalogueSubscriptions, ApplicationSubscriptions)


@strawberry.type
class NodeQueries:
    @strawberry.field(description="Any object by its global ID; null when it does not exist or is not yours.")
    async def node(self, info: Info, id: relay.GlobalID) -> relay.Node | None:
        try:
            # a forged key of a known type reads as null in RowNode.resolve_nodes
            return await id.resolve_node(info, required=False)
        except GlobalIDValueError:
            return None


class GatewaySchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # ErrorPolicy logs the unexpected ones with the request id; user mistakes are not log noise.
        return


ROOT_DESCRIPTIONS = {
    "Query": "What the front ends read: each area's queries, and any object by its global ID (node).",
    "Mutation": "What the front ends change; a user's mistake comes back in the payload's errors.",
    "Subscription": "Events pushed over graphql-transport-ws.",
}


def _root(name: str, roots: tuple[type, ...]) -> type | None:
    if not roots:
        return None
    merged = merge_types(name, roots)
    # merge_types takes no description; the definition it made is ours to describe
    merged.__strawberry_definition__.description = ROOT_DESCRIPTIONS[name]  # type: ignore[attr-defined]
    return merged


def build_schema(settings: Settings) -> strawberry.Schema:
    query = _root("Query", (NodeQueries, *QUERY_ROOTS))
    assert query is not None  # noqa: S101 -- NodeQueries is always there
    return assemble_schema(
        settings, query, _root("Mutation", MUTATION_ROOTS), _root("Subscription", SUBSCRIPTION_ROOTS)
    )


def assemble_schema(
    settings: Settings, query: type, mutation: type | None = None, subscription: type | None = None
) -> strawberry.Schema:
    """Root types made into a schema with the gateway's protection (the benchmark reuses this)."""
    schema = GatewaySchema(
        query=query,
        mutation=mutation,
        subscription=subscription,
        extensions=_extensions(settings),
        config=StrawberryConfig(
            disable_field_suggestions=settings.is_production,
            relay_max_results=100,
        ),
    )
    resolve_directly(schema)
    return schema


def _extensions(settings: Settings) -> list[Callable[[], SchemaExtension] | type[SchemaExtension]]:
    checks = DocumentChecks.of(settings)  # one per schema: its cache of verdicts serves every request
    tracing: list[type[SchemaExtension]] = [OperationTracing] if settings.otel_enabled else []
    return [
        *tracing,
        lambda: MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
        lambda: ParserCache(maxsize=1024),
        lambda: CheckedValidation(checks),
        FreshLoaders,
        RecordOperationType,
        OperationMetrics,  # before ErrorPolicy: it finishes last and sees the classified errors
        ErrorPolicy,
        RevocationCheck,
    ]
