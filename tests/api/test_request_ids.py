"""Request ids made by the gateway: never repeated within a process, nor between processes (a
worker forked from another draws its own prefix), and of the length clients have always seen."""

from __future__ import annotations

import re

import pytest

from luojiang.app import observability
from luojiang.app.observability import RequestIds


def test_ids_are_32_hex_digits_and_never_repeat() -> None:
    ids = RequestIds()
    made = [ids.new() for _ in range(1000)]
    assert all(re.fullmatch(r"[0-9a-f]{32}", one) for one in made)
    assert len(set(made)) == len(made)


def test_two_processes_do_not_share_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    ids = RequestIds()
    parent = [ids.new() for _ in range(3)]
    monkeypatch.setattr(observability.os, "getpid", lambda: -42)  # as in a forked child
    child = [ids.new() for _ in range(3)]
    assert not set(parent) & set(child)
    assert child[0][:16] != parent[0][:16]


def test_two_instances_draw_different_prefixes() -> None:
    assert RequestIds().new()[:16] != RequestIds().new()[:16]
