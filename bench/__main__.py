"""``python -m bench``: the gateway against its baselines, measured in one run, printed as ratios.

``--http`` measures what a phone sees: the real ``luojiang serve`` and bare baselines on the same
server, over sockets, driven by wrk (see ``bench/http/run.py``). Without it, the in-process mode
below, for profiling one request's cost.

In-process, both sides of each comparison run in this process and are called through httpx's ASGITransport:
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
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--http", action="store_true", help="over sockets with wrk (what a phone sees)")
    parser.add_argument("--rounds", type=int, help="rounds; the median round counts (7 in-process, 3 --http)")
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL"), help="a Redis server")
    in_process = parser.add_argument_group("in-process")
    in_process.add_argument("--calls", type=int, default=600, help="requests per contestant per round")
    in_process.add_argument("--concurrency", type=int, default=1, help="clients sending at once")
    sockets = parser.add_argument_group("--http")
    sockets.add_argument("--seconds", type=int, default=5, help="length of one round")
    sockets.add_argument("--connections", type=int, default=32, help="wrk's open connections")
    sockets.add_argument("--notifications", type=int, default=3000, help="(d): fresh ones per round")
    sockets.add_argument("--tokens", type=int, default=25000, help="(v): fresh tokens per round")
    sockets.add_argument("--only", default="abcdvw", help="which comparisons, e.g. 'ac'")
    sockets.add_argument("--server", choices=["uvicorn", "granian"], default="uvicorn", help="serving both")
    args = parser.parse_args()
    args.rounds = args.rounds or (3 if args.http else 7)
    return args


if __name__ == "__main__":
    arguments = _arguments()
    if arguments.http:
        from bench.http.run import main as over_sockets

        over_sockets(arguments)
    else:
        asyncio.run(main(arguments))
