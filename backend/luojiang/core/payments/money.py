"""Yuan strings at the platforms' edges, integer fen everywhere else; never through float."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

_CENT = Decimal("0.01")


def yuan_to_fen(text: str) -> int:
    """``"88.88"`` -> 8888. Refuses anything that is not an exact amount of fen."""
    try:
        value = Decimal(text.strip().lstrip("`¥"))
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {text!r}") from exc
    if not value.is_finite() or value != value.quantize(_CENT):
        raise ValueError(f"not an exact amount of fen: {text!r}")
    return int(value * 100)


def fen_to_yuan(fen: int) -> str:
    """8888 -> ``"88.88"`` (two decimals, as Alipay's ``total_amount`` wants)."""
    return f"{(Decimal(fen) / 100).quantize(_CENT)}"
