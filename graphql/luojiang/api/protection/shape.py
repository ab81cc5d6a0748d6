"""The shape of each operation of a document: how many selections it expands to, how deep it nests,
how many aliases and top-level fields it has, and what it costs; measured in one walk that is
linear in the document's size.

A fragment is measured once, however often it is spread: each spread adds the fragment's
numbers. A 600-byte document whose fragments each spread the next three times expands to 3^20
selections; walked spread by spread, as the depth and alias limiters of Strawberry and our
first cost walker did, it pinned a core for minutes. Numbers saturate at ``CEILING``, so a bomb's
are large but cheap to add up and JSON can still carry them.

What counts (the limits in :mod:`luojiang.api.protection.limits` compare these):
- ``selections``: fields, inline fragments and fragment spreads, every spread expanded;
- ``depth``: how many fields with a selection set nest (a leaf adds nothing; introspection
  fields are not counted, as in Strawberry's depth limiter);
- ``aliases``: aliased fields, every spread expanded;
- ``fields``: fields at the top of the operation, through fragments (what a mutation does);
- ``cost``: see :mod:`luojiang.api.protection.cost`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionNode,
    SelectionSetNode,
    get_named_type,
    is_leaf_type,
)

from luojiang.api.protection.cost import field_cost

CEILING = 10**15  # below 2^53: a JSON number any client reads exactly


def _sum(a: int, b: int) -> int:
    return min(a + b, CEILING)


@dataclass(frozen=True)
class Shape:
    selections: int = 0
    depth: int = 0
    aliases: int = 0
    fields: int = 0
    cost: int = 0

    def __add__(self, other: Shape) -> Shape:
        """Two selections side by side."""
        return Shape(
            selections=_sum(self.selections, other.selections),
            depth=max(self.depth, other.depth),
            aliases=_sum(self.aliases, other.aliases),
            fields=_sum(self.fields, other.fields),
            cost=_sum(self.cost, other.cost),
        )


EMPTY = Shape()
ONE_SELECTION = Shape(selections=1)


@dataclass(frozen=True)
class OperationShape:
    name: str | None
    kind: OperationType
    shape: Shape


def measure(schema: GraphQLSchema, document: DocumentNode) -> list[OperationShape]:
    """The shape of every operation of ``document``, in document order."""
    walk = _Walk(schema, document)
    return [
        OperationShape(d.name.value if d.name else None, d.operation, walk.operation(d))
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
    ]


class _Walk:
    def __init__(self, schema: GraphQLSchema, document: DocumentNode) -> None:
        self.schema = schema
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.measured: dict[str, Shape] = {}
        self.open: set[str] = set()  # fragments being measured: a spread of one of them is a cycle

    def operation(self, operation: OperationDefinitionNode) -> Shape:
        return self.selection_set(self.schema.get_root_type(operation.operation), operation.selection_set)

    def selection_set(self, parent: Any, selection_set: SelectionSetNode) -> Shape:
        total = EMPTY
        for node in selection_set.selections:
            total += self.selection(parent, node)
        return total

    def selection(self, parent: Any, node: SelectionNode) -> Shape:
        if isinstance(node, FieldNode):
            return self.field(parent, node)
        if isinstance(node, InlineFragmentNode):
            condition = node.type_condition
            inner = self.schema.get_type(condition.name.value) if condition else parent
            return ONE_SELECTION + self.selection_set(inner, node.selection_set)
        if isinstance(node, FragmentSpreadNode):
            return ONE_SELECTION + self.fragment(node.name.value)
        return EMPTY

    def fragment(self, name: str) -> Shape:
        known = self.measured.get(name)
        if known is not None:
            return known
        definition = self.fragments.get(name)
        if definition is None or name in self.open:
            return EMPTY  # unknown or cyclic: the specification's rules refuse the document
        self.open.add(name)
        shape = self.selection_set(
            self.schema.get_type(definition.type_condition.name.value), definition.selection_set
        )
        self.open.discard(name)
        self.measured[name] = shape
        return shape

    def field(self, parent: Any, node: FieldNode) -> Shape:
        definition = None
        if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            definition = parent.fields.get(node.name.value)
        returns = get_named_type(definition.type) if definition is not None else None
        below = self.selection_set(returns, node.selection_set) if node.selection_set else EMPTY
        nests = node.selection_set is not None and not node.name.value.startswith("__")
        cost = 0
        if definition is not None and not is_leaf_type(returns):
            cost = min(field_cost(parent.name, node, definition, below.cost), CEILING)
        return Shape(
            selections=_sum(1, below.selections),
            depth=1 + below.depth if nests else 0,
            aliases=_sum(1 if node.alias else 0, below.aliases),
            fields=1,
            cost=cost,
        )
