"""The layout's promises (README, "Layout"; DEVELOPERS.md, "Adding an area"): graphql-core is not
shadowed, ``luojiang`` is one namespace package spread over the four source folders, and each
area's interfaces to the outside are in its ``ports.py``."""

from __future__ import annotations

import ast
from pathlib import Path

import graphql

import luojiang

REPO = Path(__file__).resolve().parents[2]
SOURCE_ROOTS = ("backend", "graphql", "miniapp-adapters", "workers")
MAX_LINES = 400
CORE = REPO / "backend" / "luojiang" / "core"
# an interface whose every implementation lives beside it in the same file is not a port
NOT_PORTS = {"licences/algorithms.py"}  # the signature algorithms (Ed25519, SM2) behind one shape


def test_import_graphql_is_graphql_core() -> None:
    assert "site-packages" in Path(graphql.__file__).parts
    assert hasattr(graphql, "graphql_sync")


def test_luojiang_spans_the_four_source_roots() -> None:
    roots = {Path(p).parent.name for p in luojiang.__path__}
    assert roots == set(SOURCE_ROOTS)


def test_no_init_file_makes_a_top_folder_or_the_namespace_a_regular_package() -> None:
    offenders = [
        path
        for root in SOURCE_ROOTS
        for path in (REPO / root / "__init__.py", REPO / root / "luojiang" / "__init__.py")
        if path.exists()
    ]
    assert offenders == []


def test_source_files_stay_within_the_line_budget() -> None:
    too_long = {
        str(path.relative_to(REPO)): lines
        for root in SOURCE_ROOTS
        for path in (REPO / root).rglob("*.py")
        if "migrations" not in path.parts and (lines := len(path.read_text("utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}


def _protocols(source: str) -> list[str]:
    return [
        node.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ClassDef)
        and any(isinstance(base, ast.Name) and base.id == "Protocol" for base in node.bases)
    ]


def test_every_areas_ports_are_in_its_ports_file() -> None:
    outside = {
        relative: names
        for path in sorted(CORE.glob("*/*.py"))
        if path.name != "ports.py"
        and (relative := str(path.relative_to(CORE))) not in NOT_PORTS
        and (names := _protocols(path.read_text("utf-8")))
    }
    assert outside == {}
