"""Audience approval ballots: all-or-nothing import, and Equal Shares in the allocation."""

from __future__ import annotations

import pytest
from core_support import ADMIN as ADMIN_ACTOR
from jury_support import demo_festival, pitches

from festival.core.csv_io import ImportFailed
from festival.domain.allocation import ballots, pot, proposal
from festival.domain.allocation.model import Rule
from festival.domain.festivals import list_festivals
from festival.domain.permissions import SystemCaller
from festival.store.database import Database

ADMIN = SystemCaller(ADMIN_ACTOR.name)


def test_import_replaces_the_ballots_and_refuses_bad_lines(demo_db: Database) -> None:
    fid = demo_festival(demo_db)
    first, second = pitches(demo_db, fid)[:2]
    before = ballots.ballots(demo_db, fid)
    bad = f"stemmer;initiatief\nA;{first}\nB;Onbekend plan\nA;{first}\n".encode()
    with pytest.raises(ImportFailed) as refused:
        ballots.import_ballots(demo_db, ADMIN, fid, bad)
    assert [p.line for p in refused.value.problems] == [3, 4]
    assert ballots.ballots(demo_db, fid) == before  # nothing changed
    report = ballots.import_ballots(
        demo_db, ADMIN, fid, f"stemmer;initiatief\nA;{first}\nA;{second}\nB;{second}\n".encode()
    )
    assert (report.voters, report.approvals) == (2, 3)
    assert sorted(ballots.ballots(demo_db, fid), key=len) == [
        frozenset({str(second)}),
        frozenset({str(first), str(second)}),
    ]


def test_equal_shares_funds_what_the_ballots_support_within_the_pot(demo_db: Database) -> None:
    fid = demo_festival(demo_db)
    festival = next(f for f in list_festivals(demo_db) if f.id == fid)
    ids = pitches(demo_db, fid)
    # Everyone approves only the last pitch: Equal Shares funds it first, whatever the jury says.
    lines = "\n".join(f"v{n};{ids[-1]}" for n in range(30))
    ballots.import_ballots(demo_db, ADMIN, fid, f"stemmer;initiatief\n{lines}\n".encode())
    result = proposal.what_if(demo_db, festival)[Rule.EQUAL_SHARES]
    assert not isinstance(result, str)
    assert result.funded == [str(ids[-1])]
    assert result.total <= pot.pot(demo_db, festival).pot_cents
