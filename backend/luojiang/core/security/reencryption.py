"""Re-encryption: every encrypted value not under the ring's current key, rewritten under it, so an
old key can leave ``FIELD_ENCRYPTION_KEY``.

Each column is read in keyset pages (by id) and each value rewritten only if the row still holds
what was read: a user's edit made meanwhile is never overwritten (it was written under the key of
the instance that made it, and the next run looks at it again). A run is idempotent and can be
stopped at any point: values already under the current key are skipped, so running it again resumes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from tortoise.models import Model

from luojiang.core.security import repository
from luojiang.core.security.fields import FieldCipher, UndecryptableField
from luojiang.core.storage.ports import Storage

DEFAULT_BATCH = 500


@dataclass(frozen=True)
class EncryptedColumn:
    """One encrypted column and the associated data its area binds to each value."""

    model: type[Model]
    field: str
    context: Callable[[str], str]  # from the value of ``context_field`` ("" when there is none)
    context_field: str | None = None

    @property
    def name(self) -> str:
        return f"{self.model._meta.db_table}.{self.field}"


@dataclass(frozen=True)
class SealedFiles:
    """Files an area keeps sealed in storage, found by paging its rows: ``(row id, storage key)``
    after a row id. A file is written once under a fresh key and never changed in place (a new
    upload gets a new key), so rewriting it with the same bytes races with nobody."""

    name: str
    keys_after: Callable[[int, int], Awaitable[list[tuple[int, str]]]]
    context: Callable[[str], str]  # from the storage key


def fixed_context(context: str) -> Callable[[str], str]:
    return lambda _: context


@dataclass
class ColumnCount:
    column: str
    old: int = 0  # values found under an old key
    rewritten: int = 0
    changed_meanwhile: int = 0  # left as the concurrent writer wrote them
    undecryptable: int = 0  # unknown key or failed authentication: left as they are

    @property
    def left(self) -> int:
        """Old values this run did not rewrite (all of them when only checking)."""
        return self.old - self.rewritten


@dataclass(frozen=True)
class Reencryption:
    cipher: FieldCipher
    batch: int = DEFAULT_BATCH

    async def run(self, column: EncryptedColumn, *, check_only: bool = False) -> ColumnCount:
        count = ColumnCount(column.name)
        after = 0
        while page := await repository.encrypted_values(
            column.model, column.field, after, self.batch, column.context_field
        ):
            for row_id, stored, context_value in page:
                if not self.cipher.needs_reencryption(stored):
                    continue
                count.old += 1
                if not check_only:
                    await self._rewrite(column, row_id, stored, column.context(context_value), count)
            after = page[-1][0]
        return count

    async def run_files(
        self, files: SealedFiles, storage: Storage, *, check_only: bool = False
    ) -> ColumnCount:
        count = ColumnCount(files.name)
        after = 0
        while page := await files.keys_after(after, self.batch):
            for _, key in page:
                sealed = await storage.get(key)
                if sealed is None or not self.cipher.needs_resealing(sealed):
                    continue
                count.old += 1
                if not check_only:
                    await self._reseal(storage, key, sealed, files.context(key), count)
            after = page[-1][0]
        return count

    async def _reseal(
        self, storage: Storage, key: str, sealed: bytes, context: str, count: ColumnCount
    ) -> None:
        try:
            fresh = self.cipher.reseal(sealed, context)
        except UndecryptableField:
            count.undecryptable += 1
            return
        await storage.put(key, fresh, "application/octet-stream")
        count.rewritten += 1

    async def _rewrite(
        self, column: EncryptedColumn, row_id: int, stored: str, context: str, count: ColumnCount
    ) -> None:
        try:
            fresh = self.cipher.reencrypt(stored, context)
        except UndecryptableField:
            count.undecryptable += 1
            return
        if await repository.replace_encrypted_value(column.model, column.field, row_id, stored, fresh):
            count.rewritten += 1
        else:
            count.changed_meanwhile += 1
