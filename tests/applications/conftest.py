"""Application tests use the licence tests' fixtures (held e-licences for 减材料)."""

from tests.licences.conftest import licence_codes, licences

__all__ = ["licence_codes", "licences"]
