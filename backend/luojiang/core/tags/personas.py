"""Personas are data (``personas.toml``): who a person may declare they are, and what each is likely
to need. Adding one is an edit of that file, not of code."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class Persona:
    code: str  # "elderly": the tag is "persona:elderly"
    name: str  # "老年人": what a recommendation's reason calls it
    needs: frozenset[str]  # the catalogue's life events and topics it is likely to need


def parse_personas(text: str) -> dict[str, Persona]:
    """Personas by code, in the file's order."""
    return {
        code: Persona(code=code, name=str(entry["name"]), needs=frozenset(map(str, entry["needs"])))
        for code, entry in tomllib.loads(text).items()
    }


def bundled_personas() -> dict[str, Persona]:
    return parse_personas(resources.files("luojiang.core.tags").joinpath("personas.toml").read_text("utf-8"))


PERSONAS = bundled_personas()
