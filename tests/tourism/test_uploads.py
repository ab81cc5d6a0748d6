"""Upload limits judge the bytes, not the name or the declared type."""

from __future__ import annotations

import pytest

from luojiang.core.errors import DomainError
from luojiang.core.storage.local import InvalidKey, check_key
from luojiang.core.storage.uploads import AUDIO_TYPES, UploadPolicy, check_upload

POLICY = UploadPolicy(max_bytes=64, allowed=AUDIO_TYPES)


@pytest.mark.parametrize(
    ("data", "content_type", "extension"),
    [
        (b"ID3\x04\x00" + b"\x00" * 10, "audio/mpeg", "mp3"),
        (b"\xff\xfb\x90\x64" + b"\x00" * 10, "audio/mpeg", "mp3"),
        (b"OggS\x00\x02" + b"\x00" * 10, "audio/ogg", "ogg"),
        (b"\x00\x00\x00\x20ftypM4A " + b"\x00" * 10, "audio/mp4", "m4a"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 10, "audio/wav", "wav"),
    ],
)
def test_audio_formats_are_recognised(data: bytes, content_type: str, extension: str) -> None:
    checked = check_upload(data, POLICY)
    assert (checked.content_type, checked.extension) == (content_type, extension)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "EMPTY_UPLOAD"),
        (b"ID3" + b"\x00" * 62, "UPLOAD_TOO_LARGE"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 8, "UNSUPPORTED_FILE_TYPE"),  # an image is not audio
        (b"MZ\x90\x00", "UNSUPPORTED_FILE_TYPE"),
        (b"RIFF\x24\x00\x00\x00AVI LIST", "UNSUPPORTED_FILE_TYPE"),
    ],
)
def test_other_files_are_refused(data: bytes, code: str) -> None:
    with pytest.raises(DomainError) as refused:
        check_upload(data, POLICY, field="audio")
    assert (refused.value.problems[0].code, refused.value.problems[0].field) == (code, "audio")


@pytest.mark.parametrize(
    "key", ["../x.mp3", "a/../../b", "/etc/passwd", "a//b", ".hidden", "a/b\\c", "é.mp3"]
)
def test_keys_cannot_leave_the_storage_folder(key: str) -> None:
    with pytest.raises(InvalidKey):
        check_key(key)
