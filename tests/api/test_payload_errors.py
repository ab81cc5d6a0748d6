"""The one place a user's mistake becomes payload errors (``luojiang.api.errors.errors_in_payload``):
every problem of a DomainError is reported, the payload carries nothing else, and a bug is not
mistaken for a user's mistake."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from luojiang.api.errors import UserError, errors_in_payload
from luojiang.core.errors import DomainError, Problem


@dataclass
class CodedError(UserError):
    code: str = ""

    @classmethod
    def from_problem(cls, problem: Problem) -> CodedError:
        return cls(code=problem.code, field=problem.field, message=problem.message)


@dataclass
class SavePayload:
    saved: str | None = None
    errors: list[CodedError] = field(default_factory=list)


@errors_in_payload(SavePayload, CodedError.from_problem)
async def save(name: str) -> SavePayload:
    if not name:
        raise DomainError(
            Problem("REQUIRED", "name is required", "name"), Problem("REQUIRED", "and more", None)
        )
    if name == "bug":
        raise RuntimeError("a bug, not a user's mistake")
    return SavePayload(saved=name)


async def test_every_problem_becomes_an_error_and_nothing_else_is_returned() -> None:
    assert await save("罗江") == SavePayload(saved="罗江")
    failed = await save("")
    assert failed.saved is None
    assert [(e.code, e.field, e.message) for e in failed.errors] == [
        ("REQUIRED", "name", "name is required"),
        ("REQUIRED", None, "and more"),
    ]


async def test_anything_but_a_domain_error_propagates() -> None:
    with pytest.raises(RuntimeError):
        await save("bug")
