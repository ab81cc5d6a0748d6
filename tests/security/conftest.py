"""Re-encryption touches every area's data: the e-licence fixtures issue licences to re-encrypt."""

from tests.licences.conftest import licence_codes, licences

__all__ = ["licence_codes", "licences"]
