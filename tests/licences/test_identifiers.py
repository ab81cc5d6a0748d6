"""Identifiers with the national structure: real ones issued by provincial bases verify, ours are
built the same way, and a wrong check character, code or shape is refused with a clear error."""

from __future__ import annotations

import pytest

from luojiang.core.errors import DomainError
from luojiang.core.licences import identifiers

# published identifiers of a national licence type (建筑施工特种作业人员操作资格证书), three issuers
REAL = [
    "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U",
    "1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0",
    "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F",
]


@pytest.mark.parametrize("text", REAL)
def test_identifiers_issued_elsewhere_verify(text: str) -> None:
    parsed = identifiers.parse(text)
    assert str(parsed) == text
    assert identifiers.build(parsed.type_code, parsed.issuer_code, parsed.serial, parsed.version) == parsed


def test_a_built_identifier_has_the_iso_7064_check_character() -> None:
    built = identifiers.build("11100000000013338W011", "11430000006122244L", "20230000403")
    assert str(built) == REAL[0]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (REAL[0][:-1] + "V", "wrong check character"),
        (REAL[0].replace("20230000403", "20230000404"), "wrong check character"),  # a serial altered
        (REAL[0].replace("1.2.156.3005.2", "1.2.156.3005.3"), "root"),
        (REAL[0].rsplit(".", 1)[0], "must have"),
        (REAL[0].replace("11430000006122244L", "11430000006122244M"), "national code"),  # bad USCC
        (REAL[0].replace(".001.", ".01."), "malformed"),
        ("", "root"),
    ],
)
def test_malformed_identifiers_are_refused(text: str, reason: str) -> None:
    with pytest.raises(DomainError) as refused:
        identifiers.parse(text, "input.identifier")
    (problem,) = refused.value.problems
    assert (problem.code, problem.field) == ("INVALID_IDENTIFIER", "input.identifier")
    assert reason in problem.message


def test_the_masked_identifier_keeps_only_its_end() -> None:
    assert identifiers.masked(REAL[0]) == "…" + REAL[0][-14:]
