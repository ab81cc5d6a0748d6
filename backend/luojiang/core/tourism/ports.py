"""What tourism needs from outside platforms (mini-program code images from WeChat and Alipay)
and from its neighbour (the catalogue's change announcement).

Adapters raise :class:`UpstreamUnavailable` when trying again later may work (timeouts, 5xx,
rate limits, an expired token) and :class:`UpstreamRefused` when it will not (a page that does not
exist, missing permissions, a response whose signature does not verify).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class CodeImage:
    data: bytes
    content_type: str
    extension: str


@dataclass(frozen=True)
class CodeRequest:
    point_code: str  # the short code: the WeChat scene and the Alipay query carry it
    point_name: str
    guide_url: str  # the /guide/{code} page


class UpstreamUnavailable(Exception):
    """A retryable failure: the job engine tries again with backoff."""


class UpstreamRefused(Exception):
    """A terminal failure: recorded on the code so that an administrator sees why."""


class CodeMaker(Protocol):
    async def make(self, request: CodeRequest) -> CodeImage: ...


class AccessTokenSource(Protocol):
    """The WeChat access token shared by all instances (the identity area's StableAccessToken)."""

    async def get(self) -> str: ...

    async def drop(self, failed_token: str) -> None:
        """The platform said ``failed_token`` is no longer valid; the next call must not return it."""
        ...


class Announce(Protocol):
    """``CatalogueService.changed``: retires the named cache tags, rebuilds every search index."""

    async def __call__(self, *tags: str) -> None: ...
