"""Keyset pagination by primary key: stable under inserts, one query per page.

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
    first: int
    after: str | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.first <= MAX_PAGE_SIZE:
            raise DomainError.one(
                "INVALID_PAGE_SIZE", f"first must be between 1 and {MAX_PAGE_SIZE}", field="first"
            )


@dataclass(frozen=True)
class Page(Generic[M]):
    items: list[M]
    has_next_page: bool

    @property
    def end_cursor(self) -> str | None:
        return encode_cursor(self.items[-1].pk) if self.items else None


def encode_cursor(key: int) -> str:
    return base64.urlsafe_b64encode(f"cursor:{key}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    try:
        prefix, _, key = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        if prefix != "cursor" or not key.isascii() or not key.isdigit() or len(key) > len(str(MAX_KEY)):
            raise ValueError(prefix)
        number = int(key)
        if number > MAX_KEY:
            raise ValueError(key)
        return number
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise DomainError.one("INVALID_CURSOR", "after is not a cursor from this list", "after") from exc


async def paginate(query: QuerySet[M], request: PageRequest) -> Page[M]:
    if request.after is not None:
        query = query.filter(id__gt=decode_cursor(request.after))
    rows = await query.order_by("id").limit(request.first + 1)
    return Page(items=list(rows[: request.first]), has_next_page=len(rows) > request.first)
