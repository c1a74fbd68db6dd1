"""Kernagenda domain: validation, status transitions, ranks, history, permissions, versions."""

from __future__ import annotations

import pytest
from core_support import count
from kernagenda_support import (
    COORDINATOR,
    DESK,
    KernId,
    agenda_with_items,
    application,
    item,
    pilot_kernen,  # noqa: F401  (every kern a pilot)
    regisseur,
)

from festival.core.errors import InvalidInput, NotAllowed, ValidationErrors
from festival.store.database import Database
from kernagenda.domain.agendas import create_agenda, get_agenda, next_label
from kernagenda.domain.item_edits import add_item, move_item, set_status, update_item
from kernagenda.domain.items import get_item, list_items
from kernagenda.domain.links import funded_cents, link_item
from kernagenda.domain.models import AgendaStatus, BudgetSource, Item, ItemStatus
from kernagenda.domain.progress import add_progress, item_history, list_progress
from kernagenda.domain.themes import add_theme, list_themes
from kernagenda.domain.validation import may_change_status
from kernagenda.domain.versions import compare_versions, fix_version, list_versions


def _titles(db: Database, agenda_id: int) -> list[str]:
    return [i.title for i in list_items(db, agenda_id)]


def _find(db: Database, agenda_id: int, title: str) -> Item:
    return next(i for i in list_items(db, agenda_id) if i.title == title)


def test_themes_are_seeded_and_editable(db: Database, kern_id: KernId) -> None:
    assert list_themes(db)[:2] == ["Wonen", "Verkeer & veiligheid"]
    assert len(list_themes(db)) == 8
    add_theme(db, COORDINATOR, "Cultuur")
    assert list_themes(db)[-1] == "Cultuur"
    with pytest.raises(InvalidInput, match="bestaat al"):
        add_theme(db, COORDINATOR, "wonen")
    with pytest.raises(NotAllowed):
        add_theme(db, DESK, "Sport")


