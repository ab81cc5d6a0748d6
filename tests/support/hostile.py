"""Documents written to make validation work hard, each within the token and body limits; the
tests refuse them and ``python -m bench.validation`` times them."""

from __future__ import annotations


def fragment_bomb(levels: int, spreads: int = 3) -> str:
    """Each fragment spreads the next ``spreads`` times: ``spreads ** levels`` selections from a
    few hundred bytes."""
    fragments = [
        f"fragment F{level} on Query {{ {' '.join([f'...F{level + 1}'] * spreads)} }}"
        for level in range(levels - 1)
    ]
    fragments.append(f"fragment F{levels - 1} on Query {{ __typename }}")
    return "query Bomb { ...F0 }\n" + "\n".join(fragments)


def repeated_field(times: int) -> str:
    """One scalar field asked ``times`` times in one selection set."""
    return f"{{ departments(first: 1) {{ nodes {{ {'code ' * times}}} }} }}"


def repeated_object_field(times: int) -> str:
    """One object field asked ``times`` times: each pair's selections are compared too."""
    return f"{{ {'matters(first: 1) { nodes { code } } ' * times}}}"


def conflicting_fields(times: int) -> str:
    """``times`` fields of one response name with different arguments: every pair conflicts."""
    return "{ " + " ".join(f'node(id: "{i}") {{ id }}' for i in range(times)) + " }"


def fragments_side_by_side(count: int) -> str:
    """``count`` fragments spread in one selection set, all selecting the same field."""
    spreads = " ".join(f"...F{i}" for i in range(count))
    definitions = "\n".join(f"fragment F{i} on Department {{ code }}" for i in range(count))
    return f"{{ departments(first: 1) {{ nodes {{ {spreads} }} }} }}\n{definitions}"


def deep_fragment_chain(levels: int) -> str:
    """Fragments that each add one level (a guide point's next one): the depth shows only
    through the spreads."""
    fragments = [
        f"fragment D{level} on GuidePoint {{ next {{ ...D{level + 1} }} }}" for level in range(levels)
    ]
    fragments.append(f"fragment D{levels} on GuidePoint {{ code }}")
    return '{ guidePoint(code: "9AYYC972") { ...D0 } }\n' + "\n".join(fragments)
