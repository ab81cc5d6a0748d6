"""The allow-list: the operations the front ends ship, one document per file in
``graphql/operations/`` (sub-folders per front end or area are fine).

A document's hash is the sha256 of the file's exact text, which is what the front end sends as
``persistedQuery.sha256Hash``. The list is read at start-up; :func:`check` (run by
``luojiang operations --check`` and by the test suite) makes sure every operation parses,
validates against the schema within the cost limit, and has a unique name.
"""

from __future__ import annotations

from pathlib import Path

from graphql import (
    ASTValidationRule,
    GraphQLSchema,
    OperationDefinitionNode,
    parse,
    specified_rules,
    validate,
)

from luojiang.api.protection.persisted import sha256_of

OPERATIONS_DIR = Path(__file__).resolve().parents[3] / "operations"


def load(folder: Path = OPERATIONS_DIR) -> dict[str, str]:
    """``{sha256: text}`` of every ``*.graphql`` file under ``folder``."""
    texts = (path.read_text("utf-8") for path in sorted(folder.rglob("*.graphql")))
    return {sha256_of(text): text for text in texts}


def manifest(folder: Path = OPERATIONS_DIR) -> dict[str, str]:
    """``{relative file name: sha256}``, what a front-end build can compare against."""
    return {
        str(path.relative_to(folder)): sha256_of(path.read_text("utf-8"))
        for path in sorted(folder.rglob("*.graphql"))
    }


def check(
    schema: GraphQLSchema, rules: list[type[ASTValidationRule]], folder: Path = OPERATIONS_DIR
) -> list[str]:
    """Every problem with the published operations, as ``file: message`` lines."""
    problems: list[str] = []
    names: dict[str, str] = {}
    all_rules = [*specified_rules, *rules]
    for path in sorted(folder.rglob("*.graphql")):
        where = str(path.relative_to(folder))
        try:
            document = parse(path.read_text("utf-8"))
        except Exception as exc:
            problems.append(f"{where}: {exc}")
            continue
        problems += [f"{where}: {e.message}" for e in validate(schema, document, all_rules)]
        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode):
                name = definition.name.value if definition.name else ""
                if not name:
                    problems.append(f"{where}: every published operation needs a name")
                elif name in names:
                    problems.append(f"{where}: operation {name} is also in {names[name]}")
                names.setdefault(name, where)
    return problems
