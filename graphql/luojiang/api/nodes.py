"""One way to resolve Relay nodes: a Node type backed by database rows says how its rows load by key
and who may see one; ``node(id:)`` and every list of global IDs go through :meth:`resolve_nodes`.

    @strawberry.type
    class Licence(RowNode[models.Licence]):
        id: relay.NodeID[int]

        @classmethod
        def from_model(cls, row: models.Licence) -> Licence: ...

        @classmethod
        async def load_rows(cls, info: Info, keys: list[int]) -> Sequence[models.Licence | None]:
            return await info.context.loaders.get(loaders.licence_by_id).load_many(keys)

        @classmethod
        def may_see(cls, info: Info, row: models.Licence) -> bool:
            return owns(viewer(info), person_id=row.holder_id)

A public type adds its cache tag in ``load_rows`` (everyone gets the same answer); a type whose
answer depends on who asks never tags. A row the viewer may not see reads as null, like a missing one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Generic, Literal, Self, TypeVar, overload

from strawberry import relay

from luojiang.api.context import Info
from luojiang.api.relay import database_key
from luojiang.core.errors import NotFound

R = TypeVar("R")


class RowNode(relay.Node, Generic[R]):
    """A ``relay.Node`` whose node ids are the integer keys of rows of type ``R``."""

    @classmethod
    def from_model(cls, row: R) -> Self:
        raise NotImplementedError

    @classmethod
    async def load_rows(cls, info: Info, keys: list[int]) -> Sequence[R | None]:
        """The rows with these keys, in the keys' order; None where there is none."""
        raise NotImplementedError

    @classmethod
    def may_see(cls, info: Info, row: R) -> bool:
        """Whether the viewer may see this row: ownership, or the rule that makes it public."""
        raise NotImplementedError

    @overload
    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: Literal[True]
    ) -> list[Self]: ...

    @overload
    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: Literal[False] = ...
    ) -> list[Self | None]: ...

    @overload
    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool
    ) -> list[Self] | list[Self | None]: ...

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self] | list[Self | None]:
        # a forged node id (letters, zero, past the column's range) is "no such row", never a query
        keys = [database_key(node_id) for node_id in node_ids]
        loaded = iter(await cls.load_rows(info, [k for k in keys if k is not None]))
        rows = [next(loaded) if k is not None else None for k in keys]
        nodes = [cls.from_model(row) if row is not None and cls.may_see(info, row) else None for row in rows]
        if not required:
            return nodes
        found = [node for node in nodes if node is not None]
        if len(found) != len(nodes):
            raise NotFound(cls.__name__)
        return found
