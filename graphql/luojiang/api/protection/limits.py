"""The gateway's limits on a document's shape (DESIGN 2.1), each refused with its own code before
any other validation rule runs (see :mod:`luojiang.api.protection.validation`)."""

from __future__ import annotations

from dataclasses import dataclass

from graphql import GraphQLError, OperationType

from luojiang.api.protection.cost import TOO_COSTLY
from luojiang.api.protection.shape import OperationShape
from luojiang.core.settings import Settings

TOO_COMPLEX = "QUERY_TOO_COMPLEX"
TOO_DEEP = "QUERY_TOO_DEEP"
TOO_MANY_ALIASES = "TOO_MANY_ALIASES"
TOO_MANY_MUTATIONS = "TOO_MANY_MUTATIONS"


@dataclass(frozen=True)
class Limits:
    selections: int
    depth: int
    aliases: int
    cost: int
    mutations: int

    @classmethod
    def of(cls, settings: Settings) -> Limits:
        return cls(
            selections=settings.graphql_max_selections,
            depth=settings.graphql_max_depth,
            aliases=settings.graphql_max_aliases,
            cost=settings.graphql_max_cost,
            mutations=settings.graphql_max_mutations,
        )

    def errors(self, operations: list[OperationShape]) -> list[GraphQLError]:
        """What ``operations`` (a whole document) break. Selections are counted over the whole
        document, since validation reads every operation; when they are over, that alone is said
        (the other numbers of such a document mean nothing)."""
        selections = sum(operation.shape.selections for operation in operations)
        if selections > self.selections:
            return [
                _error(
                    f"The document expands to {selections} selections, over the limit of "
                    f"{self.selections}: spread fewer fragments.",
                    TOO_COMPLEX,
                    selections=selections,
                    maximumSelections=self.selections,
                )
            ]
        return [error for operation in operations for error in self._operation_errors(operation)]

    def _operation_errors(self, operation: OperationShape) -> list[GraphQLError]:
        label = f"Operation {operation.name}" if operation.name else "The operation"
        shape = operation.shape
        errors = []
        if shape.depth > self.depth:
            errors.append(
                _error(f"{label} nests {shape.depth} deep, over the limit of {self.depth}.", TOO_DEEP)
            )
        if shape.aliases > self.aliases:
            errors.append(
                _error(
                    f"{label} has {shape.aliases} aliases, over the limit of {self.aliases}.",
                    TOO_MANY_ALIASES,
                )
            )
        if shape.cost > self.cost:
            errors.append(
                _error(
                    f"{label} costs {shape.cost}, over the limit of {self.cost}: ask for smaller pages.",
                    TOO_COSTLY,
                    cost=shape.cost,
                    maximumCost=self.cost,
                )
            )
        if operation.kind is OperationType.MUTATION and shape.fields > self.mutations:
            errors.append(
                _error(
                    f"{shape.fields} mutations in one document; at most {self.mutations} are allowed.",
                    TOO_MANY_MUTATIONS,
                )
            )
        return errors


def _error(message: str, code: str, **details: int) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code, **details})
