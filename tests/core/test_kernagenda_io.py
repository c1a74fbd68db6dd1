"""Kernagenda in and out: CSV import, documents (md, html, pdf) and the progress summary."""

from __future__ import annotations

from datetime import date, timedelta

import pypdfium2 as pdfium
import pytest
from core_support import count
from kernagenda_support import (
    KernId,
    agenda_with_items,
    item,
    make_pilots,
    pilot_kernen,  # noqa: F401  (every kern a pilot)
    regisseur,
)

from festival.core.csv_io import ImportFailed
from festival.store.database import Database
from kernagenda.domain import importing
from kernagenda.domain.agendas import get_agenda
from kernagenda.domain.council import format_progress, progress_summary
from kernagenda.domain.documents import (
    default_version,
    export_document,
    export_html,
    export_markdown,
    export_pdf,
)
from kernagenda.domain.item_edits import add_item, remove_item, set_status, update_item
from kernagenda.domain.items import list_items
from kernagenda.domain.models import Agenda, ItemStatus
from kernagenda.domain.progress import add_progress
from kernagenda.domain.versions import fix_version

HEADER = "thema;onderwerp;omschrijving;prioriteit;trekker;status;streefdatum\n"
ORDER = ["Seniorenhofje", "Starterswoningen", "Aanbod inventariseren", "Trapveldje opknappen"]


