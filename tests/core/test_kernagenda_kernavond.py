"""Kernavond mode: ideas typed during the evening keep their source and date; triage merges
into an item, makes a new item, or parks with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import run
from kernagenda_support import (
    KernId,
    agenda_with_items,
    pilot_kernen,  # noqa: F401  (every kern a pilot)
    regisseur,
)

from festival.core.errors import InvalidInput, NotAllowed
from festival.store import audit
from festival.store.database import Database
from kernagenda.domain.documents import export_document
from kernagenda.domain.items import list_items
from kernagenda.domain.kernavond import (
    add_idea,
    idea_to_item,
    list_ideas,
    merge_idea,
    park_idea,
)
from kernagenda.domain.models import Agenda
from kernagenda.domain.progress import list_progress


@pytest.fixture
def zoelen(db: Database, kern_id: KernId) -> Agenda:
    return agenda_with_items(db, regisseur(kern_id, "Zoelen"), kern_id("Zoelen"))


def test_ideas_are_typed_with_source_and_date(
    db: Database, kern_id: KernId, zoelen: Agenda
) -> None:
    karin = regisseur(kern_id, "Zoelen")
    idea = add_idea(db, karin, zoelen.id, "Bankje bij de kerk", evening="12-11-2026")
    assert (idea.source, idea.theme, idea.outcome) == (
        "uit de kernavond van 12-11-2026",
        "",
        "open",
    )
    add_idea(db, karin, zoelen.id, "Speeltuin opknappen", theme="Jeugd", evening="12-11-2026")
    assert [i.text for i in list_ideas(db, zoelen.id, open_only=True)] == [
        "Bankje bij de kerk",
        "Speeltuin opknappen",
    ]
    with pytest.raises(InvalidInput):
        add_idea(db, karin, zoelen.id, "   ")
    with pytest.raises(NotAllowed):
        add_idea(db, regisseur(kern_id, "Ingen", name="Koen"), zoelen.id, "Iets")


def test_triage_merge_new_and_park(db: Database, kern_id: KernId, zoelen: Agenda) -> None:
    karin = regisseur(kern_id, "Zoelen")
    bench, play, party = (
        add_idea(db, karin, zoelen.id, text, theme=theme, evening="12-11-2026")
        for text, theme in (
            ("Bankje bij het hofje", ""),
            ("Speeltuin opknappen", "Jeugd"),
            ("Elke week een dorpsfeest", ""),
        )
    )
    hofje = next(i for i in list_items(db, zoelen.id) if i.title == "Seniorenhofje")
    before = len(list_items(db, zoelen.id))

    merge_idea(db, karin, bench.id, hofje.id)
    note = list_progress(db, hofje.id)[-1]
    assert note.text == "Uit de kernavond van 12-11-2026: Bankje bij het hofje"
    assert not note.public

    item = idea_to_item(db, karin, play.id)
    assert (item.title, item.theme, item.source, item.status.value) == (
        "Speeltuin opknappen",
        "Jeugd",
        "uit de kernavond van 12-11-2026",
        "idee",
    )
    assert len(list_items(db, zoelen.id)) == before + 1
    text = export_document(db, kern_id("Zoelen"), "md").decode()
    assert "- **Bron:** uit de kernavond van 12-11-2026" in text

    with pytest.raises(InvalidInput, match="Kies een thema"):
        idea_to_item(db, karin, party.id)  # no theme typed, none chosen
    park_idea(db, karin, party.id, "Te groot voor de agenda; doorverwezen naar de dorpsraad")
    outcomes = {i.text: (i.outcome, i.item_id) for i in list_ideas(db, zoelen.id)}
    assert outcomes == {
        "Bankje bij het hofje": ("samengevoegd", hofje.id),
        "Speeltuin opknappen": ("nieuw agendapunt", item.id),
        "Elke week een dorpsfeest": ("geparkeerd", None),
    }
    assert list_ideas(db, zoelen.id, open_only=True) == []
    with pytest.raises(InvalidInput, match="al verwerkt"):
        park_idea(db, karin, bench.id, "nogmaals")
    assert audit.entries(db, limit=1)[0].action == "idee verwerkt"


def test_kernavond_from_the_command_line(
    db: Database, db_path: Path, zoelen: Agenda, capsys: pytest.CaptureFixture[str]
) -> None:
    kg = ["--db", str(db_path)]
    assert (
        run(
            [*kg, "idee", "Zoelen", "Glasbak verplaatsen", "--avond", "12-11-2026"],
            prog="kernagenda",
        )
        == 0
    )
    assert "genoteerd (uit de kernavond van 12-11-2026)" in capsys.readouterr().out
    (idea,) = list_ideas(db, zoelen.id)
    assert run([*kg, "ideeen", "Zoelen"], prog="kernagenda") == 0
    assert "Glasbak verplaatsen" in capsys.readouterr().out
    args = [*kg, "verwerk", str(idea.id), "--nieuw", "--thema", "Groen & openbare ruimte"]
    assert run(args, prog="kernagenda") == 0
    assert "(uit de kernavond van 12-11-2026)" in capsys.readouterr().out
    assert run([*kg, "ideeen", "Zoelen"], prog="kernagenda") == 0
    assert "Geen ideeën om te verwerken." in capsys.readouterr().out
