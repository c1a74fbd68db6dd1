"""Finding people: the coordinator's full-text search (migration step 8), the desk's matcher,
and the sqlite-utils bulk inserts of the imports (one transaction, all or nothing)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from core_support import CALLER, count
from people_support import DESK, HEADER, csv_bytes, festival, person

from festival.core.errors import NotAllowed
from festival.domain import budget_io, registration_io
from festival.domain.duplicates import merge
from festival.domain.permissions import SYSTEM
from festival.domain.privacy import purge
from festival.domain.registration_search import find_registrations, search
from festival.store.database import Database, Transaction
from festival.store.migrations import MIGRATIONS

MADE_BY_V7 = Path(__file__).parent / "fixtures" / "databases" / "made_by_v7.sqlite"


@pytest.fixture
def fid(db: Database) -> int:
    return festival(db).id


def _names(db: Database, fid: int, text: str) -> list[str]:
    return [r.name for r in find_registrations(db, CALLER, fid, text)]


# -- the coordinator's search --------------------------------------------------------------


def test_accents_and_capitals_do_not_count(db: Database, fid: int) -> None:
    person(db, fid, "Chloé Brouwer")
    person(db, fid, "Kees Kerkhof")
    assert _names(db, fid, "chloe") == ["Chloé Brouwer"]
    assert _names(db, fid, "CHLOÉ") == ["Chloé Brouwer"]
    assert _names(db, fid, "brouw") == ["Chloé Brouwer"]  # the start of a word is enough


def test_a_word_of_a_name_finds_the_person(db: Database, fid: int) -> None:
    person(db, fid, "Daan van Leeuwen")
    person(db, fid, "Leo Leeuwenburg")
    person(db, fid, "Anna de Vries")
    assert _names(db, fid, "leeuwen") == ["Daan van Leeuwen", "Leo Leeuwenburg"]
    assert _names(db, fid, "daan leeuwen") == ["Daan van Leeuwen"]  # every word must match


def test_e_mail_organisation_and_kern_are_searched(db: Database, fid: int) -> None:
    person(db, fid, "Fenna Fonds", kern="", organisation="Sportfonds Betuwe")
    person(db, fid, "Zoë van ’t Hof", email="zoe.geheim@example.org")
    person(db, fid, "Kees Kerkhof", kern="Ingen")
    assert _names(db, fid, "sportfonds") == ["Fenna Fonds"]
    assert _names(db, fid, "zoe.geheim@example") == ["Zoë van ’t Hof"]
    assert _names(db, fid, "ingen") == ["Kees Kerkhof"]


def test_typed_search_syntax_is_only_text(db: Database, fid: int) -> None:
    person(db, fid, "Anna de Vries")
    for text in ('"', 'an"na', "anna OR kees", "an*", "NEAR(anna)", "-anna", "anna:", "--", '""'):
        find_registrations(db, CALLER, fid, text)  # no SQL error, whatever is typed
    assert _names(db, fid, "a") == []  # fewer than two letters: nothing, never everyone
    assert _names(db, fid, "-- ..") == []  # only punctuation: no word to find, nobody
    assert _names(db, fid, "anna OR kees") == []  # OR is a word here, not an operator
    assert _names(db, fid, '"anna"') == ["Anna de Vries"]  # quotes are not syntax either


def test_only_this_festivals_people(db: Database, fid: int) -> None:
    other = festival(db, name="Vorig jaar", day="12-09-2025", keep="31-03-2026").id
    person(db, other, "Chloé Brouwer")
    assert _names(db, fid, "chloe") == []
    assert _names(db, other, "chloe") == ["Chloé Brouwer"]


def test_the_index_follows_a_merge(db: Database, fid: int) -> None:
    keep = person(db, fid, "Chloé Brouwer", email="chloe@example.org")
    gone = person(db, fid, "Chloe Brouwer", email="chloe@example.org")
    assert len(_names(db, fid, "chloe")) == 2
    merge(db, CALLER, keep.id, gone.id)
    assert _names(db, fid, "chloe") == ["Chloé Brouwer"]


def test_a_purge_leaves_no_word_in_the_index(db: Database, db_path: Path, fid: int) -> None:
    person(db, fid, "Chloé Wijnbrouwer")
    purge(db, CALLER, today=dt.date(2030, 1, 1))
    assert not db.fetchall("SELECT rowid FROM people_fts WHERE people_fts MATCH 'chloe'")
    # The index is rebuilt after a purge: its folded words are not left in the file either
    # (a deleted row's words otherwise stay in the index's older segments).
    for path in (db_path, db_path.with_name(db_path.name + "-wal")):
        raw = path.read_bytes() if path.exists() else b""
        assert b"wijnbrouwer" not in raw, path.name


def test_only_the_coordinator_searches(db: Database, fid: int) -> None:
    person(db, fid, "Chloé Brouwer")
    with pytest.raises(NotAllowed, match="doorzoeken mag alleen de coördinator"):
        find_registrations(db, DESK, fid, "chloe")


def test_step_8_indexes_the_people_of_an_older_database(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(MADE_BY_V7, path)
    with Database(path) as db:
        # The later steps (9: the audit chain, 10: the name keys) run after it.
        assert db.schema_version == max(version for version, _ in MIGRATIONS) >= 10
        assert count(db, "people_fts") == count(db, "people") > 0
        fid = int(db.scalar("SELECT festival_id FROM people WHERE name = 'Chloé Brouwer'"))
        assert "Chloé Brouwer" in _names(db, fid, "chloe")
        assert "Zoë van ’t Hof" in _names(db, fid, "zoe")
        # Step 10 gives everyone already there the name key of the duplicate check.
        assert db.scalar("SELECT count(*) FROM people WHERE match_key IS NULL") == 0
        assert db.scalar("SELECT match_key FROM people WHERE name = 'Zoë van ’t Hof'") == "zoehof"


# -- the desk keeps its matcher ------------------------------------------------------------


def test_the_desk_still_finds_a_name_by_any_part(db: Database, fid: int) -> None:
    # Why the desk does not use the index: staff type any part of a name.
    person(db, fid, "Femke Bijlsma")
    assert [r.name for r in search(db, SYSTEM, fid, "ijls")] == ["Femke Bijlsma"]
    assert _names(db, fid, "ijls") == []


def test_sqlite_utils_uses_the_same_sqlite_as_the_project() -> None:
    import sqlite_utils.db

    from festival.store import database

    assert sqlite_utils.db.sqlite3.__name__ == "pysqlite3"
    assert sqlite_utils.db.sqlite3.sqlite_version == database.sqlite3.sqlite_version


def test_sqlite_utils_stays_off_the_path_to_the_first_frame(db_path: Path) -> None:
    Database(db_path).close()  # migrated here: opening it again needs no step
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "import festival.app, festival.ui.screens.desk, festival.ui.screens.login\n"
        "from festival.store.database import Database\n"
        f"Database(Path({str(db_path)!r})).close()\n"
        "assert 'sqlite_utils' not in sys.modules, 'sqlite_utils imported'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


# -- bulk inserts inside our own transaction -----------------------------------------------


def _fail_on(monkeypatch: pytest.MonkeyPatch, action: str) -> None:
    """Make the import's last audit line fail, after every bulk insert has run."""
    real = Transaction.audit

    def audit(self: Transaction, what: str, *args: Any, **kwargs: Any) -> None:
        if what == action:
            raise RuntimeError("schijf vol")
        real(self, what, *args, **kwargs)

    monkeypatch.setattr(Transaction, "audit", audit)


