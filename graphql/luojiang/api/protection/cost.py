"""Query cost (GitHub and Shopify style), checked before execution and reported in every response.

The cost of a selection is the sum of its fields' costs. A field that returns an object costs 1
(``FIELD_WEIGHTS`` can raise that), a scalar or enum costs 0, and a field with a ``first`` (or
``last``) argument multiplies the cost of everything below it by that page size: ``matters(first:
50) { nodes { department { code } } }`` costs 1 + 50 × (1 + 1) = 101. A page size given by a
variable counts at the largest page (100), left out at its default, so a document's cost does not
depend on its variables: it is validated once per document (the validation cache) and the
published operations' costs are checked before release. Connection plumbing (``pageInfo``, an
edge's ``node``) is free.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, ClassVar

from graphql import (
    ASTValidationRule,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
    get_named_type,
    is_leaf_type,
)
from strawberry.extensions import SchemaExtension

from luojiang.core.pagination import MAX_PAGE_SIZE

TOO_COSTLY = "QUERY_TOO_COSTLY"
# "Type.field": cost of one such field, for fields dearer than one object (search, map queries)
FIELD_WEIGHTS: dict[str, int] = {
    # service navigation: a search scores every document; the map and checklists read whole lists
    "Query.search": 10,
    "Query.searchSuggestions": 3,
    "Query.nearby": 5,
    "Query.checklist": 5,
    "Query.recommendations": 5,
}
FREE_FIELDS = frozenset({"pageInfo"})
PAGE_SIZE_ARGUMENTS = frozenset({"first", "last"})


class _Costing:
    def __init__(self, schema: GraphQLSchema, document: DocumentNode) -> None:
        self.schema = schema
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }

    def operation(self, operation: OperationDefinitionNode) -> int:
        root = self.schema.get_root_type(operation.operation)
        return self.selection(root, operation.selection_set, frozenset()) if root else 0

    def selection(self, parent: Any, selection_set: SelectionSetNode, seen: frozenset[str]) -> int:
        total = 0
        for node in selection_set.selections:
            if isinstance(node, FieldNode):
                total += self.field(parent, node, seen)
            elif isinstance(node, InlineFragmentNode):
                condition = node.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                total += self.selection(inner, node.selection_set, seen)
            elif isinstance(node, FragmentSpreadNode) and node.name.value not in seen:
                fragment = self.fragments.get(node.name.value)
                if fragment is not None:
                    inner = self.schema.get_type(fragment.type_condition.name.value)
                    total += self.selection(inner, fragment.selection_set, seen | {node.name.value})
        return total

    def field(self, parent: Any, node: FieldNode, seen: frozenset[str]) -> int:
        if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            return 0
        definition = parent.fields.get(node.name.value)
        if definition is None:  # __typename, or a field validation refuses anyway
            return 0
        returns = get_named_type(definition.type)
        if is_leaf_type(returns):
            return 0
        below = self.selection(returns, node.selection_set, seen) if node.selection_set else 0
        return _weight(parent.name, node.name.value) + _page_size(node, definition) * below


def _weight(type_name: str, field_name: str) -> int:
    if field_name in FREE_FIELDS or (field_name == "node" and type_name.endswith("Edge")):
        return 0
    return FIELD_WEIGHTS.get(f"{type_name}.{field_name}", 1)


def _page_size(node: FieldNode, definition: GraphQLField) -> int:
    """``first`` or ``last`` as written (the larger, should a query give both), the largest page for
    a variable, the default when left out."""
    written = [
        max(int(a.value.value), 0) if isinstance(a.value, IntValueNode) else MAX_PAGE_SIZE
        for a in node.arguments or ()
        if a.name.value in PAGE_SIZE_ARGUMENTS
    ]
    if written:
        return max(written)
    declared = definition.args.get("first")
    if declared is None:
        return 1
    return declared.default_value if isinstance(declared.default_value, int) else MAX_PAGE_SIZE


def operation_costs(schema: GraphQLSchema, document: DocumentNode) -> dict[str | None, int]:
    """The cost of each operation of a document, by name (None for an anonymous one)."""
    costing = _Costing(schema, document)
    return {
        (d.name.value if d.name else None): costing.operation(d)
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
    }


def cost_limit_rule(maximum: int) -> type[ASTValidationRule]:
    class CostLimit(ValidationRule):
        def enter_document(self, node: DocumentNode, *_: Any) -> None:
            for name, cost in operation_costs(self.context.schema, node).items():
                if cost > maximum:
                    label = f"Operation {name}" if name else "The operation"
                    self.report_error(
                        GraphQLError(
                            f"{label} costs {cost}, over the limit of {maximum}: ask for smaller pages.",
                            extensions={"code": TOO_COSTLY, "cost": cost, "maximumCost": maximum},
                        )
                    )

    return CostLimit


class CostReport(SchemaExtension):
    """Adds ``extensions.cost = {requestedQueryCost, maximumAvailable}`` to every response."""

    # shared by every request: (schema, document text) -> costs; documents repeat, schemas are few
    _costs: ClassVar[OrderedDict[tuple[int, str], dict[str | None, int]]] = OrderedDict()
    MAX_DOCUMENTS = 1024

    def __init__(self, maximum: int) -> None:
        self.maximum = maximum

    def get_results(self) -> dict[str, Any]:
        context = self.execution_context
        document, query = context.graphql_document, context.query
        if document is None or query is None:
            return {}
        costs = self._costs_of(query, document)
        cost = costs.get(context.operation_name) if context.operation_name else max(costs.values(), default=0)
        if cost is None:
            return {}
        return {"cost": {"requestedQueryCost": cost, "maximumAvailable": self.maximum}}

    def _costs_of(self, query: str, document: DocumentNode) -> dict[str | None, int]:
        schema = self.execution_context.schema._schema
        key = (id(schema), query)
        known = self._costs.get(key)
        if known is None:
            known = operation_costs(schema, document)
            self._costs[key] = known
            if len(self._costs) > self.MAX_DOCUMENTS:
                self._costs.popitem(last=False)
        return known
