"""Tamper evidence: the audit log's hash chain, a lock's hash over its record and the chain head,
``festival verify`` (and ``--hash``) telling an intact database from a tampered one, and a damaged
file refused at open with a Dutch message instead of a traceback."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from core_support import CALLER, count
from jury_support import scored_and_locked
from people_support import cli

from festival.domain.allocation import locking
from festival.domain.allocation.record import LockedAllocation, read_record, sealed_sha256
from festival.domain.festivals import list_festivals
from festival.store import audit, integrity
from festival.store.chain import GENESIS, line_hash, row_content
from festival.store.database import Database, Error
from festival.store.errors import DatabaseError

Capture = pytest.CaptureFixture[str]
MADE_BY_V7 = Path(__file__).parent / "fixtures" / "databases" / "made_by_v7.sqlite"
TRIGGERS = sorted(integrity.protective_triggers())


@pytest.fixture
def locked(demo_db: Database) -> LockedAllocation:
    return locking.lock_allocation(demo_db, CALLER, scored_and_locked(demo_db))


def verify(db_path: Path, capsys: Capture, *args: str) -> tuple[int, str]:
    code = cli(db_path, "verify", *args)
    return code, capsys.readouterr().out


def unguarded(db: Database, trigger: str, *statements: tuple[str, tuple[object, ...]]) -> None:
    """Run ``statements`` as an attacker with plain SQL would: the trigger dropped first and put
    back exactly as it was afterwards, so only the hashes can tell."""
    sql = db.scalar("SELECT sql FROM sqlite_master WHERE name = ?", (trigger,))
    db.conn.execute(f"DROP TRIGGER {trigger}")
    for statement, params in statements:
        db.conn.execute(statement, params)
    db.conn.execute(sql)


def middle_line(db: Database) -> int:
    return int(db.scalar("SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 10"))


# -- the chain as written ----------------------------------------------------------------------


def test_every_line_hashes_its_content_and_the_line_before(demo_db: Database) -> None:
    rows = demo_db.fetchall("SELECT * FROM audit_log ORDER BY id")
    assert len(rows) > 20
    assert rows[0]["prev_hash"] == GENESIS
    for before, row in itertools.pairwise(rows):
        assert row["prev_hash"] == before["hash"]
        assert row["hash"] == line_hash(row_content(row), row["prev_hash"])
    assert audit.verify_chain(demo_db) == []


def test_the_hash_covers_every_content_column(demo_db: Database) -> None:
    row = demo_db.fetchone("SELECT * FROM audit_log ORDER BY id DESC LIMIT 1")
    assert row is not None
    content = row_content(row)
    for column in content:
        changed = {**content, column: f"{content[column]}x"}
        assert line_hash(changed, row["prev_hash"]) != row["hash"], column
    assert line_hash(content, GENESIS) != row["hash"]  # and the line before it


def test_the_database_refuses_a_line_that_does_not_follow_on(db: Database) -> None:
    lines = count(db, "audit_log")
    insert = (
        "INSERT INTO audit_log (at, actor, action, entity, prev_hash, hash)"
        " VALUES ('2026-01-01', 'x', 'y', 'z', ?, ?)"
    )
    with pytest.raises(Error, match="aansluiten"):
        db.conn.execute(insert, (None, None))
    with pytest.raises(Error, match="aansluiten"):
        db.conn.execute(insert, (GENESIS, "f" * 64))  # not the head: the log has lines
    assert count(db, "audit_log") == lines


def test_writers_in_several_processes_keep_one_chain(db_path: Path, db: Database) -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from festival.store.database import Actor, Database\n"
        "db = Database(Path(sys.argv[1]), migrate=False)\n"
        "for n in range(40):\n"
        "    with db.write(Actor(sys.argv[2])) as tx:\n"
        "        tx.audit('proef', 'proef', n, None, {'n': n})\n"
    )
    before = count(db, "audit_log")
    writers = [
        subprocess.Popen([sys.executable, "-c", script, str(db_path), f"schrijver {n}"])
        for n in range(4)
    ]
    assert [w.wait(timeout=120) for w in writers] == [0, 0, 0, 0]
    assert count(db, "audit_log") == before + 160
    assert audit.verify_chain(db) == []


def test_step_9_chains_the_lines_of_an_older_database(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(MADE_BY_V7, path)
    with Database(path, migrate=False) as raw:
        old = [tuple(r) for r in raw.fetchall("SELECT * FROM audit_log ORDER BY id")]
    assert old
    with Database(path) as db:
        rows = db.fetchall("SELECT * FROM audit_log ORDER BY id")
        assert [tuple(r)[: len(old[0])] for r in rows] == old  # content untouched
        assert all(r["hash"] for r in rows)
        assert audit.verify_chain(db) == []
        assert integrity.verify_triggers(db) == []
        with pytest.raises(Error, match="auditlog"):
            db.conn.execute("UPDATE audit_log SET actor = 'x'")  # the guard is back


# -- the lock's hash ---------------------------------------------------------------------------


def test_a_lock_hash_covers_the_record_and_the_chain_head(
    demo_db: Database, locked: LockedAllocation
) -> None:
    line = demo_db.fetchone(
        "SELECT * FROM audit_log WHERE action = 'verdeling vastgesteld' AND entity_id = ?",
        (str(locked.id),),
    )
    assert line is not None
    assert locked.chain_head == line["prev_hash"] != GENESIS  # the head before its own line
    assert locked.sha256 == sealed_sha256(locked.record, locked.chain_head)
    assert locked.verify()
    other_head = locked.model_copy(update={"chain_head": "e" * 64})
    assert not other_head.verify()


def test_the_college_pdf_prints_the_hash_and_how_to_check_it(
    demo_db: Database, locked: LockedAllocation
) -> None:
    import pypdfium2 as pdfium

    from festival.domain.allocation.report_pdf import decision_pdf

    festival = next(f for f in list_festivals(demo_db) if f.id == locked.festival_id)
    document = pdfium.PdfDocument(decision_pdf(locked, festival))
    pages = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    text = " ".join(" ".join(pages).split())
    assert locked.sha256 in text
    assert "de stand van het auditlog" in text
    # The college reads an advice, not instructions: no command lines on the paper.
    assert "festival verify" not in text


# -- festival verify ---------------------------------------------------------------------------


def test_an_intact_demo_database_verifies(
    db_path: Path, locked: LockedAllocation, capsys: Capture
) -> None:
    code, shown = verify(db_path, capsys)
    assert code == 0, shown
    assert "intact" in shown and "NIET" not in shown


def test_a_fresh_demo_from_the_command_line_verifies(tmp_path: Path, capsys: Capture) -> None:
    path = tmp_path / "demo.db"
    assert cli(path, "demo") == 0
    capsys.readouterr()
    assert verify(path, capsys)[0] == 0


def test_an_edited_audit_line_is_named_from_that_line_on(
    demo_db: Database, db_path: Path, locked: LockedAllocation, capsys: Capture
) -> None:
    line = middle_line(demo_db)
    unguarded(
        demo_db,
        "audit_log_no_update",
        ("UPDATE audit_log SET actor = 'iemand anders' WHERE id = ?", (line,)),
    )
    code, shown = verify(db_path, capsys)
    assert code == 1
    assert f"Auditregel {line} is veranderd" in shown
    assert f"Vanaf auditregel {line} " in shown


def test_an_edited_line_with_its_hash_recomputed_breaks_the_next_link(
    demo_db: Database, db_path: Path, capsys: Capture
) -> None:
    line = middle_line(demo_db)
    row = demo_db.fetchone("SELECT * FROM audit_log WHERE id = ?", (line,))
    assert row is not None
    content = {**row_content(row), "actor": "iemand anders"}
    unguarded(
        demo_db,
        "audit_log_no_update",
        (
            "UPDATE audit_log SET actor = ?, hash = ? WHERE id = ?",
            ("iemand anders", line_hash(content, row["prev_hash"]), line),
        ),
    )
    code, shown = verify(db_path, capsys)
    assert code == 1
    assert f"Auditregel {line + 1} sluit niet aan op regel {line}" in shown


def test_a_deleted_audit_line_is_found(
    demo_db: Database, db_path: Path, locked: LockedAllocation, capsys: Capture
) -> None:
    line = middle_line(demo_db)
    unguarded(demo_db, "audit_log_no_delete", ("DELETE FROM audit_log WHERE id = ?", (line,)))
    code, shown = verify(db_path, capsys)
    assert code == 1
    assert f"Auditregel {line + 1} sluit niet aan op regel {line - 1}" in shown
    assert f"Vanaf auditregel {line + 1} " in shown


def _changed_record(locked: LockedAllocation) -> str:
    stored = json.loads(json.dumps(locked.record.stored()))
    stored["decisions"][-1]["amount"] += 100
    return json.dumps(stored, sort_keys=True, ensure_ascii=False)


def test_a_changed_locked_record_with_its_hash_recomputed_is_found(
    demo_db: Database, db_path: Path, locked: LockedAllocation, capsys: Capture
) -> None:
    text = _changed_record(locked)
    forged = sealed_sha256(read_record(text), locked.chain_head)
    unguarded(
        demo_db,
        "allocations_locked",
        ("UPDATE allocations SET record = ?, sha256 = ? WHERE id = ?", (text, forged, locked.id)),
    )
    forged_lock = locking.active_allocation(demo_db, locked.festival_id)
    assert forged_lock is not None and forged_lock.verify()  # the record alone says "klopt"
    code, shown = verify(db_path, capsys)
    assert code == 1
    assert f"Verdeling {locked.id}: auditregel" in shown and "noemt SHA-256" in shown
    assert cli(db_path, "allocation", "verify") == 1
    assert "klopt NIET" in capsys.readouterr().out
    # The hash on the paper no longer belongs to any decision in the database.
    code, shown = verify(db_path, capsys, "--hash", locked.sha256)
    assert code == 1


def test_a_changed_record_hashed_the_old_way_is_found(
    demo_db: Database, db_path: Path, locked: LockedAllocation, capsys: Capture
) -> None:
    text = _changed_record(locked)
    unguarded(
        demo_db,
        "allocations_locked",
        (
            "UPDATE allocations SET record = ?, sha256 = ? WHERE id = ?",
            (text, read_record(text).sha256(), locked.id),
        ),
    )
    code, shown = verify(db_path, capsys)
    assert code == 1
    assert "passen niet bij elkaar" in shown and "na het vaststellen veranderd" in shown


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_a_dropped_trigger_is_found(
    demo_db: Database, db_path: Path, capsys: Capture, trigger: str
) -> None:
    demo_db.conn.execute(f"DROP TRIGGER {trigger}")
    code, shown = verify(db_path, capsys)
    assert code == 1
    assert f"De beveiliging {trigger} ontbreekt" in shown


def test_a_trigger_replaced_by_one_that_lets_everything_through_is_found(
    demo_db: Database, db_path: Path, capsys: Capture
) -> None:
    assert {"audit_log_no_update", "audit_log_no_delete", "allocations_locked"} <= set(TRIGGERS)
    demo_db.conn.execute("DROP TRIGGER audit_log_no_delete")
    demo_db.conn.execute(
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log WHEN 0"
        " BEGIN SELECT RAISE(ABORT, 'het auditlog kan niet worden gewijzigd'); END"
    )
    code, shown = verify(db_path, capsys)
    assert code == 1
    assert "De beveiliging audit_log_no_delete is veranderd" in shown


# -- festival verify --hash --------------------------------------------------------------------


def test_the_hash_from_the_paper_names_the_decision(
    db_path: Path, locked: LockedAllocation, capsys: Capture
) -> None:
    code, shown = verify(db_path, capsys, "--hash", locked.sha256)
    assert code == 0, shown
    assert f"verdeling {locked.id} van" in shown and "klopt nog" in shown
    spaced = f"  {locked.sha256[:6].upper()} {locked.sha256[6:12]}…"
    assert verify(db_path, capsys, "--hash", spaced)[0] == 0  # as typed off the paper
    assert cli(db_path, "verify", "--hash", locked.sha256[:11]) == 1
    assert "minstens de eerste 12 tekens" in capsys.readouterr().err
    assert cli(db_path, "verify", "--hash", "xyz" * 5) == 1
    assert cli(db_path, "verify", "--hash", "0" * 20) == 1
    assert "Geen vastgestelde verdeling" in capsys.readouterr().err


def test_the_hash_fails_on_a_change_before_the_lock_not_after(
    demo_db: Database, db_path: Path, locked: LockedAllocation, capsys: Capture
) -> None:
    lock_line = int(demo_db.scalar("SELECT max(id) FROM audit_log"))
    with demo_db.write(CALLER.actor) as tx:
        tx.audit("proef", "proef", 1)
    later = lock_line + 1
    unguarded(
        demo_db,
        "audit_log_no_update",
        ("UPDATE audit_log SET actor = 'x' WHERE id = ?", (later,)),
    )
    assert verify(db_path, capsys)[0] == 1
    code, shown = verify(db_path, capsys, "--hash", locked.sha256[:16])
    assert code == 0, shown  # the decision and everything before it still hold

    earlier = middle_line(demo_db)
    assert earlier < lock_line
    unguarded(
        demo_db,
        "audit_log_no_update",
        ("UPDATE audit_log SET action = 'x' WHERE id = ?", (earlier,)),
    )
    code, shown = verify(db_path, capsys, "--hash", locked.sha256[:16])
    assert code == 1
    assert f"Auditregel {earlier} is veranderd" in shown


# -- a damaged file ----------------------------------------------------------------------------


def _damaged_copy(db: Database, tmp_path: Path) -> Path:
    """A copy of the database with garbage written over the audit log's first page."""
    copy = tmp_path / "kopie.db"
    db.backup(copy)
    page_size = int(db.scalar("PRAGMA page_size"))
    root = int(db.scalar("SELECT rootpage FROM sqlite_master WHERE name = 'audit_log'"))
    with copy.open("r+b") as f:
        f.seek((root - 1) * page_size + 100)
        f.write(os.urandom(page_size - 200))
    return copy


