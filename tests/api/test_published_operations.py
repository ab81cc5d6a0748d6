"""The allow-list in graphql/operations/ is consistent with the schema (what
`luojiang operations --check` checks before a release)."""

from __future__ import annotations

from pathlib import Path

from luojiang.api.protection import allow_list
from luojiang.api.protection.validation import DocumentChecks
from luojiang.api.schema import build_schema
from luojiang.core.settings import Settings


def _check(settings: Settings, folder: Path) -> list[str]:
    return allow_list.check(build_schema(settings)._schema, DocumentChecks.of(settings), folder)


def test_published_operations_are_valid_named_and_affordable(settings: Settings) -> None:
    assert _check(settings, allow_list.OPERATIONS_DIR) == []
    assert len(allow_list.load()) == len(list(allow_list.OPERATIONS_DIR.rglob("*.graphql"))) >= 3


def test_check_reports_each_problem(settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "a.graphql").write_text("query Same { departments(first: 1) { nodes { code } } }")
    (tmp_path / "b.graphql").write_text("query Same { departments(first: 1) { nodes { nope } } }")
    (tmp_path / "c.graphql").write_text("{ matters(first: 100) { nodes { department { code } } } }")
    (tmp_path / "d.graphql").write_text("query {")
    problems = _check(settings.model_copy(update={"graphql_max_cost": 150}), tmp_path)
    assert problems == [
        "b.graphql: Cannot query field 'nope' on type 'Department'. Did you mean 'code' or 'name'?",
        "b.graphql: operation Same is also in a.graphql",
        "c.graphql: The operation costs 201, over the limit of 150: ask for smaller pages.",
        "c.graphql: every published operation needs a name",
        "d.graphql: Syntax Error: Expected Name, found <EOF>.\n\n"
        "GraphQL request:1:8\n1 | query {\n  |        ^",
    ]


def test_hash_is_the_sha256_of_the_exact_file(tmp_path: Path) -> None:
    (tmp_path / "Q.graphql").write_text("query Q { __typename }\n")
    assert allow_list.manifest(tmp_path) == {
        "Q.graphql": "c7a741ead1ffbeaadb36f8a44eb130662ea4f01f73bdd43a2eabba801bf376ed"
    }
