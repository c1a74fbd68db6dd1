"""Privacy: one person's data exported in full; festivals past retention erased to counts."""

from __future__ import annotations

import datetime as dt
import json
import stat
from pathlib import Path

import pytest
from core_support import CALLER, count
from people_support import DESK, HEADER, cli, csv_bytes, festival, person

from festival.core.errors import NotAllowed, NotFound
from festival.core.text import fold
from festival.domain.checkin import check_in, record_reprint, undo_check_in
from festival.domain.duplicates import keep_both, merge
from festival.domain.kernen import seed_kernen
from festival.domain.privacy import TOTAL, export_person, find_person, purge
from festival.domain.registration_io import import_registrations
from festival.store.database import Database

Capture = pytest.CaptureFixture[str]

NAME = "Zoë van ’t Hof"
EMAIL = "zoe.hof@example.org"
PHONE = "06 98765432"
PAST = dt.date(2027, 4, 1)  # the day after the retention date of the festival below


@pytest.fixture(autouse=True)
def _no_default_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FESTIVAL_DB", str(tmp_path / "vergeten.db"))


@pytest.fixture
def fid(db: Database) -> int:
    return festival(db).id


def _filled(db: Database, fid: int) -> int:
    """A festival day with everything a person can leave behind; returns Zoë's registration."""
    data = csv_bytes(
        HEADER + ";omschrijving;thema;toestemming_contact",
        f"{NAME};initiatiefnemer+jury;Zoelen;;{EMAIL};{PHONE};Bankjes langs de dijk;750;"
        "Zitplekken bij de dijk;groen;ja",
        "Fenna Fonds;subsidieverlener;Zoelen, Ingen;Sportfonds Betuwe;fenna@example.org;;;;;sport;",
        "Kees Kerkhof;bezoeker;Ingen;;;;;;;;",
        "zoe van ’t hof;bezoeker;Zoelen;;;;;;;;",
    )
    import_registrations(db, CALLER, fid, data)
    ids = {
        r["name"]: r["id"]
        for r in db.fetchall(
            "SELECT r.id, p.name FROM registrations r JOIN people p ON p.id = r.person_id"
        )
    }
    zoe = ids[NAME]
    check_in(db, CALLER, zoe, "Balie 1")
    undo_check_in(db, CALLER, zoe, "verkeerde badge gescand", "Balie 1")
    check_in(db, CALLER, zoe, "Balie 2")
    record_reprint(db, CALLER, zoe, "badge kwijt", "Balie 2")
    check_in(db, CALLER, ids["Fenna Fonds"], "Balie 1")
    keep_both(db, CALLER, zoe, ids["zoe van ’t hof"])
    return zoe


# -- export --------------------------------------------------------------------------------


def test_export_holds_everything_about_one_person(db: Database, fid: int) -> None:
    zoe = _filled(db, fid)
    person_id = db.scalar("SELECT person_id FROM registrations WHERE id = ?", (zoe,))
    data = export_person(db, CALLER, person_id)
    json.dumps(data)  # ready for a file as it is
    assert data["persoon"]["naam"] == NAME
    assert data["persoon"]["email"] == EMAIL
    assert data["persoon"]["telefoon"] == PHONE
    assert data["persoon"]["kern"] == "Zoelen"
    assert data["persoon"]["toestemming_contact_achteraf"] is True
    assert data["persoon"]["toestemming_naam_op_badge"] is True
    assert data["festival"]["bewaren_tot"] == "2027-03-31"
    assert data["rollen"] == ["initiatiefnemer", "jury"]
    assert data["registratie"]["ingecheckt_aan_balie"] == "Balie 2"
    [initiative] = data["initiatieven"]
    assert initiative["titel"] == "Bankjes langs de dijk"
    assert initiative["omschrijving"] == "Zitplekken bij de dijk"
    assert initiative["gevraagd_cent"] == 75_000
    assert [e["actie"] for e in data["check_ins"]] == ["in", "ongedaan", "in", "badge herdrukt"]
    actions = [line["actie"] for line in data["auditregels"]]
    assert actions[0] == "aangemeld"
    assert "check-in ongedaan gemaakt" in actions and "badge herdrukt" in actions
    assert "dubbele aanmelding: beide houden" in actions
    # Nobody else's data.
    assert "Fenna" not in json.dumps(data, ensure_ascii=False)


