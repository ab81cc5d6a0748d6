"""The allow-list: the operations the front ends ship, one document per file in
``graphql/operations/`` (sub-folders per front end or area are fine). The wheel carries them as
package data of ``luojiang.api`` (pyproject.toml), read with ``importlib.resources``.

A document's hash is the sha256 of the file's exact text, which is what the front end sends as
``persistedQuery.sha256Hash``. The list is read at start-up; :func:`check` (run by
``luojiang operations --check`` and by the test suite) makes sure every operation parses,
validates against the schema within the cost limit, and has a unique name.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from graphql import GraphQLSchema, OperationDefinitionNode, parse

from luojiang.api.protection.persisted import sha256_of
from luojiang.api.protection.validation import DocumentChecks


def published(name: str) -> Path:
    """``operations`` or ``schema.graphql``: package data of ``luojiang.api`` in an installed
    wheel, the file in ``graphql/`` in a source checkout (an editable install)."""
    packaged = Path(str(resources.files("luojiang.api") / name))
    return packaged if packaged.exists() else Path(__file__).resolve().parents[3] / name


OPERATIONS_DIR = published("operations")


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


def check(schema: GraphQLSchema, checks: DocumentChecks, folder: Path = OPERATIONS_DIR) -> list[str]:
    """Every problem with the published operations, as ``file: message`` lines."""
    problems: list[str] = []
    names: dict[str, str] = {}
    for path in sorted(folder.rglob("*.graphql")):
        where = str(path.relative_to(folder))
        try:
            document = parse(path.read_text("utf-8"))
        except Exception as exc:
            problems.append(f"{where}: {exc}")
            continue
        problems += [f"{where}: {e.message}" for e in checks.verdict(schema, document, None).errors]
        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode):
                name = definition.name.value if definition.name else ""
                if not name:
                    problems.append(f"{where}: every published operation needs a name")
                elif name in names:
                    problems.append(f"{where}: operation {name} is also in {names[name]}")
                names.setdefault(name, where)
    return problems
