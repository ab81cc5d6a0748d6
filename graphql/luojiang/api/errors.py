"""User mistakes as data: every mutation payload carries ``errors: [{code, field, message}]``.

Each domain declares its own error type implementing :class:`UserError` with an enum ``code`` and
a ``from_problem`` constructor; :func:`errors_in_payload` turns a :class:`DomainError` raised by a
resolver into its payload's ``errors``, at exactly one place:

    @strawberry.mutation(description="...")
    @errors_in_payload(LicencePayload, LicenceError.from_problem)
    async def revoke_licence(self, info: Info, licence: relay.GlobalID) -> LicencePayload:
        row = await info.context.services.licences.revoke(viewer(info), ...)
        return LicencePayload(licence=Licence.from_model(row))

The payload's other fields need defaults (None, an empty list): a failed payload carries only errors.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import ParamSpec, Protocol, TypeVar

import strawberry

from luojiang.core.errors import DomainError, Problem


@strawberry.interface(description="A mistake in what the user asked for; nothing was changed.")
class UserError:
    field: str | None = strawberry.field(description="The input field at fault, if one is.")
    message: str = strawberry.field(
        description="What went wrong, for the developer; show the user a text chosen by code."
    )


E = TypeVar("E", bound=UserError)
P = TypeVar("P")
P_co = TypeVar("P_co", covariant=True)
Params = ParamSpec("Params")


class FailedPayload(Protocol[P_co, E]):
    """A payload class, called with nothing but its errors."""

    def __call__(self, *, errors: list[E]) -> P_co: ...


def errors_in_payload(
    payload: FailedPayload[P, E], from_problem: Callable[[Problem], E]
) -> Callable[[Callable[Params, Awaitable[P]]], Callable[Params, Awaitable[P]]]:
    """A resolver whose DomainError becomes ``payload(errors=[...])``; any other exception is a bug
    and propagates (masked at the edge)."""

    def decorate(resolve: Callable[Params, Awaitable[P]]) -> Callable[Params, Awaitable[P]]:
        @functools.wraps(resolve)
        async def resolve_or_report(*args: Params.args, **kwargs: Params.kwargs) -> P:
            try:
                return await resolve(*args, **kwargs)
            except DomainError as error:
                return payload(errors=[from_problem(problem) for problem in error.problems])

        return resolve_or_report

    return decorate
