"""A worker process that takes one outbox message and never finishes delivering it (the test kills
it): ``python outbox_worker.py <message_id> <now ISO> <marker file>``.

Settings come from the environment like any worker's (DATABASE_URL)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from luojiang.core import db
from luojiang.core.outbox.delivery import OutboxDelivery
from luojiang.core.settings import load_settings
from luojiang.workers.resources import EngineQueue


async def main(message_id: int, now: datetime, marker: Path) -> None:
    async def hangs(payload: Mapping[str, Any], /) -> None:
        await asyncio.to_thread(marker.write_text, str(payload))
        await asyncio.Event().wait()

    async with db.database(load_settings()):
        outbox = OutboxDelivery(
            handlers={sys.argv[4]: hangs}, jobs=EngineQueue(), clock=lambda: now, lease=timedelta(minutes=5)
        )
        await outbox.deliver(message_id)


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), datetime.fromisoformat(sys.argv[2]), Path(sys.argv[3])))
