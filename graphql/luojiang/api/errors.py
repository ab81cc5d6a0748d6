"""User mistakes as data: every mutation payload carries ``errors: [{code, field, message}]``.

Each domain declares its own error type implementing :class:`UserError` with an enum ``code``;
:func:`user_errors` converts a :class:`DomainError` at exactly one place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import strawberry

from luojiang.core.errors import DomainError, Problem


@strawberry.interface(description="A mistake in what the user asked for; nothing was changed.")
class UserError:
    field: str | None = strawberry.field(description="The input field at fault, if one is.")
    message: str


E = TypeVar("E", bound=UserError)


def user_errors(error: DomainError, make: Callable[[Problem], E]) -> list[E]:
    return [make(problem) for problem in error.problems]
