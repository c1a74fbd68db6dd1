"""The database layer: connection settings, migrations, transactions, change watch, backup."""

from __future__ import annotations

from pathlib import Path

import pytest
from core_support import ADMIN, count

import festival.store.database as database_module
from festival.store.database import (
    BUSY_TIMEOUT_MS,
    ChangeWatch,
    Database,
    IntegrityError,
    sqlite_version_ok,
)
from festival.store.errors import DatabaseError
from festival.store.migrations import MIGRATIONS

EXPECTED_TABLES = {
    "app_meta",
    "kernen",
    "users",
    "user_kernen",
    "budget_years",
    "applications",
    "audit_log",
}


def _add_kern(db: Database, name: str) -> None:
    with db.write(ADMIN) as tx:
        kern_id = tx.insert("kernen", {"name": name})
        tx.audit("kern toegevoegd", "kern", kern_id, None, {"name": name})


# -- connection settings -------------------------------------------------------------------


def test_connection_uses_wal_full_sync_foreign_keys_and_busy_timeout(raw_db: Database) -> None:
    assert raw_db.scalar("PRAGMA journal_mode") == "wal"
    assert raw_db.scalar("PRAGMA synchronous") == 2  # 2 = FULL
    assert raw_db.scalar("PRAGMA foreign_keys") == 1
    assert raw_db.scalar("PRAGMA busy_timeout") == BUSY_TIMEOUT_MS
    assert BUSY_TIMEOUT_MS >= 5_000  # several terminals must wait for each other, not fail


def test_reopened_connection_has_the_same_settings(raw_db: Database) -> None:
    other = raw_db.reopen()
    try:
        assert other.scalar("PRAGMA journal_mode") == "wal"
        assert other.scalar("PRAGMA synchronous") == 2
        assert other.scalar("PRAGMA foreign_keys") == 1
        assert other.scalar("PRAGMA busy_timeout") == BUSY_TIMEOUT_MS
    finally:
        other.close()


def test_foreign_keys_are_enforced(raw_db: Database) -> None:
    with pytest.raises(IntegrityError), raw_db.write(ADMIN) as tx:
        tx.execute("INSERT INTO user_kernen (user_id, kern_id) VALUES (12345, 67890)")
    assert count(raw_db, "user_kernen") == 0


# -- migrations ----------------------------------------------------------------------------


def test_migrating_an_empty_file_reaches_the_latest_version(db_path: Path) -> None:
    assert not db_path.exists()
    with Database(db_path) as db:
        latest = max(version for version, _ in MIGRATIONS)
        assert db.schema_version == latest >= 1
        tables = {r["name"] for r in db.fetchall("SELECT name FROM sqlite_master")}
        assert tables >= EXPECTED_TABLES
        assert db.integrity_check() == "ok"


def test_a_zero_byte_file_is_migrated_too(db_path: Path) -> None:
    db_path.write_bytes(b"")
    with Database(db_path) as db:
        assert db.schema_version == max(version for version, _ in MIGRATIONS)


