"""The outbox's licence destination issues through the licences area with its national codes."""

from tests.licences.conftest import licence_codes, licences

__all__ = ["licence_codes", "licences"]
