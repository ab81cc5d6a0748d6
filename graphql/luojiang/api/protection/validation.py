"""Validation whose work grows at most linearly with the document, cached per document text.

Two steps, and a look at the request's variables (:mod:`.input_values`). First the gateway's
limits on the document's shape (:mod:`.shape`, :mod:`.limits`), measured once per fragment: a
document over one is refused with its code and nothing else runs. Then the specification's rules
(graphql-core's, and Strawberry's two), of which only OverlappingFieldsCanBeMerged can do more
than linear work: it compares fields that share a response name pairwise, and 2,000 tokens of
them kept a core busy for half a second (``python -m bench.validation``). graphql-core meters that
work; we give it a budget small enough that the worst document costs a few milliseconds
(:data:`FIELD_MERGE_BUDGET`), and refuse what exceeds it with ``QUERY_TOO_COMPLEX``.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    OverlappingFieldsCanBeMergedRule,
    ValidationContext,
    ValuesOfCorrectTypeRule,
    specified_rules,
)
from graphql.validation import NoSchemaIntrospectionCustomRule
from graphql.validation.validate import ValidationAbortedError
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from luojiang.api.protection.input_values import NoNulCharacters, ValuesOfCorrectTypeCoded, variable_problems
from luojiang.api.protection.limits import TOO_COMPLEX, Limits
from luojiang.api.protection.shape import OperationShape, measure
from luojiang.api.strawberry_internals import core_schema
from luojiang.core.settings import Settings

# Units of graphql-core's field-merging budget (two per pair of fields compared). The published
# operations spend none; at about 2.5 µs a unit on a busy core the worst document costs ~25 ms.
FIELD_MERGE_BUDGET = 10_000


class FieldMergingTooComplex(ValidationAbortedError):
    """graphql-core stops validating when the budget runs out; this says so with a code."""

    def __init__(self) -> None:
        super().__init__(
            "Too many fields share a response name to check that they merge: use fewer "
            "repeated fields or fragments.",
            extensions={"code": TOO_COMPLEX},
        )


class BoundedFieldMerging(OverlappingFieldsCanBeMergedRule):
    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self.rule_context.remaining_complexity_budget = FIELD_MERGE_BUDGET

    def enter_selection_set(self, *args: Any) -> None:
        try:
            super().enter_selection_set(*args)
        except ValidationAbortedError:
            if self.rule_context.remaining_complexity_budget >= 0:
                raise  # too many errors, not too much work: graphql-core says so itself
            raise FieldMergingTooComplex from None


@dataclass(frozen=True)
class Verdict:
    operations: list[OperationShape]
    errors: list[GraphQLError]

    def cost_of(self, operation_name: str | None) -> int | None:
        """The cost of the operation that runs (the dearest when none is named)."""
        costs = {operation.name: operation.shape.cost for operation in self.operations}
        if operation_name:
            return costs.get(operation_name)
        return max(costs.values(), default=0)


class DocumentChecks:
    """Every check a document passes before it runs; shared by every request of a schema."""

    MAX_DOCUMENTS = 1024

    def __init__(self, limits: Limits, rules: Sequence[type[ASTValidationRule]]) -> None:
        self.limits = limits
        self.rules = tuple(rules)
        # (schema, document text) -> verdict: documents repeat, schemas are few
        self._verdicts: OrderedDict[tuple[int, str], Verdict] = OrderedDict()

    @classmethod
    def of(cls, settings: Settings) -> DocumentChecks:
        ours: dict[type[ASTValidationRule], type[ASTValidationRule]] = {
            OverlappingFieldsCanBeMergedRule: BoundedFieldMerging,
            ValuesOfCorrectTypeRule: ValuesOfCorrectTypeCoded,
        }
        rules = [ours.get(rule, rule) for rule in specified_rules]
        rules.append(NoNulCharacters)
        if settings.is_production:
            rules.append(NoSchemaIntrospectionCustomRule)
        return cls(Limits.of(settings), rules)

    def verdict(self, schema: GraphQLSchema, document: DocumentNode, text: str | None) -> Verdict:
        key = (id(schema), text) if text is not None else None
        known = self._verdicts.get(key) if key is not None else None
        if known is not None:
            self._verdicts.move_to_end(key)  # type: ignore[arg-type]
            return known
        operations = measure(schema, document)
        errors = self.limits.errors(operations) or validate_document(schema, document, self.rules)
        verdict = Verdict(operations, errors)
        if key is not None:
            self._verdicts[key] = verdict
            if len(self._verdicts) > self.MAX_DOCUMENTS:
                self._verdicts.popitem(last=False)
        return verdict


class CheckedValidation(SchemaExtension):
    """Validates with :class:`DocumentChecks` (instead of Strawberry's own validation step) and
    adds ``extensions.cost = {requestedQueryCost, maximumAvailable}`` to every response."""

    def __init__(self, checks: DocumentChecks) -> None:
        self.checks = checks
        self.verdict: Verdict | None = None

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None:
            self.verdict = self.checks.verdict(core_schema(context.schema), document, context.query)
            # Strawberry validates no further; the verdict is the document's, variables are this request's
            context.pre_execution_errors = self.verdict.errors or variable_problems(context.variables)
        yield

    def get_results(self) -> dict[str, Any]:
        if self.verdict is None:
            return {}
        cost = self.verdict.cost_of(self.execution_context.operation_name)
        if cost is None:
            return {}
        return {"cost": {"requestedQueryCost": cost, "maximumAvailable": self.checks.limits.cost}}
