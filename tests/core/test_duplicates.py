"""Duplicate review: which pairs show, keeping both apart, merging into one person."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from core_support import CALLER, count
from people_support import DESK, cli, festival, person

from festival.core.errors import InvalidInput, NotAllowed, NotFound
from festival.domain.checkin import CheckInOutcome, check_in, check_in_code
from festival.domain.duplicates import duplicate_pairs, keep_both, merge
from festival.domain.kernen import seed_kernen
from festival.domain.registration import FestivalRole, get_registration
from festival.store.database import Database, utc_now

Capture = pytest.CaptureFixture[str]


@pytest.fixture(autouse=True)
def _no_default_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FESTIVAL_DB", str(tmp_path / "vergeten.db"))


@pytest.fixture
def fid(db: Database) -> int:
    return festival(db).id


def _pairs(db: Database, fid: int) -> set[tuple[str, str, str]]:
    return {(p.a.name, p.b.name, p.reason) for p in duplicate_pairs(db, CALLER, fid)}


def _initiative(db: Database, fid: int, registration_id: int, title: str) -> None:
    db.conn.execute(
        "INSERT INTO initiatives (festival_id, registration_id, title, requested_cents,"
        " created_at) VALUES (?, ?, ?, 75000, ?)",
        (fid, registration_id, title, utc_now()),
    )


def _at(db: Database, registration_id: int, time: str) -> None:
    """Set a check-in time (two check-ins within one millisecond would tie)."""
    db.conn.execute(
        "UPDATE registrations SET checked_in_at = ? WHERE id = ?",
        (f"2026-09-12T{time}:00.000+00:00", registration_id),
    )


# -- which pairs -------------------------------------------------------------------------------


def test_same_email_is_a_pair(db: Database, fid: int) -> None:
    person(db, fid, "Anna de Vries", email="anna@example.org")
    person(db, fid, "A. Jansen", kern="Buren", email="ANNA@example.org")
    person(db, fid, "Bram Bos", email="bram@example.org")
    assert _pairs(db, fid) == {("Anna de Vries", "A. Jansen", "zelfde e-mailadres")}


def test_same_name_with_other_accents_and_case_and_same_kern_is_a_pair(
    db: Database, fid: int
) -> None:
    person(db, fid, "Zoë van ’t Hof", kern="Zoelen")
    person(db, fid, "ZOE VAN 'T HOF", kern="zoelen")
    person(db, fid, "zoe van-'t hof", kern="Zoelen")
    assert len(_pairs(db, fid)) == 3  # every two of the three


def test_same_name_in_another_kern_or_an_organisation_is_a_pair_too(db: Database, fid: int) -> None:
    person(db, fid, "Kees Kerkhof", kern="Ingen")
    person(db, fid, "Kees Kerkhof", kern="Maurik")
    person(db, fid, "Kees Kerkhof", kern="", organisation="Dorpsraad Ingen")
    assert len(duplicate_pairs(db, CALLER, fid)) == 3  # every two of the three


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Eva van Leeuwen", "eva van leeuwen"),  # case
        ("Chloé Vos", "Chloe Vos"),  # accents
        ("Imke van Leeuwen", "Imke  van Leeuwen"),  # a double space
        ("Eva van Leeuwen", "Eva Van Leeuwen"),  # the tussenvoegsel capitalised
        ("Eva van Leeuwen", "Eva Leeuwen"),  # the tussenvoegsel left out
        ("Eva van Leeuwen", "Leeuwen, Eva van"),  # surname first
    ],
)
def test_one_name_however_spelled_is_a_pair(
    db: Database, fid: int, first: str, second: str
) -> None:
    person(db, fid, first, kern="Erichem")
    person(db, fid, second, kern="Zoelen")
    person(db, fid, "Eva van Dijk", kern="Erichem")  # another person altogether
    assert _pairs(db, fid) == {(first, second, "zelfde naam")}


def test_both_reasons_make_one_pair(db: Database, fid: int) -> None:
    person(db, fid, "Anna de Vries", email="anna@example.org")
    person(db, fid, "Anna de Vries", email="anna@example.org")
    assert _pairs(db, fid) == {
        ("Anna de Vries", "Anna de Vries", "zelfde e-mailadres en zelfde naam")
    }


def test_pairs_stay_within_one_festival(db: Database, fid: int) -> None:
    other = festival(db, name="Vorig jaar", day="09-09-2025", keep="31-03-2026").id
    person(db, fid, "Anna de Vries", email="anna@example.org")
    person(db, other, "Anna de Vries", email="anna@example.org")
    assert _pairs(db, fid) == set()
    assert _pairs(db, other) == set()


# -- keep both -------------------------------------------------------------------------------


def test_keep_both_hides_the_pair_and_is_logged(db: Database, fid: int) -> None:
    a = person(db, fid, "Anna de Vries")
    b = person(db, fid, "anna de vries")
    keep_both(db, CALLER, b.id, a.id)
    assert duplicate_pairs(db, CALLER, fid) == []
    # A third look-alike still pairs with both.
    c = person(db, fid, "Anna de Vries")
    assert {(p.a.id, p.b.id) for p in duplicate_pairs(db, CALLER, fid)} == {
        (a.id, c.id),
        (b.id, c.id),
    }
    line = db.fetchone("SELECT * FROM audit_log WHERE action LIKE 'dubbele aanmelding%'")
    assert line is not None
    assert "Anna" not in line["after"] and "vries" not in line["after"].lower()
    keep_both(db, CALLER, a.id, b.id)  # deciding again does no harm


def test_only_the_coordinator_reviews_duplicates(db: Database, fid: int) -> None:
    a = person(db, fid, "Anna de Vries", roles="bezoeker")
    b = person(db, fid, "Anna de Vries", roles="jury")
    with pytest.raises(NotAllowed):
        keep_both(db, DESK, a.id, b.id)
    with pytest.raises(NotAllowed):
        merge(db, DESK, a.id, b.id)
    assert count(db, "people") == 2
    assert len(duplicate_pairs(db, CALLER, fid)) == 1


def test_wrong_ids_are_refused(db: Database, fid: int) -> None:
    a = person(db, fid, "Anna de Vries")
    other = festival(db, name="Vorig jaar", day="09-09-2025", keep="31-03-2026").id
    b = person(db, other, "Anna de Vries")
    with pytest.raises(InvalidInput, match="verschillende festivals"):
        merge(db, CALLER, a.id, b.id)
    with pytest.raises(InvalidInput, match="twee verschillende"):
        keep_both(db, CALLER, a.id, a.id)
    with pytest.raises(NotFound):
        merge(db, CALLER, a.id, 999)
    assert count(db, "people") == 2


# -- merge -------------------------------------------------------------------------------------


def test_merge_moves_roles_initiatives_and_keeps_the_earliest_check_in(
    db: Database, fid: int
) -> None:
    keep = person(db, fid, "Anna de Vries", roles="bezoeker", phone="06 12345678")
    gone = person(
        db,
        fid,
        "anna de vries",
        roles="initiatiefnemer+jury",
        email="anna@example.org",
        phone="0344 123456",
        consent_contact=True,
    )
    _initiative(db, fid, gone.id, "Bankjes langs de dijk")
    check_in(db, CALLER, gone.id, "Balie 1")
    check_in(db, CALLER, keep.id, "Balie 2")
    _at(db, gone.id, "09:00")
    _at(db, keep.id, "09:05")

    merged = merge(db, CALLER, keep.id, gone.id)

    assert merged.id == keep.id and merged.code == keep.code
    assert set(merged.roles) == {FestivalRole.VISITOR, FestivalRole.INITIATOR, FestivalRole.JURY}
    assert merged.checked_in_at == datetime(2026, 9, 12, 9, 0, tzinfo=UTC)
    assert merged.checked_in_desk == "Balie 1"
    assert db.scalar("SELECT registration_id FROM initiatives") == keep.id
    assert (
        db.scalar("SELECT count(*) FROM checkin_events WHERE registration_id = ?", (keep.id,)) == 2
    )
    contact = db.fetchone("SELECT email, phone, consent_contact FROM people")
    # The e-mail fills a gap; the kept phone number stays; consent is the stricter one.
    assert tuple(contact or ()) == ("anna@example.org", "06 12345678", 0)
    assert count(db, "people") == count(db, "registrations") == 1
    with pytest.raises(NotFound):
        get_registration(db, gone.id)
    assert duplicate_pairs(db, CALLER, fid) == []
    line = db.fetchone("SELECT * FROM audit_log WHERE action = 'aanmeldingen samengevoegd'")
    assert line is not None and line["entity_id"] == str(keep.id)
    assert gone.code in line["after"] and "anna" not in line["after"].lower()


def test_merge_keeps_the_kept_check_in_when_it_is_earlier(db: Database, fid: int) -> None:
    keep = person(db, fid, "Anna de Vries")
    gone = person(db, fid, "Anna de Vries")
    check_in(db, CALLER, keep.id, "Balie 1")
    check_in(db, CALLER, gone.id, "Balie 2")
    _at(db, keep.id, "09:00")
    _at(db, gone.id, "09:05")
    assert merge(db, CALLER, keep.id, gone.id).checked_in_desk == "Balie 1"


def test_merge_of_one_checked_in_and_one_not(db: Database, fid: int) -> None:
    keep = person(db, fid, "Anna de Vries")
    gone = person(db, fid, "Anna de Vries")
    check_in(db, CALLER, gone.id, "Balie 2")
    assert merge(db, CALLER, keep.id, gone.id).checked_in_desk == "Balie 2"


def test_merge_combines_funder_profiles(db: Database, fid: int) -> None:
    keep = person(db, fid, "Fenna Fonds", roles="subsidieverlener", kern="", organisation="Fonds")
    gone = person(db, fid, "Fenna Fonds", roles="subsidieverlener+jury", kern="",
                  organisation="Fonds")  # fmt: skip
    moved = person(db, fid, "Frits Fonds", roles="bezoeker", kern="Ingen")
    also = person(db, fid, "Frits Fonds", roles="subsidieverlener", kern="Ingen")
    for registration_id, themes, kernen in (
        (keep.id, "sport", "Zoelen"),
        (gone.id, "sport, jeugd", "Ingen"),
        (also.id, "cultuur", "Ingen"),
    ):
        db.conn.execute(
            "INSERT INTO funder_profiles (registration_id, themes, kernen) VALUES (?, ?, ?)",
            (registration_id, themes, kernen),
        )
    merge(db, CALLER, keep.id, gone.id)
    merge(db, CALLER, moved.id, also.id)
    profiles = {
        (r["registration_id"]): (r["themes"], r["kernen"])
        for r in db.fetchall("SELECT * FROM funder_profiles")
    }
    assert profiles == {keep.id: ("sport, jeugd", "Zoelen, Ingen"), moved.id: ("cultuur", "Ingen")}


def test_a_failed_merge_changes_nothing(db: Database, fid: int) -> None:
    keep = person(db, fid, "Anna de Vries")
    gone = person(db, fid, "Anna de Vries", roles="jury")
    db.conn.execute(
        "CREATE TRIGGER fail BEFORE DELETE ON people BEGIN SELECT RAISE(ABORT, 'stuk'); END"
    )
    with pytest.raises(Exception, match="stuk"):
        merge(db, CALLER, keep.id, gone.id)
    assert get_registration(db, keep.id).roles == (FestivalRole.VISITOR,)
    assert count(db, "people") == 2
    assert db.scalar("SELECT count(*) FROM audit_log WHERE action LIKE '%samengevoegd'") == 0


# -- on the command line ---------------------------------------------------------------------


def test_cli_duplicates_merge_and_keep_both(db_path: Path, capsys: Capture) -> None:
    with Database(db_path) as db:
        seed_kernen(db, CALLER)
        fid = festival(db).id
        a = person(db, fid, "Anna de Vries", email="anna@example.org")
        b = person(db, fid, "ANNA DE VRIES", roles="jury")
        c = person(db, fid, "Kees Kerkhof")
        d = person(db, fid, "kees kerkhof")
    assert cli(db_path, "registrations", "duplicates") == 0
    text = capsys.readouterr().out
    assert f"#{a.id} Anna de Vries" in text and f"#{b.id} ANNA DE VRIES" in text
    assert f"#{c.id} Kees Kerkhof" in text
    assert "anna@example.org" not in text  # the reason says so; the address is not shown

    # Without --ja (and no terminal to ask on) nothing is merged; both are shown.
    assert cli(db_path, "registrations", "merge", str(a.id), str(b.id)) == 1
    captured = capsys.readouterr()
    assert f"Blijft:    #{a.id} Anna de Vries" in captured.out
    assert f"Verdwijnt: #{b.id} ANNA DE VRIES" in captured.out
    assert "bevestig met --ja" in captured.err
    assert cli(db_path, "registrations", "merge", str(a.id), str(b.id), "--ja") == 0
    assert f"registratie {b.id} is opgegaan in #{a.id}" in capsys.readouterr().out
    assert cli(db_path, "registrations", "keep-both", str(c.id), str(d.id)) == 0
    capsys.readouterr()
    assert cli(db_path, "registrations", "duplicates") == 0
    assert "Geen mogelijk dubbele aanmeldingen." in capsys.readouterr().out
    assert cli(db_path, "registrations", "merge", str(a.id), "999") == 1
    assert "Registratie 999 bestaat niet." in capsys.readouterr().err


# -- merging: the badge code of the one merged away, initiatives once ------------------------


def test_the_merged_away_badge_code_checks_in_the_kept_person(db: Database, fid: int) -> None:
    keep = person(db, fid, "Eva van Leeuwen", kern="Erichem")
    gone = person(db, fid, "eva van leeuwen", kern="Zoelen")
    merge(db, CALLER, keep.id, gone.id)
    result = check_in_code(db, CALLER, gone.code, "Balie 1", festival_id=fid)
    assert result.outcome is CheckInOutcome.WELCOME
    assert result.registration is not None and result.registration.id == keep.id
    again = check_in_code(db, CALLER, keep.code, "Balie 1", festival_id=fid)
    assert again.outcome is CheckInOutcome.ALREADY
    alias = db.fetchone("SELECT registration_id, merged_by FROM badge_aliases WHERE code = ?",
                        (gone.code,))  # fmt: skip
    assert alias is not None and tuple(alias) == (keep.id, CALLER.name)


def test_an_alias_follows_a_second_merge_and_is_never_drawn_again(db: Database, fid: int) -> None:
    first = person(db, fid, "Eva van Leeuwen")
    second = person(db, fid, "Eva van Leeuwen")
    third = person(db, fid, "Eva van Leeuwen")
    merge(db, CALLER, second.id, first.id)  # first's code -> second
    merge(db, CALLER, third.id, second.id)  # second's and first's codes -> third
    for code in (first.code, second.code):
        found = check_in_code(db, CALLER, code, "Balie 1", festival_id=fid).registration
        assert found is not None and found.id == third.id
    taken = {r["code"] for r in db.fetchall("SELECT code FROM badge_aliases")}
    assert taken == {first.code, second.code}
    assert draw_codes_avoid(db, taken)


def draw_codes_avoid(db: Database, taken: set[str]) -> bool:
    from festival.domain.registration import draw_codes

    return not (set(draw_codes(db, 200)) & taken)


def test_an_initiative_both_have_stays_once(db: Database, fid: int) -> None:
    keep = person(db, fid, "Eva van Leeuwen", roles="initiatiefnemer")
    gone = person(db, fid, "eva van leeuwen", roles="initiatiefnemer")
    _initiative(db, fid, keep.id, "Bankjes langs de dijk")
    _initiative(db, fid, gone.id, "bankjes langs de Dijk")
    _initiative(db, fid, gone.id, "Speeltuin")
    merge(db, CALLER, keep.id, gone.id)
    titles = sorted(
        r["title"]
        for r in db.fetchall("SELECT title FROM initiatives WHERE registration_id = ?", (keep.id,))
    )
    assert titles == ["Bankjes langs de dijk", "Speeltuin"]
    line = db.fetchone("SELECT after FROM audit_log WHERE action = 'aanmeldingen samengevoegd'")
    assert line is not None and '"alias"' in line["after"]


def test_merge_erases_the_other_persons_data_from_the_file(
    db: Database, db_path: Path, fid: int
) -> None:
    # The kept person has an e-mail address and a phone number of her own: the other's stay
    # nowhere.
    keep = person(db, fid, "Eva van Leeuwen", email="eva@example.org", phone="0344 111111")
    gone = person(db, fid, "Eva Leeuwen", email="uniekadres.xq@example.org", phone="0344 979797")
    merge(db, CALLER, keep.id, gone.id)
    db.fetchall("PRAGMA wal_checkpoint(TRUNCATE)")
    stored = db_path.read_bytes()
    assert b"uniekadres.xq" not in stored and b"0344 979797" not in stored
