"""The attention view on hand-made dates: overdue (speerpunten first), quiet for N months (a
setting), a review date that is near, and items waiting on the municipality."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from cli_support import run
from kernagenda_support import (
    COORDINATOR,
    KernId,
    agenda_with_items,
    item,
    pilot_kernen,  # noqa: F401  (every kern a pilot)
    regisseur,
)

from festival.core.errors import InvalidInput, NotAllowed
from festival.store.database import Database
from kernagenda.domain.agendas import get_agenda, update_agenda
from kernagenda.domain.attention import Signal, attention, my_agendas
from kernagenda.domain.item_edits import add_item
from kernagenda.domain.items import list_items
from kernagenda.domain.models import Agenda
from kernagenda.domain.progress import add_progress
from kernagenda.domain.settings import QUIET_MONTHS, set_setting

TODAY = date(2026, 6, 15)


@pytest.fixture
def zoelen(db: Database, kern_id: KernId) -> Agenda:
    """Zoelen's agenda, every item made on 1 March 2026 (3½ months before TODAY):

    Seniorenhofje (speerpunt 1) and Bankjes (overig) overdue since 1 June; Starterswoningen
    (speerpunt 2) with a progress note of 1 May; Lantaarns owned by the gemeente, target later;
    Aanbod inventariseren and Trapveldje with nothing; Klaar finished long ago and overdue on
    paper (a finished item never needs attention). Review date 1 July 2026."""
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    items = {i.title: i for i in list_items(db, agenda.id)}
    hofje = items["Seniorenhofje"]
    late = hofje.as_input().model_copy(update={"target_date": "01-06-2026"})
    from kernagenda.domain.item_edits import update_item

    update_item(db, karin, hofje.id, late)
    add_item(db, karin, agenda.id, item("Wonen", "Bankjes", target_date="01-06-2026"))
    add_item(
        db,
        karin,
        agenda.id,
        item("Verkeer & veiligheid", "Lantaarns", owner="gemeente", target_date="01-12-2026"),
    )
    add_item(
        db, karin, agenda.id, item("Jeugd", "Klaar", status="afgerond", target_date="01-01-2026")
    )
    starters = items["Starterswoningen"]
    add_progress(db, karin, starters.id, "Gesprek met de corporatie")
    update_agenda(
        db,
        karin,
        agenda.id,
        version_label="eerste versie 2024",
        period="2024-2027",
        review_date="01-07-2026",
    )
    with db.write(karin.actor) as tx:
        tx.execute("UPDATE agenda_items SET created_at = '2026-03-01T10:00:00+00:00'")
        tx.execute(
            "UPDATE progress_updates SET at = '2026-05-01T10:00:00+00:00' WHERE item_id = ?",
            (starters.id,),
        )
    return get_agenda(db, agenda.id)


def _lines(db: Database, agenda: Agenda) -> list[tuple[str, list[str]]]:
    return [(line.title, list(line.signals)) for line in attention(db, [agenda], TODAY)]


def test_the_attention_view_on_hand_made_dates(db: Database, zoelen: Agenda) -> None:
    assert _lines(db, zoelen) == [
        ("Kernagenda Zoelen", [Signal.REVIEW]),  # 1 July is within six weeks
        ("Seniorenhofje", [Signal.OVERDUE, Signal.QUIET]),  # a speerpunt first
        ("Bankjes", [Signal.OVERDUE, Signal.QUIET]),
        ("Aanbod inventariseren", [Signal.QUIET]),  # 3½ months: quiet at 3
        ("Lantaarns", [Signal.QUIET, Signal.MUNICIPALITY]),
        ("Trapveldje opknappen", [Signal.QUIET]),
    ]  # Starterswoningen had progress on 1 May; Klaar is finished


def test_quiet_follows_the_setting(db: Database, zoelen: Agenda) -> None:
    set_setting(db, COORDINATOR, QUIET_MONTHS, "4")
    assert _lines(db, zoelen) == [
        ("Kernagenda Zoelen", [Signal.REVIEW]),
        ("Seniorenhofje", [Signal.OVERDUE]),
        ("Bankjes", [Signal.OVERDUE]),
        ("Lantaarns", [Signal.MUNICIPALITY]),
    ]
    set_setting(db, COORDINATOR, QUIET_MONTHS, "1")  # 15 May: now the 1 May note is old too
    titles = [title for title, signals in _lines(db, zoelen) if Signal.QUIET in signals]
    assert "Starterswoningen" in titles


def test_settings_are_the_coordinators_and_checked(
    db: Database, kern_id: KernId, zoelen: Agenda
) -> None:
    with pytest.raises(NotAllowed):
        set_setting(db, regisseur(kern_id, "Zoelen"), QUIET_MONTHS, "6")
    with pytest.raises(InvalidInput):
        set_setting(db, COORDINATOR, QUIET_MONTHS, "drie")
    with pytest.raises(InvalidInput):
        set_setting(db, COORDINATOR, "onbekend", "1")


def test_my_kernen_are_the_kernregisseurs_own(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda_with_items(db, COORDINATOR, kern_id("Zoelen"))
    agenda_with_items(db, COORDINATOR, kern_id("Ingen"))
    assert [a.kern_name for a in my_agendas(db, karin)] == ["Zoelen"]
    assert [a.kern_name for a in my_agendas(db, COORDINATOR)] == ["Ingen", "Zoelen"]


def test_attention_from_the_command_line(
    db: Database, db_path: Path, zoelen: Agenda, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["--db", str(db_path), "attention", "--kern", "Zoelen"], prog="kernagenda") == 0
    out = capsys.readouterr().out
    assert out.startswith("Zoelen: ")
    assert "speerpunt 1 · Seniorenhofje  [verlopen" in out
    assert run(["--db", str(db_path), "instelling", "stil_maanden", "5"], prog="kernagenda") == 0
    assert "stil_maanden = 5" in capsys.readouterr().out
