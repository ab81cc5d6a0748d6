"""The allow-list in graphql/operations/ is consistent with the schema (what
`luojiang operations --check` checks before a release)."""

from __future__ import annotations

import re
from pathlib import Path

from graphql import FieldNode, OperationDefinitionNode, OperationType, parse

from luojiang.api.protection import allow_list
from luojiang.api.protection.validation import DocumentChecks
from luojiang.api.schema import build_schema
from luojiang.api.strawberry_internals import core_schema
from luojiang.core.settings import Settings


def _check(settings: Settings, folder: Path) -> list[str]:
    return allow_list.check(core_schema(build_schema(settings)), DocumentChecks.of(settings), folder)


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


FRONT_ENDS = [
    "WeChat mini-program",
    "Alipay mini-program",
    "Happy Luojiang app",
    "Tianfu Tongban H5",
    "Guide page",
    "Staff console",
    "Administrators' console",
]


def _screens() -> dict[str, dict[str, list[str]]]:
    """``{front end: {screen: [operation names]}}`` from the tables of graphql/operations/README.md."""
    text = (allow_list.OPERATIONS_DIR / "README.md").read_text("utf-8")
    found: dict[str, dict[str, list[str]]] = {}
    front_end = None
    for line in text.split("## Screens and the operations they need", 1)[1].splitlines():
        if line.startswith("### "):
            front_end = line.removeprefix("### ").split(" (")[0]
            found[front_end] = {}
        elif front_end and line.startswith("| ") and not line.startswith(("| screen", "| ---")):
            screen, operations = (cell.strip() for cell in line.strip("|").split("|"))
            found[front_end][screen] = re.findall(r"`([A-Z]\w+)`", operations)
    return found


def _published() -> dict[str, OperationDefinitionNode]:
    return {
        d.name.value: d
        for text in allow_list.load().values()
        for d in parse(text).definitions
        if isinstance(d, OperationDefinitionNode) and d.name
    }


def test_every_operation_a_front_end_screen_needs_is_published() -> None:
    screens = _screens()
    needed = {name for front_end in screens.values() for names in front_end.values() for name in names}
    missing = {
        f"{front_end}: {screen}: {name}"
        for front_end, rows in screens.items()
        for screen, names in rows.items()
        for name in names
        if name not in _published()
    }

    assert list(screens) == FRONT_ENDS
    assert all(screens[front_end] for front_end in FRONT_ENDS)
    assert missing == set()
    # the ones the review found missing: the 一件事 entry page, halls, licence types, the admin console
    assert {"Scenarios", "Halls", "LicenceTypes", "ImportCatalogue", "SaveMatter", "SaveScenario"} <= needed


def test_every_mutation_of_the_schema_is_published(settings: Settings) -> None:
    schema = core_schema(build_schema(settings))
    assert schema.mutation_type is not None
    published = {
        selection.name.value
        for operation in _published().values()
        if operation.operation is OperationType.MUTATION
        for selection in operation.selection_set.selections
        if isinstance(selection, FieldNode)
    }
    assert set(schema.mutation_type.fields) - published == set()
