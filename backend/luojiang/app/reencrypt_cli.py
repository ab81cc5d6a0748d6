"""``luojiang reencrypt``: every encrypted value rewritten under the first key of
``FIELD_ENCRYPTION_KEY``; ``--check`` only counts the values still under an older key, so that the
operator knows when that key can leave the ring (exit status 0: none left)."""

from __future__ import annotations

import argparse

from luojiang.core import db
from luojiang.core.applications.reencryption import ENCRYPTED_COLUMNS as APPLICATIONS
from luojiang.core.applications.reencryption import SEALED_FILES
from luojiang.core.identity.reencryption import ENCRYPTED_COLUMNS as IDENTITY
from luojiang.core.licences.reencryption import ENCRYPTED_COLUMNS as LICENCES
from luojiang.core.notifications.reencryption import ENCRYPTED_COLUMNS as NOTIFICATIONS
from luojiang.core.security.fields import field_cipher
from luojiang.core.security.reencryption import DEFAULT_BATCH, ColumnCount, Reencryption
from luojiang.core.settings import Settings

ENCRYPTED_COLUMNS = [*IDENTITY, *APPLICATIONS, *LICENCES, *NOTIFICATIONS]


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser = commands.add_parser("reencrypt", help="rewrite personal data under the newest field key")
    parser.add_argument("--check", action="store_true", help="only count values under older keys")
    parser.add_argument("--batch", type=int, default=DEFAULT_BATCH, help="rows read per query")
    return parser


async def run(settings: Settings, args: argparse.Namespace) -> int:
    async with db.database(settings):
        return await reencrypt_all(settings, check_only=args.check, batch=args.batch)


async def reencrypt_all(settings: Settings, *, check_only: bool, batch: int = DEFAULT_BATCH) -> int:
    """1 when a value is left under an older key (for ``--check``, any; otherwise one that failed to
    open or was changed meanwhile: run again, or look at it)."""
    service = Reencryption(field_cipher(settings), batch=max(1, batch))
    counts = [await service.run(column, check_only=check_only) for column in ENCRYPTED_COLUMNS]
    from luojiang.app.container import build_storage  # the wiring: only when this command runs

    counts.append(await service.run_files(SEALED_FILES, build_storage(settings), check_only=check_only))
    for count in counts:
        print(_line(count, check_only))  # noqa: T201 -- the CLI's job is to tell
    left = sum(count.left for count in counts)
    print(f"current key {service.cipher.current_kid}: {left} value(s) under older keys")  # noqa: T201
    return 1 if left else 0


def _line(count: ColumnCount, check_only: bool) -> str:
    if check_only:
        return f"{count.column}: {count.old} under older keys"
    return (
        f"{count.column}: {count.rewritten} re-encrypted, {count.changed_meanwhile} changed meanwhile,"
        f" {count.undecryptable} undecryptable"
    )
