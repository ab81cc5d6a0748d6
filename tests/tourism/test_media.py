"""Audio uploads (size and type checked on the bytes) and media served with caching headers and
byte ranges, so that a phone's audio player can seek."""

from __future__ import annotations

import io
import wave
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from luojiang.core.identity.principal import Principal
from luojiang.core.tourism.models import ContentEdit, Narration
from tests.tourism.support import ADMIN, CITIZEN

GATE = "X5Y08RFA"


def wav_bytes(seconds: float = 1.0, rate: int = 8000) -> bytes:
    """A real, playable WAV file: a rising tone."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(rate)
        out.writeframes(bytes((i * 7) % 256 for i in range(int(seconds * rate))))
    return buffer.getvalue()


def bearer_client(app: Starlette, viewer: Principal) -> httpx.AsyncClient:
    """A client carrying a real access token for the viewer, as a logged-in front end would."""
    token = app.state.services.identity.sessions.access.issue(viewer)
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://testserver",
        headers={"authorization": f"Bearer {token}"},
    )


@pytest.fixture
async def admin_client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with bearer_client(app, ADMIN) as http:
        yield http


async def upload(
    http: httpx.AsyncClient, data: bytes, code: str = GATE, language: str = "en"
) -> httpx.Response:
    url = f"/admin/tourism/points/{code}/audio/{language}?duration=12"
    return await http.put(url, content=data, headers={"content-type": "audio/wav"})


async def test_an_uploaded_audio_is_served_whole_and_in_ranges(
    app: Starlette, admin_client: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    audio = wav_bytes()
    response = await upload(admin_client, audio)
    assert response.status_code == 201
    url = response.json()["audioUrl"]
    path = httpx.URL(url).path
    assert path.startswith(f"/media/tourism/audio/{GATE}/en-")
    assert path.endswith(".wav")
    narration = await Narration.get(point__code=GATE, language="en")
    assert (narration.audio_key, narration.audio_duration_s) == (path.removeprefix("/media/"), 12)
    assert await ContentEdit.filter(target="narration:LJ-JQ-BMG-P02:en", action="attach_audio").count() == 1

    whole = await client.get(path)
    assert whole.status_code == 200
    assert whole.content == audio
    assert whole.headers["content-type"] == "audio/wav"
    assert whole.headers["accept-ranges"] == "bytes"
    assert whole.headers["cache-control"] == "public, max-age=31536000, immutable"

    part = await client.get(path, headers={"range": "bytes=100-199"})
    assert part.status_code == 206
    assert part.headers["content-range"] == f"bytes 100-199/{len(audio)}"
    assert part.content == audio[100:200]
    tail = await client.get(path, headers={"range": "bytes=-16"})
    assert tail.status_code == 206
    assert tail.content == audio[-16:]
    beyond = await client.get(path, headers={"range": f"bytes={len(audio) + 10}-"})
    assert beyond.status_code == 416
    assert beyond.headers["content-range"] == f"bytes */{len(audio)}"


async def test_the_point_query_gives_the_audio_url(app: Starlette, admin_client: httpx.AsyncClient) -> None:
    response = await upload(admin_client, wav_bytes(0.5), language="zh-CN")
    body = (
        await admin_client.post(
            "/graphql",
            json={
                "query": f'{{ guidePoint(code: "{GATE}") {{ narration {{ audioUrl durationSeconds }} }} }}'
            },
        )
    ).json()
    assert body["data"]["guidePoint"]["narration"] == {
        "audioUrl": response.json()["audioUrl"],
        "durationSeconds": 12,
    }


async def test_files_that_are_not_audio_or_too_large_are_refused(
    app: Starlette, admin_client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    media_root = Path(app.state.services.settings.storage_local_root)
    stored = _files(media_root)
    before = await Narration.get(point__code="112VZJPZ", language="zh-CN")
    html = await upload(
        admin_client, b"<html><script>alert(1)</script></html>", code="112VZJPZ", language="zh-CN"
    )
    assert html.status_code == 422
    assert html.json()["errors"][0]["code"] == "UNSUPPORTED_FILE_TYPE"
    monkeypatch.setattr("luojiang.core.tourism.admin.MAX_AUDIO_BYTES", 1000)
    big = await upload(admin_client, wav_bytes(1.0), code="112VZJPZ", language="zh-CN")
    assert big.status_code == 413
    assert big.json()["errors"][0]["code"] == "UPLOAD_TOO_LARGE"
    url = "/admin/tourism/points/112VZJPZ/audio/zh-CN"
    for declared, status in ((b"9" * 5000, 413), ("²".encode("latin-1"), 400)):  # never a crash on the digits
        refused = await admin_client.put(url, content=b"RIFF", headers={"content-length": declared})
        assert refused.status_code == status
    assert _files(media_root) == stored
    assert (await Narration.get(point__code="112VZJPZ", language="zh-CN")).audio_key == before.audio_key


def _files(root: Path) -> list[Path]:
    return sorted(root.rglob("*"))


async def test_uploads_need_an_administrator(app: Starlette, client: httpx.AsyncClient) -> None:
    assert (await upload(client, wav_bytes())).status_code == 403
    async with bearer_client(app, CITIZEN) as citizen:
        assert (await upload(citizen, wav_bytes())).status_code == 403


async def test_unknown_and_escaping_media_keys_are_not_found(client: httpx.AsyncClient) -> None:
    for path in ("/media/tourism/audio/nothing.wav", "/media/../pyproject.toml", "/media/%2e%2e/etc/passwd"):
        assert (await client.get(path)).status_code == 404
