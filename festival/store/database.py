"""The one place that opens the SQLite database.

Several terminals (desks, jurors, the coordinator) share one file, so every connection is set up
the same way: WAL, ``synchronous=FULL``, a busy timeout and foreign keys, and every
read-then-write runs in a ``BEGIN IMMEDIATE`` transaction that takes the write lock up front.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from festival.core.files import (
    make_private_folder,
    os_error_text,
    restrict_to_owner,
    write_private,
)
from festival.store import chain
from festival.store.errors import (
    DatabaseBusy,
    DatabaseError,
    damaged_message,
    store_error,
)
from festival.store.migrations import MIGRATIONS
from festival.store.schema import SchemaTrack, registered_tracks, run_statement
from festival.store.sqlite_utils_db import utils_database

if TYPE_CHECKING:
    # The standard library's stubs describe the same DB-API; at run time only pysqlite3 loads.
    import sqlite3
    from sqlite3 import Row as Row

    import sqlite_utils
else:
    from pysqlite3 import dbapi2 as sqlite3

    Row = sqlite3.Row

#: SQLite before 3.51.3 can corrupt a WAL database when several connections reset the WAL.
MIN_SQLITE_VERSION = (3, 51, 3)
BUSY_TIMEOUT_MS = 10_000

Error = sqlite3.Error
IntegrityError = sqlite3.IntegrityError


@dataclass(frozen=True)
class Actor:
    """Who makes a change: the logged-in user, or a command-line user."""

    name: str
    user_id: int | None = None


def sqlite_version_ok(version: str = sqlite3.sqlite_version) -> bool:
    parts = tuple(int(p) for p in version.split(".")[:3])
    return parts >= MIN_SQLITE_VERSION


def utc_now() -> str:
    """A timestamp as stored everywhere: ISO 8601 in UTC with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class Transaction:
    """An open write transaction; changes and their audit lines commit together."""

    def __init__(self, conn: sqlite3.Connection, actor: Actor) -> None:
        self._conn = conn
        self.actor = actor

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        return self._conn.execute(sql, params)

    def executemany(
        self, sql: str, rows: Iterable[Sequence[Any] | dict[str, Any]]
    ) -> sqlite3.Cursor:
        """One statement for many rows: the fastest bulk insert, for work under the lock."""
        return self._conn.executemany(sql, rows)

    def fetchall(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Row]:
        rows: list[Row] = self._conn.execute(sql, params).fetchall()
        return rows

    def fetchone(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Row | None:
        rows: list[Row] = self._conn.execute(sql, params).fetchall()
        return rows[0] if rows else None

    def insert(self, table: str, values: dict[str, Any]) -> int:
        columns = ", ".join(values)
        marks = ", ".join(f":{k}" for k in values)
        cursor = self._conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def utils(self) -> sqlite_utils.Database:
        """sqlite-utils over this transaction's connection, for bulk inserts: its writes nest
        as a SAVEPOINT and commit with this transaction, audit lines included."""
        return utils_database(self._conn)

    def audit(
        self,
        action: str,
        entity: str,
        entity_id: object,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        """Append one line to the audit log, inside this transaction, chained to the line
        before it (:mod:`festival.store.chain`)."""
        content: dict[str, Any] = {
            "at": utc_now(),
            "actor": self.actor.name,
            "user_id": None if self.actor.user_id is None else int(self.actor.user_id),
            "action": action,
            "entity": entity,
            "entity_id": None if entity_id is None else str(entity_id),
            "before": _to_json(before),
            "after": _to_json(after),
        }
        # Read inside this write transaction: its BEGIN IMMEDIATE keeps other processes from
        # appending between this read and the insert.
        previous = chain.head(self._conn)
        self._conn.execute(
            "INSERT INTO audit_log (at, actor, user_id, action, entity, entity_id, before, after,"
            " prev_hash, hash) VALUES (:at, :actor, :user_id, :action, :entity, :entity_id,"
            " :before, :after, :prev_hash, :hash)",
            {**content, "prev_hash": previous, "hash": chain.line_hash(content, previous)},
        )


def _to_json(value: dict[str, Any] | None) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


class Database:
    """A connection to the shared database file, set up for several processes at once.

    A connection belongs to the thread that made it; a worker thread opens its own with
    :meth:`reopen`.
    """

    def __init__(self, path: Path, *, migrate: bool = True) -> None:
        if not sqlite_version_ok():
            raise DatabaseError(
                f"Deze SQLite-versie ({sqlite3.sqlite_version}) is te oud: minimaal "
                f"{'.'.join(map(str, MIN_SQLITE_VERSION))} is nodig (oudere versies kunnen het "
                "databasebestand beschadigen als meerdere terminals tegelijk schrijven)."
            )
        self.path = Path(path)
        try:
            make_private_folder(self.path.parent)
            if not self.path.exists():
                # SQLite would create the file 0644; an empty file is an empty database, and
                # SQLite gives its -wal and -shm files the database file's mode. Another
                # process may have made it a moment ago.
                with suppress(FileExistsError):
                    write_private(self.path, b"", exclusive=True)
            for part in ("", "-wal", "-shm"):
                restrict_to_owner(Path(f"{self.path}{part}"))  # a file of an older version
            # isolation_level=None: we issue BEGIN IMMEDIATE / COMMIT ourselves.
            self.conn = sqlite3.connect(
                str(self.path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000
            )
        except (OSError, sqlite3.Error) as exc:
            raise DatabaseError(f"Kan de database {self.path} niet openen: {exc}") from exc
        self.conn.row_factory = sqlite3.Row
        try:
            self._configure()
            if migrate:
                self.migrate()
        except DatabaseError:
            self.conn.close()
            raise
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            # A full disk or a busy file is no damage: it works again once that passes.
            raise store_error(exc, self.path) or DatabaseError(
                f"{self.path} is geen bruikbaar Kerngericht-databasebestand: {exc}"
            ) from exc
        if migrate:  # a real open; a worker's reopen() trusts the check its opener made
            self._refuse_if_damaged()

    def _refuse_if_damaged(self) -> None:
        """Refuse a file with damaged pages before anyone reads from it (``PRAGMA quick_check``:
        every page and record, without comparing indexes to their tables)."""
        try:
            found = [str(r[0]) for r in self.conn.execute("PRAGMA quick_check").fetchall()]
        except sqlite3.DatabaseError as exc:
            found = [str(exc)]
        if found != ["ok"]:
            self.conn.close()
            raise DatabaseError(damaged_message(self.path, found))

    def _configure(self) -> None:
        self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise DatabaseError(f"De database kan niet in WAL-modus (modus: {mode}).")
        self.conn.execute("PRAGMA synchronous = FULL")
        self.conn.execute("PRAGMA foreign_keys = ON")

    def reopen(self) -> Database:
        """A new connection to the same file, for another thread (schema already current)."""
        return Database(self.path, migrate=False)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema ---------------------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        """Apply the steps this file lacks, the festival's first, then each feature's track;
        every step in its own immediate transaction.

        The version is read again inside the lock so two processes opening a new file at the
        same moment do not both apply the same step.
        """
        for version, statements in MIGRATIONS:
            if self.schema_version >= version:
                continue
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                if self.schema_version < version:
                    for statement in statements:
                        run_statement(self.conn, statement)
                    self.conn.execute(f"PRAGMA user_version = {version}")
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
        for track in registered_tracks():
            self._migrate_track(track)

    def track_version(self, name: str) -> int | None:
        """The step a feature's tables are at, or None when this file never recorded it."""
        exists = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_tracks'"
        ).fetchall()
        if not exists:
            return None
        rows = self.conn.execute(
            "SELECT version FROM schema_tracks WHERE name = ?", (name,)
        ).fetchall()
        return int(rows[0][0]) if rows else None

    def _migrate_track(self, track: SchemaTrack) -> None:
        current = self.track_version(track.name)
        if current is not None and current >= track.latest:
            return  # the common case: nothing to do, no write lock taken
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_tracks"
                " (name TEXT PRIMARY KEY, version INTEGER NOT NULL)"
            )
            current = self.track_version(track.name)
            if current is None:
                current = track.adopt(self.conn) if track.adopt else 0
            for version, statements in track.steps:
                if version <= current:
                    continue
                for statement in statements:
                    run_statement(self.conn, statement)
                current = version
            self.conn.execute(
                "INSERT INTO schema_tracks (name, version) VALUES (?, ?)"
                " ON CONFLICT (name) DO UPDATE SET version = excluded.version",
                (track.name, current),
            )
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    # -- reading and writing --------------------------------------------------------------
    def fetchall(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Row]:
        # Always read to the end: a half-read cursor pins this connection's snapshot.
        rows: list[Row] = self.conn.execute(sql, params).fetchall()
        return rows

    def fetchone(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Row | None:
        rows = self.fetchall(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        row = self.fetchone(sql, params)
        return None if row is None else row[0]

    @contextmanager
    def write(self, actor: Actor) -> Iterator[Transaction]:
        """A read-then-write transaction: the write lock is taken before the first read.

        Raises :class:`DatabaseBusy` when another connection keeps the write lock for longer
        than the busy timeout, and :class:`DiskFull` when the disk has no room; either way
        nothing of the transaction is stored.
        """
        self._begin_immediate()
        try:
            yield Transaction(self.conn, actor)
            self.conn.execute("COMMIT")
        except BaseException as exc:
            # A failed COMMIT (disk full, I/O error, a deferred constraint) leaves the transaction
            # open and the write lock held, which would block every terminal; and after some
            # errors SQLite has rolled back already, so a second ROLLBACK would hide the cause.
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            mapped = store_error(exc, self.path)
            if mapped is not None:
                raise mapped from exc
            raise

    def _begin_immediate(self) -> None:
        """Take the write lock, waiting up to the busy timeout in all.

        SQLite's busy handler waits on its own, but some contention (a WAL being recovered or
        restarted by another process) answers "busy" at once: those are retried here until the
        same deadline.
        """
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        pause = 0.005
        while True:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                mapped = store_error(exc, self.path)
                if mapped is None:
                    raise
                if not isinstance(mapped, DatabaseBusy) or time.monotonic() + pause >= deadline:
                    raise mapped from exc
            time.sleep(pause)
            pause = min(pause * 2, 0.1)

    @contextmanager
    def snapshot(self) -> Iterator[Database]:
        """Several reads that see one consistent state of the file (a read transaction),
        for work that reads its inputs in more than one statement."""
        self.conn.execute("BEGIN")
        try:
            yield self
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    def data_version(self) -> int:
        """Changes whenever another connection commits; costs microseconds."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def backup(self, destination: Path) -> None:
        """A consistent copy made with SQLite's online backup while others keep writing."""
        destination = Path(destination)
        try:
            # Made here, 0600 and only if it is not there yet; SQLite then writes into it.
            write_private(destination, b"", exclusive=True)
        except FileExistsError:
            raise DatabaseError(
                f"{destination} bestaat al; kies een nieuwe bestandsnaam."
            ) from None
        except OSError as exc:
            raise DatabaseError(
                f"Kan geen kopie maken in {destination}: {os_error_text(exc)}."
            ) from exc
        try:
            target = sqlite3.connect(str(destination))
        except sqlite3.Error as exc:
            destination.unlink(missing_ok=True)
            raise DatabaseError(f"Kan geen kopie maken in {destination}: {exc}") from exc
        try:
            self.conn.backup(target, pages=256, sleep=0.005)
            result = target.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise DatabaseError(f"De kopie is niet in orde: {result}")
        except sqlite3.Error as exc:
            target.close()
            destination.unlink(missing_ok=True)  # a half-written copy is worse than none
            raise DatabaseError(f"Kan geen kopie maken in {destination}: {exc}") from exc
        finally:
            target.close()

    def integrity_check(self) -> str:
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])


class ChangeWatch:
    """Tells whether another process committed since the last look (``PRAGMA data_version``)."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._seen = db.data_version()

    def changed(self) -> bool:
        current = self._db.data_version()
        if current != self._seen:
            self._seen = current
            return True
        return False

    def wait(self, timeout: float, interval: float = 0.01) -> bool:
        """Poll until a change is seen or the timeout passes (for scripts and tests)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.changed():
                return True
            time.sleep(interval)
        return False
