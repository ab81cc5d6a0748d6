"""Per-request DataLoaders, created lazily and kept for the request only.

Each domain registers its loaders as functions ``(keys) -> values in key order``; resolvers call
``info.context.loaders.get(load_fn).load(key)`` so that every relation is batched.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Sequence
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader
from strawberry.extensions import SchemaExtension

K = TypeVar("K")
V = TypeVar("V")
R = TypeVar("R")

BatchLoad = Callable[[list[K]], Awaitable[Sequence[V]]]


class Loaders:
    def __init__(self) -> None:
        self._loaders: dict[Callable[..., Any], DataLoader[Any, Any]] = {}

    def get(self, load_fn: BatchLoad[K, V]) -> DataLoader[K, V]:
        loader = self._loaders.get(load_fn)
        if loader is None:
            loader = DataLoader(load_fn=load_fn, max_batch_size=500)
            self._loaders[load_fn] = loader
        return loader


def at_once(loader: DataLoader[K, V], key: K, convert: Callable[[V], R]) -> R | Awaitable[R]:
    """``convert`` of the value when this request has already loaded it, else an awaitable of it.

    A resolver that returns a value instead of an awaitable costs graphql-core no task: a list of
    a hundred items whose relation was loaded ahead in one batch (see ``relay.nodes_select``)
    completes in one pass instead of gathering a hundred awaits."""
    loaded = loader.cache_map.get(key)
    if loaded is not None and loaded.done() and not loaded.cancelled() and loaded.exception() is None:
        return convert(loaded.result())
    return _then(loader.load(key), convert)


async def _then(pending: Awaitable[V], convert: Callable[[V], R]) -> R:
    return convert(await pending)


class FreshLoaders(SchemaExtension):
    """Each operation starts with empty loaders. Over HTTP the context is the request's anyway; a
    WebSocket keeps one context for the connection's life, and without this a query sent an hour
    after another would read what the first one loaded."""

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context.context
        if isinstance(getattr(context, "loaders", None), Loaders):
            context.loaders = Loaders()
        yield
