"""``luojiang reencrypt``: values written under key A, the ring changed to ``B,A``; afterwards nothing
is under A, everything opens with B alone to the same plaintext, a concurrent edit survives, lookup
hashes stay, and ``--check`` says by its exit status whether A can leave the ring.

The session's data is under the app's key (A here), and under keys of gateways other tests built
(which nothing can open any more, so the session's ``reencrypt`` always has some left): these tests
look at the values A opens, each puts them back under A when done, so that the rest of the suite
still reads them, and the exit statuses are checked on a database of their own."""

from __future__ import annotations

import base64
import os
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import SecretStr
from starlette.applications import Starlette
from tortoise import Tortoise

from luojiang.app import cli
from luojiang.app.container import build_storage
from luojiang.app.reencrypt_cli import ENCRYPTED_COLUMNS, reencrypt_all
from luojiang.core.applications.files import material_context
from luojiang.core.applications.repository import uploaded_files_after
from luojiang.core.identity import repository as people
from luojiang.core.identity.models import Person
from luojiang.core.identity.personal import PersonalData
from luojiang.core.identity.reencryption import ENCRYPTED_COLUMNS as PERSON_COLUMNS
from luojiang.core.licences.service import LicenceService
from luojiang.core.notifications.models import Message, MessageChannel, MessageKind
from luojiang.core.notifications.service import RECIPIENT_CONTEXT
from luojiang.core.security import repository as encrypted
from luojiang.core.security.fields import FieldCipher, parse_key_ring
from luojiang.core.security.reencryption import EncryptedColumn, Reencryption
from luojiang.core.settings import Settings
from tests.applications.support import FORM, MATTER, PNG, new_person, required_materials, service_with
from tests.licences.support import issue_social_card

LUOJIANG = str(Path(sys.executable).with_name("luojiang"))
NEW_KEY = f"knew:{base64.b64encode(bytes(range(32))).decode()}"


def ring_text(cipher: FieldCipher) -> str:
    """The ring as FIELD_ENCRYPTION_KEY writes it, current key first."""
    kids = [cipher.current_kid, *(kid for kid in cipher.keys if kid != cipher.current_kid)]
    return ",".join(f"{kid}:{base64.b64encode(cipher.keys[kid]).decode()}" for kid in kids)


def with_ring(settings: Settings, text: str) -> Settings:
    return settings.model_copy(update={"field_encryption_key": SecretStr(text)})


@pytest.fixture
def personal(app: Starlette) -> PersonalData:
    found: PersonalData = app.state.services.identity.personal
    return found


@pytest.fixture
async def old_ring(settings: Settings, personal: PersonalData) -> AsyncIterator[str]:
    """Key A (the app's ring); everything is put back under it afterwards."""
    text = ring_text(personal.cipher)
    yield text
    await reencrypt_all(with_ring(settings, f"{text},{NEW_KEY}"), check_only=False)


async def all_values(column: EncryptedColumn) -> list[tuple[int, str, str]]:
    return await encrypted.encrypted_values(column.model, column.field, 0, 1_000_000, column.context_field)


def under(cipher: FieldCipher, stored: str | bytes) -> bool:
    kid = stored.partition(":")[0] if isinstance(stored, str) else stored.partition(b":")[0].decode()
    return kid in cipher.keys


async def plaintexts(cipher: FieldCipher) -> dict[str, dict[int, str]]:
    """Every column's values under ``cipher``'s keys, opened."""
    found: dict[str, dict[int, str]] = {}
    for column in ENCRYPTED_COLUMNS:
        rows = [(row, stored, ctx) for row, stored, ctx in await all_values(column) if under(cipher, stored)]
        found[column.name] = {row: cipher.decrypt(stored, column.context(ctx)) for row, stored, ctx in rows}
    return found


async def write_one_of_each(app: Starlette, licences: LicenceService, personal: PersonalData) -> None:
    person = Person()
    personal.set_name(person, "王小罗")
    personal.set_id_number(person, "510626199001011234")
    personal.set_phone(person, "13900000077")
    await people.save_person(person)
    await issue_social_card(licences)  # a licence, and LJ-RSJ's signing key
    applicant = await new_person()
    applications = service_with(app)
    case = await applications.start(applicant, MATTER)
    await applications.save_form(applicant, case.id, FORM)
    await applications.add_upload(applicant, case.id, (await required_materials(case))[0], PNG)
    await Message.create(
        person_id=person.id,
        kind=MessageKind.CASE_UPDATE,
        channel=MessageChannel.SMS,
        key=f"reencrypt-{person.id}",
        topic="submitted",
        title="t",
        body="b",
        recipient_enc=personal.cipher.encrypt("13900000077", RECIPIENT_CONTEXT),
        created_at=datetime.now(UTC),
    )


async def files(settings: Settings, cipher: FieldCipher) -> dict[str, bytes]:
    """Every uploaded file under ``cipher``'s keys, opened."""
    storage = build_storage(settings)
    found: dict[str, bytes] = {}
    for _, key in await uploaded_files_after(0, 1_000_000):
        sealed = await storage.get(key)
        if sealed is not None and under(cipher, sealed):
            found[key] = cipher.open(sealed, material_context(key))
    return found


async def lookup_hashes() -> list[tuple[str | None, str | None]]:
    return [(p.phone_hash, p.id_number_hash) for p in await Person.all().order_by("id")]


