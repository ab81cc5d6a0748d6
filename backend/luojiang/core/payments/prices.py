"""What an order may charge: matter fee items and scenic tickets, read from the catalogue files.

The price of an order is never taken from the client: it names the item and the quantities,
and the amount comes from here. (The catalogue tables do not store fee items yet; when they do,
this reads them instead and keeps the same interface.)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from luojiang.core.payments.models import OrderKind


@dataclass(frozen=True)
class PricedItem:
    name: str
    amount_fen: int


@dataclass(frozen=True)
class PriceEntry:
    kind: OrderKind
    code: str
    title: str
    department_code: str | None
    items: tuple[PricedItem, ...]


class CataloguePriceList:
    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._entries: dict[tuple[OrderKind, str], PriceEntry] | None = None

    def find(self, kind: OrderKind, code: str) -> PriceEntry | None:
        if self._entries is None:
            self._entries = self._load()
        return self._entries.get((kind, code))

    def _load(self) -> dict[tuple[OrderKind, str], PriceEntry]:
        entries: dict[tuple[OrderKind, str], PriceEntry] = {}
        for row in self._read("matters.json"):
            entry = _entry(OrderKind.MATTER_FEE, row["code"], row["name"], row["department"], row["fee"])
            entries[(entry.kind, entry.code)] = entry
        for row in self._read("scenic.json"):
            entry = _entry(OrderKind.TICKET, row["id"], row["name"], None, row["ticket"])
            entries[(entry.kind, entry.code)] = entry
        return entries

    def _read(self, name: str) -> list[dict[str, Any]]:
        path = self._folder / name
        if not path.exists():
            return []
        rows: list[dict[str, Any]] = json.loads(path.read_text("utf-8"))
        return rows


def _entry(kind: OrderKind, code: str, title: str, department: str | None, fee: dict[str, Any]) -> PriceEntry:
    items = tuple(PricedItem(name=i["name"], amount_fen=int(i["amount_fen"])) for i in fee.get("items", []))
    return PriceEntry(kind=kind, code=code, title=title, department_code=department, items=items)
