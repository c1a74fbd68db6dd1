"""A busy database and a full disk are named in Dutch, and nothing half is stored."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from core_support import ADMIN, CALLER, count

import festival.store.database as database_module
from festival.domain import checkin, registration_io
from festival.domain.festivals import current_festival
from festival.store.database import Database
from festival.store.errors import (
    BUSY_MESSAGE,
    DISK_FULL_MESSAGE,
    DatabaseBusy,
    DatabaseError,
    DiskFull,
    store_error,
)

CHILD = Path(__file__).with_name("disk_full_child.py")
pysqlite3 = pytest.importorskip("pysqlite3.dbapi2")


def _add_kern(db: Database, name: str) -> None:
    with db.write(ADMIN) as tx:
        kern_id = tx.insert("kernen", {"name": name})
        tx.audit("kern toegevoegd", "kern", kern_id, None, {"name": name})


def _lock_holder(path: Path):  # type: ignore[no-untyped-def]
    """A second terminal that takes the write lock and keeps it."""
    other = pysqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    return other


# -- a busy database -----------------------------------------------------------------------


def test_a_write_behind_a_held_lock_waits_the_busy_timeout_then_says_busy_in_dutch(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 300)
    db = Database(db_path)
    holder = _lock_holder(db_path)
    try:
        started = time.monotonic()
        with pytest.raises(DatabaseBusy) as caught:
            _add_kern(db, "Kerk-Avezaath-Noord")
        waited = time.monotonic() - started
        assert str(caught.value) == "De database is even bezet; probeer het opnieuw."
        assert isinstance(caught.value, DatabaseError)  # every caller of the store handles it
        assert 0.25 <= waited < 3  # waited for the lock, but not for ever
        assert not db.conn.in_transaction
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    _add_kern(db, "Kerk-Avezaath-Noord")  # works again once the lock is free
    assert db.scalar("SELECT count(*) FROM kernen WHERE name = 'Kerk-Avezaath-Noord'") == 1
    db.close()


def test_a_lock_freed_within_the_busy_timeout_is_waited_for(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 3_000)
    db = Database(db_path)
    # SQLite answers "busy" at once when its own handler does not wait: the write retries.
    db.conn.execute("PRAGMA busy_timeout = 0")
    holder = _lock_holder(db_path)
    release = threading.Timer(0.3, lambda: holder.execute("ROLLBACK"))
    release.start()
    try:
        _add_kern(db, "Lienden-West")
    finally:
        release.join()
        holder.close()
    assert db.scalar("SELECT count(*) FROM kernen WHERE name = 'Lienden-West'") == 1
    db.close()


# -- naming the error ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), DiskFull),
        (OSError(errno.EFBIG, "File too large"), DiskFull),
        (OSError(errno.EACCES, "Permission denied"), None),
        (pysqlite3.OperationalError("database or disk is full"), DiskFull),
        (pysqlite3.OperationalError("database is locked"), DatabaseBusy),
        (pysqlite3.OperationalError("no such table: nope"), None),
        (pysqlite3.DatabaseError("file is not a database"), None),
        (ValueError("database is locked"), None),
    ],
)
def test_store_errors_are_named_by_what_happened(
    error: BaseException, expected: type | None
) -> None:
    mapped = store_error(error)
    if expected is None:
        assert mapped is None
    else:
        assert type(mapped) is expected


def test_an_io_error_with_room_on_the_disk_stays_an_io_error(db_path: Path) -> None:
    error = pysqlite3.OperationalError("disk I/O error")
    error.sqlite_errorcode = 10  # type: ignore[attr-defined]  # SQLITE_IOERR
    assert store_error(error, db_path) is None  # damage or a broken disk is not "disk full"


def test_the_messages_say_what_to_do() -> None:
    assert DiskFull().args == (DISK_FULL_MESSAGE,)
    assert "maak ruimte vrij" in DISK_FULL_MESSAGE and "niets half opgeslagen" in DISK_FULL_MESSAGE
    assert DatabaseBusy().args == (BUSY_MESSAGE,)


# -- a full disk (a file-size limit in a child process) ------------------------------------


def _child(limit: int, *args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(CHILD), str(limit), *map(str, args)],
        env=os.environ | {"FESTIVAL_USER": "Carla Coördinator", "FESTIVAL_PIN": "111111"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _a_code(db: Database) -> str:
    return str(db.scalar("SELECT code FROM registrations WHERE checked_in_at IS NULL LIMIT 1"))


def test_a_check_in_on_a_full_disk_says_so_and_stores_nothing(demo_db: Database) -> None:
    code = _a_code(demo_db)
    audit_lines = count(demo_db, "audit_log")
    result = _child(1_000, "checkin", demo_db.path, code)
    assert result.returncode == 1, result.stderr
    assert result.stdout.strip() == f"DiskFull {DISK_FULL_MESSAGE}"
    assert "Traceback" not in result.stderr
    assert demo_db.scalar("SELECT checked_in_at FROM registrations WHERE code = ?", (code,)) is None
    assert count(demo_db, "audit_log") == audit_lines
    # With room again the same check-in goes through.
    outcome = checkin.check_in_code(demo_db, CALLER, code, "Balie 1")
    assert outcome.outcome is checkin.CheckInOutcome.WELCOME


def test_the_command_line_on_a_full_disk_names_the_full_disk_not_a_broken_file(
    demo_db: Database,
) -> None:
    code = _a_code(demo_db)
    path = demo_db.path
    demo_db.close()  # the WAL index is made again at the next open, which needs room
    result = _child(20_000, "cli", "--db", path, "checkin", "--desk", "Balie 1", code)
    assert result.returncode == 1
    assert DISK_FULL_MESSAGE in result.stderr
    assert "geen bruikbaar" not in result.stderr and "Traceback" not in result.stderr
    with Database(path) as again:
        stored = again.scalar("SELECT checked_in_at FROM registrations WHERE code = ?", (code,))
    assert stored is None


def test_an_import_on_a_full_disk_says_so_and_stores_nothing(
    demo_db: Database, tmp_path: Path
) -> None:
    festival = current_festival(demo_db)
    assert festival is not None
    lines = ["naam;rol;kern;organisatie;email;telefoon;initiatief;gevraagd"]
    lines += [f"Deelnemer {i};bezoeker;Zoelen;;d{i}@example.org;;;" for i in range(2_000)]
    csv = tmp_path / "aanmeldingen.csv"
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = {table: count(demo_db, table) for table in ("people", "registrations", "audit_log")}
    path = demo_db.path
    # Room for the open and the first pages, not for the whole import: it fails half-way.
    result = _child(60_000, "cli", "--db", path, "registrations", "import", csv)
    assert result.returncode == 1, result.stdout + result.stderr
    assert DISK_FULL_MESSAGE in result.stderr
    assert "Traceback" not in result.stderr
    after = {table: count(demo_db, table) for table in before}
    # The login before the import may have been stored; nothing of the import was.
    logins = after["audit_log"] - before["audit_log"]
    assert logins in (0, 1)
    assert after == before | {"audit_log": before["audit_log"] + logins}
    last = demo_db.scalar("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1")
    assert not logins or last == "ingelogd"
    # With room again the same file imports whole.
    report = registration_io.import_registrations(demo_db, CALLER, festival.id, csv.read_bytes())
    assert report.imported == 2_000


def test_the_command_line_behind_a_held_lock_exits_1_with_the_dutch_message(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from festival.cli.main import run

    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 300)
    monkeypatch.setenv("FESTIVAL_USER", "Carla Coördinator")
    monkeypatch.setenv("FESTIVAL_PIN", "111111")
    code = _a_code(demo_db)
    holder = _lock_holder(demo_db.path)
    try:
        status = run(["--db", str(demo_db.path), "checkin", "--desk", "Balie 1", code])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert status == 1
    assert capsys.readouterr().err.strip().endswith(BUSY_MESSAGE)
    assert demo_db.scalar("SELECT checked_in_at FROM registrations WHERE code = ?", (code,)) is None


# -- a file too large to store without starving the desks ----------------------------------


def _registrations_csv(size: int) -> bytes:
    """A valid registration file of exactly ``size`` bytes (the last e-mail address padded)."""
    lines = ["naam;rol;kern;organisatie;email;telefoon;initiatief;gevraagd"]
    lines += [f"Deelnemer {i};bezoeker;Zoelen;;d{i}@example.org;;;" for i in range(3)]
    data = ("\n".join(lines) + "\n").encode()
    pad = size - len(data)
    assert pad >= 0
    return data.replace(b"d2@example.org", b"d2" + b"x" * pad + b"@example.org")


def test_a_file_above_the_import_limit_is_refused_in_dutch_before_anything_is_stored(
    demo_db: Database,
) -> None:
    from festival.core.csv_io import MAX_IMPORT_BYTES, ImportFailed

    festival = current_festival(demo_db)
    assert festival is not None
    before = count(demo_db, "registrations")
    with pytest.raises(ImportFailed) as caught:
        registration_io.import_registrations(
            demo_db, CALLER, festival.id, _registrations_csv(MAX_IMPORT_BYTES + 1)
        )
    assert [p.line for p in caught.value.problems] == [1]
    assert "10 MB" in str(caught.value) and "splits het" in str(caught.value)
    assert count(demo_db, "registrations") == before
    # A file of exactly the limit is read: it fails on its over-long address, not on its size.
    with pytest.raises(ImportFailed) as at_limit:
        registration_io.import_registrations(
            demo_db, CALLER, festival.id, _registrations_csv(MAX_IMPORT_BYTES)
        )
    assert "10 MB" not in str(at_limit.value)
    assert [p.line for p in at_limit.value.problems] == [4]


def test_a_file_with_more_lines_than_the_import_limit_is_refused_in_dutch() -> None:
    from festival.core.csv_io import MAX_IMPORT_LINES, ImportFailed, read_csv

    assert MAX_IMPORT_LINES >= 60_000  # a whole festival's registrations still fit
    header = "naam;rol"
    at_limit = "\n".join([header, *(f"Deelnemer {i};bezoeker" for i in range(MAX_IMPORT_LINES))])
    assert len(read_csv(at_limit.encode(), ("naam", "rol"), problems=[])) == MAX_IMPORT_LINES
    with pytest.raises(ImportFailed) as caught:
        read_csv((at_limit + "\nEén te veel;bezoeker").encode(), ("naam", "rol"), problems=[])
    assert [p.line for p in caught.value.problems] == [MAX_IMPORT_LINES + 2]
    assert "groter dan 75.000 regels" in str(caught.value)
