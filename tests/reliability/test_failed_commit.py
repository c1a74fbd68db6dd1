"""A commit that fails gives the write lock back, so the other terminals are not blocked."""

from __future__ import annotations

from pathlib import Path

import pytest

from festival.store.database import Database, IntegrityError

from .harness import SEEDER

pytestmark = pytest.mark.reliability


def write_dangling_reference(db: Database) -> None:
    """A deferred foreign key is checked only at COMMIT: the commit itself fails."""
    with db.write(SEEDER) as tx:
        tx.execute("PRAGMA defer_foreign_keys = ON")
        tx.execute("INSERT INTO user_kernen (user_id, kern_id) VALUES (999, 999)")


def write_then_fail(db: Database) -> None:
    with db.write(SEEDER) as tx:
        tx.execute("INSERT INTO app_meta (key, value) VALUES ('half', 'werk')")
        tx.audit("half werk", "app_meta", "half")
        raise RuntimeError("afgebroken")


def test_failed_commit_rolls_back_and_releases_the_write_lock(db_path: Path) -> None:
    with Database(db_path) as db, Database(db_path) as other:
        with pytest.raises(IntegrityError):
            write_dangling_reference(db)
        assert not db.conn.in_transaction
        assert db.scalar("SELECT count(*) FROM user_kernen") == 0

        # The other terminal gets the lock at once, and this one can write again.
        other.conn.execute("PRAGMA busy_timeout = 200")
        with other.write(SEEDER) as tx:
            tx.execute("INSERT INTO app_meta (key, value) VALUES ('na', 'fout')")
        with db.write(SEEDER) as tx:
            tx.execute("INSERT INTO app_meta (key, value) VALUES ('weer', 'goed')")
        assert db.scalar("SELECT count(*) FROM app_meta WHERE key IN ('na', 'weer')") == 2


def test_error_inside_the_transaction_still_rolls_back(db_path: Path) -> None:
    with Database(db_path) as db:
        with pytest.raises(RuntimeError, match="afgebroken"):
            write_then_fail(db)
        assert not db.conn.in_transaction
        assert db.scalar("SELECT count(*) FROM app_meta WHERE key = 'half'") == 0
        assert db.scalar("SELECT count(*) FROM audit_log WHERE action = 'half werk'") == 0
