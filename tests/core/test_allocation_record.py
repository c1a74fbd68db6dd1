"""The allocation record: typed and versioned, and every record stored before it had a
version still loads, verifies (the same SHA-256) and reads as version 1."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from core_support import ADMIN as ADMIN_ACTOR
from jury_support import DESK, demo_festival, scored_and_locked, user

from festival.core.errors import NotAllowed
from festival.domain.allocation import ballots, locking, overrides, proposal, report_text
from festival.domain.allocation.pabulib_export import pabulib_instance
from festival.domain.allocation.record import (
    RECORD_VERSION,
    AllocationRecord,
    awarded_amounts,
    digest,
    read_record,
    sealed_sha256,
)
from festival.domain.festivals import list_festivals
from festival.domain.permissions import SystemCaller
from festival.store.database import Database

ADMIN = SystemCaller(ADMIN_ACTOR.name)
#: Allocations as the version before the record had a version stored them (greedy, knapsack
#: and Equal Shares, each locked, superseded with a reason, locked again and published; with
#: an override, a threshold and caps).
STORED = Path(__file__).parent / "fixtures" / "allocations" / "records_v1.json"


def stored_rows() -> list[dict[str, Any]]:
    rows = json.loads(STORED.read_text(encoding="utf-8"))
    assert isinstance(rows, list)
    return rows


@pytest.mark.parametrize("row", stored_rows(), ids=lambda r: f"{r['id']}")
def test_a_record_stored_without_a_version_reads_as_version_1_and_verifies(
    row: dict[str, Any],
) -> None:
    raw = json.loads(row["record"])
    assert "version" not in raw
    record = read_record(row["record"])
    assert record.version == 1
    assert record.stored() == raw  # nothing added, nothing lost: the same bytes are hashed
    assert "version" not in record.stored()
    assert record.sha256() == row["sha256"] == digest(raw)
    assert report_text.rows_from_record(record)  # the report reads it


@pytest.mark.parametrize("rule", ["greedy", "knapsack", "equalshares-add1"])
def test_stored_records_load_verify_and_export_from_the_database(
    demo_db: Database, rule: str
) -> None:
    rows = [r for r in stored_rows() if json.loads(r["record"])["rule"] == rule]
    fid = demo_festival(demo_db)
    with demo_db.write(ADMIN_ACTOR) as tx:
        for row in rows:
            assert row["festival_id"] == fid
            tx.insert("allocations", {k: v for k, v in row.items() if k != "superseded_by"})
        for row in rows:
            tx.execute(
                "UPDATE allocations SET superseded_by = ? WHERE id = ?",
                (row["superseded_by"], row["id"]),
            )
    history = locking.history(demo_db, fid)
    assert [a.sha256 for a in history] == [r["sha256"] for r in rows]
    assert all(a.verify() for a in history)
    active = locking.active_allocation(demo_db, fid)
    assert active is not None and active.record.version == 1
    festival = next(f for f in list_festivals(demo_db) if f.id == fid)
    instance = pabulib_instance(active, festival)
    assert instance.meta["rule"] == rule
    raw = json.loads(rows[-1]["record"])
    expected = {int(d["candidate_id"]): d["amount"] for d in raw["decisions"]}
    assert awarded_amounts(demo_db) == expected


def test_a_new_record_says_its_version_and_round_trips(demo_db: Database) -> None:
    f = scored_and_locked(demo_db)
    locked = locking.lock_allocation(demo_db, ADMIN, f)
    text = demo_db.scalar("SELECT record FROM allocations WHERE id = ?", (locked.id,))
    assert json.loads(text)["version"] == RECORD_VERSION
    again = read_record(text)
    assert again == locked.record
    assert again.sha256() == digest(json.loads(text))
    # The lock's hash covers the record and the audit chain's head when it was locked.
    assert locked.chain_head is not None
    assert locked.sha256 == sealed_sha256(again, locked.chain_head) != again.sha256()
    assert isinstance(locked.record, AllocationRecord)


def test_awarded_amounts_are_those_of_the_active_allocation(demo_db: Database) -> None:
    f = scored_and_locked(demo_db)
    assert awarded_amounts(demo_db) == {}
    first = locking.lock_allocation(demo_db, ADMIN, f)
    assert awarded_amounts(demo_db) == {
        int(d.candidate_id): d.amount for d in first.record.decisions
    }
    funded = next(d for d in first.record.decisions if d.amount > 0)
    with demo_db.write(ADMIN_ACTOR) as tx:  # an override is only possible before locking
        tx.execute(
            "INSERT INTO allocation_overrides (festival_id, initiative_id, amount_cents, reason,"
            " made_by, made_at) VALUES (?, ?, 0, 'ingetrokken', 'test', '2026-09-19T10:00:00')",
            (f.id, int(funded.candidate_id)),
        )
    locking.lock_allocation(demo_db, ADMIN, f, supersede_reason="plan ingetrokken")
    awarded = awarded_amounts(demo_db)
    assert awarded[int(funded.candidate_id)] == 0
    assert sum(awarded.values()) == sum(first.record.amounts().values()) - funded.amount


def test_undoing_an_override_and_reading_ballots_are_the_coordinators(demo_db: Database) -> None:
    f = scored_and_locked(demo_db)
    desk = user(demo_db, DESK)
    first = int(proposal.draft(demo_db, f).result.decisions[0].candidate_id)
    overrides.set_override(demo_db, ADMIN, f, first, "0", "plan gaat niet door")
    with pytest.raises(NotAllowed, match="Een aanpassing terugdraaien mag alleen"):
        overrides.clear_override(demo_db, desk, f, first)
    with pytest.raises(NotAllowed, match="Publieksstemmen inlezen mag alleen"):
        ballots.import_ballots(demo_db, desk, f.id, f"stemmer;initiatief\nA;{first}\n".encode())
    overrides.clear_override(demo_db, ADMIN, f, first)
    assert proposal.draft(demo_db, f).overrides == {}
