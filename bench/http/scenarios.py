"""What the socket benchmark sends: the requests of each comparison, checked once against both
contestants (same bytes, same data, 2xx) before anything is timed."""

from __future__ import annotations

import asyncio
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import orjson
from tests.fakes import wechatpay as wechat_fake
from tests.fakes.wechatpay import WeChatPayFake

from bench.http.contest import Contestant
from bench.http.load import raw_request, write_requests
from bench.payments_storm import paying_orders
from luojiang.api.protection.allow_list import OPERATIONS_DIR
from luojiang.api.protection.persisted import sha256_of
from luojiang.core import db
from luojiang.core.payments.models import PayChannel, PaymentAttempt
from luojiang.core.settings import Settings
from luojiang.core.tourism.codes import point_code

ACCEPT = "application/graphql-response+json"
GUIDE_POINT = point_code("LJ-JQ-BMG-P01")
MATTERS = """query Matters($first: Int!) {
  matters(first: $first) {
    nodes {
      code name category online promisedLimitDays legalLimitDays visitsRequired phone
      department { code name phone }
    }
  }
}"""


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes


def send(base_url: str, request: bytes) -> Reply:
    """Sends one raw request the way wrk will (urllib, so nothing here shares the contestants' code)."""
    head, body = request.split(b"\r\n\r\n", 1)
    start, *header_lines = head.decode("latin-1").split("\r\n")
    method, target, _ = start.split(" ")
    headers = dict(line.split(": ", 1) for line in header_lines)
    headers.pop("Host"), headers.pop("Content-Length", None)
    prepared = urllib.request.Request(base_url + target, data=body or None, headers=headers, method=method)  # noqa: S310
    try:
        with urllib.request.urlopen(prepared, timeout=10) as reply:  # noqa: S310 -- our loopback
            return Reply(reply.status, {k.lower(): v for k, v in reply.headers.items()}, reply.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read())


class Requests:
    """Raw requests for both contestants (wrk sends them as they are; only Host differs)."""

    def __init__(self, folder: Path, host: str) -> None:
        self.folder = folder
        self.host = host

    def departments(self) -> bytes:
        operation = (OPERATIONS_DIR / "catalogue" / "Departments.graphql").read_text("utf-8")
        persisted = {"persistedQuery": {"version": 1, "sha256Hash": sha256_of(operation)}}
        query = urllib.parse.urlencode(
            {
                "operationName": "Departments",
                "variables": orjson.dumps({"first": 10}).decode(),
                "extensions": orjson.dumps(persisted).decode(),
            }
        )
        return raw_request("GET", f"/graphql?{query}", self.host, {"Accept": ACCEPT})

    def matters(self, token: str) -> bytes:
        body = orjson.dumps({"query": MATTERS, "variables": {"first": 100}})
        headers = {"Accept": ACCEPT, "Content-Type": "application/json", "Authorization": f"Bearer {token}"}
        return raw_request("POST", "/graphql", self.host, headers, body)

    def guide(self) -> bytes:
        return raw_request("GET", f"/guide/{GUIDE_POINT}?lang=en", self.host, {"Accept": "text/html"})

    def one(self, name: str, request: bytes) -> Path:
        return write_requests(self.folder / f"{name}.requests", [request])


def reference(gateway: str, request: bytes, folder: Path, name: str, must_hit_cache: bool) -> Reply:
    """The gateway's answer, which the bare app will give byte for byte (files in ``folder``)."""
    first = send(gateway, request)
    again = send(gateway, request)
    assert first.status == 200, (name, first.status, first.body[:500])
    if must_hit_cache:
        assert again.headers.get("x-cache") == "hit", f"{name} was not served from the response cache"
    assert again.body == first.body, f"{name}: the gateway's answer changed between two requests"
    (folder / f"{name}.body").write_bytes(first.body)
    (folder / f"{name}.type").write_text(first.headers["content-type"])
    return first


def keep_page(page: Reply | None, folder: Path, name: str) -> None:
    """The page the bare app will answer with (an empty one when the comparison is not run)."""
    if page is not None:
        assert page.status == 200, (name, page.status, page.body[:500])
        assert b'data-verdict="passed"' in page.body, f"{name}: the licence did not verify"
    (folder / f"{name}.body").write_bytes(page.body if page else b"")
    (folder / f"{name}.type").write_text(page.headers["content-type"] if page else "text/html")


def same_answer(gateway: Contestant, bare: Contestant, round_: int = 0, data_only: bool = False) -> None:
    """Both contestants answer the first request of a round alike, with 2xx."""
    request = _first_request(gateway.requests(round_))
    ours, theirs = send(gateway.base_url, request), send(bare.base_url, _first_request(bare.requests(round_)))
    assert ours.status < 300, (ours.status, ours.body[:300])
    assert theirs.status < 300, (theirs.status, theirs.body[:300])
    if ours.status == 204:
        return
    if data_only:
        assert orjson.loads(ours.body)["data"] == orjson.loads(theirs.body)["data"], "the answers differ"
    else:
        assert ours.body == theirs.body, "the answers differ"


def _first_request(path: Path) -> bytes:
    with path.open("rb") as file:
        size = int(file.readline())
        return file.read(size)


class Notifications:
    """Signed, encrypted WeChat Pay notifications, each paying its own order once (a nonce is
    good once, so every round sends fresh ones); orders are made before the gateway starts."""

    def __init__(self, fake: WeChatPayFake, folder: Path, host: str, per_round: int, rounds: int) -> None:
        self.fake = fake
        self.folder = folder
        self.host = host
        self.per_round = per_round
        self.rounds = rounds
        self.attempts: list[PaymentAttempt] = []

    async def make_orders(self, settings: Settings) -> None:
        # one for the check, a warm-up, then one set per round
        wanted = 1 + self.per_round * (self.rounds + 1)
        async with db.database(settings):
            attempts = await paying_orders(2 * wanted)  # half of them are Alipay's
        self.attempts = [a for a in attempts if a.channel is PayChannel.WECHATPAY][:wanted]
        assert len(self.attempts) == wanted

    def files(self) -> dict[int, Path]:
        """The check request (-2), the warm-up (-1) and each round's requests, signed now."""
        check, rest = self.attempts[0], self.attempts[1:]
        files = {-2: write_requests(self.folder / "notify-check.requests", [self._request(check)])}
        for round_ in range(-1, self.rounds):
            chunk = rest[(round_ + 1) * self.per_round : (round_ + 2) * self.per_round]
            path = self.folder / f"notify-{round_ + 1}.requests"
            files[round_] = write_requests(path, [self._request(a) for a in chunk])
        return files

    def _request(self, attempt: PaymentAttempt) -> bytes:
        trade = {
            "appid": wechat_fake.APPID,
            "mchid": wechat_fake.MCHID,
            "out_trade_no": attempt.out_trade_no,
            "transaction_id": f"4200{attempt.id:020d}",
            "payer": {"openid": attempt.payer_openid},
            "amount": {"total": attempt.amount_fen, "currency": "CNY"},
        }
        headers, body = self.fake.notification(trade, event_id=f"EV-{attempt.id}")
        return raw_request("POST", "/notify/wechatpay", self.host, headers, body)


def run_orders(notifications: Notifications, settings: Settings) -> None:
    asyncio.run(notifications.make_orders(settings))