def test_speerpunten_first_in_rank_order(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    assert _titles(db, agenda.id) == [
        "Seniorenhofje",
        "Starterswoningen",
        "Aanbod inventariseren",
        "Trapveldje opknappen",
    ]


def test_validation_reports_every_field_in_dutch(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = create_agenda(db, karin, kern_id("Zoelen"), "eerste versie 2024")
    bad = item(
        "Sport",
        "",
        status="bezig",
        start_date="01-06-2025",
        target_date="01-01-2025",
        budget="-5",
        owner="de buren",
    )
    with pytest.raises(ValidationErrors) as caught:
        add_item(db, karin, agenda.id, bad)
    errors = caught.value.errors
    assert set(errors) == {"theme", "title", "status", "target_date", "budget_cents", "owner"}
    assert "Onbekend thema" in errors["theme"]
    assert "vóór de startdatum" in errors["target_date"]
    assert "Onbekende status" in errors["status"]
    assert count(db, "agenda_items") == 0


def test_money_and_dates_are_parsed(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = create_agenda(db, karin, kern_id("Zoelen"), "eerste versie 2024")
    stored = add_item(
        db,
        karin,
        agenda.id,
        item(
            "Wonen", "Hofje", budget="€ 1.250,50", target_date="31-12-2025", budget_source="fonds"
        ),
    )
    assert stored.budget_cents == 125_050
    assert stored.target_date is not None and stored.target_date.year == 2025
    assert stored.budget_source is BudgetSource.FUND


def test_markup_is_kept_literally_control_characters_refused(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = create_agenda(db, karin, kern_id("Zoelen"), "eerste versie 2024")
    stored = add_item(db, karin, agenda.id, item("Wonen", "<b>[bold]Hofje</b> & *meer*"))
    assert stored.title == "<b>[bold]Hofje</b> & *meer*"
    for bad in ("Hof\x1b[31mje", "Hof\tje", "Hof\u202eje"):
        with pytest.raises(ValidationErrors) as caught:
            add_item(db, karin, agenda.id, item("Wonen", bad))
        assert "title" in caught.value.errors
    with pytest.raises(InvalidInput, match="stuurteken"):
        add_progress(db, karin, stored.id, "klaar\x00")


def test_rank_collision_is_refused(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    with pytest.raises(ValidationErrors, match="Speerpunt 1 is al 'Seniorenhofje'"):
        add_item(db, karin, agenda.id, item("Jeugd", "JOP", priority="speerpunt 1"))
    hofje = _find(db, agenda.id, "Starterswoningen")
    with pytest.raises(ValidationErrors, match="Speerpunt 1"):
        update_item(db, karin, hofje.id, hofje.as_input().model_copy(update={"priority": "1"}))
    unnumbered = add_item(db, karin, agenda.id, item("Jeugd", "JOP", priority="speerpunt"))
    assert unnumbered.rank == 3


def test_status_transitions(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    hofje = _find(db, agenda.id, "Seniorenhofje")
    with pytest.raises(InvalidInput, match="kan niet van 'idee' naar 'afgerond'"):
        set_status(db, karin, hofje.id, "afgerond")
    for status in ("gepland", "in uitvoering", "afgerond"):
        assert set_status(db, karin, hofje.id, status).status.value == status
    with pytest.raises(InvalidInput):
        set_status(db, karin, hofje.id, "gepland")  # two steps back
    # One step back puts right a status set too early, and on again.
    assert set_status(db, karin, hofje.id, "in uitvoering").status is ItemStatus.IN_PROGRESS
    assert set_status(db, karin, hofje.id, "afgerond").status is ItemStatus.DONE
    assert set_status(db, karin, hofje.id, "geparkeerd").status is ItemStatus.PARKED
    assert set_status(db, karin, hofje.id, "gepland").status is ItemStatus.PLANNED
    assert set_status(db, karin, hofje.id, "niet haalbaar").status.value == "niet haalbaar"
    with pytest.raises(InvalidInput):
        set_status(db, karin, hofje.id, "idee")
    with pytest.raises(InvalidInput, match="Onbekende status"):
        set_status(db, karin, hofje.id, "bezig")
    assert may_change_status(ItemStatus.IDEA, ItemStatus.NOT_FEASIBLE)
    assert not may_change_status(ItemStatus.NOT_FEASIBLE, ItemStatus.IDEA)


def test_update_refuses_a_skipped_status(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    hofje = _find(db, agenda.id, "Seniorenhofje")
    with pytest.raises(ValidationErrors) as caught:
        update_item(db, karin, hofje.id, hofje.as_input().model_copy(update={"status": "afgerond"}))
    assert "status" in caught.value.errors
    assert get_item(db, hofje.id).status is ItemStatus.IDEA


def test_move_up_and_down_swaps_ranks(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    starters = _find(db, agenda.id, "Starterswoningen")
    assert move_item(db, karin, starters.id, -1).rank == 1
    assert _titles(db, agenda.id)[:2] == ["Starterswoningen", "Seniorenhofje"]
    assert move_item(db, karin, starters.id, -1).rank == 1  # already on top
    move_item(db, karin, starters.id, 1)
    assert _titles(db, agenda.id)[:2] == ["Seniorenhofje", "Starterswoningen"]
    with pytest.raises(InvalidInput, match="Alleen een speerpunt"):
        move_item(db, karin, _find(db, agenda.id, "Trapveldje opknappen").id, -1)


def test_every_change_has_history_and_audit(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    hofje = _find(db, agenda.id, "Seniorenhofje")
    audit_before = count(db, "audit_log")
    changed = hofje.as_input().model_copy(
        update={"title": "Seniorenhofje De Linde", "status": "gepland", "budget": "500"}
    )
    update_item(db, karin, hofje.id, changed)
    history = item_history(db, hofje.id)
    assert history[0].field == "aangemaakt"
    by_field = {h.field: h for h in history[1:]}
    assert set(by_field) == {"title", "status", "budget_cents"}
    assert (by_field["title"].old, by_field["title"].new) == (
        "Seniorenhofje",
        "Seniorenhofje De Linde",
    )
    assert (by_field["status"].old, by_field["status"].new) == ("idee", "gepland")
    assert by_field["budget_cents"].new == "50000"
    assert all(h.who == "Karin Regisseur" and h.at for h in history)
    assert count(db, "audit_log") > audit_before
    update = add_progress(db, karin, hofje.id, "Locatie gevonden", new_status="in uitvoering")
    assert (update.old_status, update.new_status) == ("gepland", "in uitvoering")
    assert get_item(db, hofje.id).status is ItemStatus.IN_PROGRESS
    assert [p.text for p in list_progress(db, hofje.id)] == ["Locatie gevonden"]


def test_permissions(db: Database, kern_id: KernId) -> None:
    """A kernregisseur of Zoelen cannot edit Ingen; other roles only read."""
    zoelen_only = regisseur(kern_id, "Zoelen", name="Zoë Regisseur")
    ingen_regisseur = regisseur(kern_id, "Ingen")
    with pytest.raises(NotAllowed):
        create_agenda(db, zoelen_only, kern_id("Ingen"), "eerste versie 2024")
    ingen = agenda_with_items(db, ingen_regisseur, kern_id("Ingen"))
    target = _find(db, ingen.id, "Seniorenhofje")
    audit_before = count(db, "audit_log")
    attempts = [
        lambda: add_item(db, zoelen_only, ingen.id, item("Wonen", "Stiekem")),
        lambda: update_item(db, zoelen_only, target.id, target.as_input()),
        lambda: set_status(db, zoelen_only, target.id, "gepland"),
        lambda: move_item(db, zoelen_only, target.id, 1),
        lambda: add_progress(db, zoelen_only, target.id, "tekst"),
        lambda: fix_version(db, zoelen_only, ingen.id),
        lambda: set_status(db, DESK, target.id, "gepland"),
    ]
    for attempt in attempts:
        with pytest.raises(NotAllowed, match="Ingen"):
            attempt()
    assert count(db, "audit_log") == audit_before
    assert list_items(db, ingen.id)  # reading is allowed for everyone
    assert set_status(db, COORDINATOR, target.id, "gepland").status.value == "gepland"


def test_unknown_kern_is_refused(db: Database) -> None:
    with pytest.raises(InvalidInput, match="Onbekende kern"):
        create_agenda(db, COORDINATOR, 9999, "eerste versie 2024")


def test_fix_version_then_edit_makes_next_concept(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    first = fix_version(db, karin, agenda.id)
    assert first.version_label == "eerste versie 2024"
    assert len(first.items) == 4
    assert get_agenda(db, agenda.id).status is AgendaStatus.FIXED
    with pytest.raises(InvalidInput, match="al vastgesteld"):
        fix_version(db, karin, agenda.id)

    hofje = _find(db, agenda.id, "Seniorenhofje")
    set_status(db, karin, hofje.id, "gepland")
    current = get_agenda(db, agenda.id)
    assert current.status is AgendaStatus.CONCEPT
    assert current.version_label == "eerste versie 2024 +1"
    add_item(db, karin, agenda.id, item("Duurzaamheid", "Zonnedak dorpshuis"))
    trap = _find(db, agenda.id, "Trapveldje opknappen")
    with db.write(karin.actor) as tx:  # removing is rare; the comparison must still see it
        tx.execute("DELETE FROM agenda_items WHERE id = ?", (trap.id,))

    live = compare_versions(db, first.id)
    assert live.added == ["Zonnedak dorpshuis"]
    assert live.removed == ["Trapveldje opknappen"]
    assert [(c.title, [f.field for f in c.changes]) for c in live.changed] == [
        ("Seniorenhofje", ["status"])
    ]
    assert (live.changed[0].changes[0].old, live.changed[0].changes[0].new) == ("idee", "gepland")

    second = fix_version(db, karin, agenda.id)
    assert second.version_label == "eerste versie 2024 +1"
    assert compare_versions(db, first.id, second.id) == live
    assert [v.id for v in list_versions(db, agenda.id)] == [first.id, second.id]
    assert next_label("eerste versie 2024 +1") == "eerste versie 2024 +2"


def test_link_applications_of_the_same_kern(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    hofje = _find(db, agenda.id, "Seniorenhofje")
    granted = application(db, kern_id("Zoelen"), "Bankjes hofje", 50_000)
    pending = application(db, kern_id("Zoelen"), "Tuin hofje", 0)
    elsewhere = application(db, kern_id("Ingen"), "Ingen speeltuin", 10_000)
    link_item(db, karin, hofje.id, "aanvraag", granted)
    links = link_item(db, karin, hofje.id, "aanvraag", pending)
    assert [(link.title, link.status) for link in links] == [
        ("Bankjes hofje", "budget 2025: gehonoreerd"),
        ("Tuin hofje", "budget 2025: in behandeling"),
    ]
    assert funded_cents(links) == 50_000
    with pytest.raises(InvalidInput, match="al gekoppeld"):
        link_item(db, karin, hofje.id, "aanvraag", granted)
    with pytest.raises(InvalidInput, match="hoort niet bij Zoelen"):
        link_item(db, karin, hofje.id, "aanvraag", elsewhere)
    assert item_history(db, hofje.id)[-1].field == "koppeling"
