"""Editing fixes: an agenda only for pilot kernen, a removed item put back (logged), and
history rows that carry their old value."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import run
from kernagenda_support import (
    COORDINATOR,
    KernId,
    agenda_with_items,
    make_pilots,
    pilot_kernen,  # noqa: F401  (every kern a pilot)
    regisseur,
)

from festival.core.errors import InvalidInput
from festival.store import audit
from festival.store.database import Database
from kernagenda.domain.agendas import agenda_for_kern, create_agenda
from kernagenda.domain.importing import import_items
from kernagenda.domain.item_edits import remove_item, restore_item
from kernagenda.domain.items import get_item, list_items
from kernagenda.domain.progress import add_progress, item_history


def test_only_a_pilot_kern_gets_an_agenda(
    db: Database, db_path: Path, kern_id: KernId, capsys: pytest.CaptureFixture[str]
) -> None:
    make_pilots(db, "Zoelen")
    with pytest.raises(InvalidInput, match="Maurik is geen pilotkern"):
        create_agenda(db, COORDINATOR, kern_id("Maurik"), "eerste versie")
    data = b"thema;onderwerp;omschrijving;prioriteit;trekker;status;streefdatum\nWonen;A;;;;;\n"
    with pytest.raises(InvalidInput, match="geen pilotkern"):
        import_items(db, COORDINATOR, kern_id("Maurik"), data)
    args = ["--db", str(db_path), "set", "Maurik", "--versie", "eerste versie"]
    assert run(args, prog="kernagenda") == 1
    assert "Maurik is geen pilotkern" in capsys.readouterr().err
    assert agenda_for_kern(db, kern_id("Maurik")) is None
    create_agenda(db, COORDINATOR, kern_id("Zoelen"), "eerste versie")  # a pilot: fine


def test_a_removed_item_is_put_back_and_that_is_logged(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    hofje = next(i for i in list_items(db, agenda.id) if i.title == "Seniorenhofje")
    remove_item(db, karin, hofje.id, "Dubbel met het hofje van de kerk")
    assert hofje.id not in {i.id for i in list_items(db, agenda.id)}
    back = restore_item(db, karin, hofje.id)
    assert back.removed_at is None and back.id in {i.id for i in list_items(db, agenda.id)}
    # It left its rank when removed; it comes back as overig, the others keep theirs.
    assert back.rank is None
    last = item_history(db, hofje.id)[-1]
    assert (last.field, last.old, last.new) == (
        "teruggezet",
        "verwijderd: Dubbel met het hofje van de kerk",
        "Seniorenhofje",
    )
    assert audit.entries(db, limit=1)[0].action == "agendapunt teruggezet"
    with pytest.raises(InvalidInput, match="staat al op de agenda"):
        restore_item(db, karin, hofje.id)
    assert get_item(db, hofje.id).removed_reason is None


def test_a_progress_row_carries_the_note_it_follows(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    hofje = next(i for i in list_items(db, agenda.id) if i.title == "Seniorenhofje")
    add_progress(db, karin, hofje.id, "Offerte gevraagd")
    add_progress(db, karin, hofje.id, "Offerte binnen")
    rows = [(h.old, h.new) for h in item_history(db, hofje.id) if h.field == "voortgang"]
    assert rows == [(None, "Offerte gevraagd"), ("Offerte gevraagd", "Offerte binnen")]
