"""The layout's promises (README, "Layout"): graphql-core is not shadowed, and ``luojiang`` is one
namespace package spread over the four source folders."""

from __future__ import annotations

from pathlib import Path

import graphql

import luojiang

REPO = Path(__file__).resolve().parents[2]
SOURCE_ROOTS = ("backend", "graphql", "miniapp-adapters", "workers")
MAX_LINES = 400


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
