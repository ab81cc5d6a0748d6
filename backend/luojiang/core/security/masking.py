"""Masked forms of personal data for responses and logs (DESIGN 2.2)."""

from __future__ import annotations


def mask_id_number(value: str) -> str:
    """``510603199001011234`` → ``5106**********1234``: the prefecture and the last four stay."""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    """``13812345678`` → ``138****5678``."""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value: str) -> str:
    """``张三`` → ``张*``, ``欧阳娜娜`` → ``欧***``: only the first character stays."""
    if not value:
        return value
    return value[0] + "*" * (len(value) - 1)
