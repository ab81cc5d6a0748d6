"""``/verify/{token}``: the verifier's page as a plain ASGI app, reached from a middleware right
after the request context (request ids, metrics, the access log), past the router and the rest
of the stack: a scan is the gateway's busiest page, and their share of it was most of its cost.

- ``GET`` spends the token and shows the licence (:mod:`luojiang.app.web.verify_page`), or a
  refusal page that shows no data. Rate-limited per client address with the gateway's own
  limiter (GCRA in Redis); a refused request spends nothing. While Redis is unreachable the
  limit cannot be charged, so nothing is verified: 503 with ``Retry-After``, as on /graphql.
- ``HEAD`` answers 200 with the page's headers and no body, and reads and spends nothing: link
  previews and scanners send it before the verifier's browser sends the GET that counts.
- Any other method: 405 with ``Allow: GET, HEAD``, nothing spent.
- ``/verify/`` and ``/verify/a/b`` (no token, or more than one segment): the invalid-code page.
"""

from __future__ import annotations

from redis.exceptions import RedisError
from starlette.types import ASGIApp, Receive, Scope, Send

from luojiang.api.protection.front_door import FrontDoor
from luojiang.api.protection.leases import Leases
from luojiang.api.protection.rate_limit import PREFIX as LIMIT_PREFIX
from luojiang.api.protection.rate_limit import Budget
from luojiang.app.web.verify_page import (
    PAGE_HEADERS,
    Answer,
    encoded,
    licence_page,
    refusal_pages,
    unavailable_page,
)
from luojiang.core import outage
from luojiang.core.licences.service import LicenceService
from luojiang.core.licences.showing import Refusal

PREFIX = "/verify/"
ALLOWED = "GET, HEAD"


class AddressLimit:
    """Requests per client address a minute, charged as /graphql charges its own: GCRA in Redis
    through the front door's script, and leases of a few requests when the limit is large enough
    (:mod:`luojiang.api.protection.leases`)."""

    def __init__(self, front_door: FrontDoor, name: str, per_minute: int) -> None:
        self._front_door = front_door
        self._name = name
        self._per_minute = per_minute
        self._leases = Leases()

    async def admits(self, client: str) -> bool:
        if self._per_minute <= 0:
            return True
        charge = self._leases.draw([Budget(f"{LIMIT_PREFIX}{self._name}:{client}", self._per_minute)])
        if not charge.ask:
            return True
        grants = None
        try:
            admission = await self._front_door.admit([(a.budget, a.wanted) for a in charge.ask], "")
            grants = admission.grants
        finally:
            self._leases.settle(charge, grants)
        return admission.wait_us == 0


class VerifyApp:
    """The ASGI app of ``/verify/{token}`` (any path under ``/verify/``), as the module says."""

    def __init__(self, licences: LicenceService, limit: AddressLimit) -> None:
        self._licences = licences
        self._limit = limit
        self._refusals = refusal_pages()  # built once: they never change
        self._unavailable = unavailable_page()
        self._probe = Answer(200, PAGE_HEADERS, b"")  # the same for every token: it tells nothing
        not_allowed = encoded({"allow": ALLOWED, "cache-control": "no-store", "content-length": "0"})
        self._not_allowed = Answer(405, not_allowed, b"")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        answer = await self._answer(scope)
        await send({"type": "http.response.start", "status": answer.status, "headers": answer.headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else answer.body})

    async def _answer(self, scope: Scope) -> Answer:
        token = scope["path"][len(PREFIX) :]
        if not token or "/" in token:
            return self._refusals[Refusal.FORGED]
        method = scope["method"]
        if method == "HEAD":
            return self._probe
        if method != "GET":
            return self._not_allowed
        client = scope.get("client")
        try:
            admitted = await self._limit.admits(client[0] if client else "-")
        except RedisError as error:
            outage.REDIS.failed(error, "the verification page")
            return self._unavailable
        if not admitted:
            return self._refusals[Refusal.RATE_LIMITED]
        outcome = await self._licences.redeem(token)
        if isinstance(outcome, Refusal):
            return self._refusals[outcome]
        return licence_page(outcome)


class VerifyPages:
    """Sends ``/verify/…`` to the verifier's page (``page``), everything else on to ``app``."""

    def __init__(self, app: ASGIApp, page: ASGIApp) -> None:
        self.app = app
        self.page = page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(PREFIX):
            await self.page(scope, receive, send)
        else:
            await self.app(scope, receive, send)
