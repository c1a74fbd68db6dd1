"""Importing pre-registrations: formats, all-or-nothing with line numbers, look-alikes reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from core_support import CALLER, count
from people_support import HEADER, cli, csv_bytes, festival, person

from festival.core.csv_io import ImportFailed
from festival.core.errors import InvalidInput, NotFound
from festival.domain.registration import FestivalRole, list_registrations
from festival.domain.registration_io import import_registrations
from festival.store.database import Database

Capture = pytest.CaptureFixture[str]


@pytest.fixture(autouse=True)
def _no_default_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FESTIVAL_DB", str(tmp_path / "vergeten.db"))


@pytest.fixture
def fid(db: Database) -> int:
    return festival(db).id


def _problems(exc: pytest.ExceptionInfo[ImportFailed]) -> dict[int, str]:
    return {p.line: p.message for p in exc.value.problems}


def _people(db: Database) -> list[tuple[object, ...]]:
    rows = db.fetchall(
        "SELECT p.name, k.name AS kern, p.organisation, p.email, p.phone, p.consent_badge,"
        " p.consent_contact FROM people p LEFT JOIN kernen k ON k.id = p.kern_id ORDER BY p.id"
    )
    return [tuple(r) for r in rows]


def _nothing_stored(db: Database) -> None:
    for table in ("people", "registrations", "registration_roles", "initiatives",
                  "funder_profiles"):  # fmt: skip
        assert count(db, table) == 0, table
    assert db.scalar("SELECT count(*) FROM audit_log WHERE entity = 'registration'") == 0


# -- formats -------------------------------------------------------------------------------


def test_semicolon_utf8_with_initiatives(db: Database, fid: int) -> None:
    data = csv_bytes(
        HEADER,
        "Zoë van ’t Hof;initiatiefnemer;Zoelen;;Zoe@Example.org;06 12345678;Bankjes langs de dijk;"
        "1.234,50",
        "Kees Kerkhof;bezoeker;Ingen;;;;;",
        "Fenna Fonds;subsidieverlener+jury;;Sportfonds Betuwe;fenna@example.org;;;",
    )
    report = import_registrations(db, CALLER, fid, data)
    assert (report.imported, report.initiatives, report.funders) == (3, 1, 1)
    assert report.duplicates == []
    assert _people(db) == [
        ("Zoë van ’t Hof", "Zoelen", "", "zoe@example.org", "06 12345678", 1, 0),
        ("Kees Kerkhof", "Ingen", "", None, None, 1, 0),
        ("Fenna Fonds", None, "Sportfonds Betuwe", "fenna@example.org", None, 1, 0),
    ]
    initiative = db.fetchone(
        "SELECT i.title, k.name AS kern, i.requested_cents, r.code, p.name FROM initiatives i"
        " JOIN kernen k ON k.id = i.kern_id JOIN registrations r ON r.id = i.registration_id"
        " JOIN people p ON p.id = r.person_id"
    )
    assert initiative is not None
    assert tuple(initiative)[:3] == ("Bankjes langs de dijk", "Zoelen", 123_450)
    assert initiative["name"] == "Zoë van ’t Hof"
    roles = {r.name: r.roles for r in list_registrations(db, CALLER, fid)}
    assert roles["Fenna Fonds"] == (FestivalRole.FUNDER, FestivalRole.JURY)
    # One audit line per person (codes, no names) and one for the import as a whole.
    assert db.scalar("SELECT count(*) FROM audit_log WHERE action = 'aangemeld'") == 3
    line = db.fetchone("SELECT after FROM audit_log WHERE action = 'aanmeldingen geïmporteerd'")
    assert line is not None and '"aantal": 3' in line["after"]


def test_comma_crlf_headers_in_any_order_and_case(db: Database, fid: int) -> None:
    data = csv_bytes(
        "Gevraagd,EMAIL,Naam,Rol,Kern,Organisatie,Telefoon,Initiatief",
        '"1.234,50",anna@example.org,Anna de Vries,initiatiefnemer,zoelen,,,"Moestuin, groot"',
        ",,Bram Bos,Bezoeker,Eck en Wiel,,,",
        newline="\r\n",
    )
    report = import_registrations(db, CALLER, fid, data)
    assert report.imported == 2
    initiative = db.fetchone("SELECT title, requested_cents FROM initiatives")
    assert tuple(initiative or ()) == ("Moestuin, groot", 123_450)
    assert [p[:2] for p in _people(db)] == [
        ("Anna de Vries", "Zoelen"),
        ("Bram Bos", "Eck en Wiel"),
    ]


def test_utf8_with_bom(db: Database, fid: int) -> None:
    data = b"\xef\xbb\xbf" + csv_bytes(HEADER, "Zoë Zwart;bezoeker;Zoelen;;;;;")
    import_registrations(db, CALLER, fid, data)
    assert _people(db)[0][0] == "Zoë Zwart"


def test_windows_1252_with_euro_sign(db: Database, fid: int) -> None:
    data = csv_bytes(
        HEADER,
        "Zoë Zwart;initiatiefnemer;Zoelen;;;;Café op het plein;€ 750,00",
        encoding="cp1252",
    )
    import_registrations(db, CALLER, fid, data)
    assert _people(db)[0][0] == "Zoë Zwart"
    assert tuple(db.fetchone("SELECT title, requested_cents FROM initiatives") or ()) == (
        "Café op het plein",
        75_000,
    )


def test_optional_columns_description_themes_and_consent(db: Database, fid: int) -> None:
    data = csv_bytes(
        HEADER + ";omschrijving;thema;toestemming_badge;toestemming_contact",
        "Anna de Vries;initiatiefnemer;Zoelen;;;;Bankjes;750;Zitplekken langs de dijk;"
        '"groen; ouderen";nee;ja',
        "Fenna Fonds;subsidieverlener;Zoelen, Ingen / Buren;Sportfonds Betuwe;;;;;;sport+jeugd;;",
        "Frits Fonds;subsidieverlener;Maurik;Dorpsfonds;;;;;;;Ja;NEE",
    )
    report = import_registrations(db, CALLER, fid, data)
    assert report.funders == 2
    initiative = db.fetchone("SELECT description, themes FROM initiatives")
    assert tuple(initiative or ()) == ("Zitplekken langs de dijk", "groen, ouderen")
    people = _people(db)
    assert people[0][5:] == (0, 1)  # no name on the badge; may be contacted
    assert people[1][1] is None  # several funded kernen: not one home kern
    assert people[2][1] == "Maurik"
    profiles = [
        tuple(r)
        for r in db.fetchall("SELECT themes, kernen FROM funder_profiles ORDER BY registration_id")
    ]
    assert profiles == [("sport, jeugd", "Zoelen, Ingen, Buren"), ("", "Maurik")]


def test_markup_in_a_name_is_stored_literally(db: Database, fid: int) -> None:
    data = csv_bytes(HEADER, "[@click=app.quit]Mallory[/];bezoeker;Zoelen;;;;;")
    import_registrations(db, CALLER, fid, data)
    assert _people(db)[0][0] == "[@click=app.quit]Mallory[/]"


def test_progress_reaches_the_end(db: Database, fid: int) -> None:
    seen: list[tuple[int, int]] = []
    data = csv_bytes(HEADER, *(f"Persoon {i};bezoeker;Zoelen;;;;;" for i in range(5)))
    import_registrations(
        db, CALLER, fid, data, progress=lambda done, total: seen.append((done, total))
    )
    assert seen[-1] == (10, 10)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


# -- bad lines: every one reported, nothing stored -------------------------------------------


def test_every_kind_of_bad_line_with_its_number_and_nothing_stored(db: Database, fid: int) -> None:
    data = csv_bytes(
        HEADER + ";toestemming_badge",
        "Anna de Vries;bezoeker;Zoelen;;anna@example.org;;;;",  # 2 fine
        ";bezoeker;Zoelen;;;;;;",  # 3 no name
        "Bram Bos;danser;Zoelen;;;;;;",  # 4 unknown role
        "Cor Cats;bezoeker;Atlantis;;;;;;",  # 5 unknown kern
        "Dirk Dam;bezoeker;Zoelen;;dirk@;;;;",  # 6 bad e-mail
        "Eva Eik;initiatiefnemer;Zoelen;;;;Bankjes;veel;",  # 7 bad amount
        "Fien Fijn;bezoeker;Ingen;;ANNA@example.org;;;;",  # 8 e-mail repeats line 2
        "Gijs\x1b[2JGroen;bezoeker;Zoelen;;;;;;",  # 9 control characters
        "Hanna Hof;bezoeker;Zoelen;;;;;",  # 10 too few fields
        "Ivo Iep;bezoeker;;;;;;;",  # 11 neither kern nor organisation
        "Jan Jansen;bezoeker;Zoelen;;;;Bankjes;;",  # 12 initiative without the role
        "Karin Kok;bezoeker;Zoelen;;;;;750;",  # 13 amount without an initiative
        "Lies Lam;bezoeker;Zoelen;;;12ab;;;",  # 14 bad phone
        "Mies Mol;bezoeker;Zoelen;;;;;;misschien",  # 15 consent neither yes nor no
        "Noor Nat;initiatiefnemer;Zoelen;;;;Moestuin;-5;",  # 16 negative amount
    )
    with pytest.raises(ImportFailed) as info:
        import_registrations(db, CALLER, fid, data)
    problems = _problems(info)
    assert sorted(problems) == list(range(3, 17))
    assert problems[3] == "naam: Naam is verplicht."
    assert problems[4].startswith("rol: Onbekende rol 'danser'")
    assert problems[5] == "kern: Onbekende kern 'Atlantis'."
    assert problems[6] == "email: 'dirk@' is geen e-mailadres."
    assert problems[7].startswith("gevraagd: 'veel' is geen bedrag")
    assert problems[8] == "email: anna@example.org staat ook op regel 2"
    assert problems[9].startswith("naam: Naam bevat een stuurteken")
    assert problems[10] == "8 velden, verwacht 9"
    assert problems[11] == "kern: Vul een kern of een organisatie in."
    assert problems[12] == "initiatief: een initiatief hoort bij de rol initiatiefnemer"
    assert problems[13] == "gevraagd: een bedrag gevraagd zonder initiatief"
    assert problems[14] == "telefoon: '12ab' is geen telefoonnummer."
    assert problems[15] == "toestemming_badge: 'misschien' is geen ja of nee."
    assert problems[16].startswith("gevraagd: Een bedrag kan niet negatief zijn")
    _nothing_stored(db)


def test_one_line_with_several_problems_names_them_all(db: Database, fid: int) -> None:
    data = csv_bytes(HEADER, ";danser;Atlantis;;x;;;")
    with pytest.raises(ImportFailed) as info:
        import_registrations(db, CALLER, fid, data)
    message = _problems(info)[2]
    for column in ("naam:", "rol:", "kern:", "email:"):
        assert column in message


def test_missing_column_is_refused_at_line_1(db: Database, fid: int) -> None:
    data = csv_bytes(
        "naam;rol;kern;organisatie;email;telefoon;initiatief", "A B;bezoeker;Zoelen;;;;"
    )
    with pytest.raises(ImportFailed) as info:
        import_registrations(db, CALLER, fid, data)
    assert "gevraagd" in _problems(info)[1]
    _nothing_stored(db)


@pytest.mark.parametrize("data", [b"", HEADER.encode() + b"\n", b"\n\n"])
def test_empty_files_are_refused(db: Database, fid: int, data: bytes) -> None:
    with pytest.raises(ImportFailed):
        import_registrations(db, CALLER, fid, data)
    _nothing_stored(db)


def test_a_festival_that_does_not_exist_or_is_purged(db: Database, fid: int) -> None:
    data = csv_bytes(HEADER, "Anna de Vries;bezoeker;Zoelen;;;;;")
    with pytest.raises(NotFound):
        import_registrations(db, CALLER, fid + 1, data)
    db.conn.execute("UPDATE festivals SET purged_at = '2027-04-01' WHERE id = ?", (fid,))
    with pytest.raises(InvalidInput, match="al gewist"):
        import_registrations(db, CALLER, fid, data)
    _nothing_stored(db)


# -- look-alikes of people already registered: stored, and reported -------------------------


def test_look_alikes_are_imported_and_reported_and_known_e_mails_skipped(
    db: Database, fid: int
) -> None:
    known_mail = person(db, fid, "Anna de Vries", email="anna@example.org")
    known_name = person(db, fid, "Zoë van ’t Hof", kern="Zoelen")
    known_kees = person(db, fid, "Kees Kerkhof", kern="Ingen")
    data = csv_bytes(
        HEADER,
        "Anna Jansen-de Vries;bezoeker;Buren;;Anna@Example.org;;;",  # 2 same e-mail: there
        "ZOE VAN ’T HOF;jury;zoelen;;;;;",  # 3 same name, accents and case aside
        "Kees Kerkhof;bezoeker;Maurik;;;;;",  # 4 same name, other kern: a look-alike too
        "Lotte Linde;bezoeker;Zoelen;;;;;",  # 5 nobody alike
    )
    report = import_registrations(db, CALLER, fid, data)
    assert report.imported == 3
    assert [(p.line, p.message) for p in report.skipped] == [
        (2, "al aangemeld als Anna de Vries (zelfde e-mailadres)")
    ]
    assert count(db, "people") == 6
    found = {(p.a.id, p.b.name, p.reason) for p in report.duplicates}
    assert found == {
        (known_name.id, "ZOE VAN ’T HOF", "zelfde naam"),
        (known_kees.id, "Kees Kerkhof", "zelfde naam"),
    }
    assert known_mail.id not in {p.a.id for p in report.duplicates}


def test_importing_the_same_file_twice_registers_nobody_twice(db: Database, fid: int) -> None:
    data = csv_bytes(
        HEADER,
        "Anna de Vries;initiatiefnemer;Zoelen;;anna@example.org;;Bankjes;750",
        "Bram Bos;bezoeker;Ingen;;bram@example.org;;;",
        "Cor Zonder Mail;bezoeker;Ingen;;;;;",
    )
    first = import_registrations(db, CALLER, fid, data)
    assert first.imported == 3 and first.skipped == []
    codes_before = {r["code"] for r in db.fetchall("SELECT code FROM registrations")}
    again = import_registrations(db, CALLER, fid, data)
    assert [(p.line, p.message) for p in again.skipped] == [
        (2, "al aangemeld als Anna de Vries (zelfde naam en e-mailadres)"),
        (3, "al aangemeld als Bram Bos (zelfde naam en e-mailadres)"),
    ]
    # Without an e-mail address a line cannot be told from a namesake: stored and paired.
    assert again.imported == 1
    assert [(p.a.name, p.b.name) for p in again.duplicates] == [
        ("Cor Zonder Mail", "Cor Zonder Mail")
    ]
    codes_after = {r["code"] for r in db.fetchall("SELECT code FROM registrations")}
    assert len(codes_after - codes_before) == 1
    assert count(db, "initiatives") == 1


def test_a_file_of_only_known_people_imports_nothing_and_says_so(db: Database, fid: int) -> None:
    person(db, fid, "Anna de Vries", email="anna@example.org")
    report = import_registrations(
        db, CALLER, fid, csv_bytes(HEADER, "Anna de Vries;bezoeker;Zoelen;;anna@example.org;;;")
    )
    assert report.imported == 0 and len(report.skipped) == 1
    assert count(db, "people") == 1


def test_headers_as_spreadsheets_write_them(db: Database, fid: int) -> None:
    data = csv_bytes(
        "Naam;Rol;Kern;Organisatie;E-mail;Tel.;Initiatief;Gevraagd",
        "Anna de Vries;bezoeker;Zoelen;;anna@example.org;06 12345678;;",
    )
    assert import_registrations(db, CALLER, fid, data).imported == 1
    row = db.fetchone("SELECT email, phone FROM people")
    assert row is not None and tuple(row) == ("anna@example.org", "06 12345678")
    data = csv_bytes(
        "voornaam,tussenvoegsel,achternaam,rol,kern,organisatie,e-mailadres,telefoon,"
        "initiatief,gevraagd",
        "Eva,van,Leeuwen,bezoeker,Erichem,,eva@example.org,,,",
        'Bram,,Bos,bezoeker,Ingen,,,"0344 123456",,',
    )
    report = import_registrations(db, CALLER, fid, data)
    assert report.imported == 2
    names = {r["name"] for r in db.fetchall("SELECT name FROM people")}
    assert {"Eva van Leeuwen", "Bram Bos"} <= names


def test_same_name_and_kern_twice_in_one_file_is_stored_and_reported(
    db: Database, fid: int
) -> None:
    data = csv_bytes(HEADER, "Anna de Vries;bezoeker;Zoelen;;;;;", "anna de vries;jury;Zoelen;;;;;")
    report = import_registrations(db, CALLER, fid, data)
    assert [(p.a.name, p.b.name) for p in report.duplicates] == [("Anna de Vries", "anna de vries")]


# -- on the command line ---------------------------------------------------------------------


def test_cli_import_then_duplicates(db_path: Path, tmp_path: Path, capsys: Capture) -> None:
    assert cli(db_path, "festivals", "add", "--naam", "Festival 2026", "--datum", "12-09-2026",
               "--plaats", "Lienden", "--bewaren-tot", "31-03-2027") == 0  # fmt: skip
    assert "Festival 1 vastgelegd" in capsys.readouterr().out
    file = tmp_path / "aanmeldingen.csv"
    file.write_bytes(
        csv_bytes(
            HEADER,
            "Anna de Vries;initiatiefnemer;Zoelen;;anna@example.org;;Bankjes;750",
            "anna de vries;bezoeker;Zoelen;;;;;",
        )
    )
    assert cli(db_path, "registrations", "import", str(file)) == 0
    text = capsys.readouterr().out
    assert "2 aanmeldingen geïmporteerd (1 initiatieven, 0 subsidieverleners)" in text
    assert "1 mogelijk dubbel" in text
    assert cli(db_path, "registrations", "duplicates") == 0
    text = capsys.readouterr().out
    assert "#1 Anna de Vries" in text and "#2 anna de vries" in text
    assert "zelfde naam" in text
    assert "anna@example.org" not in text
    # The same file again: nobody new, the lines that are there already named.
    assert cli(db_path, "registrations", "import", str(file)) == 0
    text = capsys.readouterr().out
    assert "1 aanmeldingen geïmporteerd" in text
    assert "1 regel(s) overgeslagen" in text
    assert "regel 2: al aangemeld als Anna de Vries (zelfde naam en e-mailadres)" in text


def test_cli_import_of_a_bad_file(db_path: Path, tmp_path: Path, capsys: Capture) -> None:
    with Database(db_path) as db:
        festival(db)
    file = tmp_path / "aanmeldingen.csv"
    file.write_bytes(csv_bytes(HEADER, ";bezoeker;Zoelen;;;;;", "Bram Bos;danser;Zoelen;;;;;"))
    assert cli(db_path, "registrations", "import", str(file)) == 1
    text = capsys.readouterr().err
    assert "Niets geïmporteerd: 2 regel(s) afgekeurd" in text
    assert "regel 2: naam: Naam is verplicht." in text
    assert "regel 3: rol: Onbekende rol 'danser'" in text
    with Database(db_path) as db:
        assert count(db, "people") == 0


def test_cli_import_without_a_festival(db_path: Path, tmp_path: Path, capsys: Capture) -> None:
    file = tmp_path / "aanmeldingen.csv"
    file.write_bytes(csv_bytes(HEADER, "Anna de Vries;bezoeker;Zoelen;;;;;"))
    assert cli(db_path, "registrations", "import", str(file)) == 1
    assert "festival festivals add" in capsys.readouterr().err


def test_cli_festivals_add_refuses_a_retention_before_the_day(
    db_path: Path, capsys: Capture
) -> None:
    assert cli(db_path, "festivals", "add", "--naam", "F", "--datum", "12-09-2026",
               "--bewaren-tot", "01-09-2026") == 1  # fmt: skip
    assert "bewaartermijn" in capsys.readouterr().err
    assert cli(db_path, "festivals", "list") == 0
    assert "Nog geen festivals" in capsys.readouterr().out


def test_cli_import_into_an_unknown_festival(
    db_path: Path, tmp_path: Path, capsys: Capture
) -> None:
    file = tmp_path / "aanmeldingen.csv"
    file.write_bytes(csv_bytes(HEADER, "Anna de Vries;bezoeker;Zoelen;;;;;"))
    assert cli(db_path, "registrations", "import", str(file), "--festival", "9") == 1
    assert "Festival 9 bestaat niet" in capsys.readouterr().err
