"""Bench-only search sources for the sample's scenic.json and resources.json, read straight from
the files, standing in for the tourism area's own sources until they are in the database."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from luojiang.core.search.sources import SearchDocument


class ScenicJsonDocuments:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    async def documents(self) -> Sequence[SearchDocument]:
        docs: list[SearchDocument] = []
        for area in json.loads((self.folder / "scenic.json").read_text("utf-8")):
            points = [p["name"] for p in area["points"]]
            keywords = ("景区", "景点", "门票", "旅游", area["level"], *points)
            docs.append(SearchDocument("scenic_area", area["id"], area["name"], keywords, area["summary"]))
            for point in area["points"]:
                docs.append(
                    SearchDocument("scenic_point", point["id"], point["name"], (area["name"], "导览", "讲解"))
                )
        for res in json.loads((self.folder / "resources.json").read_text("utf-8")):
            docs.append(
                SearchDocument(
                    "resource", res["id"], res["name"], (res["kind"], *res["tags"]), res["address"]
                )
            )
        return docs
