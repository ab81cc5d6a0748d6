"""``python -m bench``: the gateway against its baselines, measured in one run, printed as ratios.

Both sides of each comparison run in this process and are called through httpx's ASGITransport:
no sockets between client and server, so the figures are not drowned by the loopback and the
kernel of a shared machine, and the client's cost (the same on both sides) is included in both.
By default one client sends requests back to back (the cost of one request); ``--concurrency``
adds clients. ``--redis-url`` (or ``BENCH_REDIS_URL``) puts the gateway's Redis on a server, as in
production; by default it is the in-process store.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
from pathlib import Path

from bench import cached_query, uncached_query
from bench.setup import bench_settings, running_gateway


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = bench_settings(Path(folder), args.redis_url)
        async with running_gateway(settings) as gateway:
            redis = f"Redis server at {args.redis_url}" if args.redis_url else "the in-process Redis"
            print(
                f"{args.rounds} rounds × {args.calls} requests per contestant from {args.concurrency} "
                f"concurrent clients; {redis}\n"
            )
            print(await cached_query.run(gateway, args.calls, args.rounds, args.concurrency), "\n")
            calls = max(args.calls // 10, args.concurrency)  # each request does 20x the work of (a)'s
            print(await uncached_query.run(gateway.state.services, calls, args.rounds, args.concurrency))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--calls", type=int, default=600, help="requests per contestant per round")
    parser.add_argument("--rounds", type=int, default=7, help="rounds; the median round counts")
    parser.add_argument("--concurrency", type=int, default=1, help="clients sending at once")
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL"), help="a Redis server")
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(_arguments()))
