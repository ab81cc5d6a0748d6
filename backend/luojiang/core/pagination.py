"""Keyset pagination by primary key, both ways: stable under inserts, one query per page.

A page is asked for as the Relay connection specification does: ``first`` items after the ``after``
cursor (forwards), or the ``last`` items before the ``before`` cursor (backwards, e.g. a person's
newest orders). Either way the items come in key order (oldest first).

Cursors are opaque to clients (base64 of ``cursor:<id>``); a cursor that does not decode is a
user mistake, reported as ``INVALID_CURSOR``.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Generic, TypeVar

from tortoise.models import Model
from tortoise.queryset import QuerySet

from luojiang.core.errors import DomainError

MAX_PAGE_SIZE = 100
# Every table's key is a positive integer that fits a signed 32-bit column (Tortoise's IntField):
# a larger one can name no row, and PostgreSQL refuses it as a query parameter.
MAX_KEY = 2**31 - 1
# Paged tables have an integer primary key named ``id``.
M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class PageRequest:
    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None

    def __post_init__(self) -> None:
        if (self.first is None) == (self.last is None):
            raise DomainError.one("INVALID_PAGE_SIZE", "give either first or last", field="first")
        field = "first" if self.first is not None else "last"
        if not 1 <= self.size <= MAX_PAGE_SIZE:
            raise DomainError.one(
                "INVALID_PAGE_SIZE", f"{field} must be between 1 and {MAX_PAGE_SIZE}", field=field
            )

    @property
    def size(self) -> int:
        size = self.first if self.first is not None else self.last
        assert size is not None  # noqa: S101 -- __post_init__ refused a request with neither
        return size

    @property
    def backwards(self) -> bool:
        return self.last is not None


@dataclass(frozen=True)
class Page(Generic[M]):
    items: list[M]
    has_next_page: bool
    has_previous_page: bool = False

    @property
    def start_cursor(self) -> str | None:
        return encode_cursor(self.items[0].pk) if self.items else None

    @property
    def end_cursor(self) -> str | None:
        return encode_cursor(self.items[-1].pk) if self.items else None


def encode_cursor(key: int) -> str:
    return base64.urlsafe_b64encode(f"cursor:{key}".encode()).decode()


def decode_cursor(cursor: str, argument: str = "after") -> int:
    try:
        prefix, _, key = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        if prefix != "cursor" or not key.isascii() or not key.isdigit() or len(key) > len(str(MAX_KEY)):
            raise ValueError(prefix)
        number = int(key)
        if number > MAX_KEY:
            raise ValueError(key)
        return number
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        message = f"{argument} is not a cursor from this list"
        raise DomainError.one("INVALID_CURSOR", message, argument) from exc


async def paginate(query: QuerySet[M], request: PageRequest) -> Page[M]:
    """One query: the page and one item more, which tells whether the list goes on that way.
    Whether it goes on the other way is only known when cheap (Relay allows false): never, here."""
    if request.after is not None:
        query = query.filter(id__gt=decode_cursor(request.after, "after"))
    if request.before is not None:
        query = query.filter(id__lt=decode_cursor(request.before, "before"))
    size = request.size
    rows = list(await query.order_by("-id" if request.backwards else "id").limit(size + 1))
    more = len(rows) > size
    if request.backwards:
        return Page(items=rows[:size][::-1], has_next_page=False, has_previous_page=more)
    return Page(items=rows[:size], has_next_page=more)
