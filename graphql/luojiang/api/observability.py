"""Operation-level metrics and tracing. Both hook ``on_operation`` only: a per-field (``resolve``)
hook, above all an async one, multiplies execution time by 10–15 (ref/graphql.md 1.11)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from strawberry.extensions import SchemaExtension

from luojiang.core import metrics

UNCLASSIFIED = "GRAPHQL_PARSE_FAILED"


class OperationMetrics(SchemaExtension):
    """Counts operations by name and outcome, their time, and errors by ``extensions.code``.

    Listed before ErrorPolicy so that it finishes after it and sees the classified codes.
    """

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        yield
        context = self.execution_context
        operation = metrics.operation_label(context.operation_name)
        errors = context.result.errors if context.result is not None else context.pre_execution_errors
        metrics.OPERATION_SECONDS.labels(operation).observe(time.perf_counter() - started)
        metrics.OPERATIONS.labels(operation, "error" if errors else "ok").inc()
        for error in errors or ():
            metrics.GRAPHQL_ERRORS.labels(str((error.extensions or {}).get("code", UNCLASSIFIED))).inc()


class OperationTracing(SchemaExtension):
    """One OpenTelemetry span per operation; a no-op unless ``opentelemetry`` is installed."""

    def __init__(self, *, execution_context: Any = None) -> None:
        super().__init__(execution_context=execution_context)
        try:
            from opentelemetry import trace  # type: ignore[import-not-found,unused-ignore]
        except ImportError:  # the optional dependency is absent: tracing is off
            self._tracer: Any = None
        else:
            self._tracer = trace.get_tracer("luojiang.graphql")

    def on_operation(self) -> Iterator[None]:
        if self._tracer is None:
            yield
            return
        with self._tracer.start_as_current_span("graphql.operation") as span:
            yield
            context = self.execution_context
            span.set_attribute("graphql.operation.name", context.operation_name or "")
            if context.graphql_document is not None:
                span.set_attribute("graphql.operation.type", context.operation_type.value.lower())
            if context.result is not None and context.result.errors:
                span.set_attribute("graphql.errors", len(context.result.errors))
