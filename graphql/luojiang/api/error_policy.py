"""What a client may see of an error.

User mistakes raised by services (:class:`DomainError`) keep their message and gain
``extensions.code``; errors the GraphQL layer raises on purpose (a ``GraphQLError`` with a code)
pass as they are; a value the database cannot hold, a variable of the wrong type or range and an
ID that cannot be decoded are ``INVALID_INPUT``; anything else is a bug: it is logged with the
request id and surfaces only as ``INTERNAL_SERVER_ERROR`` with that id.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from graphql import GraphQLError, VariableDefinitionNode
from redis.exceptions import RedisError
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.extensions import SchemaExtension
from tortoise.exceptions import ValidationError as FieldValueError

from luojiang.core import outage
from luojiang.core.errors import DomainError

log = logging.getLogger("luojiang.graphql")

VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
INTERNAL = "INTERNAL_SERVER_ERROR"
INVALID_INPUT = "INVALID_INPUT"
UNAVAILABLE = "SERVICE_UNAVAILABLE"
UNAVAILABLE_MESSAGE = "The service is briefly unavailable; try again in a few seconds."
MAX_ECHO = 200  # characters of an input error's message, which may quote the whole value


def classify(error: GraphQLError, request_id: str) -> GraphQLError:
    original = error.original_error
    if isinstance(original, DomainError):
        problem = original.problems[0]
        extensions: dict[str, object] = {
            "code": problem.code,
            **({"field": problem.field} if problem.field else {}),
        }
        return _copy(error, str(original), extensions)
    if isinstance(original, FieldValueError):
        # a value no column can hold (too long, out of range) can match or store nothing: the
        # input is at fault; its text, which may be personal data, is neither echoed nor logged
        field = str(original).split(":", 1)[0].strip()
        message = "a value is too long or out of range for its field"
        return _copy(error, message, {"code": INVALID_INPUT, "field": field})
    if isinstance(original, RedisError):
        outage.REDIS.failed(original, "a resolver")
        return _copy(
            error, UNAVAILABLE_MESSAGE, {"code": UNAVAILABLE, "retryAfter": outage.RETRY_AFTER_SECONDS}
        )
    if _is_input_error(error):
        message = error.message if len(error.message) <= MAX_ECHO else error.message[:MAX_ECHO] + "…"
        return _copy(error, message, {**(error.extensions or {}), "code": INVALID_INPUT})
    if original is None or isinstance(original, GraphQLError):
        extensions = dict(error.extensions or {})
        extensions.setdefault("code", VALIDATION_FAILED)
        return _copy(error, error.message, extensions)
    log.error(
        "unexpected error in resolver",
        exc_info=original,
        extra={"request_id": request_id, "path": error.path},
    )
    internal: dict[str, object] = {"code": INTERNAL, "requestId": request_id}
    return _copy(error, "Internal server error.", internal)


def _is_input_error(error: GraphQLError) -> bool:
    """Strawberry's coercion of an argument (a global ID that does not decode), or graphql-core's
    of a variable: those errors point at the variable's definition and at nothing that ran."""
    if isinstance(error.original_error, StrawberryInputCoercionError):
        return True
    nodes = error.nodes or []
    return error.path is None and bool(nodes) and all(isinstance(n, VariableDefinitionNode) for n in nodes)


def _copy(error: GraphQLError, message: str, extensions: dict[str, object]) -> GraphQLError:
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions=extensions,
    )


class ErrorPolicy(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or not result.errors:
            return
        request_id = getattr(self.execution_context.context, "request_id", "-")
        result.errors = [classify(e, request_id) for e in result.errors]
