"""Kernagenda edge cases found in review: huge ranks, an import that fails half-way, the
contact details taken out of documents, the progress date, ranks after a removal, the history
of an unlinked item, the new import columns and the list of removed items."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from typing import Any

import pytest
from core_support import count
from kernagenda_support import (
    COORDINATOR,
    KernId,
    agenda_with_items,
    item,
    pilot_kernen,  # noqa: F401  (every kern a pilot)
    regisseur,
)

from festival.core.csv_io import ImportFailed
from festival.core.errors import InvalidInput, NotAllowed, ValidationErrors
from festival.domain.roles import User
from festival.store.database import Database
from kernagenda.domain import importing
from kernagenda.domain.agendas import agenda_for_kern, create_agenda, get_agenda
from kernagenda.domain.documents import export_markdown, public_text
from kernagenda.domain.item_edits import add_item, remove_item, update_item
from kernagenda.domain.items import get_item, list_items, list_removed_items
from kernagenda.domain.links import link_item, unlink_item
from kernagenda.domain.models import (
    Agenda,
    BudgetSource,
    Item,
    ItemDraft,
    ItemInput,
    ItemKind,
    ItemStatus,
    MunicipalityRole,
    Owner,
    Priority,
)
from kernagenda.domain.progress import add_progress, item_history
from kernagenda.domain.themes import list_themes
from kernagenda.domain.validation import parse_priority, validate_item

HEADER = "thema;onderwerp;omschrijving;prioriteit;trekker;status;streefdatum"


def _items(db: Database, agenda_id: int) -> dict[str, Item]:
    return {i.title: i for i in list_items(db, agenda_id)}


# -- speerpunt ranks -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "speerpunt 99999999999999999999",
        "1000",
        "speerpunt 0",
        pytest.param("9" * 5000, id="5000 nines"),  # int() itself refuses over 4300 digits
        pytest.param("0" * 5000, id="5000 zeros"),
    ],
)
def test_kernagenda_rank_outside_1_to_999_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_priority(text)
    assert refused.value.message == "Een speerpunt heeft een rang van 1 tot en met 999."
    assert refused.value.field == "priority"


@pytest.mark.parametrize(
    ("text", "rank"), [("speerpunt 999", 999), ("007", 7), (" Speerpunt  1 ", 1)]
)
def test_kernagenda_rank_up_to_999_is_read(text: str, rank: int) -> None:
    assert parse_priority(text) == (Priority.SPEARHEAD, rank)


def test_kernagenda_huge_rank_is_a_form_error_not_a_crash(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = create_agenda(db, karin, kern_id("Zoelen"), "eerste versie")
    with pytest.raises(ValidationErrors) as refused:
        add_item(
            db,
            karin,
            agenda.id,
            item("Wonen", "Te hoog", priority="speerpunt 99999999999999999999"),
        )
    assert "1 tot en met 999" in refused.value.errors["priority"]
    data = f"{HEADER}\nWonen;Te hoog;;speerpunt 99999999999999999999;;;\n".encode()
    with pytest.raises(ImportFailed) as failed:
        importing.import_items(db, karin, kern_id("Zoelen"), data)
    assert [p.line for p in failed.value.problems] == [2]
    assert "prioriteit: Een speerpunt heeft een rang van 1 tot en met 999." in str(
        failed.value.problems[0]
    )
    assert count(db, "agenda_items") == 0


# -- import: all or nothing, also for a new agenda -----------------------------------------


def _three_lines() -> bytes:
    return (
        f"{HEADER}\n"
        "Wonen;Hofje;;speerpunt 1;;;\n"
        "Wonen;Starters;;speerpunt 2;;;\n"
        "Jeugd;JOP;;overig;;;\n"
    ).encode()


def test_kernagenda_import_failing_half_way_leaves_no_agenda(
    db: Database, kern_id: KernId, monkeypatch: pytest.MonkeyPatch
) -> None:
    karin = regisseur(kern_id, "Zoelen")
    real_insert = importing.insert_item
    calls: list[int] = []

    def insert_then_fail(tx: Any, agenda_id: int, draft: ItemDraft) -> int:
        calls.append(agenda_id)
        if len(calls) == 2:
            raise sqlite3.OperationalError("disk I/O error")
        return real_insert(tx, agenda_id, draft)

    monkeypatch.setattr(importing, "insert_item", insert_then_fail)
    audit_before = count(db, "audit_log")
    with pytest.raises(sqlite3.OperationalError):
        importing.import_items(db, karin, kern_id("Zoelen"), _three_lines())
    assert len(calls) == 2
    assert agenda_for_kern(db, kern_id("Zoelen")) is None
    assert count(db, "agendas") == 0
    assert count(db, "agenda_items") == 0
    assert count(db, "item_history") == 0
    assert count(db, "audit_log") == audit_before

    # The same file imports fine afterwards, agenda and items together.
    monkeypatch.undo()
    report = importing.import_items(db, karin, kern_id("Zoelen"), _three_lines())
    assert report.imported == 3
    assert get_agenda(db, report.agenda_id).version_label.startswith("eerste versie")


def test_kernagenda_import_refuses_when_an_agenda_appeared_meanwhile(
    db: Database, kern_id: KernId, monkeypatch: pytest.MonkeyPatch
) -> None:
    karin = regisseur(kern_id, "Zoelen")
    made = create_agenda(db, karin, kern_id("Zoelen"), "door een ander gemaakt")
    real_find = importing.agenda_for_kern
    answers = iter([None])

    def first_none(db_or_tx: Any, kern: int) -> Agenda | None:
        # The first look (before checking the lines) saw no agenda yet.
        return next(answers, real_find(db_or_tx, kern))

    monkeypatch.setattr(importing, "agenda_for_kern", first_none)
    with pytest.raises(ImportFailed, match="intussen"):
        importing.import_items(db, karin, kern_id("Zoelen"), _three_lines())
    assert count(db, "agendas") == 1
    assert list_items(db, made.id) == []


def test_kernagenda_import_for_a_new_agenda_needs_the_right_kern(
    db: Database, kern_id: KernId
) -> None:
    ingen_only = regisseur(kern_id, "Ingen", name="Ingrid Regisseur")
    with pytest.raises(NotAllowed, match="Zoelen"):
        importing.import_items(db, ingen_only, kern_id("Zoelen"), _three_lines())
    assert count(db, "agendas") == 0


def test_kernagenda_import_reports_progress(db: Database, kern_id: KernId) -> None:
    seen: list[tuple[int, int]] = []
    importing.import_items(
        db,
        COORDINATOR,
        kern_id("Zoelen"),
        _three_lines(),
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen == [(n, 6) for n in range(1, 7)]


# -- import: the optional columns ----------------------------------------------------------


def test_kernagenda_import_reads_the_optional_columns(db: Database, kern_id: KernId) -> None:
    data = (
        f"{HEADER};partners;rol gemeente;kernregisseur;haalbaarheid;besproken\n"
        "Wonen;Hofje;;speerpunt 1;samen;;;Woonstichting, dorpsraad;faciliteren;"
        "Karin;Goed haalbaar;12-03-2025\n"
        "Jeugd;JOP;;overig;;;;;;;;\n"
    ).encode()
    report = importing.import_items(db, COORDINATOR, kern_id("Zoelen"), data)
    items = _items(db, report.agenda_id)
    hofje = items["Hofje"]
    assert hofje.partners == "Woonstichting, dorpsraad"
    assert hofje.municipality_role is MunicipalityRole.FACILITATE
    assert hofje.kernregisseur == "Karin"
    assert hofje.feasibility == "Goed haalbaar"
    assert str(hofje.last_discussed) == "2025-03-12"
    jop = items["JOP"]  # empty cells: the defaults of a new item
    assert jop.municipality_role is MunicipalityRole.INFORM
    assert (jop.partners, jop.kernregisseur, jop.feasibility, jop.last_discussed) == (
        "",
        "",
        "",
        None,
    )


def test_kernagenda_import_names_the_optional_columns_in_line_errors(
    db: Database, kern_id: KernId
) -> None:
    data = (
        f"{HEADER};rol gemeente;besproken;haalbaarheid\n"
        "Wonen;Hofje;;overig;;;;betalen;31-02-2025;ok\n"
        f"Wonen;Starters;;overig;;;;;;{'x' * 501}\n"
    ).encode()
    with pytest.raises(ImportFailed) as failed:
        importing.import_items(db, COORDINATOR, kern_id("Zoelen"), data)
    problems = {p.line: p.message for p in failed.value.problems}
    assert "rol gemeente: " in problems[2] and ". Besproken: " in problems[2]
    assert problems[3].startswith("haalbaarheid: ")
    assert "municipality_role" not in problems[2] and "last_discussed" not in problems[2]
    assert count(db, "agendas") == 0


# -- documents: contact details out, ordinary text kept ------------------------------------


@pytest.mark.parametrize(
    "phone",
    [
        "06-12345678",
        "0612345678",
        "06 12 34 56 78",
        "0344 123456",
        "0344-123 456",
        "030-123 45 67",
        "(0344) 123456",
        "(030) 1234567",
        "+31 6 12345678",
        "+31612345678",
        "+31 (0)344 123456",
        "0031 6 12345678",
        "06 - 12345678",
    ],
)
def test_kernagenda_public_text_removes_dutch_phone_numbers(phone: str) -> None:
    # Taken out without a marker, and the sentence closed around the gap.
    assert public_text(f"bel smid {phone}, graag") == "bel smid, graag"
    assert public_text(f"Woonstichting ({phone})") == "Woonstichting"


@pytest.mark.parametrize(
    "text",
    [
        "Periode 2025-2028",
        "besluit 2023-12-15",
        "besluit van 15-12-2023",
        "vergadering 05-03-2025 19:30 in het dorpshuis",
        "op 05-03-2025 14 uur",
        "van 01-12-2023 - 01-12-2024",
        "Kosten € 1.250,00 of 12500,00 euro",
        "KvK 12345678",
        "0,50 per stuk",
        "zaaknummer 123456789012",
    ],
)
def test_kernagenda_public_text_keeps_ordinary_numbers(text: str) -> None:
    assert public_text(text) == text


def test_kernagenda_public_text_removes_email_but_keeps_the_punctuation() -> None:
    text = "Mail jan@example.nl, piet.de-vries+kern@gemeente-buren.nl. Of <a@b.co.uk>; klaar"
    assert public_text(text) == "Of; klaar"
    assert public_text("a@b en 2@3.45") == "a@b en 2@3.45"


# -- documents: the date of the latest progress --------------------------------------------


@pytest.fixture
def amsterdam_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is Dutch time (UTC+1 in winter), without needing the tz database."""
    monkeypatch.setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("amsterdam_time")
