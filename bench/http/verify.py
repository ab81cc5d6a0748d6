"""The licence verification page over sockets: one-time tokens, minted before the gateway starts
(a token is good once, so each round sends fresh ones), and the raw requests that spend them."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from bench.http.load import raw_request, write_requests
from bench.licence_verify import shown_licence
from luojiang.app.main import create_app
from luojiang.core.settings import Settings

FIXED = "/verify/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"  # the bare app answers any token alike


class Tokens:
    def __init__(self, folder: Path, host: str, per_round: int, rounds: int) -> None:
        self.folder = folder
        self.host = host
        self.per_round = per_round
        self.rounds = rounds
        self.tokens: list[str] = []

    def mint(self, settings: Settings) -> None:
        """The check's token, the warm-up's, then one set per round (live for LICENCE_SHOW_TTL_SECONDS)."""
        self.tokens = asyncio.run(self._mint(settings, 1 + self.per_round * (self.rounds + 1)))

    async def _mint(self, settings: Settings, count: int) -> list[str]:
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            licences, holder, licence_id = await shown_licence(app)
            started = time.monotonic()
            tokens = [
                (await licences.show(holder, licence_id, "入住登记", ["name", "address"])).token
                for _ in range(count)
            ]
            print(f"(v): {count} one-time tokens minted in {time.monotonic() - started:.1f} s", flush=True)
            return tokens

    def check(self) -> bytes:
        return self._request(self.tokens[0])

    def files(self) -> dict[int, Path]:
        """The warm-up's requests (-1) and each round's."""
        rest = self.tokens[1:]
        files = {}
        for round_ in range(-1, self.rounds):
            chunk = rest[(round_ + 1) * self.per_round : (round_ + 2) * self.per_round]
            path = self.folder / f"verify-{round_ + 1}.requests"
            files[round_] = write_requests(path, [self._request(token) for token in chunk])
        return files

    def bare(self) -> Path:
        request = raw_request("GET", FIXED, self.host, {"Accept": "text/html"})
        return write_requests(self.folder / "verify-bare.requests", [request])

    def _request(self, token: str) -> bytes:
        return raw_request("GET", f"/verify/{token}", self.host, {"Accept": "text/html"})
