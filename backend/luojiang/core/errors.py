"""Domain errors: a user's mistake carries a stable code, the field at fault and a message.

The GraphQL layer turns these into payload ``errors``; anything else that escapes a service is a
bug, masked at the edge. Messages never contain personal data (DESIGN 2.2).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    field: str | None = None


class DomainError(Exception):
    """One or more problems with what the user asked for; nothing was changed."""

    def __init__(self, *problems: Problem) -> None:
        if not problems:
            raise ValueError("a DomainError needs at least one problem")
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems

    @classmethod
    def one(cls, code: str, message: str, field: str | None = None) -> DomainError:
        return cls(Problem(code=code, message=message, field=field))


class NotFound(DomainError):
    """The object does not exist, or the caller may not see it: the two are indistinguishable."""

    def __init__(self, what: str, field: str | None = "id") -> None:
        super().__init__(Problem(code="NOT_FOUND", message=f"{what} not found", field=field))