def test_kernagenda_document_dates_progress_on_the_local_day(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    hofje = _items(db, agenda.id)["Seniorenhofje"]
    update_item(
        db,
        karin,
        hofje.id,
        hofje.as_input().model_copy(update={"target_date": "01-06-2026"}),
    )
    add_progress(db, karin, hofje.id, "Offerte gevraagd", public=True)
    # Written at 00:30 Dutch time on 5 March, which is still 4 March in UTC.
    with db.write(karin.actor) as tx:
        tx.execute(
            "UPDATE progress_updates SET at = ? WHERE item_id = ?",
            ("2025-03-04T23:30:00.000+00:00", hofje.id),
        )
    text = export_markdown(db, kern_id("Zoelen"))
    assert "- **Streefdatum:** 1 juni 2026" in text  # (and "later dan gepland" if open)
    assert "- **Laatste voortgang:** 5 maart 2025: Offerte gevraagd\n" in text


# -- removing a speerpunt closes the gap ---------------------------------------------------


def _three_speerpunten(db: Database, kern_id: KernId) -> tuple[User, Agenda]:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))  # 1 Seniorenhofje, 2 Starters
    add_item(db, karin, agenda.id, item("Jeugd", "JOP", priority="speerpunt 3"))
    add_item(db, karin, agenda.id, item("Jeugd", "Speeltuin", priority="speerpunt 4"))
    return karin, agenda


