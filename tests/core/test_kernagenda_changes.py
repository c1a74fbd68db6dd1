"""Kernagenda domain, the later additions: removing an item, changing the agenda itself,
unlinking, what can be linked (with festival awards), overdue items and the search text."""

from __future__ import annotations

from datetime import date

import pytest
from core_support import count
from jury_support import JAN, JOKE, JULIA, OPERATOR, demo_festival, pitches, save, user
from kernagenda_support import (
    COORDINATOR,
    KernId,
    agenda_with_items,
    application,
    item,
    pilot_kernen,  # noqa: F401  (every kern a pilot)
    regisseur,
)

from festival.core.errors import InvalidInput, NotAllowed, NotFound, ValidationErrors
from festival.domain import jury
from festival.domain.allocation import locking
from festival.domain.festivals import list_festivals
from festival.store import audit
from festival.store.database import Database
from kernagenda.domain.agendas import agenda_for_kern, create_agenda, get_agenda, update_agenda
from kernagenda.domain.item_edits import (
    Conflicts,
    add_item,
    move_item,
    remove_item,
    set_status,
    update_item,
)
from kernagenda.domain.items import get_item, list_items
from kernagenda.domain.links import funded_cents, link_item, linkable, list_links, unlink_item
from kernagenda.domain.models import AgendaStatus, Item, ItemStatus, Priority
from kernagenda.domain.progress import add_progress, item_history
from kernagenda.domain.versions import compare_versions, fix_version, list_versions


def _find(db: Database, agenda_id: int, title: str) -> Item:
    return next(i for i in list_items(db, agenda_id) if i.title == title)


def _titles(db: Database, agenda_id: int) -> list[str]:
    return [i.title for i in list_items(db, agenda_id)]


# -- remove_item ---------------------------------------------------------------------------


