"""``docs/catalogue-format.md`` documents every key the importer reads beyond the district's
FORMAT.md: a new key or field kind without its line there fails here, and its example imports."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

from luojiang.core.catalogue.forms import KINDS, FormField, check_form_fields

DOC = Path(__file__).resolve().parents[2] / "docs" / "catalogue-format.md"
MATTER_KEYS = ("form_fields", "produces_licence")
OTHER_FILES = ("licence_codes.json", "licences.json")


def _named() -> set[str]:
    return set(re.findall(r"`([^`\s]+)`", DOC.read_text("utf-8")))


def test_every_added_key_and_field_kind_is_documented() -> None:
    field_keys = [f.name for f in dataclasses.fields(FormField)]
    wanted = {*MATTER_KEYS, *OTHER_FILES, *field_keys, *KINDS}
    assert wanted - _named() == set()


def test_the_documented_form_is_one_the_importer_accepts() -> None:
    example = re.search(r'```json\n"form_fields": (\[.*?\])\n```', DOC.read_text("utf-8"), re.DOTALL)
    assert example is not None
    assert check_form_fields(json.loads(example.group(1))) == []
