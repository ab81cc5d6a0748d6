"""What an order may charge: a matter's fee items and a scenic area's tickets, read from the
catalogue tables, so that an administrator's change to a fee applies to the next order.

The price of an order is never taken from the client: it names the item and the quantities,
and the amount comes from here. Retired matters cannot be ordered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from luojiang.core.catalogue import repository as catalogue
from luojiang.core.payments.models import OrderKind
from luojiang.core.tourism import repository as tourism


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
    async def find(self, kind: OrderKind, code: str) -> PriceEntry | None:
        if kind is OrderKind.MATTER_FEE:
            matter = await catalogue.current_matter_with_department(code)
            if matter is None:
                return None
            return PriceEntry(kind, code, matter.name, matter.department.code, _items(matter.fee_items))
        area = await tourism.area_by_code(code, include_retired=True)
        if area is None:
            return None
        return PriceEntry(kind, code, area.name, None, _items((area.ticket or {}).get("items", [])))


def _items(rows: Iterable[Mapping[str, Any]]) -> tuple[PricedItem, ...]:
    return tuple(PricedItem(name=str(i["name"]), amount_fen=int(i["amount_fen"])) for i in rows)