def test_a_damaged_file_is_refused_at_open_and_named_by_verify(
    demo_db: Database, tmp_path: Path, capsys: Capture
) -> None:
    copy = _damaged_copy(demo_db, tmp_path)
    with pytest.raises(DatabaseError, match="festival backup"):
        Database(copy)
    with Database(copy, migrate=False) as raw:  # no check: what verify's full check says
        assert any("beschadigd" in f.text for f in integrity.verify_pages(raw))
    assert cli(copy, "verify") == 1
    assert "beschadigd" in capsys.readouterr().err


@pytest.mark.parametrize(
    "command", [["checkin", "X", "--desk", "Balie 1"], ["allocation", "show"], ["verify"]]
)
def test_no_command_ends_in_a_traceback_on_a_damaged_file(
    demo_db: Database, tmp_path: Path, command: list[str]
) -> None:
    copy = _damaged_copy(demo_db, tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "festival", "--db", str(copy), *command],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "is beschadigd" in done.stderr and "festival backup" in done.stderr


def test_the_quick_check_runs_on_a_real_open_only(
    db_path: Path, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks: list[Path] = []
    original = Database._refuse_if_damaged

    def counted(self: Database) -> None:
        checks.append(self.path)
        original(self)

    monkeypatch.setattr(Database, "_refuse_if_damaged", counted)
    with Database(db_path) as opened:
        assert checks == [db_path]
        opened.reopen().close()  # a worker's connection
    assert checks == [db_path]