def _ranks(db: Database, agenda_id: int) -> list[tuple[str, int | None]]:
    return [(i.title, i.rank) for i in list_items(db, agenda_id) if i.rank is not None]


def test_kernagenda_removing_a_speerpunt_moves_the_ones_below_up(
    db: Database, kern_id: KernId
) -> None:
    karin, agenda = _three_speerpunten(db, kern_id)
    starters = _items(db, agenda.id)["Starterswoningen"]
    remove_item(db, karin, starters.id, "Dubbel")
    assert _ranks(db, agenda.id) == [("Seniorenhofje", 1), ("JOP", 2), ("Speeltuin", 3)]
    for title, old, new in (("JOP", "3", "2"), ("Speeltuin", "4", "3")):
        moved = _items(db, agenda.id)[title]
        rank_rows = [h for h in item_history(db, moved.id) if h.field == "rank"]
        assert [(h.old, h.new, h.who) for h in rank_rows] == [(old, new, "Karin Regisseur")]
    hofje = _items(db, agenda.id)["Seniorenhofje"]
    assert [h.field for h in item_history(db, hofje.id)] == ["aangemaakt"]

    # The first and the last: the numbers stay 1, 2, ... without a gap.
    remove_item(db, karin, hofje.id, "Klaar")
    assert _ranks(db, agenda.id) == [("JOP", 1), ("Speeltuin", 2)]
    remove_item(db, karin, _items(db, agenda.id)["Speeltuin"].id, "Gaat niet door")
    assert _ranks(db, agenda.id) == [("JOP", 1)]
    assert add_item(db, karin, agenda.id, item("Wonen", "Nieuw", priority="speerpunt")).rank == 2