def test_export_of_a_funder_and_after_a_merge(db: Database, fid: int) -> None:
    keep = person(db, fid, "Fenna Fonds", roles="bezoeker", kern="Ingen")
    gone = person(db, fid, "Fenna Fonds", roles="subsidieverlener", kern="Ingen",
                  email="fenna@example.org")  # fmt: skip
    db.conn.execute(
        "INSERT INTO funder_profiles (registration_id, themes, kernen)"
        " VALUES (?, 'sport', 'Ingen')",
        (gone.id,),
    )
    merge(db, CALLER, keep.id, gone.id)
    data = export_person(db, CALLER, keep.person_id)
    assert data["subsidieverlener"] == {"themas": "sport", "kernen": "Ingen"}
    assert data["persoon"]["email"] == "fenna@example.org"
    # The audit lines of the registration merged away belong to this person too.
    assert [line["registratie"] for line in data["auditregels"]] == [
        str(keep.id),
        str(gone.id),
        str(keep.id),
    ]


def test_find_person_by_id_or_badge_code(db: Database, fid: int) -> None:
    zoe = person(db, fid, NAME)
    assert find_person(db, str(zoe.person_id)) == zoe.person_id
    assert find_person(db, zoe.code) == zoe.person_id
    assert find_person(db, f" {zoe.code.lower()}\n") == zoe.person_id
    with pytest.raises(NotFound):
        find_person(db, "999")
    with pytest.raises(NotFound):
        find_person(db, "Zoë")
    with pytest.raises(NotFound):
        export_person(db, CALLER, 999)


def test_cli_export_to_a_private_file_by_badge_code(
    db_path: Path, tmp_path: Path, capsys: Capture
) -> None:
    with Database(db_path) as db:
        seed_kernen(db, CALLER)
        fid = festival(db).id
        zoe = person(db, fid, NAME, email=EMAIL)
    out = tmp_path / "zoe.json"
    assert cli(db_path, "privacy", "export", zoe.code, "--out", str(out)) == 0
    assert str(out) in capsys.readouterr().out
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["persoon"]["email"] == EMAIL
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert cli(db_path, "privacy", "export", str(zoe.person_id)) == 0
    assert json.loads(capsys.readouterr().out)["persoon"]["naam"] == NAME
    assert cli(db_path, "privacy", "export", "ONBEKEND") == 1
    assert "Geen persoon" in capsys.readouterr().err


# -- purge ---------------------------------------------------------------------------------


def _all_text(db: Database) -> str:
    """Every value in every table, as one folded text."""
    tables = [
        r["name"]
        for r in db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not r["name"].startswith("sqlite_")
    ]
    parts = []
    for table in tables:
        for row in db.fetchall(f"SELECT * FROM {table}"):
            parts.extend(str(v) for v in tuple(row) if v is not None)
    return fold("\n".join(parts))


