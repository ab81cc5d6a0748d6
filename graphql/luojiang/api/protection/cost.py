"""Query cost (GitHub and Shopify style), checked before execution and reported in every response.

The cost of a selection is the sum of its fields' costs. A field that returns an object costs 1
(``FIELD_WEIGHTS`` can raise that), a scalar or enum costs 0, and a field with a ``first`` (or
``last``) argument multiplies the cost of everything below it by that page size: ``matters(first:
50) { nodes { department { code } } }`` costs 1 + 50 × (1 + 1) = 101. A page size given by a
variable counts at the largest page (100), left out at its default, so a document's cost does not
depend on its variables: it is validated once per document (the validation cache) and the
published operations' costs are checked before release. Connection plumbing (``pageInfo``, an
edge's ``node``) is free.

The walk that adds these up, once per fragment, is :mod:`luojiang.api.protection.shape`.
"""

from __future__ import annotations

from graphql import FieldNode, GraphQLField, IntValueNode, ValueNode

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
MAX_INT = 2**31 - 1  # GraphQL's Int
# a `first` longer than any Int is never parsed (Python refuses int() of over 4,300 digits)
PAGE_DIGITS = len(str(MAX_INT))


def field_cost(type_name: str, node: FieldNode, definition: GraphQLField, below: int) -> int:
    """What a field that returns an object costs, given what its selection costs."""
    return _weight(type_name, node.name.value) + _page_size(node, definition) * below


def _weight(type_name: str, field_name: str) -> int:
    if field_name in FREE_FIELDS or (field_name == "node" and type_name.endswith("Edge")):
        return 0
    return FIELD_WEIGHTS.get(f"{type_name}.{field_name}", 1)


def _page_size(node: FieldNode, definition: GraphQLField) -> int:
    """``first`` or ``last`` as written (the larger, should a query give both), the largest page for
    a variable, the default when left out."""
    written = [_written(a.value) for a in node.arguments or () if a.name.value in PAGE_SIZE_ARGUMENTS]
    if written:
        return max(written)
    declared = definition.args.get("first")
    if declared is None:
        return 1
    return declared.default_value if isinstance(declared.default_value, int) else MAX_PAGE_SIZE


def _written(value: ValueNode) -> int:
    if not isinstance(value, IntValueNode):
        return MAX_PAGE_SIZE
    # a literal that is no 32-bit Int costs nothing here: it is refused as INVALID_INPUT
    text = value.value
    if text.startswith("-") or len(text) > PAGE_DIGITS or int(text) > MAX_INT:
        return 0
    return int(text)
