"""The domain areas that own database tables: one Tortoise app (and one migrations package) each.

A new area adds its label here; its models live in ``luojiang.core.<label>.models`` and its
migrations in ``luojiang.core.<label>.migrations``.
"""

from __future__ import annotations

DOMAIN_APPS: tuple[str, ...] = (
    "catalogue",
    "identity",
    "tourism",
    "payments",
    "tags",
    "licences",
    "outbox",
    "notifications",
    "applications",
)
