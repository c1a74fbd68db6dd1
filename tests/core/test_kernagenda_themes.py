"""Kernagenda themes as an editable list: rename (with the items), remove, reorder."""

from __future__ import annotations

import pytest
from core_support import count
from kernagenda_support import (
    COORDINATOR,
    DESK,
    KernId,
    agenda_with_items,
    make_pilots,
    pilot_kernen,  # noqa: F401  (every kern a pilot)
    regisseur,
)

from festival.core.errors import InvalidInput, NotAllowed, NotFound
from festival.store import audit
from festival.store.database import Database
from kernagenda.domain.agendas import get_agenda
from kernagenda.domain.item_edits import remove_item
from kernagenda.domain.items import get_item, list_items
from kernagenda.domain.models import AgendaStatus
from kernagenda.domain.permissions import may_manage_themes
from kernagenda.domain.progress import item_history
from kernagenda.domain.themes import (
    add_theme,
    list_theme_use,
    list_themes,
    move_theme,
    remove_theme,
    rename_theme,
    theme_removal_problem,
)
from kernagenda.domain.versions import fix_version, get_version

SEEDED = [
    "Wonen",
    "Verkeer & veiligheid",
    "Voorzieningen",
    "Groen & openbare ruimte",
    "Ontmoeting & verenigingen",
    "Jeugd",
    "Zorg & welzijn",
    "Duurzaamheid",
]


def _themes_of(db: Database, agenda_id: int) -> dict[str, str]:
    return {i.title: i.theme for i in list_items(db, agenda_id)}


def test_rename_renames_the_items_with_history_and_a_fixed_agenda_becomes_concept(
    db: Database, kern_id: KernId
) -> None:
    karin = regisseur(kern_id, "Zoelen", "Ingen")
    zoelen = agenda_with_items(db, karin, kern_id("Zoelen"))
    ingen = agenda_with_items(db, karin, kern_id("Ingen"))
    trapveld = next(i for i in list_items(db, zoelen.id) if i.theme == "Jeugd")
    removed = remove_item(db, karin, trapveld.id, "Gaat niet door")
    version = fix_version(db, karin, zoelen.id)
    fix_version(db, karin, ingen.id)
    assert get_agenda(db, zoelen.id).status is AgendaStatus.FIXED
    assert get_agenda(db, ingen.id).status is AgendaStatus.FIXED
    theme_audit_before = len(audit.entries(db, entity="agenda_theme"))

    assert rename_theme(db, karin, "wonen", "  Wonen & bouwen ") == "Wonen & bouwen"

    themes = list_themes(db)
    assert themes[0] == "Wonen & bouwen" and "Wonen" not in themes
    assert _themes_of(db, zoelen.id) == {
        "Seniorenhofje": "Wonen & bouwen",
        "Starterswoningen": "Wonen & bouwen",
        "Aanbod inventariseren": "Wonen & bouwen",
    }
    # Every renamed item says so in its history, with who did it.
    for renamed in list_items(db, zoelen.id):
        last = item_history(db, renamed.id)[-1]
        assert (last.field, last.old, last.new, last.who) == (
            "theme",
            "Wonen",
            "Wonen & bouwen",
            "Karin Regisseur",
        )
    # Both fixed agendas had items with the theme: each is now the next concept.
    after = get_agenda(db, zoelen.id)
    assert after.status is AgendaStatus.CONCEPT
    assert after.version_label == "eerste versie 2024 +1"
    assert get_agenda(db, ingen.id).status is AgendaStatus.CONCEPT
    # The fixed version keeps the old name; a removed item is read only and keeps its own.
    assert {i["theme"] for i in get_version(db, version.id).items} == {"Wonen"}
    assert get_item(db, removed.id).theme == "Jeugd"
    # One audit line for the theme itself.
    theme_lines = audit.entries(db, entity="agenda_theme")
    assert len(theme_lines) == theme_audit_before + 1
    assert theme_lines[0].action == "thema hernoemd"
    assert theme_lines[0].before == {"name": "Wonen"}
    assert theme_lines[0].after == {"name": "Wonen & bouwen", "agendapunten": 6}


