"""Search quality and speed on the sample catalogue: ``python -m bench.search_quality``.

Loads ../shared/data/catalogue into an in-memory SQLite database through the real importer and the
real catalogue search sources (scenic areas, points and resources through a bench-only source),
then reports MRR and recall@5 on search-dev.jsonl, and p50/p99 latency of search and suggestions,
each beside a baseline measured in the same run: a plain substring scan of the titles.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from tortoise import Tortoise

from bench.sample_sources import ScenicJsonDocuments
from luojiang.core.catalogue.file_sections import catalogue_sections
from luojiang.core.catalogue.importer import import_catalogue, read_folder
from luojiang.core.catalogue.search_sources import catalogue_search_sources
from luojiang.core.db import tortoise_config
from luojiang.core.search.index import SearchIndex
from luojiang.core.search.lexicon import Lexicon
from luojiang.core.search.sources import SearchDocument
from luojiang.core.search.text import normalize
from luojiang.core.settings import Environment, load_settings

REPO = Path(__file__).resolve().parents[1]
SAMPLE = Path(os.environ.get("LUOJIANG_SAMPLE_CATALOGUE", REPO.parent / "shared/data/catalogue"))
ROUNDS = 20


async def load_documents(folder: Path) -> list[SearchDocument]:
    settings = load_settings(environment=Environment.TEST, database_url="sqlite://:memory:")
    await Tortoise.init(config=tortoise_config(settings))
    await Tortoise.generate_schemas()
    try:
        sections = catalogue_sections()
        report = await import_catalogue(read_folder(folder, sections), sections)
        assert report.applied, report.rejected
        docs: list[SearchDocument] = []
        for source in [*catalogue_search_sources(), ScenicJsonDocuments(folder)]:
            docs += await source.documents()
        return docs
    finally:
        await Tortoise.close_connections()


def judge(
    search: Callable[[str], Sequence[str]], cases: list[dict[str, object]]
) -> tuple[float, float, list[str]]:
    reciprocal, recalled, misses = [], 0, []
    for case in cases:
        codes = list(search(str(case["q"])))
        expected = set(case["expect"])  # type: ignore[arg-type]
        rank = next((i for i, c in enumerate(codes, 1) if c in expected), None)
        reciprocal.append(1 / rank if rank else 0.0)
        recalled += bool(rank and rank <= 5)
        if rank != 1:
            misses.append(f"  rank {rank}: {case['q']} -> {codes[:3]} (want {sorted(expected)})")
    return statistics.fmean(reciprocal), recalled / len(cases), misses


def latency(
    run: Callable[[str], object], queries: Sequence[str], clock: Callable[[], float] = time.perf_counter
) -> tuple[float, float]:
    """p50 and p99 in ms; with ``time.thread_time`` it is CPU time, which a busy machine's
    scheduling does not inflate."""
    times = []
    for _ in range(ROUNDS):
        for q in queries:
            start = clock()
            run(q)
            times.append((clock() - start) * 1000)
    times.sort()
    return times[len(times) // 2], times[int(len(times) * 0.99)]


def baseline(docs: Sequence[SearchDocument]) -> Callable[[str], list[str]]:
    titles = [(normalize(d.title), d.code) for d in docs]

    def scan(q: str) -> list[str]:
        wanted = normalize(q)
        return [code for title, code in titles if wanted and (wanted in title or title in wanted)][:10]

    return scan


def prefixes(queries: Sequence[str]) -> list[str]:
    out = []
    for q in queries:
        out += [q[:n] for n in range(1, min(len(q), 6) + 1)]
    return out


def main() -> int:
    cases = [
        json.loads(line)
        for line in (SAMPLE / "search-dev.jsonl").read_text("utf-8").splitlines()
        if line.strip()
    ]
    docs = asyncio.run(load_documents(SAMPLE))
    started = time.perf_counter()
    index = SearchIndex(docs, Lexicon.bundled(), {})
    built_ms = (time.perf_counter() - started) * 1000
    engine = lambda q: [h.code for h in index.search(q, limit=10)]  # noqa: E731
    mrr, recall, misses = judge(engine, cases)
    base_mrr, base_recall, _ = judge(baseline(docs), cases)
    queries = [str(c["q"]) for c in cases]
    search_p50, search_p99 = latency(engine, queries)
    scan_p50, scan_p99 = latency(baseline(docs), queries)
    suggest_p50, suggest_p99 = latency(index.suggest, prefixes(queries))
    cpu_search = latency(engine, queries, time.thread_time)
    cpu_suggest = latency(index.suggest, prefixes(queries), time.thread_time)
    print(f"documents {len(docs)}, index built in {built_ms:.0f} ms, {len(cases)} queries")
    print(f"MRR {mrr:.3f} (baseline substring scan {base_mrr:.3f}); ", end="")
    print(f"recall@5 {recall:.3f} (baseline {base_recall:.3f})")
    for name, wall, cpu in (
        ("search", (search_p50, search_p99), cpu_search),
        ("suggest", (suggest_p50, suggest_p99), cpu_suggest),
    ):
        print(f"{name:8} wall p50 {wall[0]:.2f} ms p99 {wall[1]:.2f} ms; ", end="")
        print(f"cpu p50 {cpu[0]:.2f} ms p99 {cpu[1]:.2f} ms")
    print(f"baseline substring scan wall p50 {scan_p50:.3f} ms p99 {scan_p99:.3f} ms; ", end="")
    print(f"search/scan p50 ratio {search_p50 / scan_p50:.0f}x")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cpus")
    if misses:
        print("not first:\n" + "\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
