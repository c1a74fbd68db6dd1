"""Every service write leaves one audit line (actor, before, after); the log is append-only."""

from __future__ import annotations

import json

import pytest
from core_support import count

from festival.domain import accounts as users
from festival.domain import budget_io, kernen
from festival.domain.budget import (
    ApplicationInput,
    BudgetYearInput,
    add_application,
    set_budget_year,
    update_application,
)
from festival.domain.permissions import SystemCaller
from festival.domain.pin_key import key_path
from festival.domain.roles import Role
from festival.store import audit
from festival.store.database import Database, Error

ALICE = SystemCaller("Alice Auditor")


def _last(db: Database) -> audit.AuditEntry:
    return audit.entries(db, limit=1)[0]


def _application_input(**changes: str) -> ApplicationInput:
    values = {
        "year": "2023",
        "kern": "Zoelen",
        "title": "Bankjes langs de dijk",
        "applicant": "Dorpsbelangen Zoelen",
        "requested": "750",
    }
    values.update(changes)
    return ApplicationInput(**values)


def test_add_user_is_audited_without_the_pin(db: Database) -> None:
    before = count(db, "audit_log")
    user = users.add_user(db, ALICE, name="Bea Balie", role=Role.DESK, pin="908172")
    assert count(db, "audit_log") == before + 1
    entry = _last(db)
    assert entry.actor == "Alice Auditor"
    assert entry.entity == "user"
    assert entry.entity_id == str(user.id)
    assert entry.before is None
    assert entry.after is not None
    assert entry.after["name"] == "Bea Balie"
    assert entry.after["role"] == "desk"
    assert "pin_hash" not in entry.after


def test_reset_pin_and_set_active_are_audited(db: Database) -> None:
    boss = users.add_user(db, ALICE, name="Carla", role=Role.COORDINATOR, pin="111111")
    desk = users.add_user(db, ALICE, name="Bea Balie", role=Role.DESK, pin="908172")

    users.reset_pin(db, boss, desk.id, "564738")
    entry = _last(db)
    assert entry.actor == "Carla"
    assert entry.user_id == boss.id
    assert entry.entity_id == str(desk.id)
    assert "PIN" in entry.action

    users.set_active(db, boss, desk.id, False)
    entry = _last(db)
    assert entry.actor == "Carla"
    assert entry.before == {"active": True}
    assert entry.after == {"active": False}

    users.set_active(db, boss, desk.id, True)
    entry = _last(db)
    assert entry.before == {"active": False}
    assert entry.after == {"active": True}


def test_kern_changes_are_audited_with_before_and_after(db: Database) -> None:
    kern = kernen.add_kern(db, ALICE, "Kapel-Avezaath-Oost")
    entry = _last(db)
    assert (entry.actor, entry.entity, entry.entity_id) == ("Alice Auditor", "kern", str(kern.id))
    assert entry.after == {"name": "Kapel-Avezaath-Oost"}

    kernen.update_kern(db, SystemCaller("Bob"), kern.id, is_pilot=True)
    entry = _last(db)
    assert entry.actor == "Bob"
    assert entry.before is not None
    assert entry.after is not None
    assert entry.before["is_pilot"] == 0
    assert entry.after["is_pilot"] == 1
    assert entry.before["name"] == entry.after["name"] == "Kapel-Avezaath-Oost"


def test_an_update_that_changes_nothing_writes_no_audit_line(db: Database) -> None:
    kern = kernen.add_kern(db, ALICE, "Stildorp")
    before = count(db, "audit_log")
    kernen.update_kern(db, ALICE, kern.id, name="Stildorp", is_pilot=False, active=True)
    assert count(db, "audit_log") == before


def test_application_writes_are_audited(db: Database) -> None:
    application = add_application(db, ALICE, _application_input())
    entry = _last(db)
    assert entry.actor == "Alice Auditor"
    assert (entry.entity, entry.entity_id) == ("application", str(application.id))
    assert entry.before is None
    assert entry.after is not None
    assert entry.after["requested_cents"] == 75_000
    assert entry.after["status"] == "in_behandeling"

    update_application(
        db,
        SystemCaller("Bob"),
        application.id,
        _application_input(granted="600", status="gehonoreerd", decision_date="14-06-2023"),
    )
    entry = _last(db)
    assert entry.actor == "Bob"
    # Only the fields that changed, old and new.
    assert entry.before == {
        "granted_cents": 0,
        "status": "in_behandeling",
        "decision_date": None,
    }
    assert entry.after == {
        "granted_cents": 60_000,
        "status": "gehonoreerd",
        "decision_date": "2023-06-14",
    }


