"""Request ids made by the gateway: never repeated within a process, nor between processes (a
worker forked from another draws its own prefix), and of the length clients have always seen."""

from __future__ import annotations

import os
import re

from luojiang.app.observability import RequestIds


def test_ids_are_32_hex_digits_and_never_repeat() -> None:
    ids = RequestIds()
    made = [ids.new() for _ in range(1000)]
    assert all(re.fullmatch(r"[0-9a-f]{32}", one) for one in made)
    assert len(set(made)) == len(made)


def test_a_forked_process_draws_ids_of_its_own() -> None:
    ids = RequestIds()
    parent = [ids.new() for _ in range(3)]
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its first ids, to the parent, then out without pytest's clean-up
        os.write(write, " ".join(ids.new() for _ in range(3)).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        child = pipe.read().split()
    os.waitpid(pid, 0)
    assert len(child) == 3
    assert not set(parent) & set(child)
    assert child[0][:16] != parent[0][:16]


def test_two_instances_draw_different_prefixes() -> None:
    assert RequestIds().new()[:16] != RequestIds().new()[:16]
