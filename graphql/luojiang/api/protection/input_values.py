"""Argument values no field can take are the client's mistake, refused before any field runs with
``INVALID_INPUT``: a literal of the wrong type or out of range (an ``Int`` past 32 bits, a
4,300-digit number), and a NUL character in any string, which PostgreSQL cannot store and no
person types. Variables get the same answer: graphql-core's coercion errors are classified in
:mod:`luojiang.api.error_policy`, and :func:`variable_problems` finds NUL characters in them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import GraphQLError, StringValueNode, ValidationRule, ValuesOfCorrectTypeRule

from luojiang.api.error_policy import INVALID_INPUT

NUL = "\x00"


class ValuesOfCorrectTypeCoded(ValuesOfCorrectTypeRule):
    """The specification's rule, its errors marked as the client's input at fault."""

    def report_error(self, error: GraphQLError) -> None:
        message = error.message
        if error.original_error is not None and not isinstance(error.original_error, GraphQLError):
            # a scalar's parser raised (int() of 4,300 digits): say what was expected, not Python's words
            message = f"Expected a value of type '{self.context.get_input_type()}': this one is out of range."
        super().report_error(GraphQLError(message, error.nodes, extensions={"code": INVALID_INPUT}))


class NoNulCharacters(ValidationRule):
    def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
        if NUL in node.value:
            message = "A string may not contain a NUL character."
            self.report_error(GraphQLError(message, node, extensions={"code": INVALID_INPUT}))


def variable_problems(variables: Mapping[str, Any] | None) -> list[GraphQLError]:
    """The first NUL character anywhere in the variables (names and values, at any depth)."""
    path = next(_nul_paths(variables or {}), None)
    if path is None:
        return []
    shown = path.replace(NUL, "\\0")
    message = f"Variable '${shown}' may not contain a NUL character."
    return [GraphQLError(message, extensions={"code": INVALID_INPUT})]


def _nul_paths(variables: Mapping[str, Any]) -> Iterator[str]:
    # a walk with a stack of its own: JSON may nest deeper than Python's recursion limit
    stack: list[tuple[str, Any]] = [(str(key), value) for key, value in variables.items()]
    while stack:
        path, value = stack.pop()
        if NUL in path:
            yield path
        elif isinstance(value, str):
            if NUL in value:
                yield path
        elif isinstance(value, Mapping):
            stack.extend((f"{path}.{key}", item) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((f"{path}[{index}]", item) for index, item in enumerate(value))
