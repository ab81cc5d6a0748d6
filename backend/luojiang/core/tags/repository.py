"""Every query of people's tags (the catalogue's tables are read through the catalogue's repository)."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from luojiang.core.tags.models import ViewerTag


async def tags_of(viewer_id: int) -> list[ViewerTag]:
    """Strongest first."""
    return await ViewerTag.filter(viewer_id=viewer_id).order_by("-weight", "tag")


async def replace_tags(viewer_id: int, source: str, tags: Sequence[str], weight: float) -> None:
    """The person's tags of one source become exactly these, at once."""
    async with in_transaction():
        await ViewerTag.filter(viewer_id=viewer_id, source=source).delete()
        await ViewerTag.bulk_create(
            [ViewerTag(viewer_id=viewer_id, tag=t, source=source, weight=weight) for t in tags]
        )


async def strengthen(viewer_id: int, source: str, tags: Sequence[str], weight: float) -> None:
    """Adds ``weight`` to each tag, creating the ones the person does not have yet."""
    for tag in tags:
        updated = await ViewerTag.filter(viewer_id=viewer_id, tag=tag, source=source).update(
            weight=F("weight") + weight
        )
        if not updated:
            await ViewerTag.get_or_create(
                viewer_id=viewer_id, tag=tag, source=source, defaults={"weight": weight}
            )
