"""Group commit: concurrent callers' items go in one write, each gets its own result, and what
the write raises each of them raises."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from luojiang.core.batches import Batches


class Recorder:
    def __init__(self) -> None:
        self.writes: list[list[int]] = []
        self.started = asyncio.Event()
        self.release = asyncio.Event()
        self.hold = False

    async def write(self, items: Sequence[int]) -> list[int]:
        self.writes.append(list(items))
        self.started.set()
        if self.hold:
            await self.release.wait()
        return [item * 10 for item in items]


async def test_callers_at_once_share_one_write_and_each_get_their_own_result() -> None:
    recorder = Recorder()
    batches = Batches(recorder.write)
    results = await asyncio.gather(*(batches.submit(n) for n in range(5)))
    assert results == [0, 10, 20, 30, 40]
    assert recorder.writes == [[0, 1, 2, 3, 4]]


async def test_items_that_come_during_a_write_go_together_in_the_next() -> None:
    recorder = Recorder()
    recorder.hold = True
    batches = Batches(recorder.write)
    first = asyncio.ensure_future(batches.submit(1))
    await recorder.started.wait()  # the first write has started, and waits
    later = [asyncio.ensure_future(batches.submit(n)) for n in (2, 3)]
    await asyncio.sleep(0)
    assert recorder.writes == [[1]]
    recorder.release.set()
    assert [await first, *[await f for f in later]] == [10, 20, 30]
    assert recorder.writes == [[1], [2, 3]]


async def test_a_batch_never_exceeds_its_size() -> None:
    recorder = Recorder()
    batches = Batches(recorder.write, max_batch=2)
    await asyncio.gather(*(batches.submit(n) for n in range(5)))
    assert recorder.writes == [[0, 1], [2, 3], [4]]


async def test_what_the_write_raises_every_caller_of_the_batch_raises_and_the_next_batch_goes_on() -> None:
    calls = 0

    async def failing_once(items: Sequence[int]) -> list[int]:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("database gone")
        return list(items)

    batches = Batches(failing_once)
    outcomes = await asyncio.gather(*(batches.submit(n) for n in range(3)), return_exceptions=True)
    assert [str(o) for o in outcomes] == ["database gone"] * 3
    assert await batches.submit(7) == 7


async def test_a_write_that_returns_too_few_results_fails_its_callers_instead_of_hanging() -> None:
    async def short(items: Sequence[int]) -> list[int]:
        return list(items)[:-1]

    batches = Batches(short)
    with pytest.raises(ValueError, match="zip"):
        await asyncio.gather(batches.submit(1), batches.submit(2))
