"""The embedded default: objects are files under one folder, served by the gateway's /media route.

Keys are relative POSIX paths of safe characters only, so no key can leave the folder.
"""

from __future__ import annotations

import asyncio
import mimetypes
import os
import re
import uuid
from pathlib import Path

from luojiang.core.storage.ports import StoredObject

KEY_SHAPE = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$")


class InvalidKey(ValueError):
    pass


def check_key(key: str) -> str:
    if len(key) > 255 or not KEY_SHAPE.match(key) or ".." in key:
        raise InvalidKey(key)
    return key


# the types we store, fixed here rather than left to the host's mime.types
KNOWN_TYPES = {
    "mp3": "audio/mpeg",
    "ogg": "audio/ogg",
    "m4a": "audio/mp4",
    "wav": "audio/wav",
    "png": "image/png",
    "jpg": "image/jpeg",
    "webp": "image/webp",
    "svg": "image/svg+xml",
}


def content_type_of(key: str) -> str:
    known = KNOWN_TYPES.get(key.rsplit(".", 1)[-1].lower())
    return known or mimetypes.guess_type(key)[0] or "application/octet-stream"


class LocalStorage:
    def __init__(self, root: Path, public_base_url: str) -> None:
        self.root = root
        self.base = public_base_url.rstrip("/")

    def path_of(self, key: str) -> Path:
        return self.root / check_key(key)

    async def put(self, key: str, data: bytes, content_type: str) -> StoredObject:
        path = self.path_of(key)
        await asyncio.to_thread(_write_atomically, path, data)
        return StoredObject(key=key, size=len(data), content_type=content_type)

    async def get(self, key: str) -> bytes | None:
        path = self.path_of(key)
        try:
            return await asyncio.to_thread(path.read_bytes)
        except FileNotFoundError:
            return None

    async def exists(self, key: str) -> bool:
        return self.path_of(key).is_file()

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self.path_of(key).unlink, missing_ok=True)

    def public_url(self, key: str) -> str:
        return f"{self.base}/media/{check_key(key)}"


def _write_atomically(path: Path, data: bytes) -> None:
    # a reader (a phone seeking in the audio) never sees half a file; and a power loss never leaves
    # an empty file in place of the old one (reencrypt replaces an applicant's only copy): the bytes
    # reach the disk before the rename, and the rename before we answer
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    with temporary.open("wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