def test_kernagenda_removing_an_overig_item_keeps_the_ranks(db: Database, kern_id: KernId) -> None:
    karin, agenda = _three_speerpunten(db, kern_id)
    before = _ranks(db, agenda.id)
    trap = _items(db, agenda.id)["Trapveldje opknappen"]
    remove_item(db, karin, trap.id, "Gemeente doet het al")
    assert _ranks(db, agenda.id) == before


# -- unlinking: the history names what was unlinked ---------------------------------------


def test_kernagenda_unlink_history_names_the_title(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    hofje = _items(db, agenda.id)["Seniorenhofje"]
    with db.write(COORDINATOR.actor) as tx:
        bankjes = tx.insert(
            "applications",
            {
                "year": 2025,
                "kern_id": kern_id("Zoelen"),
                "title": "Bankjes hofje",
                "applicant": "Dorpsraad",
                "requested_cents": 50_000,
                "granted_cents": 50_000,
                "status": "gehonoreerd",
                "created_at": "2025-01-01",
                "updated_at": "2025-01-01",
            },
        )
    link_item(db, karin, hofje.id, "aanvraag", bankjes)
    unlink_item(db, karin, hofje.id, "aanvraag", bankjes)
    linked, unlinked = [h for h in item_history(db, hofje.id) if h.field == "koppeling"]
    assert (linked.old, linked.new) == (None, f"aanvraag {bankjes}: Bankjes hofje")
    assert (unlinked.old, unlinked.new) == (f"aanvraag {bankjes}: Bankjes hofje", None)


# -- removed items -------------------------------------------------------------------------


def test_kernagenda_list_removed_items_newest_first_with_who_and_why(
    db: Database, kern_id: KernId
) -> None:
    karin, agenda = _three_speerpunten(db, kern_id)
    assert list_removed_items(db, agenda.id) == []
    items = _items(db, agenda.id)
    remove_item(db, karin, items["Seniorenhofje"].id, "  Klaar  ")
    remove_item(db, COORDINATOR, items["JOP"].id, "Gaat op in Speeltuin")
    removed = list_removed_items(db, agenda.id)
    assert [(i.title, i.removed_by, i.removed_reason) for i in removed] == [
        ("JOP", "Carla Coördinator", "Gaat op in Speeltuin"),
        ("Seniorenhofje", "Karin Regisseur", "Klaar"),
    ]
    assert all(i.removed_at is not None and i.rank is None for i in removed)
    assert get_item(db, items["JOP"].id).removed_reason == "Gaat op in Speeltuin"
    assert get_item(db, items["Speeltuin"].id).removed_by is None
    assert {i.title for i in list_items(db, agenda.id)}.isdisjoint({i.title for i in removed})


def test_line_breaks_in_a_long_text_cell_become_spaces(db: Database, kern_id: KernId) -> None:
    from kernagenda.domain.importing import import_items

    karin = regisseur(kern_id, "Zoelen")
    data = (
        b"thema;onderwerp;omschrijving;prioriteit;trekker;status;streefdatum\n"
        b'Wonen;Hofje;"Eerste regel\r\nTweede regel";overig;samen;idee;\n'
    )
    import_items(db, karin, kern_id("Zoelen"), data)
    agenda = agenda_for_kern(db, kern_id("Zoelen"))
    assert agenda is not None
    (hofje,) = list_items(db, agenda.id)
    assert hofje.problem == "Eerste regel Tweede regel"
    # A title stays one line: a break there is still refused.
    with pytest.raises(ValidationErrors) as refused:
        validate_item(ItemInput(theme="Wonen", title="Twee\nregels"), list_themes(db))
    assert "title" in refused.value.errors


# -- import: what municipalities actually write --------------------------------------------

FULL_HEADER = (
    "Thema;Onderwerp;Omschrijving;Prioriteit;Trekker;Status;Streefdatum;Soort;Budgetbron;"
    "Bron;Partners;Rol gemeente;Kernregisseur"
)


def test_kernagenda_import_reads_municipal_words(db: Database, kern_id: KernId) -> None:
    rows = [
        "Verkeer;Drempels;;speerpunt 1;Dorpsraad Zoelen;In voorbereiding;;Project;"
        "Gemeente;;;Regie;",
        "Groen;Bloemrand;;overig;Gemeente Buren;Loopt;;Activiteit;Leefbaarheid;;;;",
        "Ontmoeting;Dorpshuis;;overig;Stichting Dorpshuis;on hold;;Onderzoek;"
        "budget: Provincie Gelderland (subsidie);;Kerk;;",
        "Jeugd;JOP;;overig;Buurtvereniging Oost;Gereed;;Actie;Initiatievenfestival;"
        "dorpsavond;;;Piet",
        "Wonen;Hofje;;overig;inwoners;Vervallen;;Wens;;;;;",
        "Duurzaamheid;Zonnedak;;overig;Stichting Zon;Idee;;;fonds;;Stichting Zon;;",
    ]
    data = ("\n".join([FULL_HEADER, *rows]) + "\n").encode("cp1252")
    karin = regisseur(kern_id, "Zoelen")
    report = importing.import_items(db, karin, kern_id("Zoelen"), data)
    assert report.imported == 6
    items = _items(db, report.agenda_id)

    drempels = items["Drempels"]
    assert drempels.theme == "Verkeer & veiligheid"
    assert drempels.owner is Owner.ASSOCIATION
    assert drempels.partners == "Dorpsraad Zoelen"
    assert drempels.status is ItemStatus.PLANNED
    assert drempels.kind is ItemKind.PROJECT
    assert drempels.budget_source is BudgetSource.REGULAR
    assert drempels.municipality_role is MunicipalityRole.FACILITATE
    assert drempels.kernregisseur == "Karin Regisseur"  # the importing kernregisseur

    bloemrand = items["Bloemrand"]
    assert bloemrand.theme == "Groen & openbare ruimte"
    assert (bloemrand.owner, bloemrand.partners) == (Owner.MUNICIPALITY, "Gemeente Buren")
    assert bloemrand.status is ItemStatus.IN_PROGRESS
    assert bloemrand.kind is ItemKind.JOB
    assert bloemrand.budget_source is BudgetSource.LIVEABILITY

    dorpshuis = items["Dorpshuis"]
    assert dorpshuis.theme == "Ontmoeting & verenigingen"
    assert dorpshuis.owner is Owner.OTHER_ORG
    assert dorpshuis.partners == "Stichting Dorpshuis, Kerk"
    assert dorpshuis.status is ItemStatus.PARKED
    assert dorpshuis.kind is ItemKind.IDEA
    assert dorpshuis.budget_source is BudgetSource.FUND
    assert dorpshuis.source == "budget: Provincie Gelderland (subsidie)"

    jop = items["JOP"]
    assert (jop.owner, jop.partners) == (Owner.RESIDENTS, "Buurtvereniging Oost")
    assert jop.status is ItemStatus.DONE
    assert jop.kind is ItemKind.JOB
    assert jop.budget_source is BudgetSource.FESTIVAL
    assert jop.source == "dorpsavond"
    assert jop.kernregisseur == "Piet"  # a name in the file stays

    hofje = items["Hofje"]
    assert (hofje.owner, hofje.partners) == (Owner.RESIDENTS, "")
    assert hofje.status is ItemStatus.NOT_FEASIBLE
    assert hofje.kind is ItemKind.IDEA
    assert hofje.budget_source is BudgetSource.NONE

    zonnedak = items["Zonnedak"]  # the name is in the partners already: not twice
    assert (zonnedak.owner, zonnedak.partners) == (Owner.OTHER_ORG, "Stichting Zon")
    assert (zonnedak.budget_source, zonnedak.source) == (BudgetSource.FUND, "import")


def test_kernagenda_import_by_the_coordinator_leaves_kernregisseur_empty(
    db: Database, kern_id: KernId
) -> None:
    data = f"{HEADER}\nWonen;Hofje;;overig;;;\n".encode()
    report = importing.import_items(db, COORDINATOR, kern_id("Zoelen"), data)
    assert _items(db, report.agenda_id)["Hofje"].kernregisseur == ""


def test_kernagenda_import_still_refuses_what_it_cannot_place(
    db: Database, kern_id: KernId
) -> None:
    data = (
        f"{HEADER};rol gemeente\n"
        "Sport;Zwembad;;overig;;misschien;;betalen\n"  # no theme starts with Sport
        "Zorg en welzijn;Buurtzorg;;overig;;ooit;;\n"  # theme fine, status again unknown
        "V;Drempel;;overig;;;;\n"  # one letter: no guessing between Verkeer and Voorzieningen
    ).encode()
    with pytest.raises(ImportFailed) as failed:
        importing.import_items(db, COORDINATOR, kern_id("Zoelen"), data)
    problems = {p.line: p.message for p in failed.value.problems}
    assert sorted(problems) == [2, 3, 4]
    first = problems[2]
    # Sentences, not ".;": the label after a full stop starts with a capital.
    assert ".;" not in first
    assert first.startswith("thema: Onbekend thema 'Sport'; kies uit: Wonen, ")
    assert (
        "Duurzaamheid. Rol gemeente: Onbekende rol 'betalen'; kies uit: informeren, "
        "faciliteren, meedenken, financieren, uitvoeren. Status: Onbekende status "
        "'misschien'; kies uit: idee, "
    ) in first
    # The allowed values are listed once per field; "Zorg en welzijn" is a known theme.
    assert problems[3] == "status: Onbekende status 'ooit' (zie hierboven)."
    assert problems[4] == "thema: Onbekend thema 'V' (zie hierboven)."
    assert count(db, "agendas") == 0


def test_kernagenda_import_line_numbers_are_spreadsheet_rows(db: Database, kern_id: KernId) -> None:
    data = (
        f"{HEADER}\n"
        'Wonen;Hofje;"Eerste regel\nTweede regel\nDerde regel";overig;;;\n'
        "Wonen;Starters;;overig;;bezig;32-01-2026\n"
    ).encode()
    with pytest.raises(ImportFailed) as failed:
        importing.import_items(db, COORDINATOR, kern_id("Zoelen"), data)
    assert [p.line for p in failed.value.problems] == [3]  # row 3, though file line 5