def test_purge_keeps_counts_and_leaves_no_trace_of_a_name(
    db: Database, db_path: Path, fid: int
) -> None:
    _filled(db, fid)
    assert fold(NAME) in _all_text(db)
    audit_before = count(db, "audit_log")

    [done] = purge(db, CALLER, today=PAST)

    assert done.festival_id == fid and done.people == 4 and done.initiatives_kept == 1
    counts = {
        r["role"]: (r["expected"], r["present"])
        for r in db.fetchall("SELECT * FROM festival_counts WHERE festival_id = ?", (fid,))
    }
    assert counts == {
        "initiatiefnemer": (1, 1),
        "subsidieverlener": (1, 1),
        "jury": (1, 1),
        "staf": (0, 0),
        "bezoeker": (2, 0),
        TOTAL: (4, 2),
    }
    for table in ("people", "registrations", "registration_roles", "funder_profiles",
                  "checkin_events", "duplicate_decisions"):  # fmt: skip
        assert count(db, table) == 0, table
    initiative = db.fetchone("SELECT * FROM initiatives")
    assert initiative is not None
    assert initiative["registration_id"] is None
    assert (initiative["title"], initiative["requested_cents"]) == ("Bankjes langs de dijk", 75_000)
    assert initiative["description"] == ""  # free text written by the person
    assert db.scalar("SELECT purged_at FROM festivals WHERE id = ?", (fid,)) is not None

    # No name, e-mail or phone number anywhere, the audit log included.
    text = _all_text(db)
    for trace in (NAME, "zoe van", EMAIL, PHONE, "Fenna", "fenna@example.org", "Kerkhof"):
        assert fold(trace) not in text, trace
    # Nor in the database file or its write-ahead log (secure_delete and a checkpoint).
    for path in (db_path, db_path.with_name(db_path.name + "-wal")):
        raw = path.read_bytes() if path.exists() else b""
        for trace in (NAME, "Kerkhof", EMAIL, "zoe van"):
            assert trace.encode() not in raw, (path.name, trace)

    line = db.fetchone("SELECT * FROM audit_log WHERE action = 'persoonsgegevens gewist'")
    assert line is not None and line["entity_id"] == str(fid)
    assert json.loads(line["after"])["aantallen"]["bezoeker"] == {"verwacht": 2, "aanwezig": 0}
    assert count(db, "audit_log") == audit_before + 1


def test_purge_skips_festivals_within_retention(db: Database, fid: int) -> None:
    person(db, fid, NAME)
    assert purge(db, CALLER, today=dt.date(2027, 3, 31)) == []  # the last day it may be kept
    assert count(db, "people") == 1
    assert count(db, "festival_counts") == 0


def test_purge_only_the_festival_past_its_date_and_only_once(db: Database, fid: int) -> None:
    older = festival(db, name="Festival 2025", day="13-09-2025", keep="31-03-2026").id
    person(db, older, "Kees Kerkhof")
    person(db, fid, NAME)
    [done] = purge(db, CALLER, today=dt.date(2026, 11, 28))
    assert done.festival_id == older
    assert [r["name"] for r in db.fetchall("SELECT name FROM people")] == [NAME]
    assert purge(db, CALLER, today=dt.date(2026, 11, 28)) == []


def test_dry_run_erases_nothing(db: Database, fid: int) -> None:
    person(db, fid, NAME)
    [done] = purge(db, CALLER, today=PAST, dry_run=True)
    assert done.people == 1
    assert count(db, "people") == 1
    assert count(db, "festival_counts") == 0
    assert db.scalar("SELECT purged_at FROM festivals") is None


def test_only_the_coordinator_purges(db: Database, fid: int) -> None:
    person(db, fid, NAME)
    with pytest.raises(NotAllowed):
        purge(db, DESK, today=PAST)
    assert count(db, "people") == 1


def test_cli_purge(db_path: Path, capsys: Capture) -> None:
    with Database(db_path) as db:
        seed_kernen(db, CALLER)
        old = festival(db, name="Festival 2020", day="12-09-2020", keep="31-03-2021").id
        person(db, old, NAME)
        check_in(db, CALLER, person(db, old, "Kees Kerkhof").id, "Balie 1")
    assert cli(db_path, "privacy", "purge", "--dry-run") == 0
    text = capsys.readouterr().out
    assert "Zou wissen: Festival 2020 (bewaren tot 31-03-2021): 2 personen" in text
    assert "bezoeker 1/2" in text and "Proefdraai" in text
    assert cli(db_path, "privacy", "purge") == 0
    assert "Gewist: Festival 2020" in capsys.readouterr().out
    assert cli(db_path, "privacy", "purge") == 0
    assert "niets gewist" in capsys.readouterr().out
    assert cli(db_path, "festivals", "list") == 0
    assert "(persoonsgegevens gewist)" in capsys.readouterr().out
