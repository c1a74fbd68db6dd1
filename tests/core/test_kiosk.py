"""The voting kiosk: a checked-in badge votes once (changeable until closing), the maximum,
Dutch refusals, and closing hands the ballots to the audience votes and Equal Shares."""

from __future__ import annotations

import pytest
from jury_support import JULIA, demo_festival, user

from festival.core.errors import InvalidInput, NotAllowed
from festival.domain import checkin, jury, kiosk
from festival.domain.allocation.ballots import ballots, import_ballots
from festival.store.database import Database

CARLA, BAS = "Carla Coördinator", "Bas Balie"


def badges(db: Database, fid: int, n: int, *, checked_in: bool = True) -> list[str]:
    """``n`` badge codes of this festival, checked in at Balie 1 (or not)."""
    rows = db.fetchall(
        "SELECT id, code FROM registrations WHERE festival_id = ? AND checked_in_at IS NULL"
        " ORDER BY id LIMIT ?",
        (fid, n),
    )
    if checked_in:
        for row in rows:
            checkin.check_in(db, user(db, BAS), row["id"], "Balie 1")
    return [row["code"] for row in rows]


@pytest.fixture
def fid(demo_db: Database) -> int:
    return demo_festival(demo_db)


def test_a_checked_in_badge_votes_once_and_may_change_it(demo_db: Database, fid: int) -> None:
    bas, carla = user(demo_db, BAS), user(demo_db, CARLA)
    (code,) = badges(demo_db, fid, 1)
    ids = [p.initiative_id for p in jury.list_pitches(demo_db, fid)]
    with pytest.raises(NotAllowed, match="niet open"):
        kiosk.scan(demo_db, bas, fid, code)
    kiosk.open_voting(demo_db, carla, fid, max_choices=3)
    voter = kiosk.scan(demo_db, bas, fid, code.lower())  # a scanner's lower case is the same
    assert voter.choices == frozenset()
    receipt = kiosk.cast_ballot(demo_db, bas, fid, voter, {ids[0], ids[2]})
    assert not receipt.changed and len(receipt.choices) == 2
    again = kiosk.scan(demo_db, bas, fid, code)
    assert again.choices == {ids[0], ids[2]}  # only this badge's own ballot
    changed = kiosk.cast_ballot(demo_db, bas, fid, again, {ids[1]})
    assert changed.changed
    assert kiosk.kiosk_ballots(demo_db, fid) == [frozenset({ids[1]})]  # still one ballot
    with pytest.raises(InvalidInput, match="hooguit 3"):
        kiosk.cast_ballot(demo_db, bas, fid, again, set(ids[:4]))
    with pytest.raises(InvalidInput, match="minstens één"):
        kiosk.cast_ballot(demo_db, bas, fid, again, set())
    audit = demo_db.fetchall(
        "SELECT action, after FROM audit_log WHERE action LIKE 'stem %' ORDER BY id"
    )
    assert [r["action"] for r in audit] == ["stem uitgebracht", "stem gewijzigd"]
    assert all(r["after"] is None for r in audit)  # the choices are never in the audit


def test_refusals_at_the_kiosk(demo_db: Database, fid: int) -> None:
    bas, carla = user(demo_db, BAS), user(demo_db, CARLA)
    (outside,) = badges(demo_db, fid, 1, checked_in=False)
    kiosk.open_voting(demo_db, carla, fid, max_choices=None)
    with pytest.raises(NotAllowed, match="nog niet ingecheckt"):
        kiosk.scan(demo_db, bas, fid, outside)
    with pytest.raises(InvalidInput, match="geen geldige badgecode"):
        kiosk.scan(demo_db, bas, fid, "HALLO")
    with pytest.raises(NotAllowed, match="balie of de coördinator"):
        kiosk.scan(demo_db, user(demo_db, JULIA), fid, outside)
    with pytest.raises(NotAllowed, match="alleen de coördinator"):
        kiosk.open_voting(demo_db, bas, fid, max_choices=None)
    (code,) = badges(demo_db, fid, 1)
    voter = kiosk.scan(demo_db, bas, fid, code)
    kiosk.close_voting(demo_db, carla, fid)
    ids = [p.initiative_id for p in jury.list_pitches(demo_db, fid)]
    with pytest.raises(NotAllowed, match="niet open"):  # closed between scan and confirm
        kiosk.cast_ballot(demo_db, bas, fid, voter, {ids[0]})


def test_closing_feeds_the_audience_and_equal_shares_keeping_paper_ballots(
    demo_db: Database, fid: int
) -> None:
    bas, carla = user(demo_db, BAS), user(demo_db, CARLA)
    ids = [p.initiative_id for p in jury.list_pitches(demo_db, fid)]
    paper = f"stemmer;initiatief\npapier-1;{ids[0]}\npapier-1;{ids[1]}\npapier-2;{ids[1]}\n"
    import_ballots(demo_db, carla, fid, paper.encode())
    kiosk.open_voting(demo_db, carla, fid, max_choices=2)
    for code, choice in zip(
        badges(demo_db, fid, 3), [{ids[1]}, {ids[1], ids[2]}, {ids[3]}], strict=True
    ):
        kiosk.cast_ballot(demo_db, bas, fid, kiosk.scan(demo_db, bas, fid, code), choice)
    assert kiosk.close_voting(demo_db, carla, fid) == 3
    expected = sorted(
        map(sorted, [{ids[0], ids[1]}, {ids[1]}, {ids[1]}, {ids[1], ids[2]}, {ids[3]}])
    )
    assert sorted(sorted(int(i) for i in b) for b in ballots(demo_db, fid)) == expected
    votes = {
        r["initiative_id"]: r["votes"] for r in demo_db.fetchall("SELECT * FROM audience_votes")
    }
    assert (votes[ids[0]], votes[ids[1]], votes[ids[2]], votes[ids[3]]) == (1, 4, 1, 1)
    # Reopened, one kiosk ballot changed, closed again: nothing counted twice.
    kiosk.open_voting(demo_db, carla, fid, max_choices=2)
    code = demo_db.fetchone(
        "SELECT r.code FROM kiosk_ballots k JOIN registrations r ON r.id = k.registration_id"
        " WHERE k.choices = ?",
        (f"[{ids[3]}]",),
    )["code"]
    kiosk.cast_ballot(demo_db, bas, fid, kiosk.scan(demo_db, bas, fid, code), {ids[0]})
    kiosk.close_voting(demo_db, carla, fid)
    assert len(ballots(demo_db, fid)) == 5
    votes = {
        r["initiative_id"]: r["votes"] for r in demo_db.fetchall("SELECT * FROM audience_votes")
    }
    assert (votes[ids[0]], votes[ids[1]], votes[ids[2]], votes[ids[3]]) == (2, 4, 1, 0)
    # The jury's ranking reads the audience component from there.
    ranked, _ = jury.ranking(demo_db, fid)
    by_id = {r.initiative_id: r for r in ranked}
    assert by_id[ids[1]].audience_score > by_id[ids[3]].audience_score