def test_budget_year_is_audited_with_the_old_values(db: Database) -> None:
    set_budget_year(db, ALICE, BudgetYearInput(year="2023", budget="50.000", reserve="2.500"))
    entry = _last(db)
    assert (entry.entity, entry.entity_id) == ("budget_year", "2023")
    assert entry.before is None
    assert entry.after == {
        "year": 2023,
        "budget_cents": 5_000_000,
        "reserve_cents": 250_000,
        "max_grant_cents": 75_000,
    }

    set_budget_year(db, SystemCaller("Bob"), BudgetYearInput(year="2023", budget="55.000"))
    entry = _last(db)
    assert entry.actor == "Bob"
    assert entry.before is not None
    assert entry.after is not None
    assert entry.before["budget_cents"] == 5_000_000
    assert entry.before["reserve_cents"] == 250_000
    assert entry.after["budget_cents"] == 5_500_000
    assert entry.after["reserve_cents"] == 0


def test_import_audits_every_application_and_the_import(db: Database) -> None:
    data = (
        b"jaar;kern;titel;aanvrager;gevraagd;toegekend;status;besluitdatum\n"
        b"2023;Zoelen;Bankjes;Dorpsbelangen Zoelen;750;750;gehonoreerd;14-06-2023\n"
        b"2023;Ingen;Moestuin;Werkgroep Groen Ingen;400;;in behandeling;\n"
    )
    before = count(db, "audit_log")
    budget_io.import_applications(db, ALICE, data)
    assert count(db, "audit_log") == before + 3
    new = audit.entries(db, limit=3)
    assert {e.actor for e in new} == {"Alice Auditor"}
    per_line = [e for e in new if e.entity_id is not None]
    assert len(per_line) == 2
    assert all(e.after and e.after["bron"] == "import" for e in per_line)
    assert {e.after["title"] for e in per_line if e.after} == {"Bankjes", "Moestuin"}
    summary_line = next(e for e in new if e.entity_id is None)
    assert summary_line.after == {"aantal": 2}


def test_login_attempts_are_audited(db: Database) -> None:
    users.add_user(db, ALICE, name="Bea Balie", role=Role.DESK, pin="908172")
    before = count(db, "audit_log")
    with pytest.raises(users.LoginFailed):
        users.login(db, "Bea Balie", "000000")
    users.login(db, "Bea Balie", "908172")
    actions = [e.action for e in audit.entries(db, limit=2)]
    assert count(db, "audit_log") == before + 2
    assert actions == ["ingelogd", "inlogpoging mislukt"]


# -- append-only ---------------------------------------------------------------------------


def test_the_database_refuses_to_change_or_delete_audit_lines(db: Database) -> None:
    kernen.add_kern(db, ALICE, "Bewijsdorp")
    lines = count(db, "audit_log")
    original = db.fetchall("SELECT * FROM audit_log ORDER BY id")

    with pytest.raises(Error, match="auditlog"), db.write(ALICE.actor) as tx:
        tx.execute("UPDATE audit_log SET actor = 'iemand anders'")
    with pytest.raises(Error, match="auditlog"), db.write(ALICE.actor) as tx:
        tx.execute("DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")
    with pytest.raises(Error, match="auditlog"):
        db.conn.execute("DELETE FROM audit_log")  # even outside a write transaction

    assert count(db, "audit_log") == lines
    assert [tuple(r) for r in db.fetchall("SELECT * FROM audit_log ORDER BY id")] == [
        tuple(r) for r in original
    ]


# -- PIN hashes never reach the log ---------------------------------------------------------


def test_pin_hashes_and_pins_never_appear_in_the_audit_log(db: Database) -> None:
    boss = users.add_user(db, ALICE, name="Carla", role=Role.COORDINATOR, pin="111111")
    desk = users.add_user(db, ALICE, name="Bea Balie", role=Role.DESK, pin="908172")
    users.reset_pin(db, boss, desk.id, "564738")
    with pytest.raises(users.LoginFailed):
        users.login(db, "Bea Balie", "918273")
    users.login(db, "Bea Balie", "564738")
    users.set_active(db, boss, desk.id, False)

    hashes = [r["pin_hash"] for r in db.fetchall("SELECT pin_hash FROM users")]
    assert all(h.startswith("scrypt-hmac$") for h in hashes)
    digests = [h.rsplit("$", 1)[1] for h in hashes]
    salts = [h.split("$")[5] for h in hashes]
    pin_key = key_path(db.path).read_text().strip()

    log_text = json.dumps([tuple(r) for r in db.fetchall("SELECT * FROM audit_log")])
    assert "scrypt" not in log_text
    assert "pin_hash" not in log_text
    for secret in [*hashes, *digests, *salts, pin_key, "908172", "564738", "918273"]:
        assert secret not in log_text
