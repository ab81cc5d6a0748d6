"""Persisted queries: the automatic persisted query protocol, and the allow-list of trusted
operations.

A request names its document by ``extensions.persistedQuery = {version: 1, sha256Hash}``, with or
without the text. Without it, the hash must be known: from the allow-list (the operations in
``graphql/operations/``) or, unless only the allow-list may run, from an earlier registration kept
in Redis; else ``PERSISTED_QUERY_NOT_FOUND`` (HTTP 200, never cached, so the client retries with
the text). With it, the text's sha256 must be the hash (``PERSISTED_QUERY_HASH_MISMATCH``), and it
is registered. In allow-list mode (production) any other document is ``OPERATION_NOT_ALLOWED``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

import redis.asyncio as aioredis

from luojiang.api.transport.params import GraphQLParams, RequestRejected
from luojiang.core.settings import Settings

PREFIX = "apq:"
SHA256 = re.compile(r"^[0-9a-f]{64}$")
NOT_FOUND_HEADERS = {"Cache-Control": "private, no-cache, must-revalidate"}


@dataclass(frozen=True)
class Document:
    """What a request asks to run: the text when it was sent, and always its sha256."""

    sha256: str
    text: str | None
    persisted: bool


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def identify(params: GraphQLParams) -> Document:
    """The request's document hash, checked against its text; no I/O, so it can run first."""
    claimed = _claimed_hash(params.extensions.get("persistedQuery"))
    if claimed is None:
        if params.query is None:
            raise RequestRejected(400, "BAD_REQUEST", "no query in the request")
        return Document(sha256_of(params.query), params.query, persisted=False)
    if params.query is not None and sha256_of(params.query) != claimed:
        raise RequestRejected(400, "PERSISTED_QUERY_HASH_MISMATCH", "provided sha does not match query")
    return Document(claimed, params.query, persisted=True)


def _claimed_hash(persisted: Any) -> str | None:
    if persisted is None:
        return None
    if not isinstance(persisted, dict) or persisted.get("version") != 1:
        raise RequestRejected(400, "PERSISTED_QUERY_NOT_SUPPORTED", "persistedQuery version must be 1")
    claimed = persisted.get("sha256Hash")
    if not isinstance(claimed, str) or not SHA256.match(claimed.lower()):
        raise RequestRejected(400, "BAD_REQUEST", "sha256Hash must be 64 hexadecimal digits")
    return claimed.lower()


class PersistedQueries:
    def __init__(self, redis: aioredis.Redis, settings: Settings, allow_list: dict[str, str]) -> None:
        self.redis = redis
        self.allow_list = allow_list
        self.allow_list_only = settings.graphql_allow_list_only
        self.ttl = settings.persisted_query_ttl_seconds

    async def text_of(self, document: Document) -> str:
        """The text to run, from the request, the allow-list or Redis; refuses what may not run."""
        trusted = self.allow_list.get(document.sha256)
        if trusted is not None:
            return trusted
        if self.allow_list_only:
            if document.text is None:
                raise _not_found()
            raise RequestRejected(400, "OPERATION_NOT_ALLOWED", "only the published operations may run")
        if document.text is None:
            registered = await self.redis.get(PREFIX + document.sha256)
            if registered is None:
                raise _not_found()
            return registered.decode() if isinstance(registered, bytes) else str(registered)
        if document.persisted:
            await self.redis.set(PREFIX + document.sha256, document.text, ex=self.ttl)
        return document.text


def _not_found() -> RequestRejected:
    return RequestRejected(200, "PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound", NOT_FOUND_HEADERS)
