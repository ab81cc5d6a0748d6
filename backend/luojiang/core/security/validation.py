"""Check digits of national identifiers through python-stdnum, and mainland phone numbers."""

from __future__ import annotations

import re

from stdnum import numdb
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidComponent, ValidationError

from luojiang.core.errors import DomainError

MAINLAND_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def resident_id(value: str, field: str = "idNumber") -> str:
    """A valid 18-character resident ID (GB 11643: division, birth date, MOD 11-2 check), upper-cased."""
    number = str(ric.compact(value.strip().upper()))
    try:
        return str(ric.validate(number))
    except InvalidComponent as exc:
        if _division_code_existed(number):
            return number
        raise _invalid_id(field) from exc
    except (ValidationError, KeyError) as exc:  # stdnum 2.2 raises KeyError for a province-only code
        raise _invalid_id(field) from exc


def _division_code_existed(number: str) -> bool:
    """stdnum also wants the division to have existed in the birth year, but a code is assigned when
    the number is first issued: someone born in 1990 and first registered in 罗江县 (510626, 1996-2017)
    holds a genuine number that check refuses. Keep the date and division checks, drop the pairing."""
    try:
        ric.get_birth_date(number)
    except ValidationError:
        return False
    return any("county" in props for _, props in numdb.get("cn/loc").info(number[:6]))


def _invalid_id(field: str) -> DomainError:
    return DomainError.one("INVALID_ID_NUMBER", "The resident ID number is not valid.", field)


def credit_code(value: str, field: str = "creditCode") -> str:
    """A valid unified social credit code (GB 32100: charset and MOD 31 check), upper-cased."""
    try:
        return str(uscc.validate(value.strip().upper()))
    except ValidationError as exc:
        raise DomainError.one(
            "INVALID_CREDIT_CODE", "The unified social credit code is not valid.", field
        ) from exc


def mobile_phone(value: str, field: str = "phone") -> str:
    """An 11-digit mainland mobile number; ``+86``/``86`` prefixes and spaces are dropped."""
    digits = re.sub(r"[\s-]", "", value)
    digits = digits.removeprefix("+86") if digits.startswith("+86") else digits
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    if not MAINLAND_MOBILE.match(digits):
        raise DomainError.one("INVALID_PHONE", "The phone number is not a mainland mobile number.", field)
    return digits
