"""Timing: contestants take turns in rounds, so that the noise of a shared machine falls on both;
the figure for each is the median round. Within a round, ``concurrency`` clients send requests
back to back, as a server sees them: time spent waiting on Redis overlaps with other requests'
work, so the figure is throughput (wall time per request), not one request's latency."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

Call = Callable[[], Awaitable[object]]


@dataclass(frozen=True)
class Figure:
    name: str
    seconds_per_call: float

    @property
    def microseconds(self) -> float:
        return self.seconds_per_call * 1e6

    @property
    def per_second(self) -> float:
        return 1 / self.seconds_per_call


async def compare(
    contestants: dict[str, Call], calls: int, rounds: int, concurrency: int = 1, warmup: int = 50
) -> list[Figure]:
    for call in contestants.values():
        await _timed(call, warmup, concurrency)
    timings: dict[str, list[float]] = {name: [] for name in contestants}
    for _ in range(rounds):
        for name, call in contestants.items():
            timings[name].append(await _timed(call, calls, concurrency))
    return [Figure(name, statistics.median(samples)) for name, samples in timings.items()]


async def _timed(call: Call, calls: int, concurrency: int) -> float:
    each = max(1, calls // concurrency)

    async def client() -> None:
        for _ in range(each):
            await call()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    return (time.perf_counter() - started) / (each * concurrency)


def report(title: str, baseline: Figure, gateway: Figure, target: float) -> str:
    ratio = baseline.seconds_per_call / gateway.seconds_per_call
    verdict = "meets" if ratio >= target else "MISSES"
    return "\n".join(
        [
            title,
            f"  {baseline.name:<46} {baseline.microseconds:9.0f} µs/request {baseline.per_second:9.0f} req/s",
            f"  {gateway.name:<46} {gateway.microseconds:9.0f} µs/request {gateway.per_second:9.0f} req/s",
            f"  ratio {ratio:.2f}x of the baseline's throughput ({verdict} the target of {target:.1f}x)",
        ]
    )
