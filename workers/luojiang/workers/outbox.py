"""Outbox jobs (DESIGN 2.8): one message's delivery, and the sweep that queues what is due.

The outbox keeps its own attempts and backoff in its table (a retry may be hours away during a
Tianfu outage, longer than a job should wait), so ``outbox.deliver`` runs once per queueing and
the minutely ``outbox.sweep`` queues the retries, and whatever a killed worker left leased.
"""

from __future__ import annotations

from luojiang.workers.resources import Resources


async def deliver_job(resources: Resources, message_id: int) -> str:
    return await resources.outbox_delivery().deliver(message_id)


async def sweep_job(resources: Resources) -> int:
    return await resources.outbox_delivery().sweep()
