"""One contract for both file stores: the local folder (the embedded default) and the
S3-compatible object store (production), the latter against moto's S3 server over HTTP."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import boto3
import pytest
from moto.server import ThreadedMotoServer
from pydantic import SecretStr

from luojiang.app.container import build_storage
from luojiang.core.settings import Environment, Settings, SettingsError, load_settings
from luojiang.core.storage.local import InvalidKey, LocalStorage
from luojiang.core.storage.ports import Storage
from tests.support.stores import free_port

BUCKET = "luojiang-media"
KEY = "tourism/audio/GQR4FNWD/zh-CN-0123456789abcdef.mp3"
DATA = b"ID3\x04\x00" + bytes(range(256)) * 4


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    ).create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


def _s3_settings(endpoint: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "environment": Environment.TEST,
        "storage_backend": "s3",
        "s3_bucket": BUCKET,
        "s3_endpoint_url": endpoint,
        "s3_access_key_id": "test",
        "s3_secret_access_key": SecretStr("test"),
        "s3_public_base_url": "https://media.luojiang.test/",
    }
    return load_settings(**{**values, **overrides})


@pytest.fixture(params=["local", "s3"])
async def storage(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Storage]:
    if request.param == "local":
        yield LocalStorage(tmp_path, "https://guide.luojiang.test")
    else:
        yield build_storage(_s3_settings(request.getfixturevalue("s3_endpoint")))


async def test_what_is_put_is_got_back(storage: Storage) -> None:
    assert await storage.get(KEY) is None
    assert not await storage.exists(KEY)
    stored = await storage.put(KEY, DATA, "audio/mpeg")
    assert (stored.key, stored.size, stored.content_type) == (KEY, len(DATA), "audio/mpeg")
    assert await storage.exists(KEY)
    assert await storage.get(KEY) == DATA
    await storage.put(KEY, b"ID3 replaced", "audio/mpeg")
    assert await storage.get(KEY) == b"ID3 replaced"


async def test_keys_that_could_escape_are_refused(storage: Storage) -> None:
    with pytest.raises(InvalidKey):
        await storage.put("../outside.mp3", DATA, "audio/mpeg")
    with pytest.raises(InvalidKey):
        storage.public_url("a/../../b")


def test_public_urls(s3_endpoint: str) -> None:
    local = LocalStorage(Path("/nowhere"), "https://guide.luojiang.test/")
    assert local.public_url(KEY) == f"https://guide.luojiang.test/media/{KEY}"
    s3 = build_storage(_s3_settings(s3_endpoint))
    assert s3.public_url(KEY) == f"https://media.luojiang.test/{KEY}"


async def test_objects_carry_their_type_and_a_long_cache_lifetime(s3_endpoint: str) -> None:
    await build_storage(_s3_settings(s3_endpoint)).put("tourism/codes/X/wechat.png", b"\x89PNG", "image/png")
    head = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    ).head_object(Bucket=BUCKET, Key="tourism/codes/X/wechat.png")
    assert head["ContentType"] == "image/png"
    assert head["CacheControl"] == "public, max-age=31536000, immutable"


def test_an_incomplete_object_store_setting_stops_the_start(s3_endpoint: str) -> None:
    with pytest.raises(SettingsError, match="S3_BUCKET"):
        build_storage(_s3_settings(s3_endpoint, s3_bucket=""))


async def test_a_local_file_reaches_the_disk_before_it_replaces_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a power loss a rename that reached the disk before the bytes leaves an empty file where the
    only copy was (reencrypt rewrites applicants' uploads in place): the bytes are synced first, the
    folder's entry after."""
    steps: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(descriptor: int) -> None:
        steps.append("folder synced" if os.path.isdir(f"/proc/self/fd/{descriptor}") else "bytes synced")
        real_fsync(descriptor)

    def replace(source: str | Path, target: str | Path) -> None:
        steps.append("renamed")
        real_replace(source, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    storage = LocalStorage(tmp_path, "http://gateway.test")
    await storage.put(KEY, DATA, "audio/mpeg")
    await storage.put(KEY, DATA[::-1], "audio/mpeg")
    assert steps == ["bytes synced", "renamed", "folder synced"] * 2
    assert await storage.get(KEY) == DATA[::-1]


async def test_a_deleted_object_is_gone_and_deleting_it_again_is_no_error(storage: Storage) -> None:
    await storage.put(KEY, DATA, "audio/mpeg")
    await storage.delete(KEY)
    assert await storage.get(KEY) is None
    assert not await storage.exists(KEY)
    await storage.delete(KEY)
    with pytest.raises(InvalidKey):
        await storage.delete("../outside.mp3")