def test_reopening_keeps_data_and_does_not_rerun_migrations(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An extra step with a visible side effect: if any step ran twice the probe would hold two
    # rows (and step 1's CREATE TABLE would fail on an existing table).
    probe_step = (
        MIGRATIONS[-1][0] + 1,
        ["CREATE TABLE IF NOT EXISTS probe (x INTEGER)", "INSERT INTO probe VALUES (1)"],
    )
    monkeypatch.setattr(database_module, "MIGRATIONS", [*MIGRATIONS, probe_step])
    with Database(db_path) as db:
        _add_kern(db, "Proefdorp")
        assert db.schema_version == probe_step[0]
    for _ in range(2):
        with Database(db_path) as db:
            assert db.schema_version == probe_step[0]
            assert count(db, "probe") == 1
            assert count(db, "kernen") == 1


def test_an_older_file_gets_only_the_missing_step(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Database(db_path) as db:
        _add_kern(db, "Proefdorp")
        old_version = db.schema_version
    new_step = (old_version + 1, ["CREATE TABLE probe (x INTEGER)", "INSERT INTO probe VALUES (7)"])
    monkeypatch.setattr(database_module, "MIGRATIONS", [*MIGRATIONS, new_step])
    with Database(db_path) as db:
        assert db.schema_version == old_version + 1
        assert db.scalar("SELECT x FROM probe") == 7
        assert count(db, "kernen") == 1


def test_a_failing_migration_step_leaves_the_version_unchanged(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Database(db_path) as db:
        old_version = db.schema_version
    broken = (old_version + 1, ["CREATE TABLE half (x)", "THIS IS NOT SQL"])
    monkeypatch.setattr(database_module, "MIGRATIONS", [*MIGRATIONS, broken])
    with pytest.raises(DatabaseError):
        Database(db_path)
    monkeypatch.setattr(database_module, "MIGRATIONS", MIGRATIONS)
    with Database(db_path) as db:
        assert db.schema_version == old_version
        names = {r["name"] for r in db.fetchall("SELECT name FROM sqlite_master")}
        assert "half" not in names


# -- transactions --------------------------------------------------------------------------


def test_a_failing_write_rolls_back_the_change_and_its_audit_line(db: Database) -> None:
    kernen_before, audit_before = count(db, "kernen"), count(db, "audit_log")

    def half_done() -> None:
        with db.write(ADMIN) as tx:
            kern_id = tx.insert("kernen", {"name": "Spookdorp"})
            tx.audit("kern toegevoegd", "kern", kern_id, None, {"name": "Spookdorp"})
            raise RuntimeError("halverwege mis")

    with pytest.raises(RuntimeError, match="halverwege"):
        half_done()

    assert count(db, "kernen") == kernen_before
    assert count(db, "audit_log") == audit_before
    assert db.scalar("SELECT count(*) FROM kernen WHERE name = 'Spookdorp'") == 0
    assert not db.conn.in_transaction


def test_a_constraint_violation_rolls_back_earlier_statements(db: Database) -> None:
    kernen_before, audit_before = count(db, "kernen"), count(db, "audit_log")

    def clash() -> None:
        with db.write(ADMIN) as tx:
            kern_id = tx.insert("kernen", {"name": "Nieuwdorp"})
            tx.audit("kern toegevoegd", "kern", kern_id, None, {"name": "Nieuwdorp"})
            tx.insert("kernen", {"name": "ZOELEN"})  # exists already (names are NOCASE unique)

    with pytest.raises(IntegrityError):
        clash()
    assert count(db, "kernen") == kernen_before
    assert count(db, "audit_log") == audit_before
    # The connection is usable again afterwards.
    _add_kern(db, "Nieuwdorp")
    assert count(db, "kernen") == kernen_before + 1


def test_a_successful_write_is_visible_to_another_connection(db: Database) -> None:
    other = db.reopen()
    try:
        _add_kern(db, "Nieuwdorp")
        assert other.scalar("SELECT count(*) FROM kernen WHERE name = 'Nieuwdorp'") == 1
        assert other.scalar("SELECT actor FROM audit_log ORDER BY id DESC LIMIT 1") == ADMIN.name
    finally:
        other.close()


# -- change watch --------------------------------------------------------------------------


def test_change_watch_sees_other_connections_but_not_its_own(db: Database) -> None:
    other = db.reopen()
    try:
        watch = ChangeWatch(db)
        assert not watch.changed()

        _add_kern(db, "Eigen Commit")
        assert not watch.changed()

        _add_kern(other, "Andermans Commit")
        assert watch.changed()
        assert not watch.changed()  # a change is reported once

        _add_kern(other, "Nog Een")
        assert watch.wait(timeout=2.0)
        assert not watch.wait(timeout=0.05)
    finally:
        other.close()


# -- backup --------------------------------------------------------------------------------


def test_backup_makes_a_sound_copy_and_refuses_to_overwrite(db: Database, tmp_path: Path) -> None:
    _add_kern(db, "Bewaardorp")
    target = tmp_path / "kopie.db"
    db.backup(target)

    with Database(target) as copy:
        assert copy.integrity_check() == "ok"
        assert copy.scalar("SELECT count(*) FROM kernen WHERE name = 'Bewaardorp'") == 1
        assert count(copy, "kernen") == count(db, "kernen")
        assert count(copy, "audit_log") == count(db, "audit_log")

    size = target.stat().st_size
    with pytest.raises(DatabaseError, match="bestaat al"):
        db.backup(target)
    assert target.stat().st_size == size


def test_backup_refuses_an_existing_non_database_file(db: Database, tmp_path: Path) -> None:
    target = tmp_path / "belangrijk.txt"
    target.write_text("niet overschrijven")
    with pytest.raises(DatabaseError):
        db.backup(target)
    assert target.read_text() == "niet overschrijven"


# -- opening the wrong file ----------------------------------------------------------------


def test_opening_a_file_that_is_not_a_database_fails_in_dutch(tmp_path: Path) -> None:
    path = tmp_path / "notities.db"
    path.write_bytes(b"Dit is een boodschappenlijstje, geen database.\n" * 200)
    with pytest.raises(DatabaseError) as info:
        Database(path)
    message = str(info.value)
    assert str(path) in message
    assert "geen bruikbaar" in message
    # The file itself is left alone.
    assert path.read_bytes().startswith(b"Dit is een boodschappenlijstje")


def test_opening_a_directory_fails_with_database_error(tmp_path: Path) -> None:
    folder = tmp_path / "map.db"
    folder.mkdir()
    with pytest.raises(DatabaseError, match=r"niet openen|geen bruikbaar"):
        Database(folder)


# -- SQLite version gate -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "ok"),
    [
        ("3.51.2", False),
        ("3.45.1", False),
        ("3.50.9", False),
        ("3.51.3", True),
        ("3.52.0", True),
        ("3.53.4", True),
        ("4.0.0", True),
    ],
)
def test_sqlite_version_gate(version: str, ok: bool) -> None:
    assert sqlite_version_ok(version) is ok


def test_the_bundled_sqlite_passes_the_gate() -> None:
    assert sqlite_version_ok()


def test_backup_into_a_missing_folder_fails_in_dutch(db: Database, tmp_path: Path) -> None:
    target = tmp_path / "bestaat-niet" / "kopie.db"
    with pytest.raises(DatabaseError, match="kopie"):
        db.backup(target)
    assert not target.exists()