async def test_every_value_moves_to_the_new_key_and_opens_with_it_alone(
    app: Starlette, settings: Settings, licences: LicenceService, personal: PersonalData, old_ring: str
) -> None:
    await write_one_of_each(app, licences, personal)
    before = await plaintexts(personal.cipher)
    files_before = await files(settings, personal.cipher)
    hashes = await lookup_hashes()
    assert all(before.values()), before.keys()  # every column holds a value to move
    assert files_before
    rotated = with_ring(settings, f"{NEW_KEY},{old_ring}")

    await reencrypt_all(rotated, check_only=False)

    new_only = parse_key_ring(NEW_KEY)
    assert await plaintexts(new_only) == before
    assert await files(settings, new_only) == files_before
    nothing = {column.name: {} for column in ENCRYPTED_COLUMNS}
    assert await plaintexts(parse_key_ring(old_ring)) == nothing
    assert await files(settings, parse_key_ring(old_ring)) == {}
    assert await lookup_hashes() == hashes


async def test_a_value_changed_after_it_was_read_is_not_overwritten(
    settings: Settings, personal: PersonalData, old_ring: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = Person()
    personal.set_name(person, "旧名字")
    await people.save_person(person)
    read = encrypted.encrypted_values

    async def read_then_the_user_edits(*args: object) -> list[tuple[int, str, str]]:
        page = await read(*args)  # type: ignore[arg-type]
        if any(row == person.id for row, _, _ in page):
            personal.set_name(person, "新名字")  # an instance still encrypting under A
            await people.save_person(person)
        return page

    monkeypatch.setattr(encrypted, "encrypted_values", read_then_the_user_edits)
    names = next(c for c in PERSON_COLUMNS if c.field == "name_enc")
    rotated = parse_key_ring(f"{NEW_KEY},{old_ring}")
    count = await Reencryption(rotated).run(names)

    assert count.changed_meanwhile == 1
    stored = await Person.get(id=person.id)
    assert personal.name(stored, full=True) == "新名字"
    monkeypatch.setattr(encrypted, "encrypted_values", read)
    assert (await Reencryption(rotated).run(names)).rewritten == 1  # the next run takes it
    moved = (await Person.get(id=person.id)).name_enc
    assert moved is not None
    assert parse_key_ring(NEW_KEY).decrypt(moved, "person.name") == "新名字"


async def test_a_value_no_key_opens_is_left_as_it_is_and_counted(old_ring: str) -> None:
    lost = "kgone:" + base64.b64encode(bytes(40)).decode()  # a key removed too early
    person = await Person.create(name_enc=lost)
    names = next(c for c in PERSON_COLUMNS if c.field == "name_enc")
    try:
        count = await Reencryption(parse_key_ring(f"{NEW_KEY},{old_ring}")).run(names)
        assert count.undecryptable >= 1
        assert count.left >= 1
        assert (await Person.get(id=person.id)).name_enc == lost
    finally:
        await person.delete()


def test_the_command_line_takes_check_and_batch() -> None:
    args = cli._parser().parse_args(["reencrypt", "--check", "--batch", "50"])
    assert (args.run, args.check, args.batch) == (cli._reencrypt, True, 50)
    assert cli._parser().parse_args(["reencrypt"]).check is False


def test_every_encrypted_column_is_reencrypted(app: Starlette) -> None:
    # a new ``*_enc`` column joins its area's ENCRYPTED_COLUMNS, or its old key could never retire
    declared = {
        f"{model._meta.db_table}.{name}"
        for models in Tortoise.apps.values()
        for model in models.values()
        for name in model._meta.fields_map
        if name.endswith("_enc")
    }
    assert declared == {column.name for column in ENCRYPTED_COLUMNS}


def luojiang(database: Path, ring: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ENVIRONMENT": "test", "DATABASE_URL": f"sqlite://{database}"}
    env.update(FIELD_ENCRYPTION_KEY=ring, STORAGE_LOCAL_ROOT=str(database.parent / "media"))
    env.pop("REDIS_URL", None)
    command = [LUOJIANG, *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)  # noqa: S603


def test_check_exits_non_zero_until_no_value_is_under_an_older_key(tmp_path: Path) -> None:
    database = tmp_path / "reencrypt.sqlite3"
    old = f"kold:{base64.b64encode(bytes(32)).decode()}"
    assert luojiang(database, old, "migrate").returncode == 0
    name = parse_key_ring(old).encrypt("王小罗", "person.name")
    with sqlite3.connect(database) as connection:  # a person written while kold was first
        connection.execute(
            "INSERT INTO identity_person (name_enc, assurance_level, assurance_source, created_at)"
            " VALUES (?, 0, '', '2026-01-01 00:00:00+00:00')",
            (name,),
        )
    both = f"{NEW_KEY},{old}"

    assert luojiang(database, both, "reencrypt", "--check").returncode == 1
    moved = luojiang(database, both, "reencrypt")
    assert moved.returncode == 0, moved.stdout + moved.stderr
    assert "identity_person.name_enc: 1 re-encrypted" in moved.stdout
    checked = luojiang(database, NEW_KEY, "reencrypt", "--check")  # kold has left the ring
    assert checked.returncode == 0, checked.stdout + checked.stderr
