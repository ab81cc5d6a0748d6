"""What every administrator's change to tourism content goes through, so that no edit forgets a step.

In the change's transaction (``repository.places_transaction``: the writers of tourism rows queue
behind one another), the input is checked by the importer's own row rules (:func:`refuse`), and an
audit row records who changed what from what to what (``repository.record_edit``; :func:`upsert`
and :func:`retire` write the row and its audit row together).
After commit: :meth:`ContentChanges.committed` retires the cached public responses and rebuilds
the search index on every instance (the catalogue service's change announcement).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tortoise.models import Model

from luojiang.core.errors import DomainError, Problem
from luojiang.core.tourism import repository
from luojiang.core.tourism.ports import Announce
from luojiang.core.tourism.rules import TOURISM_TAG

# the catalogue format's names (FORMAT.md) that the admin inputs spell differently
_INPUT_NAMES = {"duration_s": "durationSeconds", "amount_fen": "amountFen", "open_hours": "openHours"}
_NAME = re.compile(r"[a-z_]+")


@dataclass(frozen=True)
class ContentChanges:
    announce: Announce

    async def committed(self, *tags: str) -> None:
        """After the transaction: a response built from the old rows is never served again."""
        await self.announce(TOURISM_TAG, *tags)


async def upsert(
    actor: str,
    target: str,
    model: type[repository.Place],
    code: str,
    values: dict[str, Any],
    audited: Sequence[str],
) -> tuple[repository.Place, dict[str, Any] | None, dict[str, Any] | None]:
    """Creates or updates the area or resource with ``code`` (the import's upsert) and audits it;
    returns the row and its audited columns before and after."""
    row = await repository.place_for_update(model, code)
    before = snapshot(row, audited)
    if row is None:
        row = await repository.add_place(model, code, values)
    else:
        await repository.save(row, values)
    after = snapshot(row, audited)
    await repository.record_edit(actor, target, "create" if before is None else "update", before, after)
    return row, before, after


async def retire(actor: str, target: str, row: Model, audited: Sequence[str]) -> None:
    """Marks a row retired (it leaves the guide, search and map until saved again) and audits it."""
    before = snapshot(row, audited)
    row.retired_at = datetime.now(UTC)  # every place model has the column
    await repository.save(row, fields=["retired_at", "updated_at"])
    await repository.record_edit(actor, target, "retire", before, snapshot(row, audited))


def snapshot(row: Model | None, fields: Sequence[str]) -> dict[str, Any] | None:
    """The audited columns of a row (None before a create), as JSON."""
    if row is None:
        return None
    values = {name: getattr(row, name) for name in fields}
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in values.items()}


def moved(before: dict[str, Any] | None, after: dict[str, Any] | None) -> bool:
    """New, back from retirement, retired or moved: the neighbour lists of the snapshots' place
    no longer hold."""
    if before is None or after is None:
        return True
    return any(before[k] != after[k] for k in ("lng", "lat", "retired_at"))


def refuse(problems: Sequence[tuple[str, str]], id_field: str) -> None:
    """The importer's (field, reason) findings as the admin input's coded errors."""
    if problems:
        raise DomainError(
            *(Problem("INVALID_VALUE", reason, input_field(field, id_field)) for field, reason in problems)
        )


def input_field(field: str, id_field: str) -> str:
    """``id`` -> the input's key field; ``ticket.items[0].amount_fen`` -> ``ticket.items[0].amountFen``;
    a narration's language -> ``narration`` (the input carries the Chinese text only)."""
    if field == "id":
        return id_field
    if field.startswith("narration"):
        return "narration"
    return _NAME.sub(lambda m: _INPUT_NAMES.get(m.group(), _camel(m.group())), field)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)
