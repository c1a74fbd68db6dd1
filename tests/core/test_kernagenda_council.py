"""The council report on a hand-checked agenda: speerpunten with their last public progress,
what is late, what changed since the fixed version, and budgets per source."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from cli_support import run
from kernagenda_support import (
    KernId,
    agenda_with_items,
    application,
    item,
    make_pilots,
    pilot_kernen,  # noqa: F401  (every kern a pilot)
    regisseur,
)

from festival.store.database import Database
from kernagenda.domain.council_report import council_report, report_document
from kernagenda.domain.documents import render
from kernagenda.domain.item_edits import add_item, remove_item, set_status, update_item
from kernagenda.domain.items import list_items
from kernagenda.domain.links import link_item
from kernagenda.domain.progress import add_progress
from kernagenda.domain.versions import fix_version


@pytest.fixture
def pilots(db: Database, kern_id: KernId) -> None:
    """Ingen (no agenda) and Zoelen, whose agenda is checked by hand below.

    Zoelen: Seniorenhofje (speerpunt 1, € 1.000 leefbaarheidsbudget, an application granted
    € 750, overdue), Starterswoningen (speerpunt 2, € 5.000 regulier, finished after the fixed
    version), Trapveldje (€ 250 festival, removed after the version), Aanbod inventariseren
    (overdue, overig), and Skatebaan added after the version.
    """
    make_pilots(db, "Ingen", "Zoelen")
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    items = {i.title: i for i in list_items(db, agenda.id)}
    late = (date.today() - timedelta(days=30)).strftime("%d-%m-%Y")
    edits = {
        "Seniorenhofje": {
            "budget": "1.000,00",
            "budget_source": "leefbaarheidsbudget",
            "target_date": late,
        },
        "Starterswoningen": {"budget": "5000", "budget_source": "regulier"},
        "Trapveldje opknappen": {"budget": "250", "budget_source": "festival"},
        "Aanbod inventariseren": {"target_date": late},
    }
    for title, fields in edits.items():
        current = items[title]
        update_item(db, karin, current.id, current.as_input().model_copy(update=fields))
    hofje = items["Seniorenhofje"]
    granted = application(db, kern_id("Zoelen"), "Bankjes bij het hofje", 75_000)
    link_item(db, karin, hofje.id, "aanvraag", granted)
    add_progress(db, karin, hofje.id, "Locatie gevonden. Bouw in het voorjaar.", public=True)
    add_progress(db, karin, hofje.id, "Intern: de aannemer is duur.")
    fix_version(db, karin, agenda.id)
    add_item(db, karin, agenda.id, item("Jeugd", "Skatebaan"))
    for status in ("gepland", "in uitvoering", "afgerond"):
        set_status(db, karin, items["Starterswoningen"].id, status)
    remove_item(db, karin, items["Trapveldje opknappen"].id, "Gaat op in de skatebaan")


@pytest.mark.usefixtures("pilots")
def test_the_figures_of_a_hand_checked_agenda(db: Database) -> None:
    ingen, zoelen = council_report(db, since_version=True)
    assert ingen.kern == "Ingen" and ingen.version == "nog geen kernagenda"
    assert [(s.rank, s.title, s.status) for s in zoelen.spearheads] == [
        (1, "Seniorenhofje", "idee"),
        (2, "Starterswoningen", "afgerond"),
    ]
    # The first sentence of the last public note; the internal note stays out.
    assert zoelen.spearheads[0].progress.endswith(": Locatie gevonden.")
    assert zoelen.spearheads[1].progress == "Nog geen voortgang gemeld."
    # Speerpunten first among the overdue items.
    assert [line.split(" (")[0] for line in zoelen.overdue] == [
        "Seniorenhofje",
        "Aanbod inventariseren",
    ]
    assert zoelen.since == "versie 'eerste versie 2024'"
    assert zoelen.progress.added == ["Skatebaan"]
    assert zoelen.progress.finished == ["Starterswoningen"]
    assert zoelen.progress.removed == ["Trapveldje opknappen"]
    assert [(b.source, b.items, b.budget_cents, b.funded_cents) for b in zoelen.budgets] == [
        ("leefbaarheidsbudget", 1, 100_000, 75_000),
        ("regulier", 1, 500_000, 0),
    ]  # the removed Trapveldje's festival budget no longer counts


@pytest.mark.usefixtures("pilots")
def test_the_letter_reads_in_the_order_of_a_raadsinformatiebrief(db: Database) -> None:
    doc = report_document(db, council_report(db, since_version=True), date(2026, 12, 7))
    text = render(doc, "md").decode()
    order = [
        "Aan de leden van de raad",
        "Raadsinformatiebrief voortgang kernagenda's",
        "Gemeente Buren, 7 december 2026",
        "Geachte leden van de raad,",
        "kernagenda's in Ingen en Zoelen",
        "## Kernagenda Ingen",
        "Ingen heeft nog geen kernagenda.",
        "## Kernagenda Zoelen",
        "telt 4 agendapunten, waarvan 2 speerpunten. Afgerond: 1; in uitvoering: 0; gepland: 0.",
        "### Speerpunten",
        "1. Seniorenhofje (idee).",
        "2. Starterswoningen (afgerond). Nog geen voortgang gemeld.",
        "### Wat loopt achter",
        "- Seniorenhofje (streefdatum",
        "### Wat is er veranderd sinds versie 'eerste versie 2024'",
        "- **Nieuw:** Skatebaan",
        "- **Afgerond:** Starterswoningen",
        "- **Van de agenda gehaald:** Trapveldje opknappen",
        "### Budget",
        "- **Leefbaarheidsbudget:** begroot € 1.000,00 voor 1 agendapunt(en), toegekend € 750,00",
        "- **Regulier:** begroot € 5.000,00 voor 1 agendapunt(en)\n",
        "In totaal is € 6.000,00 begroot en € 750,00 toegekend",
        "Met vriendelijke groet,",
        "burgemeester en wethouders van Buren,",
    ]
    position = 0
    for part in order:
        found = text.replace("\xa0", " ").find(part, position)
        assert found >= 0, part
        position = found
    assert "aannemer is duur" not in text


@pytest.mark.usefixtures("pilots")
def test_the_report_as_word_and_pdf_carries_the_same_figures(db: Database) -> None:
    from docx import Document

    doc = report_document(db, council_report(db, since_version=True))
    word = Document(io.BytesIO(render(doc, "docx")))
    paragraphs = [p.text.replace("\xa0", " ") for p in word.paragraphs]
    assert paragraphs[0] == "Aan de leden van de raad"
    assert "Kernagenda Zoelen" in paragraphs
    assert any("toegekend € 750,00" in p for p in paragraphs)
    styles = {p.text: p.style.name for p in word.paragraphs}
    assert styles["Kernagenda Zoelen"] == "Heading 1"
    pdf = pdfium.PdfDocument(render(doc, "pdf"))
    text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "toegekend € 750,00" in " ".join(text.replace("\xa0", " ").split())


@pytest.mark.usefixtures("pilots")
def test_progress_writes_the_report_from_the_command_line(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "raad.docx"
    args = ["--db", str(db_path), "progress", "--sinds-versie", "--format", "docx"]
    assert run([*args, "--out", str(target)], prog="kernagenda") == 0
    assert target.read_bytes().startswith(b"PK")  # a Word file is a zip
    assert target.stat().st_mode & 0o777 == 0o600
    args = ["--db", str(db_path), "progress", "--since", "01-01-2020", "--format", "md"]
    assert run(args, prog="kernagenda") == 0
    assert "Wat is er veranderd sinds 1 januari 2020" in capsys.readouterr().out
