"""Licence identifiers with the national structure (GB/T 36904-2018 电子证照标识):

    1.2.156.3005.2 . <type code> . <issuer code> . <serial> . <version> . <check character>

- the root is the e-licence OID arc ``1.2.156.3005.2``;
- the type code is the defining authority's unified social credit code (18 characters) and a
  3-digit serial of the type; the issuer code is the issuing department's credit code;
- the serial is ours: the year of issue and a 7-digit counter per type, issuer and year;
- the version is 3 digits (``001`` for a first issue);
- the check character is ISO 7064 MOD 37,36 over type code + issuer code + serial + version
  (python-stdnum's ``iso7064.mod_37_36``), which matches identifiers issued by provincial bases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stdnum.cn import uscc
from stdnum.exceptions import ValidationError
from stdnum.iso7064 import mod_37_36

from luojiang.core.errors import DomainError

ROOT = "1.2.156.3005.2"
TYPE_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}\d{3}$")
SERIAL = re.compile(r"^[0-9A-Z]{1,32}$")
VERSION = re.compile(r"^\d{3}$")
FIRST_VERSION = "001"


@dataclass(frozen=True)
class Identifier:
    type_code: str
    issuer_code: str
    serial: str
    version: str
    check: str

    def __str__(self) -> str:
        return ".".join((ROOT, self.type_code, self.issuer_code, self.serial, self.version, self.check))


def check_character(type_code: str, issuer_code: str, serial: str, version: str) -> str:
    return str(mod_37_36.calc_check_digit(type_code + issuer_code + serial + version))


def build(type_code: str, issuer_code: str, serial: str, version: str = FIRST_VERSION) -> Identifier:
    return Identifier(
        type_code, issuer_code, serial, version, check_character(type_code, issuer_code, serial, version)
    )


def parse(text: str, field: str = "identifier") -> Identifier:
    """A well-formed identifier whose check character is right, else ``INVALID_IDENTIFIER``."""
    if not text.startswith(ROOT + "."):
        raise _invalid(field, "does not start with the e-licence root 1.2.156.3005.2")
    parts = text[len(ROOT) + 1 :].split(".")
    if len(parts) != 5:
        raise _invalid(field, "must have a type code, issuer code, serial, version and check character")
    type_code, issuer_code, serial, version, check = parts
    if not (valid_type_code(type_code) and valid_issuer_code(issuer_code)):
        raise _invalid(field, "has a type or issuer code that is not a valid national code")
    if not SERIAL.match(serial) or not VERSION.match(version) or len(check) != 1:
        raise _invalid(field, "has a malformed serial, version or check character")
    if check != check_character(type_code, issuer_code, serial, version):
        raise _invalid(field, "has a wrong check character")
    return Identifier(type_code, issuer_code, serial, version, check)


def valid_issuer_code(code: str) -> bool:
    """A unified social credit code with a right GB 32100 check character."""
    try:
        uscc.validate(code)
    except ValidationError:
        return False
    return True


def valid_type_code(code: str) -> bool:
    return bool(TYPE_CODE.match(code)) and valid_issuer_code(code[:18])


def masked(identifier: str) -> str:
    """For lists and other areas: the end of the serial, the version and the check character."""
    return "…" + identifier[-14:]


def _invalid(field: str, reason: str) -> DomainError:
    return DomainError.one("INVALID_IDENTIFIER", f"The licence identifier {reason}.", field)
