"""Import fixes: a second import skips what exists, the app's own column names are headers,
unknown columns are reported (and kept as an internal note when asked), common status words."""

from __future__ import annotations

import pytest
from kernagenda_support import (
    KernId,
    agenda_with_items,
    pilot_kernen,  # noqa: F401  (every kern a pilot)
    regisseur,
)

from festival.store.database import Database
from kernagenda.domain.documents import export_document
from kernagenda.domain.importing import describe_report, import_items
from kernagenda.domain.items import list_items
from kernagenda.domain.progress import list_progress

APP_HEADER = (
    "Thema;Onderwerp;Knelpunt/wens;Gewenst resultaat;Prioriteit;Trekker;Status;Streefdatum;"
    "Besproken met inwoners;Rol gemeente\n"
)


def test_a_second_import_skips_existing_subjects_and_lists_them(
    db: Database, kern_id: KernId
) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))  # has Seniorenhofje
    before = len(list_items(db, agenda.id))
    data = (
        "thema;onderwerp;omschrijving;prioriteit;trekker;status;streefdatum\n"
        "Wonen;  seniorenhofje ;;overig;samen;gepland;\n"  # the same subject, other case
        "Jeugd;Café voor jongeren;;overig;inwoners;idee;\n"
        "Jeugd;cafe voor Jongeren;;overig;inwoners;idee;\n"  # twice in the file: once
    ).encode()
    report = import_items(db, karin, kern_id("Zoelen"), data)
    assert (report.imported, report.skipped) == (1, ["seniorenhofje", "cafe voor Jongeren"])
    assert len(list_items(db, agenda.id)) == before + 1
    again = import_items(db, karin, kern_id("Zoelen"), data)
    assert (again.imported, len(again.skipped)) == (0, 3)
    assert describe_report(again).startswith(
        "0 agendapunten geïmporteerd. 3 stonden al op de agenda en zijn overgeslagen: "
    )
    assert len(list_items(db, agenda.id)) == before + 1


def test_the_column_names_the_app_shows_are_accepted(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    data = (
        APP_HEADER + "Wonen;Hofje;Te weinig woningen;Tien woningen;speerpunt 1;samen;"
        "nog niet gestart;31-12-2027;01-02-2026;faciliteren\n"
    ).encode()
    report = import_items(db, karin, kern_id("Zoelen"), data)
    (hofje,) = list_items(db, report.agenda_id)
    assert (hofje.problem, hofje.desired_result) == ("Te weinig woningen", "Tien woningen")
    assert hofje.status.value == "gepland"
    assert hofje.last_discussed is not None and hofje.last_discussed.isoformat() == "2026-02-01"
    assert hofje.municipality_role.value == "faciliteren"
    assert report.unknown_columns == []


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("nog niet gestart", "gepland"),
        ("Niet gestart", "gepland"),
        ("te doen", "gepland"),
        ("in behandeling", "in uitvoering"),
        ("Voltooid", "afgerond"),
        ("opgeschort", "geparkeerd"),
        ("gestopt", "niet haalbaar"),
        ("voorstel", "idee"),
    ],
)
def test_common_status_words_map(db: Database, kern_id: KernId, word: str, status: str) -> None:
    karin = regisseur(kern_id, "Zoelen")
    data = (
        "thema;onderwerp;omschrijving;prioriteit;trekker;status;streefdatum\n"
        f"Wonen;Hofje;;overig;samen;{word};\n"
    ).encode()
    report = import_items(db, karin, kern_id("Zoelen"), data)
    assert list_items(db, report.agenda_id)[0].status.value == status


UNKNOWN = (
    b"Nr.;thema;onderwerp;omschrijving;prioriteit;trekker;status;streefdatum;Opmerkingen\n"
    b"12;Wonen;Hofje;;overig;samen;gepland;;Bel j.jansen(at)hotmail.com eerst\n"
    b"13;Jeugd;JOP;;overig;inwoners;idee;;\n"
)


def test_unknown_columns_are_reported(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    report = import_items(db, karin, kern_id("Zoelen"), UNKNOWN)
    assert report.unknown_columns == ["Nr.", "Opmerkingen"]
    assert not report.kept_unknown
    assert "Onbekende kolommen niet ingelezen: Nr., Opmerkingen." in describe_report(report)
    assert all(not list_progress(db, i.id) for i in list_items(db, report.agenda_id))


def test_unknown_columns_kept_as_an_internal_note_when_asked(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    report = import_items(db, karin, kern_id("Zoelen"), UNKNOWN, keep_unknown=True)
    assert report.kept_unknown
    items = {i.title: i for i in list_items(db, report.agenda_id)}
    (note,) = list_progress(db, items["Hofje"].id)
    assert note.text == "Uit de import: Nr.: 12; Opmerkingen: Bel j.jansen(at)hotmail.com eerst"
    assert not note.public
    (jop,) = list_progress(db, items["JOP"].id)
    assert jop.text == "Uit de import: Nr.: 13"
    # Kept, never published.
    text = export_document(db, kern_id("Zoelen"), "md").decode()
    assert "hotmail" not in text and "Uit de import" not in text
