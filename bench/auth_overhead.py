"""What authentication costs: one query's throughput with a bearer token against the same query
without one, measured in one run on the same app (target: authenticated ≥ 0.9× anonymous).

    .venv/bin/python -m bench.auth_overhead [--requests 2000] [--rounds 5]

The authenticated path adds ES256 verification of the token and one Redis round trip (the
revocation check). Both runs go through the full HTTP stack in-process (httpx ASGI transport),
interleaved in rounds so that warm-up and drift hit both equally; the figure is the median ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from luojiang.app.main import create_app
from luojiang.core import db
from luojiang.core.catalogue.importer import import_catalogue
from luojiang.core.settings import Environment, load_settings

QUERY = "{ departments(first: 10) { nodes { id code name } } }"
CATALOGUE = Path(__file__).resolve().parents[1] / "backend" / "demo" / "catalogue"
PHONE = "13800000000"


async def _throughput(http: httpx.AsyncClient, requests: int, headers: dict[str, str]) -> float:
    started = time.perf_counter()
    for _ in range(requests):
        response = await http.post("/graphql", json={"query": QUERY}, headers=headers)
        if response.status_code != 200 or "errors" in response.json():
            raise RuntimeError(response.text)
    return requests / (time.perf_counter() - started)


async def _token(http: httpx.AsyncClient, sender: object) -> str:
    await http.post("/graphql", json={"query": f'mutation {{ requestSmsCode(phone: "{PHONE}") {{ ok }} }}'})
    code = sender.outbox[PHONE]  # type: ignore[attr-defined]
    login = f'mutation {{ loginWithSms(phone: "{PHONE}", code: "{code}") {{ accessToken }} }}'
    body = (await http.post("/graphql", json={"query": login})).json()
    return str(body["data"]["loginWithSms"]["accessToken"])


async def run(requests: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(
            environment=Environment.TEST, database_url=f"sqlite://{tmp}/bench.sqlite3", log_json=False
        )
        await db.migrate(settings)
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            await import_catalogue(CATALOGUE)
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
                token = await _token(http, app.state.services.identity.logins.codes.sender)
                anonymous, bearer = {}, {"authorization": f"Bearer {token}"}
                await _throughput(http, requests // 10, anonymous)  # warm caches on both paths
                await _throughput(http, requests // 10, bearer)
                ratios, plain, authed = [], [], []
                for _ in range(rounds):
                    plain.append(await _throughput(http, requests, anonymous))
                    authed.append(await _throughput(http, requests, bearer))
                    ratios.append(authed[-1] / plain[-1])
    print(f"anonymous:     {statistics.median(plain):8.0f} req/s (median of {rounds} rounds of {requests})")
    print(f"authenticated: {statistics.median(authed):8.0f} req/s")
    print(f"ratio authenticated/anonymous: {statistics.median(ratios):.3f} (target >= 0.9)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(run(args.requests, args.rounds))


if __name__ == "__main__":
    main()