def test_removed_item_leaves_the_list_but_stays_readable(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    hofje = _find(db, agenda.id, "Seniorenhofje")
    audit_before = count(db, "audit_log")

    removed = remove_item(db, karin, hofje.id, "  Gaat op in Starterswoningen  ")
    assert "Seniorenhofje" not in _titles(db, agenda.id)
    assert removed.removed_at is not None
    assert get_item(db, hofje.id).title == "Seniorenhofje"
    last = item_history(db, hofje.id)[-1]
    assert (last.field, last.old, last.new) == (
        "verwijderd",
        "Seniorenhofje",
        "Gaat op in Starterswoningen",
    )
    assert last.who == "Karin Regisseur"
    assert audit.entries(db, entity="agenda_item", entity_id=hofje.id)[0].action == (
        "agendapunt verwijderd"
    )
    assert count(db, "audit_log") > audit_before
    with pytest.raises(InvalidInput, match="al van de agenda gehaald"):
        remove_item(db, karin, hofje.id, "nogmaals")


def test_removing_a_speerpunt_frees_its_rank(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    hofje = _find(db, agenda.id, "Seniorenhofje")
    removed = remove_item(db, karin, hofje.id, "Niet meer nodig")
    assert (removed.priority, removed.rank) == (Priority.OTHER, None)
    # The speerpunt below moved up into the freed rank: no gap.
    assert _find(db, agenda.id, "Starterswoningen").rank == 1
    jop = add_item(db, karin, agenda.id, item("Jeugd", "JOP", priority="speerpunt"))
    assert jop.rank == 2
    assert _titles(db, agenda.id)[:2] == ["Starterswoningen", "JOP"]


def test_removed_item_can_no_longer_be_changed(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    starters = _find(db, agenda.id, "Starterswoningen")
    bankjes = application(db, kern_id("Zoelen"), "Bankjes", 10_000)
    remove_item(db, karin, starters.id, "Dubbel")
    history = len(item_history(db, starters.id))
    attempts = [
        lambda: set_status(db, karin, starters.id, "gepland"),
        lambda: add_progress(db, karin, starters.id, "toch nog iets"),
        lambda: update_item(db, karin, starters.id, starters.as_input()),
        lambda: move_item(db, karin, starters.id, -1),
        lambda: link_item(db, karin, starters.id, "aanvraag", bankjes),
    ]
    for attempt in attempts:
        with pytest.raises(InvalidInput, match="van de agenda gehaald"):
            attempt()
    assert len(item_history(db, starters.id)) == history
    assert get_item(db, starters.id).status is ItemStatus.IDEA


def test_removing_from_a_fixed_agenda_starts_the_next_concept(
    db: Database, kern_id: KernId
) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    first = fix_version(db, karin, agenda.id)
    trap = _find(db, agenda.id, "Trapveldje opknappen")
    remove_item(db, karin, trap.id, "Gemeente pakt het op")
    current = get_agenda(db, agenda.id)
    assert (current.status, current.version_label) == (
        AgendaStatus.CONCEPT,
        "eerste versie 2024 +1",
    )
    assert compare_versions(db, first.id).removed == ["Trapveldje opknappen"]


def test_removing_needs_the_right_kern_and_a_reason(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    hofje = _find(db, agenda.id, "Seniorenhofje")
    ingen_only = regisseur(kern_id, "Ingen", name="Ingrid Regisseur")
    audit_before = count(db, "audit_log")
    with pytest.raises(NotAllowed, match="Zoelen"):
        remove_item(db, ingen_only, hofje.id, "weg ermee")
    with pytest.raises(InvalidInput, match="Reden is verplicht"):
        remove_item(db, karin, hofje.id, "   ")
    assert "Seniorenhofje" in _titles(db, agenda.id)
    assert get_item(db, hofje.id).rank == 1
    assert count(db, "audit_log") == audit_before


# -- update_agenda -------------------------------------------------------------------------


def test_update_agenda_stores_and_audits_the_changes(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = create_agenda(db, karin, kern_id("Zoelen"), "eerste versie", period="2024")
    changed = update_agenda(
        db,
        karin,
        agenda.id,
        version_label="eerste versie 2025",
        period="2025-2028",
        review_date="01-06-2026",
    )
    assert get_agenda(db, agenda.id) == changed
    assert (changed.version_label, changed.period, changed.review_date) == (
        "eerste versie 2025",
        "2025-2028",
        date(2026, 6, 1),
    )
    line = audit.entries(db, entity="agenda", entity_id=agenda.id)[0]
    assert line.action == "kernagenda gewijzigd"
    assert line.before == {"version_label": "eerste versie", "period": "2024", "review_date": None}
    assert line.after == {
        "version_label": "eerste versie 2025",
        "period": "2025-2028",
        "review_date": "2026-06-01",
    }
    audit_before = count(db, "audit_log")
    update_agenda(  # nothing changes: nothing is written
        db,
        karin,
        agenda.id,
        version_label="eerste versie 2025",
        period="2025-2028",
        review_date="1-6-2026",
    )
    assert count(db, "audit_log") == audit_before
    with pytest.raises(NotAllowed):
        update_agenda(
            db,
            regisseur(kern_id, "Ingen", name="Ingrid Regisseur"),
            agenda.id,
            version_label="van Ingen",
            period="",
            review_date="",
        )


def test_a_fixed_version_keeps_its_name(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    fix_version(db, karin, agenda.id)
    with pytest.raises(ValidationErrors) as caught:
        update_agenda(
            db, karin, agenda.id, version_label="tweede versie", period="2024-2027", review_date=""
        )
    assert set(caught.value.errors) == {"version_label"}
    assert "vastgesteld" in caught.value.errors["version_label"]
    assert get_agenda(db, agenda.id).version_label == "eerste versie 2024"


def test_update_agenda_reports_every_bad_field_in_dutch(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = create_agenda(db, karin, kern_id("Zoelen"), "eerste versie")
    with pytest.raises(ValidationErrors) as caught:
        update_agenda(
            db, karin, agenda.id, version_label=" ", period="2025", review_date="31-02-2026"
        )
    errors = caught.value.errors
    assert set(errors) == {"version_label", "review_date"}
    assert errors["version_label"] == "Versie is verplicht."
    assert errors["review_date"] == "'31-02-2026' bestaat niet als datum."
    with pytest.raises(ValidationErrors, match="is geen datum"):
        update_agenda(
            db, karin, agenda.id, version_label="eerste versie", period="", review_date="morgen"
        )
    assert get_agenda(db, agenda.id) == agenda


# -- unlink_item and linkable --------------------------------------------------------------


def test_unlink_removes_the_link_with_history(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    hofje = _find(db, agenda.id, "Seniorenhofje")
    bankjes = application(db, kern_id("Zoelen"), "Bankjes hofje", 50_000)
    tuin = application(db, kern_id("Zoelen"), "Tuin hofje", 20_000)
    link_item(db, karin, hofje.id, "aanvraag", bankjes)
    link_item(db, karin, hofje.id, "aanvraag", tuin)

    links = unlink_item(db, karin, hofje.id, "aanvraag", bankjes)
    assert [link.target_id for link in links] == [tuin]
    assert funded_cents(list_links(db, hofje.id)) == 20_000
    last = item_history(db, hofje.id)[-1]
    assert (last.field, last.old, last.new) == (
        "koppeling",
        f"aanvraag {bankjes}: Bankjes hofje",
        None,
    )
    with pytest.raises(NotFound, match="niet aan dit agendapunt gekoppeld"):
        unlink_item(db, karin, hofje.id, "aanvraag", bankjes)
    with pytest.raises(NotFound):
        unlink_item(db, karin, hofje.id, "initiatief", tuin)  # same id, other kind
    with pytest.raises(InvalidInput, match="Onbekende koppeling"):
        unlink_item(db, karin, hofje.id, "subsidie", tuin)
    with pytest.raises(NotAllowed):
        unlink_item(db, regisseur(kern_id, "Ingen"), hofje.id, "aanvraag", tuin)
    assert [link.target_id for link in list_links(db, hofje.id)] == [tuin]


def test_linkable_is_the_own_kern_minus_what_is_linked(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    hofje = _find(db, agenda.id, "Seniorenhofje")
    bankjes = application(db, kern_id("Zoelen"), "Bankjes hofje", 50_000)
    tuin = application(db, kern_id("Zoelen"), "Tuin hofje", 0)
    application(db, kern_id("Ingen"), "Ingen speeltuin", 10_000)

    found = linkable(db, hofje.id)
    assert [(link.kind, link.target_id) for link in found] == [
        ("aanvraag", bankjes),
        ("aanvraag", tuin),
    ]
    assert (found[0].requested_cents, found[0].granted_cents) == (80_000, 50_000)
    link_item(db, karin, hofje.id, "aanvraag", bankjes)
    assert [link.target_id for link in linkable(db, hofje.id)] == [tuin]
    # One grant funds one item: linked to the hofje, it is not offered to another item.
    starters = _find(db, agenda.id, "Starterswoningen")
    assert {link.target_id for link in linkable(db, starters.id)} == {tuin}


def _lock_demo_allocation(db: Database) -> dict[int, int]:
    """Score every pitch, lock the jury and the allocation; initiative id -> awarded cents."""
    fid = demo_festival(db)
    festival = next(f for f in list_festivals(db) if f.id == fid)
    criteria = jury.list_criteria(db, fid)
    for rank, initiative in enumerate(pitches(db, fid)):
        for juror in (JULIA, JAN, JOKE):
            save(db, fid, juror, initiative, {c.id: max(1, 10 - rank) for c in criteria})
    jury.lock(db, OPERATOR, fid)
    locked = locking.lock_allocation(db, user(db, "Carla Coördinator"), festival)
    decisions = locked.record.decisions
    assert isinstance(decisions, list)
    return {int(d.candidate_id): int(d.amount) for d in decisions}


def test_linkable_initiatives_show_the_festival_award_once_locked(demo_db: Database) -> None:
    first_pitch = pitches(demo_db, demo_festival(demo_db))[0]  # scored highest below: funded
    kern = int(demo_db.scalar("SELECT kern_id FROM initiatives WHERE id = ?", (first_pitch,)))
    rows = demo_db.fetchall("SELECT id FROM initiatives WHERE kern_id = ?", (kern,))
    own = {int(r["id"]) for r in rows}
    agenda = agenda_for_kern(demo_db, kern) or create_agenda(
        demo_db, COORDINATOR, kern, "eerste versie"
    )
    plan = add_item(demo_db, COORDINATOR, agenda.id, item("Wonen", "Dorpsplein"))

    before = [link for link in linkable(demo_db, plan.id) if link.kind == "initiatief"]
    assert {link.target_id for link in before} == own  # no other kern's initiatives
    assert all(link.granted_cents is None for link in before)
    assert all(link.status.endswith(": nog niet verdeeld") for link in before)

    awards = _lock_demo_allocation(demo_db)
    assert awards[first_pitch] > 0
    after = [link for link in linkable(demo_db, plan.id) if link.kind == "initiatief"]
    assert {link.target_id for link in after} == own
    for link in after:
        amount = awards.get(link.target_id)  # None: not a candidate of the allocation
        assert link.granted_cents == amount
        expected = {None: "nog niet verdeeld", 0: "niet toegekend"}.get(amount, "toegekend")
        assert link.status.endswith(f": {expected}")
    link_item(demo_db, COORDINATOR, plan.id, "initiatief", first_pitch)
    assert funded_cents(list_links(demo_db, plan.id)) == awards[first_pitch]
    assert first_pitch not in {link.target_id for link in linkable(demo_db, plan.id)}


# -- Item.is_overdue and Item.search_text --------------------------------------------------


def test_overdue_means_a_passed_target_with_open_work(db: Database, kern_id: KernId) -> None:
    agenda = create_agenda(db, COORDINATOR, kern_id("Zoelen"), "eerste versie")
    base = add_item(db, COORDINATOR, agenda.id, item("Wonen", "Hofje", target_date="30-06-2025"))
    today = date(2025, 7, 1)
    for status in ("idee", "gepland", "in uitvoering"):
        assert base.model_copy(update={"status": ItemStatus(status)}).is_overdue(today)
    for status in ("afgerond", "geparkeerd", "niet haalbaar"):
        assert not base.model_copy(update={"status": ItemStatus(status)}).is_overdue(today)
    assert not base.is_overdue(date(2025, 6, 30))  # the target day itself is not late
    assert not base.is_overdue(date(2025, 1, 1))
    assert not base.model_copy(update={"target_date": None}).is_overdue(today)


def test_search_text_folds_accents_and_case(db: Database, kern_id: KernId) -> None:
    agenda = create_agenda(db, COORDINATOR, kern_id("Zoelen"), "eerste versie")
    cafe = add_item(
        db,
        COORDINATOR,
        agenda.id,
        item("Jeugd", "Dorpscafé De Zwaan", partners="Stichting Zoë", status="gepland"),
    )
    text = cafe.search_text()
    assert "dorpscafe de zwaan" in text
    assert "stichting zoe" in text
    assert "jeugd" in text and "gepland" in text
    assert "é" not in text and "Dorps" not in text
    assert "bakkerij" not in text


def test_moving_records_the_old_rank_in_the_history(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    starters = _find(db, agenda.id, "Starterswoningen")
    hofje = _find(db, agenda.id, "Seniorenhofje")
    move_item(db, karin, starters.id, -1)
    moved = item_history(db, starters.id)[-1]
    other = item_history(db, hofje.id)[-1]
    assert (moved.field, moved.old, moved.new) == ("rank", "2", "1")
    assert (other.field, other.old, other.new) == ("rank", "1", "2")


# -- later fixes: import into a fixed agenda, a note that keeps the status -------------------


def test_import_into_a_fixed_agenda_starts_the_next_concept(db: Database, kern_id: KernId) -> None:
    from kernagenda.domain.importing import import_items

    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    fix_version(db, karin, agenda.id)
    csv = (
        b"thema;onderwerp;omschrijving;prioriteit;trekker;status;streefdatum\n"
        b"Jeugd;Skatebaan;;overig;inwoners;idee;\n"
    )
    import_items(db, karin, kern_id("Zoelen"), csv)
    after = get_agenda(db, agenda.id)
    assert after.status is AgendaStatus.CONCEPT
    assert after.version_label == "eerste versie 2024 +1"
    comparison = compare_versions(db, list_versions(db, agenda.id)[-1].id)
    assert comparison.added == ["Skatebaan"]


def test_progress_with_the_current_status_is_a_note_not_a_change(
    db: Database, kern_id: KernId
) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    hofje = _find(db, agenda.id, "Seniorenhofje")
    update = add_progress(db, karin, hofje.id, "Nog steeds een idee", new_status="idee")
    assert (update.old_status, update.new_status) == (None, None)
    assert [h.field for h in item_history(db, hofje.id)].count("status") == 0


# -- two people editing the same item --------------------------------------------------------


def test_an_edit_keeps_what_another_terminal_changed_meanwhile(
    db: Database, kern_id: KernId
) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    loaded = _find(db, agenda.id, "Seniorenhofje")  # Karin opens the form
    form = loaded.as_input()
    update_item(  # meanwhile the coordinator changes other fields
        db,
        COORDINATOR,
        loaded.id,
        loaded.as_input().model_copy(update={"desired_result": "Tien woningen", "budget": "3.000"}),
    )
    stored = update_item(
        db, karin, loaded.id, form.model_copy(update={"title": "Hofje"}), loaded=loaded
    )
    assert stored.title == "Hofje"
    assert stored.desired_result == "Tien woningen" and stored.budget_cents == 300_000


def test_a_field_both_changed_is_listed_and_the_rest_saved(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    loaded = _find(db, agenda.id, "Seniorenhofje")
    update_item(
        db, COORDINATOR, loaded.id, loaded.as_input().model_copy(update={"budget": "3.000"})
    )
    with pytest.raises(ValidationErrors) as refused:
        update_item(
            db,
            karin,
            loaded.id,
            loaded.as_input().model_copy(update={"budget": "500", "title": "Hofje"}),
            loaded=loaded,
        )
    message = refused.value.errors["budget_cents"].replace("\xa0", " ")
    assert "Intussen gewijzigd door een ander: nu € 3.000,00" in message
    assert "Uw andere wijzigingen zijn bewaard" in message
    assert list(refused.value.errors) == ["budget_cents"]  # only the clash is listed
    stored = get_item(db, loaded.id)
    # The title, which nobody else touched, is saved; the budget stays the other user's.
    assert (stored.title, stored.budget_cents) == ("Hofje", 300_000)
    assert isinstance(refused.value, Conflicts) and refused.value.item == stored
    # Saving again from the form as it now stands puts the user's value over the other one.
    again = update_item(
        db,
        karin,
        stored.id,
        stored.as_input().model_copy(update={"budget": "500"}),
        loaded=refused.value.item,
    )
    assert again.budget_cents == 50_000


def test_a_speerpunt_made_overig_gives_up_its_rank(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    first = _find(db, agenda.id, "Seniorenhofje")
    assert first.rank == 1
    form = first.as_input().model_copy(update={"priority": "overig"})
    stored = update_item(db, karin, first.id, form, loaded=first)
    assert (stored.priority, stored.rank) == (Priority.OTHER, None)
    again = update_item(
        db, karin, first.id, stored.as_input().model_copy(update={"priority": "speerpunt"})
    )
    # Starterswoningen moved up into the freed place; "speerpunt" alone goes after it.
    assert _find(db, agenda.id, "Starterswoningen").rank == 1
    assert again.rank == 2


def test_one_application_funds_one_item(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    hofje = _find(db, agenda.id, "Seniorenhofje")
    starters = _find(db, agenda.id, "Starterswoningen")
    grant = application(db, kern_id("Zoelen"), "Bankjes", 50_000)
    link_item(db, karin, hofje.id, "aanvraag", grant)
    with pytest.raises(InvalidInput, match="al gekoppeld aan 'Seniorenhofje'"):
        link_item(db, karin, starters.id, "aanvraag", grant)
    assert funded_cents(list_links(db, starters.id)) == 0
    unlink_item(db, karin, hofje.id, "aanvraag", grant)
    assert [link.target_id for link in link_item(db, karin, starters.id, "aanvraag", grant)] == [
        grant
    ]
