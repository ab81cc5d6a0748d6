"""Catalogue jobs."""

from __future__ import annotations

import logging

from luojiang.core.catalogue.changes import announce_change
from luojiang.workers.resources import Resources

log = logging.getLogger(__name__)


async def announce_catalogue_change(resources: Resources) -> str | None:
    """Tells every instance the catalogue's new version; a no-op when it was already announced.

    Takes no arguments: it re-reads the catalogue, so a late or repeated run is still right.
    """
    version = await announce_change(resources.redis, resources.broadcaster)
    if version is None:
        return None
    log.info("catalogue version announced", extra={"version": version.version})
    return version.version
