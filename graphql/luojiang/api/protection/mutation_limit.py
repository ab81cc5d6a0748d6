"""At most a few mutations per document (Saleor allows 4): each one is a separate write the
client could send on its own, and a document of hundreds would dodge the per-request limits."""

from __future__ import annotations

from typing import Any

from graphql import (
    ASTValidationRule,
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    ValidationRule,
)

TOO_MANY = "TOO_MANY_MUTATIONS"


def mutation_limit_rule(maximum: int) -> type[ASTValidationRule]:
    class MutationLimit(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            if node.operation is not OperationType.MUTATION:
                return
            count = self._fields(node.selection_set, frozenset())
            if count > maximum:
                self.report_error(
                    GraphQLError(
                        f"{count} mutations in one document; at most {maximum} are allowed.",
                        node,
                        extensions={"code": TOO_MANY},
                    )
                )

        def _fields(self, selection_set: SelectionSetNode, seen: frozenset[str]) -> int:
            count = 0
            for selection in selection_set.selections:
                if isinstance(selection, FieldNode):
                    count += 1
                elif isinstance(selection, InlineFragmentNode):
                    count += self._fields(selection.selection_set, seen)
                elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
                    fragment = self.context.get_fragment(selection.name.value)
                    if fragment is not None:
                        count += self._fields(fragment.selection_set, seen | {selection.name.value})
            return count

    return MutationLimit
