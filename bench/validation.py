"""Validation work on hostile documents: ``python -m bench.validation``.

For each document (``tests/support/hostile.py``: fragment bombs, and wide documents that make
field merging quadratic, all within the token and body limits) it prints the time to parse it
(the baseline: linear in its size, measured in the same run), the gateway's validation
(``DocumentChecks``: the limits, then the specification's rules with a bounded field-merging
budget) as a multiple of that, and what validation cost before: graphql-core's rules with their
default budget, and Strawberry's depth and alias limiters, which expand every fragment spread
again (skipped where they would run for minutes).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from functools import partial

from graphql import DocumentNode, GraphQLSchema, parse, specified_rules, validate
from strawberry.extensions.max_aliases import create_validator as aliases_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule
from tests.support import hostile

from luojiang.api.protection.validation import DocumentChecks
from luojiang.api.schema import build_schema
from luojiang.api.strawberry_internals import core_schema
from luojiang.core.settings import Environment, Settings, load_settings

REPEATS = 5
# Strawberry's limiters take ~3x longer per level: 13 levels ran 12 s on the review's machine
OLD_WALKERS_UP_TO_LEVELS = 11

DOCUMENTS: list[tuple[str, str, bool]] = [
    *(
        (f"fragment bomb, {n} levels", hostile.fragment_bomb(n), n <= OLD_WALKERS_UP_TO_LEVELS)
        for n in (8, 11, 13, 20, 40)
    ),
    ("one field 1,980 times", hostile.repeated_field(1980), True),
    ("one object field 160 times", hostile.repeated_object_field(160), True),
    ("200 conflicting fields", hostile.conflicting_fields(200), True),
    ("220 fragments side by side", hostile.fragments_side_by_side(220), True),
    ("a published-size query", hostile.deep_fragment_chain(8), True),
]


def _median_seconds(work: Callable[[], object]) -> float:
    samples = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        work()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    settings = load_settings(environment=Environment.TEST, database_url="sqlite://:memory:")
    schema = core_schema(build_schema(settings))
    old_walkers = [
        depth_rule(settings.graphql_max_depth, None),
        aliases_rule(settings.graphql_max_aliases),
    ]
    print(
        f"{'document':32} {'bytes':>6} {'parse':>9} {'gateway':>9} {'×parse':>7} "
        f"{'spec rules':>11} {'×parse':>7} {'old walkers':>12}"
    )
    for name, text, old_too in DOCUMENTS:
        document = parse(text)
        parsing = _median_seconds(partial(parse, text))
        # a fresh DocumentChecks each time: its cache would answer from memory
        gateway = _median_seconds(partial(_gateway_checks, settings, schema, document))
        spec = _median_seconds(partial(validate, schema, document, specified_rules))
        old = "(minutes)"
        if old_too:
            old = f"{_median_seconds(partial(validate, schema, document, old_walkers)) * 1e3:9.1f} ms"
        print(
            f"{name:32} {len(text):6} {parsing * 1e3:6.2f} ms {gateway * 1e3:6.2f} ms "
            f"{gateway / parsing:7.1f} {spec * 1e3:8.1f} ms {spec / parsing:7.1f} {old:>12}"
        )


def _gateway_checks(settings: Settings, schema: GraphQLSchema, document: DocumentNode) -> object:
    return DocumentChecks.of(settings).verdict(schema, document, None)


if __name__ == "__main__":
    main()