def test_rename_of_an_unused_theme_touches_no_agenda(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    fix_version(db, karin, agenda.id)
    history_before = count(db, "item_history")
    rename_theme(db, COORDINATOR, "Duurzaamheid", "Klimaat & energie")
    assert list_themes(db)[-1] == "Klimaat & energie"
    assert count(db, "item_history") == history_before
    assert get_agenda(db, agenda.id).status is AgendaStatus.FIXED


def test_rename_to_an_existing_name_is_refused(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    with pytest.raises(InvalidInput, match="Het thema 'Wonen' bestaat al") as refused:
        rename_theme(db, karin, "Jeugd", "wonen")
    assert refused.value.field == "theme"
    with pytest.raises(InvalidInput, match="Het thema 'Zorg & welzijn' bestaat al"):
        rename_theme(db, karin, "Jeugd", "zorg & WÉLZIJN")
    with pytest.raises(InvalidInput, match="verplicht"):
        rename_theme(db, karin, "Jeugd", "   ")
    with pytest.raises(NotFound):
        rename_theme(db, karin, "Sport", "Sport & spel")
    assert list_themes(db) == SEEDED
    assert _themes_of(db, agenda.id)["Trapveldje opknappen"] == "Jeugd"


def test_rename_may_change_only_the_case(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    assert rename_theme(db, karin, "Jeugd", "JEUGD") == "JEUGD"
    assert "JEUGD" in list_themes(db)
    assert _themes_of(db, agenda.id)["Trapveldje opknappen"] == "JEUGD"
    # The same name again changes nothing and writes nothing.
    history_before = count(db, "item_history")
    rename_theme(db, karin, "JEUGD", "JEUGD")
    assert count(db, "item_history") == history_before


def test_remove_is_refused_while_items_use_the_theme(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    message = (
        "Het thema 'Wonen' wordt nog gebruikt door 3 agendapunten; geef die eerst een ander thema."
    )
    assert theme_removal_problem(db, "Wonen") == message
    with pytest.raises(InvalidInput) as refused:
        remove_theme(db, karin, "Wonen")
    assert refused.value.message == message
    with pytest.raises(InvalidInput, match="door 1 agendapunt;"):
        remove_theme(db, karin, "Jeugd")
    assert list_themes(db) == SEEDED

    # Once its only item is off the agenda, the theme may go.
    trapveld = next(i for i in list_items(db, agenda.id) if i.theme == "Jeugd")
    remove_item(db, karin, trapveld.id, "Gaat niet door")
    assert theme_removal_problem(db, "Jeugd") is None
    remove_theme(db, karin, "jeugd")
    assert "Jeugd" not in list_themes(db)
    assert audit.entries(db, entity="agenda_theme")[0].action == "thema verwijderd"
    assert "bestaat niet" in (theme_removal_problem(db, "Jeugd") or "")
    with pytest.raises(NotFound):
        remove_theme(db, karin, "Jeugd")


def test_the_last_theme_cannot_be_removed(db: Database) -> None:
    for name in SEEDED[1:]:
        remove_theme(db, COORDINATOR, name)
    assert list_themes(db) == ["Wonen"]
    with pytest.raises(InvalidInput, match="het laatste"):
        remove_theme(db, COORDINATOR, "Wonen")
    assert list_themes(db) == ["Wonen"]


def test_move_changes_the_order(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    move_theme(db, karin, "Jeugd", -1)
    move_theme(db, karin, "Jeugd", -1)
    assert list_themes(db)[3:6] == [
        "Jeugd",
        "Groen & openbare ruimte",
        "Ontmoeting & verenigingen",
    ]
    move_theme(db, karin, "Wonen", 1)
    assert list_themes(db)[:2] == ["Verkeer & veiligheid", "Wonen"]
    # At either end nothing changes.
    move_theme(db, karin, "Verkeer & veiligheid", -1)
    move_theme(db, karin, "Duurzaamheid", 1)
    assert list_themes(db)[0] == "Verkeer & veiligheid"
    assert list_themes(db)[-1] == "Duurzaamheid"
    assert [t.name for t in list_theme_use(db)] == list_themes(db)
    assert audit.entries(db, entity="agenda_theme")[0].action == "thema verplaatst"


def test_move_copes_with_equal_positions(db: Database) -> None:
    with db.write(COORDINATOR.actor) as tx:
        tx.execute("UPDATE agenda_themes SET position = 0")
    move_theme(db, COORDINATOR, "Jeugd", 1)
    themes = list_themes(db)
    assert themes.index("Zorg & welzijn") + 1 == themes.index("Jeugd")
    assert len(themes) == len(SEEDED)


def test_theme_use_counts_the_items_on_an_agenda(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    use = {t.name: t.items for t in list_theme_use(db)}
    assert use["Wonen"] == 3 and use["Jeugd"] == 1 and use["Duurzaamheid"] == 0
    hofje = next(i for i in list_items(db, agenda.id) if i.title == "Seniorenhofje")
    remove_item(db, karin, hofje.id, "Gaat op in Starterswoningen")
    assert {t.name: t.items for t in list_theme_use(db)}["Wonen"] == 2


def test_only_a_kernregisseur_or_the_coordinator_manages_themes(
    db: Database, kern_id: KernId
) -> None:
    assert not may_manage_themes(db, DESK)
    assert may_manage_themes(db, COORDINATOR)
    assert may_manage_themes(db, regisseur(kern_id, "Zoelen"))
    for change in (
        lambda: rename_theme(db, DESK, "Jeugd", "Jongeren"),
        lambda: remove_theme(db, DESK, "Duurzaamheid"),
        lambda: move_theme(db, DESK, "Jeugd", -1),
    ):
        with pytest.raises(NotAllowed, match="beheert de thema's"):
            change()
    assert list_themes(db) == SEEDED


def test_a_kernregisseur_without_a_pilot_kern_does_not_manage_themes(
    db: Database, kern_id: KernId
) -> None:
    make_pilots(db, "Zoelen")
    koen = regisseur(kern_id, "Ingen", "Maurik", name="Koen Regisseur")  # no pilot kern
    assert not may_manage_themes(db, koen)
    with pytest.raises(NotAllowed, match="kernregisseur van een pilotkern"):
        add_theme(db, koen, "Cultuur")
    assert list_themes(db) == SEEDED
    assert may_manage_themes(db, COORDINATOR)
    add_theme(db, COORDINATOR, "Cultuur")


def test_a_kernregisseur_cannot_rename_a_theme_used_in_another_kern(
    db: Database, kern_id: KernId
) -> None:
    karin = regisseur(kern_id, "Zoelen", name="Karin Regisseur")
    koen = regisseur(kern_id, "Ingen", name="Koen Regisseur")
    agenda_with_items(db, karin, kern_id("Zoelen"))
    ingen = agenda_with_items(db, koen, kern_id("Ingen"))
    with pytest.raises(NotAllowed, match="kernagenda van Zoelen"):
        rename_theme(db, koen, "Wonen", "Wonen & bouwen")
    # Nothing half-stored: the list and Ingen's own items keep the old name.
    assert "Wonen" in list_themes(db)
    assert {i.theme for i in list_items(db, ingen.id)} >= {"Wonen"}
    # The coordinator edits every kern, so may rename it.
    assert rename_theme(db, COORDINATOR, "Wonen", "Wonen & bouwen") == "Wonen & bouwen"
