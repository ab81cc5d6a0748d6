"""Rounds and ratios: the two contestants take turns (the order alternating from round to round),
so that the noise of a shared machine falls on both; each figure is the median of its rounds."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from bench.http.load import Load, run
from bench.http.processes import Server

# the requests file a contestant is sent in a round (round -1 is the warm-up)
Requests = Callable[[int], Path]


@dataclass(frozen=True)
class Contestant:
    name: str
    server: Server
    requests: Requests

    @property
    def base_url(self) -> str:
        return self.server.base_url


@dataclass(frozen=True)
class Figures:
    name: str
    loads: list[Load]

    @property
    def per_second(self) -> float:
        return statistics.median(load.per_second for load in self.loads)

    @property
    def p50_ms(self) -> float:
        return statistics.median(load.p50_ms for load in self.loads)

    @property
    def p99_ms(self) -> float:
        return statistics.median(load.p99_ms for load in self.loads)

    @property
    def cpu_us(self) -> float:
        return statistics.median(load.cpu_us_per_request for load in self.loads)

    @property
    def failed(self) -> int:
        return sum(load.failed + load.socket_errors for load in self.loads)

    def line(self) -> str:
        failed = f"   {self.failed} FAILED (status >= 400 or socket errors)" if self.failed else ""
        return (
            f"  {self.name:<52} {self.per_second:8.0f} req/s   p50 {self.p50_ms:6.1f} ms"
            f"   p99 {self.p99_ms:6.1f} ms   CPU {self.cpu_us:6.0f} µs/req{failed}"
        )


@dataclass(frozen=True)
class Settings:
    rounds: int
    seconds: float
    connections: int
    warmup_seconds: float = 2.0


def compare(baseline: Contestant, gateway: Contestant, settings: Settings) -> tuple[Figures, Figures]:
    for contestant in (baseline, gateway):
        _load(contestant, -1, settings.warmup_seconds, settings.connections)
    loads: dict[str, list[Load]] = {baseline.name: [], gateway.name: []}
    for round_ in range(settings.rounds):
        order = (baseline, gateway) if round_ % 2 == 0 else (gateway, baseline)
        for contestant in order:
            loads[contestant.name].append(_load(contestant, round_, settings.seconds, settings.connections))
    return Figures(baseline.name, loads[baseline.name]), Figures(gateway.name, loads[gateway.name])


def verdict(
    title: str,
    baseline: Figures,
    gateway: Figures,
    throughput_target: float | None,
    p99_target: float | None = None,
) -> str:
    throughput = gateway.per_second / baseline.per_second
    p99 = gateway.p99_ms / baseline.p99_ms
    lines = [title, baseline.line(), gateway.line()]
    ratios = f"  ratio: throughput {throughput:.2f}x"
    if throughput_target is not None:
        ratios += f" ({_meets(throughput >= throughput_target)} >= {throughput_target}x)"
    ratios += f", p99 {p99:.2f}x"
    if p99_target is not None:
        ratios += f" ({_meets(p99 <= p99_target)} <= {p99_target}x)"
    # the servers' CPU time per request: what throughput would be on an otherwise idle machine
    ratios += f"; CPU per request {baseline.cpu_us / gateway.cpu_us:.2f}x of the baseline's efficiency"
    lines.append(ratios)
    return "\n".join(lines)


def _meets(ok: bool) -> str:
    return "meets" if ok else "MISSES"


def _load(contestant: Contestant, round_: int, seconds: float, connections: int) -> Load:
    before = contestant.server.cpu_seconds()
    load = run(contestant.base_url, contestant.requests(round_), seconds=seconds, connections=connections)
    return replace(load, cpu_seconds=contestant.server.cpu_seconds() - before)
