"""The demo kernagenda's of the pilot kernen: what a first look at the kernagenda relies on."""

from __future__ import annotations

from datetime import date

import pytest
from kernagenda_support import DESK

from festival.core.errors import NotAllowed
from festival.store.database import Database
from kernagenda.domain.agendas import list_agendas
from kernagenda.domain.demo_agenda import DEMO_REGISSEUR, fill_demo_agendas
from kernagenda.domain.items import list_items
from kernagenda.domain.links import list_links
from kernagenda.domain.models import Agenda, AgendaStatus, ItemStatus, Priority
from kernagenda.domain.progress import item_history, list_progress
from kernagenda.domain.versions import compare_versions, list_versions

PILOTS = ("Ingen", "Zoelen")
#: A day after every demo target date that is meant to be overdue.
LATER = date(2026, 11, 28)


def agenda_of(db: Database, kern: str) -> Agenda:
    agenda = next((a for a in list_agendas(db) if a.kern_name == kern), None)
    assert agenda is not None, f"{kern} heeft geen demo-kernagenda"
    return agenda


@pytest.mark.parametrize("kern", PILOTS)
def test_each_pilot_kern_has_a_village_scale_agenda(demo_db: Database, kern: str) -> None:
    agenda = agenda_of(demo_db, kern)
    items = list_items(demo_db, agenda.id)
    assert 10 <= len(items) <= 14
    assert agenda.period == "2025-2028"
    assert agenda.review_date is not None and agenda.review_date.year == 2027
    assert len({i.theme for i in items}) >= 5
    assert {i.status for i in items} >= {
        ItemStatus.IDEA,
        ItemStatus.PLANNED,
        ItemStatus.IN_PROGRESS,
        ItemStatus.DONE,
        ItemStatus.PARKED,
    }
    assert all(i.kernregisseur == DEMO_REGISSEUR for i in items)


@pytest.mark.parametrize("kern", PILOTS)
def test_speerpunten_come_first_in_rank_order(demo_db: Database, kern: str) -> None:
    items = list_items(demo_db, agenda_of(demo_db, kern).id)
    spearheads = [i for i in items if i.priority is Priority.SPEARHEAD]
    assert 3 <= len(spearheads) <= 4
    assert [i.rank for i in spearheads] == list(range(1, len(spearheads) + 1))
    assert items[: len(spearheads)] == spearheads


@pytest.mark.parametrize("kern", PILOTS)
def test_an_open_item_is_overdue(demo_db: Database, kern: str) -> None:
    items = list_items(demo_db, agenda_of(demo_db, kern).id)
    overdue = [i for i in items if i.is_overdue(LATER)]
    assert overdue
    assert all(i.status in (ItemStatus.PLANNED, ItemStatus.IN_PROGRESS) for i in overdue)
    # Overdue on the real date too, whenever the demo is run.
    assert any(i.is_overdue(date.today()) for i in overdue)


@pytest.mark.parametrize("kern", PILOTS)
def test_progress_updates_some_with_a_status_change_and_in_the_history(
    demo_db: Database, kern: str
) -> None:
    items = list_items(demo_db, agenda_of(demo_db, kern).id)
    updates = [u for i in items for u in list_progress(demo_db, i.id)]
    assert updates
    assert all(u.who == DEMO_REGISSEUR for u in updates)
    changed = [u for u in updates if u.new_status and u.new_status != u.old_status]
    assert changed
    moved = next(i for i in items if i.id == changed[0].item_id)
    fields = [h.field for h in item_history(demo_db, moved.id)]
    assert fields[0] == "aangemaakt"
    assert "voortgang" in fields and "status" in fields


@pytest.mark.parametrize("kern", PILOTS)
def test_items_link_an_application_and_an_initiative_of_the_same_kern(
    demo_db: Database, kern: str
) -> None:
    agenda = agenda_of(demo_db, kern)
    links = [link for i in list_items(demo_db, agenda.id) for link in list_links(demo_db, i.id)]
    assert {link.kind for link in links} == {"aanvraag", "initiatief"}
    for link in links:
        table = "applications" if link.kind == "aanvraag" else "initiatives"
        owner = demo_db.scalar(f"SELECT kern_id FROM {table} WHERE id = ?", (link.target_id,))
        assert owner == agenda.kern_id


def test_ingen_is_fixed_and_unchanged_since(demo_db: Database) -> None:
    agenda = agenda_of(demo_db, "Ingen")
    assert agenda.status is AgendaStatus.FIXED
    assert agenda.version_label == "eerste versie 2025"
    (version,) = list_versions(demo_db, agenda.id)
    comparison = compare_versions(demo_db, version.id)
    assert comparison.added == comparison.removed == []
    assert comparison.changed == []


def test_zoelen_is_a_new_concept_after_its_fixed_version(demo_db: Database) -> None:
    agenda = agenda_of(demo_db, "Zoelen")
    assert agenda.status is AgendaStatus.CONCEPT
    assert agenda.version_label == "eerste versie 2025 +1"
    (version,) = list_versions(demo_db, agenda.id)
    assert version.version_label == "eerste versie 2025"
    assert version.frozen_by == DEMO_REGISSEUR
    comparison = compare_versions(demo_db, version.id)
    assert comparison.added and comparison.removed and comparison.changed
    removed = demo_db.fetchone(
        "SELECT removed_reason FROM agenda_items WHERE agenda_id = ? AND removed_at IS NOT NULL",
        (agenda.id,),
    )
    assert removed is not None and removed["removed_reason"]


def test_the_demo_agendas_are_made_by_the_demo_kernregisseur(demo_db: Database) -> None:
    whos = {r["who"] for r in demo_db.fetchall("SELECT DISTINCT who FROM item_history")}
    assert whos == {DEMO_REGISSEUR}
    actors = demo_db.fetchall(
        "SELECT DISTINCT a.actor, u.role FROM audit_log a JOIN users u ON u.id = a.user_id"
        " WHERE a.entity IN ('agenda', 'agenda_item')"
    )
    assert [(r["actor"], r["role"]) for r in actors] == [(DEMO_REGISSEUR, "kernregisseur")]


def test_filling_the_demo_agendas_asks_the_caller(db: Database) -> None:
    # The demo hook passes its caller on: one who may not make the pilots' agendas is refused
    # before anything is written.
    with pytest.raises(NotAllowed, match="maakt deze agenda"):
        fill_demo_agendas(db, DESK)
    assert list_agendas(db) == []
