"""The README's table of what the gateway promises under faults and attacks names real tests:
each ``path::name`` (and each ``::name`` that continues a cell's path) is a test function there."""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SECTION = "## What the gateway promises under faults and attacks"


def _named_tests() -> list[tuple[str, str]]:
    table = (REPO / "README.md").read_text("utf-8").split(SECTION, 1)[1].split("\n## ", 1)[0]
    named = []
    for row in table.splitlines():
        if not row.startswith("| ") or row.startswith(("| area", "| ---")):
            continue
        path = ""
        for reference in re.findall(r"`([^`]*::[^`]+)`", row.rsplit("|", 2)[-2]):
            file, name = reference.split("::")
            path = file or path
            named.append((path, name))
    return named


def _tests_in(path: str) -> set[str]:
    tree = ast.parse((REPO / path).read_text("utf-8"))
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test_")
    }


def test_every_promise_names_tests_that_exist() -> None:
    named = _named_tests()
    missing = [f"{path}::{name}" for path, name in named if name not in _tests_in(path)]

    assert len(named) >= 30
    assert missing == []
