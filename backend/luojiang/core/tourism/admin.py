"""Administrators' edits of narrations and their audio: each one audited (who, what, before, after)
in the same transaction as the change, and the public response cache invalidated after commit; a
text edit also reaches the search index (``edits.ContentChanges``)."""

from __future__ import annotations

import hashlib

import redis.asyncio as aioredis

from luojiang.core import db
from luojiang.core.cache_tags import invalidate
from luojiang.core.errors import DomainError
from luojiang.core.storage.ports import Storage
from luojiang.core.storage.uploads import AUDIO_TYPES, UploadPolicy, check_upload
from luojiang.core.tourism import repository
from luojiang.core.tourism.edits import ContentChanges
from luojiang.core.tourism.importer import MAX_NARRATION_CHARS
from luojiang.core.tourism.models import GuidePoint, Narration
from luojiang.core.tourism.rules import TOURISM_TAG, point_by_code, point_tag, supported_language

MAX_AUDIO_BYTES = 20 * 1024 * 1024
AUDIO_POLICY = UploadPolicy(max_bytes=MAX_AUDIO_BYTES, allowed=AUDIO_TYPES)


async def edit_narration(
    changes: ContentChanges, actor: str, code: str, language: str, text: str
) -> Narration:
    point = await point_by_code(code)
    language = supported_language(language)
    text = text.strip()
    if not text or len(text) > MAX_NARRATION_CHARS:
        raise DomainError.one(
            "INVALID_TEXT", f"the text must be 1 to {MAX_NARRATION_CHARS} characters", "text"
        )
    async with repository.places_transaction():
        narration = await write_narration(actor, point, language, text)
    await changes.committed(point_tag(point.code))
    return narration


async def write_narration(actor: str, point: GuidePoint, language: str, text: str) -> Narration:
    """Inside the caller's transaction: the text of one language, audited."""
    narration = await repository.narration_for_update(point.id, language)
    before = {"text": narration.text} if narration else None
    if narration is None:
        narration = await repository.add_narration(point.id, language, text)
    elif narration.text != text:
        narration.text = text
        await repository.save(narration, fields=["text", "updated_at"])
    await repository.record_edit(
        actor, f"narration:{point.catalogue_id}:{language}", "edit_text", before, {"text": text}
    )
    return narration


async def attach_audio(
    redis: aioredis.Redis,
    storage: Storage,
    actor: str,
    code: str,
    language: str,
    data: bytes,
    duration_s: int | None,
) -> Narration:
    point = await point_by_code(code)
    language = supported_language(language)
    upload = check_upload(data, AUDIO_POLICY, field="audio")
    if duration_s is not None and not 0 < duration_s <= 3600:
        raise DomainError.one("INVALID_DURATION", "the duration must be 1 to 3600 seconds", "durationSeconds")
    narration = await repository.narration(point.id, language)
    if narration is None:
        raise DomainError.one("NO_NARRATION", "write the narration text in this language first", "language")
    key = _audio_key(point, language, upload.data, upload.extension)
    # content-addressed keys: the file is stored before the row points at it, and never changes
    await storage.put(key, upload.data, upload.content_type)
    async with db.transaction():
        before = {"audio_key": narration.audio_key, "duration_s": narration.audio_duration_s}
        narration.audio_key = key
        narration.audio_duration_s = duration_s
        await repository.save(narration, fields=["audio_key", "audio_duration_s", "updated_at"])
        after = {"audio_key": key, "duration_s": duration_s}
        await repository.record_edit(
            actor, f"narration:{point.catalogue_id}:{language}", "attach_audio", before, after
        )
    await invalidate(redis, TOURISM_TAG, point_tag(point.code))
    return narration


def _audio_key(point: GuidePoint, language: str, data: bytes, extension: str) -> str:
    digest = hashlib.sha256(data).hexdigest()[:16]
    return f"tourism/audio/{point.code}/{language}-{digest}.{extension}"
