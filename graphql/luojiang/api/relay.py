"""Relay conventions: opaque global IDs through ``strawberry.relay.Node``, and connections whose
``first`` argument is required and bounded (1–100), paged by keyset cursors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Generic, TypeVar

import strawberry
from strawberry import relay

from luojiang.core.pagination import MAX_KEY, MAX_PAGE_SIZE, Page, encode_cursor

N = TypeVar("N")

First = Annotated[int, strawberry.argument(description=f"How many items to return, 1 to {MAX_PAGE_SIZE}.")]


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Edge(Generic[N]):
    cursor: str
    node: N


@strawberry.type
class Connection(Generic[N]):
    edges: list[Edge[N]]
    page_info: PageInfo

    @strawberry.field
    def nodes(self) -> list[N]:
        return [edge.node for edge in self.edges]

    @classmethod
    def empty(cls) -> Connection[N]:
        return cls(edges=[], page_info=PageInfo(has_next_page=False, end_cursor=None))

    @classmethod
    def from_page(cls, page: Page[Any], to_node: Callable[..., N]) -> Connection[N]:
        edges = [Edge(cursor=encode_cursor(item.pk), node=to_node(item)) for item in page.items]
        return cls(
            edges=edges, page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor)
        )


MAX_KEY_DIGITS = len(str(MAX_KEY))


def database_key(node_id: str) -> int | None:
    """The integer key a global ID's node id names, or None for anything a client could forge
    that no row can have (letters, signs, zero, numbers past the column's range)."""
    # the length first: int() of a 4,300-digit string raises instead of answering
    if len(node_id) > MAX_KEY_DIGITS or not node_id.isascii() or not node_id.isdigit():
        return None
    key = int(node_id)
    return key if 0 < key <= MAX_KEY else None


def node_pk(global_id: relay.GlobalID, type_name: str) -> int | None:
    """The database key behind a global ID of the given type, or None when it is not one."""
    return database_key(global_id.node_id) if global_id.type_name == type_name else None
