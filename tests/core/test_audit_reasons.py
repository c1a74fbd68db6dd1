"""``festival audit`` prints the reason of every logged action that has one, whatever the
action (not a special case per action), and never a terminal escape from typed text."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import run
from jury_support import OPERATOR, demo_festival

from festival.cli.audit import audit_line
from festival.domain import jury
from festival.store.audit import AuditEntry
from festival.store.database import Database

Capture = pytest.CaptureFixture[str]


def _entry(
    action: str, after: dict[str, object] | None, before: dict[str, object] | None = None
) -> AuditEntry:
    return AuditEntry(
        id=1,
        at="2026-09-19T10:00:00",
        actor="Carla Coördinator",
        user_id=None,
        action=action,
        entity="x",
        entity_id="3",
        before=before,
        after=after,
    )


def test_every_logged_reason_is_printed_whatever_the_action() -> None:
    assert audit_line(_entry("iets nieuws", {"reden": "omdat het moest"})).endswith(
        "— reden: omdat het moest"
    )
    assert "reden: oud" in audit_line(_entry("verwijderd", None, {"reason": "oud"}))
    assert "reden" not in audit_line(_entry("toegevoegd", {"naam": "Bas"}))
    assert "reden" not in audit_line(_entry("vastgesteld", {"reden": None}))
    hostile = audit_line(_entry("x", {"reden": "a\x1b]0;kaap\x07b\x1b[31m"}))
    assert "\x1b" not in hostile and "\x07" not in hostile


def test_the_jury_unlock_reason_shows_in_festival_audit(
    demo_db: Database, db_path: Path, capsys: Capture
) -> None:
    fid = demo_festival(demo_db)
    jury.lock(demo_db, OPERATOR, fid)
    jury.unlock(demo_db, OPERATOR, fid, "Jan scoorde pitch 3 op het verkeerde formulier")
    demo_db.close()
    assert run(["--db", str(db_path), "audit", "--aantal", "5"]) == 0
    lines = capsys.readouterr().out.splitlines()
    unlocked = next(line for line in lines if "scoren ontgrendeld" in line)
    assert unlocked.endswith("— reden: Jan scoorde pitch 3 op het verkeerde formulier")
