"""Every ORM query lives in its area's ``repository.py`` (DEVELOPERS.md, "Adding an area").

An AST walk over every source file: outside ``repository.py``, ``models.py`` (model definitions),
``migrations/``, ``core/db.py`` (set-up) and ``core/pagination.py`` (the keyset query repositories
page with), nothing may query the database. Querying is: importing Tortoise's query machinery
(transactions, expressions, query sets, functions, connections); calling a query method on a model
class (``Matter.filter``, ``models.Order.get``, ``ViewerTag.create`` …); calling a method that only
the ORM has (``get_or_none``, ``select_for_update``, ``bulk_create``, ``in_transaction``, raw SQL's
``execute_query`` …); and an instance's ``save()`` or ``delete()`` without positional arguments
(Redis and image writers take some). Type-only imports stay allowed: ``tortoise.models.Model``,
``tortoise.exceptions``, and the connection type a repository function takes. A service that needs
several repository calls to commit together opens ``luojiang.core.db.transaction()``.
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SOURCE_ROOTS = ("backend", "graphql", "miniapp-adapters", "workers")
ALLOWED_NAMES = {"repository.py", "models.py"}
ALLOWED_PATHS = {"backend/luojiang/core/db.py", "backend/luojiang/core/pagination.py"}
TYPE_ONLY_MODULES = ("tortoise.models", "tortoise.exceptions", "tortoise.backends.base.client")
ORM_ONLY_METHODS = {
    "get_or_none",
    "select_for_update",
    "update_or_create",
    "get_or_create",
    "bulk_create",
    "bulk_update",
    "update_from_dict",
    "fetch_related",
    "refresh_from_db",
    "prefetch_related",
    "select_related",
    "values_list",
    "using_db",
    "in_transaction",
    "execute_query",
    "execute_script",
}
MODEL_METHODS = {
    *ORM_ONLY_METHODS,
    *("filter", "exclude", "get", "all", "first", "create", "count", "exists", "annotate", "raw"),
    *("update", "delete", "save", "values", "order_by", "limit", "only", "distinct", "describe"),
}


def orm_uses(source: str) -> list[str]:
    """``line: what`` for every database query the source makes outside a repository."""
    tree = ast.parse(source)
    model_names, model_modules = _models_in_scope(tree)
    found: set[tuple[int, str]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom | ast.Import):
            found.update((node.lineno, f"imports {m}") for m in _tortoise_imports(node))
        elif isinstance(node, ast.Call):
            what = _query_call(node, model_names, model_modules)
            if what:
                found.add((node.lineno, what))
    return [f"{line}: {what}" for line, what in sorted(found)]


def _models_in_scope(tree: ast.Module) -> tuple[set[str], set[str]]:
    """Names imported from a ``models`` module, and names bound to such modules."""
    names: set[str] = set()
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.endswith(".models"):
                names.update(alias.asname or alias.name for alias in node.names)
            modules.update(alias.asname or alias.name for alias in node.names if alias.name == "models")
    return names, modules


def _tortoise_imports(node: ast.Import | ast.ImportFrom) -> list[str]:
    modules = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
    return [
        m
        for m in modules
        if (m == "tortoise" or m.startswith("tortoise.")) and not m.startswith(TYPE_ONLY_MODULES)
    ]


def _query_call(node: ast.Call, model_names: set[str], model_modules: set[str]) -> str | None:
    function = node.func
    if isinstance(function, ast.Name):
        return function.id if function.id in ORM_ONLY_METHODS else None
    if not isinstance(function, ast.Attribute):
        return None
    method, receiver = function.attr, function.value
    if method in ORM_ONLY_METHODS:
        return method
    if method in MODEL_METHODS and isinstance(receiver, ast.Name) and receiver.id in model_names:
        return f"{receiver.id}.{method}"
    if (
        method in MODEL_METHODS
        and isinstance(receiver, ast.Attribute)
        and isinstance(receiver.value, ast.Name)
        and receiver.value.id in model_modules
    ):
        return f"models.{receiver.attr}.{method}"
    if method in {"save", "delete"} and not node.args:
        return method
    return None


def _outside_repositories() -> list[Path]:
    return [
        path
        for root in SOURCE_ROOTS
        for path in sorted((REPO / root).rglob("*.py"))
        if path.name not in ALLOWED_NAMES
        and "migrations" not in path.parts
        and str(path.relative_to(REPO)) not in ALLOWED_PATHS
    ]


def test_only_repositories_query_the_database() -> None:
    offenders = {
        str(path.relative_to(REPO)): uses
        for path in _outside_repositories()
        if (uses := orm_uses(path.read_text("utf-8")))
    }
    assert offenders == {}


PLANTED = """
from tortoise.transactions import in_transaction
from tortoise.models import Model
from luojiang.core.tags.models import ViewerTag
from luojiang.core.catalogue import models

async def leak(row: Model, redis, connection) -> None:
    await ViewerTag.filter(viewer_id=1).delete()
    await models.Matter.get(code="LJ-1")
    async with in_transaction():
        await row.save()
    await redis.delete("key")
    await connection.execute_query("SELECT 1")
"""


def test_a_planted_query_is_found() -> None:
    assert orm_uses(PLANTED) == [
        "2: imports tortoise.transactions",
        "8: ViewerTag.filter",
        "8: delete",
        "9: models.Matter.get",
        "10: in_transaction",
        "11: save",
        "13: execute_query",
    ]


def test_plain_code_is_not_mistaken_for_a_query() -> None:
    clean = """
from luojiang.core.payments.models import OrderState
from luojiang.core.tourism import repository

async def fine(redis, image, buffer) -> None:
    await repository.points_by_ids([1])
    await redis.delete("key")
    image.save(buffer, kind="svg")
    settings = {"a": 1}.get("a")
    state = OrderState("paid")
"""
    assert orm_uses(clean) == []
