"""The queries of re-encryption: any model's encrypted column, paged by id and rewritten only if
unchanged. The areas name their columns (``<area>/reencryption.py``); the queries are the same for all."""

from __future__ import annotations

from tortoise.models import Model


async def encrypted_values(
    model: type[Model], field: str, after_id: int, limit: int, context_field: str | None
) -> list[tuple[int, str, str]]:
    """``(id, stored value, context_field's value or "")`` of the rows after ``after_id`` holding a value."""
    rows = (
        await model.filter(id__gt=after_id, **{f"{field}__isnull": False})
        .exclude(**{field: ""})
        .order_by("id")
        .limit(limit)
        .values_list("id", field, *([context_field] if context_field else []))
    )
    return [(row[0], row[1], row[2] if context_field else "") for row in rows]


async def replace_encrypted_value(model: type[Model], field: str, row_id: int, old: str, new: str) -> bool:
    """Compare-and-set: False when the row no longer holds ``old`` (someone changed it meanwhile)."""
    changed: int = await model.filter(id=row_id, **{field: old}).update(**{field: new})
    return changed == 1
