"""CSV import and export of the ledger: formats Dutch offices send, all-or-nothing, line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from core_support import CALLER, count

from festival.core.csv_io import ImportFailed, read_csv
from festival.domain.budget import (
    Application,
    ApplicationInput,
    BudgetYearInput,
    add_application,
    list_applications,
    set_budget_year,
)
from festival.domain.budget_io import HEADERS, export_applications, import_applications
from festival.domain.kernen import seed_kernen
from festival.domain.permissions import SYSTEM
from festival.store.database import Database

HEADER = "jaar;kern;titel;aanvrager;gevraagd;toegekend;status;besluitdatum"


def _csv(*lines: str, newline: str = "\n") -> bytes:
    return newline.join(lines).encode("utf-8") + newline.encode()


def _rows(db: Database) -> list[tuple[object, ...]]:
    """What an application means, independent of ids and timestamps; oldest first."""
    return [
        (
            a.year,
            a.kern_name,
            a.title,
            a.applicant,
            a.requested_cents,
            a.granted_cents,
            a.status.value,
            a.decision_date.isoformat() if a.decision_date else None,
        )
        for a in reversed(list_applications(db))
    ]


def _problems(exc: pytest.ExceptionInfo[ImportFailed]) -> dict[int, str]:
    return {p.line: p.message for p in exc.value.problems}


# -- formats -------------------------------------------------------------------------------


def test_semicolon_utf8(db: Database) -> None:
    data = _csv(
        HEADER,
        "2023;Zoelen;Bankjes langs de dijk;Dorpsbelangen Zoelen;750;750;gehonoreerd;14-06-2023",
        "2023;Ingen;Moestuin;Werkgroep Groen Ingen;1.234,50;;in behandeling;",
        "2023;Buren;Kerstmarkt;Oranjevereniging Buren;€ 750,00;0;afgewezen;2023-06-14",
    )
    report = import_applications(db, CALLER, data)
    assert report.imported == 3
    assert report.years == [2023]
    assert _rows(db) == [
        (2023, "Zoelen", "Bankjes langs de dijk", "Dorpsbelangen Zoelen", 75_000, 75_000,
         "gehonoreerd", "2023-06-14"),
        (2023, "Ingen", "Moestuin", "Werkgroep Groen Ingen", 123_450, 0, "in_behandeling", None),
        (2023, "Buren", "Kerstmarkt", "Oranjevereniging Buren", 75_000, 0, "afgewezen",
         "2023-06-14"),
    ]  # fmt: skip


def test_comma_separated_with_quoted_amounts_and_separators(db: Database) -> None:
    data = _csv(
        "jaar,kern,titel,aanvrager,gevraagd,toegekend,status,besluitdatum",
        '2023,Zoelen,"Bankjes, tafels en stoelen",Dorpsbelangen Zoelen,"1.234,50","€ 750,00",'
        "gehonoreerd,14-06-2023",
        '2022,Ingen,Moestuin,"Groen, Ingen",750,,in behandeling,',
        newline="\r\n",
    )
    report = import_applications(db, CALLER, data)
    assert report.years == [2022, 2023]
    assert sorted(_rows(db)) == [
        (2022, "Ingen", "Moestuin", "Groen, Ingen", 75_000, 0, "in_behandeling", None),
        (2023, "Zoelen", "Bankjes, tafels en stoelen", "Dorpsbelangen Zoelen", 123_450, 75_000,
         "gehonoreerd", "2023-06-14"),
    ]  # fmt: skip


def test_utf8_with_bom(db: Database) -> None:
    data = b"\xef\xbb\xbf" + _csv(
        HEADER, "2023;Kerk-Avezaath;Coördinatie vrijwilligers;Café De Zon;500;;;"
    )
    import_applications(db, CALLER, data)
    (app,) = list_applications(db)
    assert app.title == "Coördinatie vrijwilligers"
    assert app.applicant == "Café De Zon"
    assert app.status.value == "in_behandeling"  # an empty status means pending


def test_windows_1252(db: Database) -> None:
    text = HEADER + "\r\n" + "2023;Zoelen;Coördinatie vrijwilligers;Café De Zon;€ 750,00;;;\r\n"
    data = text.encode("cp1252")
    assert b"Co\xf6rdinatie" in data  # really not UTF-8
    import_applications(db, CALLER, data)
    (app,) = list_applications(db)
    assert app.title == "Coördinatie vrijwilligers"
    assert app.applicant == "Café De Zon"
    assert app.requested_cents == 75_000


def test_headers_in_another_order_and_case_with_extra_columns(db: Database) -> None:
    data = _csv(
        "STATUS;Kern;TITEL;Opmerking;Jaar;Aanvrager;Besluitdatum;Toegekend;GEVRAAGD",
        "gehonoreerd;Zoelen;Bankjes;negeren;2023;Dorpsbelangen;14-06-2023;600;750",
    )
    import_applications(db, CALLER, data)
    assert _rows(db) == [
        (2023, "Zoelen", "Bankjes", "Dorpsbelangen", 75_000, 60_000, "gehonoreerd", "2023-06-14")
    ]


def test_kern_names_match_without_case_accents_or_hyphens(db: Database) -> None:
    data = _csv(HEADER, "2023;kerk avezaath;A;B;500;;;", "2023;ECK EN WIEL;C;D;500;;;")
    import_applications(db, CALLER, data)
    assert [r[1] for r in _rows(db)] == ["Kerk-Avezaath", "Eck en Wiel"]


def test_blank_lines_and_trailing_empty_cells_are_harmless(db: Database) -> None:
    data = _csv(HEADER, "", "2023;Zoelen;A;B;500;;;;;", ";;;;;;;", "2023;Ingen;C;D;500;;;")
    assert import_applications(db, CALLER, data).imported == 2


def test_missing_column_is_reported_on_line_1(db: Database) -> None:
    data = _csv("jaar;kern;titel;aanvrager;toegekend", "2023;Zoelen;A;B;0")
    with pytest.raises(ImportFailed) as info:
        import_applications(db, CALLER, data)
    assert list(_problems(info)) == [1]
    assert "gevraagd" in _problems(info)[1]


@pytest.mark.parametrize("data", [b"", b"   \n\n", b"\xef\xbb\xbf"])
def test_an_empty_file_is_refused(db: Database, data: bytes) -> None:
    with pytest.raises(ImportFailed, match="leeg"):
        import_applications(db, CALLER, data)


def test_a_header_without_lines_is_refused(db: Database) -> None:
    with pytest.raises(ImportFailed, match="geen aanvragen"):
        import_applications(db, CALLER, _csv(HEADER))


# -- line numbers after quoted newlines ----------------------------------------------------


def test_line_numbers_are_spreadsheet_rows_after_a_multiline_field(db: Database) -> None:
    data = _csv(
        HEADER,  # 1
        '2023;Zoelen;"Bankjes; tafels";Dorpsbelangen;750;750;gehonoreerd;14-06-2023',  # 2
        '2023;Ingen;"Moestuin',  # 3: a title over three lines (refused: titles are one line)
        "met twee regels",  # still row 3, as the spreadsheet shows it
        'uitleg";Werkgroep Groen;500;;;',  # still row 3
        "2023;Atlantis;Feest;Iemand;500;;;",  # 4
        "2023;Buren;Feest;Iemand;veel geld;;;",  # 5
    )
    with pytest.raises(ImportFailed) as info:
        import_applications(db, CALLER, data)
    problems = _problems(info)
    assert sorted(problems) == [3, 4, 5]
    assert "titel" in problems[3]
    assert "Atlantis" in problems[4]
    assert "gevraagd" in problems[5]


def test_read_csv_numbers_records_as_spreadsheet_rows() -> None:
    data = _csv(
        "a;b",  # 1
        '"een\r\ntwee";x',  # row 2 (two lines in the file)
        "",  # row 3, empty
        '"drie;vier";"vijf',  # row 4
        'zes"',  # still row 4
        "zeven;acht",  # row 5
    )
    lines = read_csv(data, ["a", "b"])
    assert [(line.number, line.values) for line in lines] == [
        (2, {"a": "een\r\ntwee", "b": "x"}),
        (4, {"a": "drie;vier", "b": "vijf\nzes"}),
        (5, {"a": "zeven", "b": "acht"}),
    ]


# -- all or nothing ------------------------------------------------------------------------


def test_every_bad_line_is_listed_and_nothing_is_stored(db: Database) -> None:
    set_budget_year(db, CALLER, BudgetYearInput(year="2023", budget="50.000"))
    add_application(
        db,
        CALLER,
        ApplicationInput(year="2023", kern="Asch", title="Er al", applicant="X", requested="10"),
    )
    data = _csv(
        HEADER,  # 1
        "2023;Zoelen;Goed;Dorpsbelangen;750;750;gehonoreerd;14-06-2023",  # 2
        "2023;Ingen;Te weinig velden;500",  # 3
        "2023;Atlantis;Onbekende kern;Iemand;500;;;",  # 4
        "2023;Buren;Raar bedrag;Iemand;zeven;;;",  # 5
        "2023;Maurik;Rare datum;Iemand;500;0;afgewezen;31-02-2023",  # 6
        "2023;Lienden;Boven maximum;Iemand;1.000;800;gehonoreerd;14-06-2023",  # 7
        "2023;Aalst;Ook goed;Iemand;500;;;",  # 8
        "2023;Asch;Te veel;velden;500;;;;extra",  # 9
    )
    before = (count(db, "applications"), count(db, "audit_log"))
    with pytest.raises(ImportFailed) as info:
        import_applications(db, CALLER, data)
    problems = _problems(info)
    assert sorted(problems) == [3, 4, 5, 6, 7, 9]
    assert "4 velden, verwacht 8" in problems[3]
    assert "kern" in problems[4]
    assert "gevraagd" in problems[5]
    assert "besluitdatum" in problems[6]
    assert "toegekend" in problems[7]
    assert "maximum" in problems[7]
    assert "9 velden" in problems[9]
    assert str(info.value).splitlines()[0].startswith("regel 3:")
    assert (count(db, "applications"), count(db, "audit_log")) == before


def test_a_file_with_only_field_count_errors_lists_them_all(db: Database) -> None:
    data = _csv(HEADER, "2023;Ingen", "2023;Zoelen;A;B;500;;;", "1;2;3")
    with pytest.raises(ImportFailed) as info:
        import_applications(db, CALLER, data)
    assert sorted(_problems(info)) == [2, 4]
    assert count(db, "applications") == 0


def test_importing_the_same_file_twice_is_refused(db: Database) -> None:
    data = _csv(
        HEADER,
        "2023;Zoelen;Bankjes;Dorpsbelangen Zoelen;750;750;gehonoreerd;14-06-2023",
        "2023;Ingen;Moestuin;Werkgroep Groen;500;;;",
    )
    import_applications(db, CALLER, data)
    before = (count(db, "applications"), count(db, "audit_log"))
    with pytest.raises(ImportFailed) as info:
        import_applications(db, CALLER, data)
    problems = _problems(info)
    assert sorted(problems) == [2, 3]
    assert all("staat al in het overzicht" in m for m in problems.values())
    assert (count(db, "applications"), count(db, "audit_log")) == before


def test_a_line_repeated_inside_one_file_is_refused(db: Database) -> None:
    data = _csv(
        HEADER,
        "2023;Zoelen;Bankjes;Dorpsbelangen;750;;;",
        "2023;Ingen;Iets anders;Dorpsbelangen;750;;;",
        "2023;zoelen;BANKJES;dorpsbelangen;500;;;",
    )
    with pytest.raises(ImportFailed) as info:
        import_applications(db, CALLER, data)
    assert _problems(info) == {4: "herhaalt regel 2"}
    assert count(db, "applications") == 0


def test_progress_is_reported_up_to_the_total(db: Database) -> None:
    calls: list[tuple[int, int]] = []
    data = _csv(HEADER, "2023;Zoelen;A;B;500;;;", "2023;Ingen;C;D;500;;;")
    import_applications(db, CALLER, data, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (4, 4)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


# -- export --------------------------------------------------------------------------------


@pytest.fixture
def filled(db: Database) -> Database:
    set_budget_year(db, CALLER, BudgetYearInput(year="2023", budget="50.000"))
    for values in (
        {"kern": "Zoelen", "title": "=SOM(A1:A3)", "applicant": "+31 Groep",
         "requested": "1.234,50", "granted": "750", "status": "gehonoreerd",
         "decision_date": "14-06-2023"},
        {"kern": "Kerk-Avezaath", "title": "Bankjes; tafels", "applicant": 'De "Zon"',
         "requested": "400"},
        {"kern": "Ingen", "title": "'=al gequote", "applicant": "Coördinatie",
         "requested": "0,05", "status": "ingetrokken", "decision_date": "01-02-2023"},
        {"kern": "Buren", "title": "Verschoven", "applicant": "X", "requested": "900",
         "status": "doorgeschoven", "decision_date": "01-10-2023", "year": "2022"},
    ):  # fmt: skip
        add_application(db, CALLER, ApplicationInput(**{"year": "2023", **values}))
    return db


def test_export_is_what_dutch_excel_expects(filled: Database) -> None:
    data = export_applications(filled, SYSTEM)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8")
    assert text.startswith(";".join(HEADERS) + "\r\n")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")
    assert lines[0].split(";") == list(HEADERS)
    assert lines[-1] == ""
    by_kern = {line.split(";")[1]: line for line in lines[1:-1]}
    assert by_kern["Zoelen"].split(";") == [
        "2023",
        "Zoelen",
        "'=SOM(A1:A3)",
        "'+31 Groep",
        "1234,50",
        "750,00",
        "gehonoreerd",
        "14-06-2023",
    ]
    assert by_kern["Kerk-Avezaath"] == (
        '2023;Kerk-Avezaath;"Bankjes; tafels";"De ""Zon""";400,00;0,00;in behandeling;'
    )
    assert (
        by_kern["Ingen"] == "2023;Ingen;''=al gequote;Coördinatie;0,05;0,00;ingetrokken;01-02-2023"
    )
    assert by_kern["Buren"] == "2022;Buren;Verschoven;X;900,00;0,00;doorgeschoven;01-10-2023"


def test_export_of_one_year(filled: Database) -> None:
    text = export_applications(filled, SYSTEM, 2022)[3:].decode("utf-8")
    assert text.count("\r\n") == 2
    assert "Verschoven" in text
    assert "Zoelen" not in text


def test_export_then_import_into_a_fresh_database_round_trips(
    filled: Database, tmp_path: Path
) -> None:
    data = export_applications(filled, SYSTEM)
    with Database(tmp_path / "nieuw.db") as fresh:
        seed_kernen(fresh, CALLER)
        report = import_applications(fresh, CALLER, data)
        assert report.imported == 4
        assert report.years == [2022, 2023]
        assert _rows(fresh) == _rows(filled)
        titles = {a.title for a in list_applications(fresh)}
        assert "=SOM(A1:A3)" in titles
        assert "'=al gequote" in titles
        # And a second export is byte for byte the first.
        assert export_applications(fresh, SYSTEM) == data


def test_exported_applications_keep_their_order(filled: Database) -> None:
    exported = export_applications(filled, SYSTEM)[3:].decode("utf-8").split("\r\n")[1:-1]
    stored: list[Application] = list(reversed(list_applications(filled)))
    assert [line.split(";")[1] for line in exported] == [a.kern_name for a in stored]
