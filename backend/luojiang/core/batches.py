"""Group commit: the items of concurrent callers written together, one write per batch.

A caller hands an item to :meth:`Batches.submit` and gets its own result back once the write that
carried it has finished, so what it waits for is done before it answers (a verifier's scan is in
the holder's log before the page shows; a scan's count is in Redis before the guide page does).
The first item starts a writer on the next turn of the event loop, so the requests that arrive in
the same turn go with it; while a write is in flight the next items gather, and go together in the
write after it. An idle process writes each item at once; a busy one writes many with one
statement or one round trip, which is what makes the hot pages cheap under load.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MAX_BATCH = 256  # keeps a batch's statement within every database's limit on bound parameters


class Batches(Generic[Item, Result]):
    """``write`` gets a batch of items and returns one result for each, in their order; what it
    raises, every caller in that batch raises."""

    def __init__(
        self, write: Callable[[Sequence[Item]], Awaitable[Sequence[Result]]], max_batch: int = MAX_BATCH
    ) -> None:
        self._write = write
        self._max_batch = max_batch
        self._waiting: list[tuple[Item, asyncio.Future[Result]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def submit(self, item: Item) -> Result:
        future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, future))
        if self._writer is None:
            self._writer = asyncio.create_task(self._write_waiting())
        return await future

    async def _write_waiting(self) -> None:
        try:
            while self._waiting:
                batch = self._waiting[: self._max_batch]
                del self._waiting[: self._max_batch]
                await self._write_batch(batch)
        except BaseException:  # the writer cancelled (shutdown): nobody is left waiting forever
            for _, future in self._waiting:
                future.cancel()
            self._waiting.clear()
            raise
        finally:
            self._writer = None

    async def _write_batch(self, batch: list[tuple[Item, asyncio.Future[Result]]]) -> None:
        try:
            results = await self._write([item for item, _ in batch])
            answers = list(zip(batch, results, strict=True))
        except Exception as error:  # each caller raises it, as if it had written alone
            for _, future in batch:
                if not future.done():
                    future.set_exception(error)
            return
        except BaseException:
            for _, future in batch:
                future.cancel()
            raise
        for (_, future), result in answers:
            if not future.done():  # a caller that gave up (cancelled) still had its item written
                future.set_result(result)
