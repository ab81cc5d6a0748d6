"""Relay conventions: opaque global IDs through ``strawberry.relay.Node``, and connections paged by
keyset cursors. A list browsed forwards only (the catalogue) takes a required ``first`` (1–100) and
``after``; a list people read newest first (their own orders, staff queues) also takes ``last`` and
``before``, with exactly one of ``first`` and ``last``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Generic, TypeVar

import strawberry
from strawberry import relay
from strawberry.types import Info
from strawberry.types.nodes import SelectedField, Selection

from luojiang.core.pagination import MAX_KEY, MAX_PAGE_SIZE, Page, encode_cursor

N = TypeVar("N")

First = Annotated[int, strawberry.argument(description=f"How many items to return, 1 to {MAX_PAGE_SIZE}.")]
After = Annotated[
    str | None, strawberry.argument(description="The endCursor of the page before; none: the first page.")
]
# the arguments of a list that is also browsed backwards: give first (and after) or last (and before)
FirstOrNone = Annotated[
    int | None,
    strawberry.argument(
        description=f"How many items from the start (or after the cursor), 1 to {MAX_PAGE_SIZE}; or last."
    ),
]
Last = Annotated[
    int | None,
    strawberry.argument(
        description=f"How many items from the end (or before the cursor), 1 to {MAX_PAGE_SIZE}; or first."
    ),
]
Before = Annotated[str | None, strawberry.argument(description="Only the items before this cursor.")]


@strawberry.type(description="Where a page lies in its list (the Relay connection specification).")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow (known when paging with first).")
    has_previous_page: bool = strawberry.field(
        description="More items precede (known when paging with last)."
    )
    start_cursor: str | None = strawberry.field(description="The first item's cursor; null on an empty page.")
    end_cursor: str | None = strawberry.field(description="The last item's cursor; null on an empty page.")


@strawberry.type(description="One item of a page and the cursor that points at it.")
class Edge(Generic[N]):
    cursor: str = strawberry.field(description="Pass as after (or before) to page on from this item.")
    node: N = strawberry.field(description="The item.")


def _edges(self: Connection[N]) -> list[Edge[N]]:
    return [
        Edge(cursor=encode_cursor(key), node=node) for key, node in zip(self.keys, self.items, strict=True)
    ]


@strawberry.type(description="A page of a list (Relay connection): items in order, with where the page lies.")
class Connection(Generic[N]):
    # the edges and their cursors are made only when asked for: most front ends read the nodes
    edges: list[Edge[N]] = strawberry.field(
        resolver=_edges, description="The page's items, each with its cursor."
    )
    page_info: PageInfo = strawberry.field(
        description="Whether more items follow or precede, and the end cursors."
    )
    items: strawberry.Private[list[N]]
    keys: strawberry.Private[list[int]]

    @strawberry.field(description="The page's items without their cursors (the same as edges' nodes).")
    def nodes(self) -> list[N]:
        return self.items

    @classmethod
    def empty(cls) -> Connection[N]:
        nothing = PageInfo(has_next_page=False, has_previous_page=False, start_cursor=None, end_cursor=None)
        return cls(page_info=nothing, items=[], keys=[])

    @classmethod
    def from_page(cls, page: Page[Any], to_node: Callable[..., N]) -> Connection[N]:
        info = PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=page.has_previous_page,
            start_cursor=page.start_cursor,
            end_cursor=page.end_cursor,
        )
        return cls(
            page_info=info,
            items=[to_node(item) for item in page.items],
            keys=[item.pk for item in page.items],
        )


def nodes_select(info: Info[Any, Any], name: str) -> bool:
    """Whether the connection being resolved asks its nodes (through ``nodes`` or ``edges { node }``,
    fragments included) for the field ``name``: a relation worth loading for the whole page at once."""
    return any(
        _reaches(field.selections, path)
        for field in info.selected_fields
        for path in (("nodes", name), ("edges", "node", name))
    )


def _reaches(selections: list[Selection], path: tuple[str, ...]) -> bool:
    for selection in selections:
        if isinstance(selection, SelectedField):
            if selection.name == path[0] and (len(path) == 1 or _reaches(selection.selections, path[1:])):
                return True
        elif _reaches(selection.selections, path):  # a fragment's fields are its parent's
            return True
    return False


# MAX_KEY (core.pagination): every Node table's key is an IntField, a signed 32-bit column on
# PostgreSQL (SQLite would take more, so a larger key must be refused here, not by the database)
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