def test_import_good_file(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    data = (
        HEADER
        + "Wonen;Starters;Te weinig woningen;speerpunt 2;samen;gepland;31-12-2026\n"
        + "Jeugd;JOP;Plek voor jongeren;speerpunt;inwoners;idee;\n"
        + "Wonen;Hofje;Voor ouderen;1;gemeente;in uitvoering;2026-06-01\n"
        + "Groen & openbare ruimte;Bankjes;;overig;;;\n"
    ).encode()
    report = importing.import_items(db, karin, kern_id("Zoelen"), data)
    assert report.imported == 4
    items = list_items(db, report.agenda_id)
    assert [(i.title, i.rank) for i in items] == [
        ("Hofje", 1),
        ("Starters", 2),
        ("JOP", 3),
        ("Bankjes", None),
    ]
    assert items[0].target_date == date(2026, 6, 1)
    assert items[3].status is ItemStatus.IDEA
    assert get_agenda(db, report.agenda_id).version_label.startswith("eerste versie")


def test_import_bad_lines_store_nothing(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    before = count(db, "agenda_items")
    data = (
        HEADER
        + "Wonen;Goed;;overig;inwoners;idee;\n"  # line 2 fine
        + "Sport;Zwembad;;overig;inwoners;idee;\n"  # 3 unknown theme
        + "Wonen;Iets;;overig;inwoners;misschien;\n"  # 4 unknown status
        + "Wonen;Kort\n"  # 5 missing fields
        + "Wonen;Dubbel;;speerpunt 1;inwoners;idee;\n"  # 6 rank taken
        + "Wonen;A;;speerpunt 7;inwoners;idee;\n"  # 7 fine
        + "Wonen;B;;speerpunt 7;inwoners;idee;\n"  # 8 same rank as line 7
        + "Wonen;Streef;;overig;inwoners;idee;32-01-2026\n"  # 9 bad date
        + "Wonen;Stuur\x1b;;overig;inwoners;idee;\n"  # 10 control character
    ).encode()
    with pytest.raises(ImportFailed) as caught:
        importing.import_items(db, karin, kern_id("Zoelen"), data)
    problems = {p.line: p.message for p in caught.value.problems}
    assert sorted(problems) == [3, 4, 5, 6, 8, 9, 10]
    assert "thema" in problems[3] and "Onbekend thema" in problems[3]
    assert "status" in problems[4]
    assert "velden" in problems[5]
    assert "Seniorenhofje" in problems[6]
    assert "regel 7" in problems[8]
    assert "streefdatum" in problems[9]
    assert "stuurteken" in problems[10]
    assert count(db, "agenda_items") == before
    assert get_agenda(db, agenda.id).version_label == "eerste versie 2024"


def test_import_missing_column(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    with pytest.raises(ImportFailed, match="streefdatum"):
        importing.import_items(db, karin, kern_id("Zoelen"), b"thema;onderwerp\nWonen;x\n")
    assert count(db, "agendas") == 0


def _document_agenda(db: Database, kern_id: KernId) -> Agenda:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    hofje = next(i for i in list_items(db, agenda.id) if i.title == "Seniorenhofje")
    add_progress(
        db,
        karin,
        hofje.id,
        "Bel Jan op 06-12345678 of jan@example.nl",
        new_status="gepland",
        public=True,
    )
    add_item(db, karin, agenda.id, item("Jeugd", "<script>alert(1)</script> & [b]JOP[/b]"))
    return agenda


def _in_order(text: str, titles: list[str]) -> bool:
    """Each of ``titles`` occurs after the one before it (the speerpunten overview at the top
    names some titles earlier as well)."""
    position = 0
    for title in titles:
        position = text.find(title, position)
        if position < 0:
            return False
    return True


def _pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    return " ".join(text.split())


def test_markdown_export(db: Database, kern_id: KernId) -> None:
    _document_agenda(db, kern_id)
    text = export_markdown(db, kern_id("Zoelen"))
    assert text.startswith("# Kernagenda Zoelen")
    for title in ORDER:
        assert title in text
    assert _in_order(text, ["## Wonen", "Seniorenhofje", "Starterswoningen", "Aanbod"])
    assert _in_order(text, ["## Wonen", "## Jeugd"])
    assert "Speerpunt 1" in text and "Gepland" in text
    assert "jan@example.nl" not in text and "12345678" not in text
    assert "Karin" not in text
    assert r"\<script\>" in text and r"\[b\]JOP\[/b\]" in text


def test_html_export_is_escaped(db: Database, kern_id: KernId) -> None:
    _document_agenda(db, kern_id)
    text = export_html(db, kern_id("Zoelen"))
    assert "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; [b]JOP[/b]" in text
    assert _in_order(text, ["<h2>Wonen</h2>", *ORDER[:3], "<h2>Jeugd</h2>", ORDER[3]])
    assert "jan@example.nl" not in text


def test_pdf_export(db: Database, kern_id: KernId) -> None:
    _document_agenda(db, kern_id)
    data = export_document(db, kern_id("Zoelen"), "pdf")
    assert data.startswith(b"%PDF")
    text = _pdf_text(data)
    for title in ORDER:
        assert title in text
    assert _in_order(text, ORDER[:3])
    assert "Kernagenda Zoelen" in text
    assert "jan@example.nl" not in text


def test_documents_open_with_speerpunten_and_skip_overig(db: Database, kern_id: KernId) -> None:
    _document_agenda(db, kern_id)
    text = export_markdown(db, kern_id("Zoelen"))
    assert _in_order(
        text,
        [
            "## Speerpunten",
            "1. Seniorenhofje (Wonen)",
            "2. Starterswoningen (Wonen)",
            "## Wonen",
        ],
    )
    assert "Overig" not in text and "Prioriteit:** Overig" not in text
    assert "- **Prioriteit:** Speerpunt 1" in text
    assert "gemaakt op" in text.splitlines()[4]  # under the CONCEPT note and the title
    html_text = export_html(db, kern_id("Zoelen"))
    assert _in_order(html_text, ["<h2>Speerpunten</h2>", "Seniorenhofje", "<h2>Wonen</h2>"])
    assert "Overig" not in html_text


def test_document_prints_partners_without_contacts_and_marks_overdue(
    db: Database, kern_id: KernId
) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    add_item(
        db,
        karin,
        agenda.id,
        item(
            "Wonen",
            "Dorpshuis",
            partners="Woonstichting (06-12345678), Dorpsraad info@dorpsraad.nl",
            status="gepland",
            target_date="2020-06-20",
        ),
    )
    add_item(
        db, karin, agenda.id, item("Wonen", "Klaar", status="afgerond", target_date="2020-06-21")
    )
    text = export_markdown(db, kern_id("Zoelen"))
    assert "- **Partners:** Woonstichting, Dorpsraad\n" in text
    assert "verwijderd" not in text
    assert "12345678" not in text and "info@dorpsraad.nl" not in text
    assert _in_order(text, ["- **Trekker:**", "- **Partners:**", "- **Streefdatum:**"])
    assert "- **Streefdatum:** 20 juni 2020 (later dan gepland)" in text
    assert "- **Streefdatum:** 21 juni 2020\n" in text  # finished: not overdue
    pdf_text = _pdf_text(export_pdf(db, kern_id("Zoelen")))
    assert "Partners: Woonstichting" in pdf_text and "(later dan gepland)" in pdf_text


def test_version_export_shows_the_fixed_items(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = _document_agenda(db, kern_id)
    zoelen = kern_id("Zoelen")
    assert default_version(db, zoelen) is None
    version = fix_version(db, karin, agenda.id)
    assert default_version(db, zoelen) == version.id
    hofje = next(i for i in list_items(db, agenda.id) if i.title == "Seniorenhofje")
    # Later edits: a new item, a renamed item and newer progress stay out of the version.
    add_item(db, karin, agenda.id, item("Jeugd", "Skatebaan"))
    update_item(db, karin, hofje.id, hofje.as_input().model_copy(update={"title": "Hofje"}))
    add_progress(db, karin, hofje.id, "Na het vaststellen geschreven", public=True)

    for fmt in ("md", "html", "pdf"):
        data = export_document(db, zoelen, fmt, version.id)
        text = _pdf_text(data) if fmt == "pdf" else data.decode()
        assert "Seniorenhofje" in text and "Starterswoningen" in text, fmt
        assert "Skatebaan" not in text and "Na het vaststellen" not in text, fmt
        assert "eerste versie 2024 · vastgesteld op" in text, fmt
        assert _in_order(text, ["Seniorenhofje", "Starterswoningen", "Aanbod"]), fmt
    text = export_markdown(db, zoelen, version.id)
    assert "- **Laatste voortgang:** " in text and "Bel Jan op" in text  # the earlier update
    assert "Gepland" in text
    current = export_markdown(db, zoelen)
    assert "Skatebaan" in current and "Na het vaststellen" in current


def test_pdf_has_page_numbers(db: Database, kern_id: KernId) -> None:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    for n in range(60):
        add_item(db, karin, agenda.id, item("Jeugd", f"Punt {n:02}", problem="Een wens"))
    data = export_pdf(db, kern_id("Zoelen"))
    pages = len(pdfium.PdfDocument(data))
    assert pages > 1
    text = _pdf_text(data)
    for number in range(1, pages + 1):
        assert f"pagina {number} van {pages}" in text


def test_progress_summary(db: Database, kern_id: KernId) -> None:
    make_pilots(db, "Ingen", "Zoelen")
    karin = regisseur(kern_id, "Zoelen", "Ingen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    hofje = next(i for i in list_items(db, agenda.id) if i.title == "Seniorenhofje")
    for status in ("gepland", "in uitvoering", "afgerond"):
        set_status(db, karin, hofje.id, status)
    starters = next(i for i in list_items(db, agenda.id) if i.title == "Starterswoningen")
    add_progress(db, karin, starters.id, "Gesprek met woningcorporatie")
    yesterday = date.today() - timedelta(days=1)

    summary = progress_summary(db, since=yesterday)
    assert [k.kern for k in summary] == ["Ingen", "Zoelen"]
    assert summary[0].version == "nog geen kernagenda"
    zoelen = summary[1]
    assert zoelen.by_status == {"idee": 3, "afgerond": 1}
    assert zoelen.by_theme == {"Jeugd": 1, "Wonen": 3}
    assert "Seniorenhofje" in zoelen.added  # added today, so it counts as new
    text = format_progress(summary, yesterday)
    assert "Zoelen — eerste versie 2024 (concept)" in text
    assert "afgerond: 1" in text

    with db.write(karin.actor) as tx:  # as if the items were made last year
        tx.execute("UPDATE item_history SET at = '2020-01-01' WHERE field = 'aangemaakt'")
    zoelen = progress_summary(db, since=yesterday)[1]
    assert (zoelen.added, zoelen.finished, zoelen.changed) == (
        [],
        ["Seniorenhofje"],
        ["Starterswoningen"],
    )

    later = progress_summary(db, since=date.today() + timedelta(days=1))[1]
    assert later.added == later.finished == later.changed == []


def test_progress_summary_counts_news_twice_and_names_what_was_removed(
    db: Database, kern_id: KernId
) -> None:
    karin = regisseur(kern_id, "Zoelen")
    make_pilots(db, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    quick = add_item(db, karin, agenda.id, item("Jeugd", "Pannaveld", status="in uitvoering"))
    set_status(db, karin, quick.id, "afgerond")
    starters = next(i for i in list_items(db, agenda.id) if i.title == "Starterswoningen")
    remove_item(db, karin, starters.id, "Gaat op in het hofje")
    (zoelen,) = progress_summary(db, date.today() - timedelta(days=1))
    assert "Pannaveld" in zoelen.added and "Pannaveld" in zoelen.finished
    assert zoelen.removed == ["Starterswoningen"]
    # Themes in the order of the theme list (Wonen before Jeugd), not alphabetical.
    assert list(zoelen.by_theme) == ["Wonen", "Jeugd"]
    text = format_progress([zoelen], date.today() - timedelta(days=1))
    assert "Van de agenda gehaald: Starterswoningen" in text