def test_a_registration_import_that_fails_late_stores_nothing(
    db: Database, fid: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = csv_bytes(
        HEADER,
        "Zoë van ’t Hof;initiatiefnemer;Zoelen;;zoe@example.org;;Bankjes;1.500",
        "Fenna Fonds;subsidieverlener;;Sportfonds Betuwe;;;;",
    )
    audit_before = count(db, "audit_log")
    _fail_on(monkeypatch, "aanmeldingen geïmporteerd")
    with pytest.raises(RuntimeError):
        registration_io.import_registrations(db, CALLER, fid, data)
    for table in ("people", "registrations", "registration_roles", "initiatives",
                  "funder_profiles", "people_fts"):  # fmt: skip
        assert count(db, table) == 0, table
    assert count(db, "audit_log") == audit_before
    assert not db.conn.in_transaction


def test_a_registration_import_stores_every_line_with_its_audit_line(
    db: Database, fid: int
) -> None:
    lines = [f"Persoon {i};bezoeker;Ingen;;p{i}@example.org;;;" for i in range(250)]
    report = registration_io.import_registrations(db, CALLER, fid, csv_bytes(HEADER, *lines))
    assert report.imported == count(db, "people") == count(db, "registrations") == 250
    assert db.scalar("SELECT count(DISTINCT code) FROM registrations") == 250
    audited = db.fetchall("SELECT entity_id FROM audit_log WHERE action = 'aangemeld' ORDER BY id")
    ids = [str(r["id"]) for r in db.fetchall("SELECT id FROM registrations ORDER BY id")]
    assert [r["entity_id"] for r in audited] == ids
    assert _names(db, fid, "persoon 249") == ["Persoon 249"]


def test_a_budget_import_that_fails_late_stores_nothing(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    header = ";".join(budget_io.HEADERS)
    data = csv_bytes(header, *(f"2026;Ingen;Idee {i};Club;300;0;;" for i in range(450)))
    _fail_on(monkeypatch, "aanvragen geïmporteerd")
    with pytest.raises(RuntimeError):
        budget_io.import_applications(db, CALLER, data)
    assert count(db, "applications") == 0
    assert db.scalar("SELECT count(*) FROM audit_log WHERE entity = 'application'") == 0
    monkeypatch.undo()
    report = budget_io.import_applications(db, CALLER, data)
    assert report.imported == count(db, "applications") == 450
    audited = db.fetchall(
        "SELECT entity_id FROM audit_log WHERE action = 'aanvraag toegevoegd' ORDER BY id"
    )
    ids = [str(r["id"]) for r in db.fetchall("SELECT id FROM applications ORDER BY id")]
    assert [r["entity_id"] for r in audited] == ids


def test_a_refused_import_reads_no_file(db: Database, fid: int) -> None:
    with pytest.raises(NotAllowed):
        registration_io.import_registrations(db, DESK, fid, b"not even csv")
    with pytest.raises(NotAllowed):
        budget_io.import_applications(db, DESK, b"not even csv")
