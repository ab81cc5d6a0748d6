"""Reads the district catalogue format (``shared/data/catalogue/FORMAT.md``) into the database.

Upserts by ``code``, all or nothing: one transaction per import.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tortoise.transactions import in_transaction

from luojiang.core.catalogue.models import Department, Matter


@dataclass
class ImportReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, created: bool) -> None:
        bucket = self.created if created else self.updated
        bucket[kind] = bucket.get(kind, 0) + 1


def _read(folder: Path, name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads((folder / name).read_text("utf-8"))
    return rows


async def import_catalogue(folder: Path) -> ImportReport:
    report = ImportReport()
    async with in_transaction():
        departments: dict[str, Department] = {}
        for row in _read(folder, "departments.json"):
            dept, created = await Department.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["name"],
                    "short_name": row["short_name"],
                    "phone": row.get("phone", ""),
                    "address": row.get("address", ""),
                    "retired_at": None,
                },
            )
            departments[dept.code] = dept
            report.count("departments", created)
        for row in _read(folder, "matters.json"):
            _, created = await Matter.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["name"],
                    "department": departments[row["department"]],
                    "category": row["category"],
                    "online": row["online"],
                    "promised_limit_days": row["promised_limit_days"],
                    "legal_limit_days": row["legal_limit_days"],
                    "visits_required": row["visits_required"],
                    "retired_at": None,
                },
            )
            report.count("matters", created)
    return report
