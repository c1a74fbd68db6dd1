"""Publishing to residents: the contact scrubber, partners, internal notes, the concept mark,
the document's head, and the record of each publication."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from cli_support import run
from core_support import count
from kernagenda_support import (
    KernId,
    agenda_with_items,
    item,
    pilot_kernen,  # noqa: F401  (every kern a pilot)
    regisseur,
)

from festival.core.errors import InvalidInput, NotAllowed
from festival.store import audit
from festival.store.database import Database
from kernagenda.domain.documents import build_document, concept_path, export_document, render
from kernagenda.domain.item_edits import add_item
from kernagenda.domain.items import list_items
from kernagenda.domain.models import Agenda
from kernagenda.domain.progress import add_progress, item_history, list_progress
from kernagenda.domain.publication import (
    list_publications,
    record_consent,
    set_document_head,
    set_progress_public,
)
from kernagenda.domain.scrubber import ADDRESS, EMAIL, IBAN, PERSON, PHONE, public_partners, scrub
from kernagenda.domain.versions import fix_version

# -- the scrubber on a table of Dutch contact notations ------------------------------------

CONTACTS = [
    ("06-12345678", PHONE),
    ("0612345678", PHONE),
    ("06 12 34 56 78", PHONE),
    ("06.12.34.56.78", PHONE),
    ("06 - 1234 5678", PHONE),
    ("0344 123456", PHONE),
    ("0344-123456", PHONE),
    ("0344/123456", PHONE),
    ("030-123 45 67", PHONE),
    ("(0344) 123456", PHONE),
    ("(030) 1234567", PHONE),
    ("+31 6 12345678", PHONE),
    ("+31612345678", PHONE),
    ("+31 (0)344 123456", PHONE),
    ("+31 (0)6-1234 5678", PHONE),
    ("0031 6 12345678", PHONE),
    ("0800-1234", PHONE),
    ("jan@example.nl", EMAIL),
    ("j.jansen(at)hotmail.com", EMAIL),
    ("j.jansen (at) hotmail.com", EMAIL),
    ("jan [at] example [dot] nl", EMAIL),
    ("jan[at]example.nl", EMAIL),
    ("dorpshuis.ingen@gmail.com", EMAIL),
    ("4031 AB", ADDRESS),
    ("4031AB", ADDRESS),
    ("4031 AB 12", ADDRESS),
    ("Dorpsstraat 12", ADDRESS),
    ("Kerkweg 3a", ADDRESS),
    ("Lingedijk 101-2", ADDRESS),
    ("NL91ABNA0417164300", IBAN),
    ("NL91 ABNA 0417 1643 00", IBAN),
]


@pytest.mark.parametrize(("contact", "reason"), CONTACTS, ids=[c for c, _ in CONTACTS])
def test_the_scrubber_catches_every_dutch_contact_notation(contact: str, reason: str) -> None:
    text, left_out = scrub(f"Neem contact op via {contact} voor de sleutel.", "bron")
    assert contact not in text and "verwijderd" not in text
    assert text.startswith("Neem contact op") and text.endswith("voor de sleutel.")
    assert [(o.text, o.reason, o.where) for o in left_out] == [(contact, reason, "bron")]


ORDINARY = [
    "Kosten € 12.500,00 of 12500,00 euro, waarvan € 750 uit het leefbaarheidsbudget",
    "Periode 2025-2028",
    "besluit 2023-12-15 en besluit van 15-12-2023",
    "vergadering 05-03-2025 19:30 in het dorpshuis",
    "op 05.03.2025 1930 uur",
    "van 01-12-2023 - 01-12-2024",
    "Sinds 2019 doen 3 kernen mee; 47 aanvragen, 40 gehonoreerd",
    "In 2025 EU-geld aangevraagd",
    "1.234.567 inwoners, 0,50 per stuk",
    "KvK 12345678 en zaaknummer 123456789012",
    "De Dorpsstraat krijgt een drempel",
    "Zaal voor 120 personen, 4000 m2",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_the_scrubber_keeps_amounts_dates_and_years(text: str) -> None:
    assert scrub(text) == (text, [])


def test_the_issue_example_reads_as_a_sentence() -> None:
    note = "Mail j.jansen(at)hotmail.com; Dorpsstraat 12, 4031 AB Ingen; IBAN NL91ABNA0417164300"
    text, left_out = scrub(note)
    assert text == "Ingen"
    assert sorted(o.reason for o in left_out) == sorted([EMAIL, ADDRESS, ADDRESS, IBAN])


def test_partners_are_organisations_and_persons_only_with_consent() -> None:
    partners = (
        "secretaris Piet de Vries, 0344-123456, dorpshuis.ingen@gmail.com, Dorpshuis Ingen, "
        "Stichting Groen Zoelen; Anna Bakker"
    )
    text, left_out = public_partners(partners, frozenset())
    assert text == "Dorpshuis Ingen, Stichting Groen Zoelen"
    assert [(o.text, o.reason) for o in left_out if o.reason == PERSON] == [
        ("secretaris Piet de Vries", PERSON),
        ("Anna Bakker", PERSON),
    ]
    text, _ = public_partners(partners, frozenset({"anna bakker"}))
    assert text == "Dorpshuis Ingen, Stichting Groen Zoelen, Anna Bakker"


# -- the rule "internal notes never reach a document" --------------------------------------


def _texts(data: bytes, fmt: str) -> list[str]:
    """The document's text per page (one page for md, html and docx)."""
    if fmt == "pdf":
        pdf = pdfium.PdfDocument(data)
        return [" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))]
    if fmt == "docx":
        from docx import Document

        word = Document(io.BytesIO(data))
        header = " ".join(p.text for p in word.sections[0].header.paragraphs)
        return [header + "\n" + "\n".join(p.text for p in word.paragraphs)]
    return [data.decode("utf-8")]


@pytest.fixture
def zoelen(db: Database, kern_id: KernId) -> Agenda:
    karin = regisseur(kern_id, "Zoelen")
    agenda = agenda_with_items(db, karin, kern_id("Zoelen"))
    hofje = next(i for i in list_items(db, agenda.id) if i.title == "Seniorenhofje")
    add_progress(db, karin, hofje.id, "Openbaar: de gemeente zoekt een locatie.", public=True)
    add_progress(db, karin, hofje.id, "Intern: wethouder twijfelt, niet doorvertellen.")
    add_item(
        db,
        karin,
        agenda.id,
        item(
            "Wonen",
            "Dorpshuis",
            partners="secretaris Piet de Vries, 0344-123456, dorpshuis.ingen@gmail.com",
            problem="Sleutel bij j.jansen(at)hotmail.com; Dorpsstraat 12, 4031 AB Zoelen",
        ),
    )
    return agenda


@pytest.mark.parametrize("fmt", ["md", "html", "pdf", "docx"])
def test_internal_notes_and_private_data_never_reach_a_document(
    db: Database, kern_id: KernId, zoelen: Agenda, fmt: str
) -> None:
    karin = regisseur(kern_id, "Zoelen")
    fixed = fix_version(db, karin, zoelen.id)
    for version_id in (None, fixed.id):
        pages = _texts(export_document(db, kern_id("Zoelen"), fmt, version_id), fmt)
        text = "\n".join(pages)
        assert "Seniorenhofje" in text and "de gemeente zoekt een locatie" in text
        assert "wethouder twijfelt" not in text
        for private in ("Piet", "0344", "gmail", "hotmail", "Dorpsstraat 12", "4031", "NL91"):
            assert private not in text, (fmt, private)
        assert "verwijderd" not in text


def test_a_note_made_public_later_is_published_and_the_change_logged(
    db: Database, kern_id: KernId, zoelen: Agenda
) -> None:
    karin = regisseur(kern_id, "Zoelen")
    hofje = next(i for i in list_items(db, zoelen.id) if i.title == "Seniorenhofje")
    internal = list_progress(db, hofje.id)[-1]
    assert not internal.public
    set_progress_public(db, karin, internal.id, True)
    assert "wethouder twijfelt" in render(build_document(db, kern_id("Zoelen")).doc, "md").decode()
    last = item_history(db, hofje.id)[-1]
    assert (last.field, last.old, last.new, last.who) == (
        "voortgang openbaar",
        "intern",
        "openbaar",
        "Karin Regisseur",
    )
    assert audit.entries(db, limit=1)[0].action == "voortgang openbaar gewijzigd"
    with pytest.raises(NotAllowed):
        set_progress_public(db, regisseur(kern_id, "Ingen", name="Koen"), internal.id, False)


def test_the_preview_lists_what_was_left_out_and_why(
    db: Database, kern_id: KernId, zoelen: Agenda
) -> None:
    made = build_document(db, kern_id("Zoelen"))
    found = {(o.where, o.text, o.reason) for o in made.omissions}
    assert ("Dorpshuis: partners", "secretaris Piet de Vries", PERSON) in found
    assert ("Dorpshuis: partners", "0344-123456", PHONE) in found
    assert ("Dorpshuis: knelpunt/wens", "j.jansen(at)hotmail.com", EMAIL) in found
    assert ("Dorpshuis: knelpunt/wens", "4031 AB", ADDRESS) in found
    internal = [o for o in made.omissions if o.where == "Seniorenhofje: voortgang"]
    assert [o.text for o in internal] == ["1"]


def test_consent_lets_a_name_through_and_is_logged(
    db: Database, kern_id: KernId, zoelen: Agenda
) -> None:
    karin = regisseur(kern_id, "Zoelen")
    dorpshuis = next(i for i in list_items(db, zoelen.id) if i.title == "Dorpshuis")
    with pytest.raises(InvalidInput):
        record_consent(db, karin, dorpshuis.id, "Klaas Klaassen")
    record_consent(db, karin, dorpshuis.id, "Piet de Vries")
    text = render(build_document(db, kern_id("Zoelen")).doc, "md").decode()
    assert "secretaris Piet de Vries" in text and "0344" not in text
    assert item_history(db, dorpshuis.id)[-1].field == "toestemming"


# -- the concept mark, the head, the HTML and the PDF's headings -----------------------------


@pytest.mark.parametrize("fmt", ["md", "html", "pdf", "docx"])
def test_a_concept_is_marked_on_every_page_and_a_fixed_version_is_not(
    db: Database, kern_id: KernId, zoelen: Agenda, fmt: str
) -> None:
    karin = regisseur(kern_id, "Zoelen")
    for n in range(40):
        add_item(db, karin, zoelen.id, item("Jeugd", f"Punt {n:02}", problem="Een wens"))
    pages = _texts(export_document(db, kern_id("Zoelen"), fmt), fmt)
    if fmt == "pdf":
        assert len(pages) > 2
    assert all("CONCEPT" in page for page in pages)
    fixed = fix_version(db, karin, zoelen.id)
    pages = _texts(export_document(db, kern_id("Zoelen"), fmt, fixed.id), fmt)
    assert not any("CONCEPT" in page for page in pages)


def test_a_concept_file_name_says_so() -> None:
    assert concept_path(Path("/tmp/kernagenda-zoelen.pdf")).name == "kernagenda-zoelen-concept.pdf"
    assert concept_path(Path("concept-zoelen.md")).name == "concept-zoelen.md"


def test_the_head_names_municipality_kern_association_contact_and_dates(
    db: Database, kern_id: KernId, zoelen: Agenda
) -> None:
    karin = regisseur(kern_id, "Zoelen")
    set_document_head(
        db,
        karin,
        zoelen.id,
        association="Dorpsbelang Zoelen",
        contact="de kernregisseur via de gemeente, telefoon 14 0344",
        kernavond_date="12-11-2026",
    )
    fixed = fix_version(db, karin, zoelen.id)
    text = render(build_document(db, kern_id("Zoelen"), fixed.id).doc, "md").decode()
    assert "Gemeente Buren · kern Zoelen · Dorpsbelang Zoelen" in text
    assert "Opgesteld met inwoners op de kernavond van 12 november 2026." in text
    assert "Vastgesteld op " in text
    assert "Vragen of ideeën? de kernregisseur via de gemeente, telefoon 14 0344" in text


def test_html_has_a_stylesheet_a_viewport_and_numbers_speerpunten_once(
    db: Database, kern_id: KernId, zoelen: Agenda
) -> None:
    text = export_document(db, kern_id("Zoelen"), "html").decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in text
    assert "<style>" in text and "</style>" in text
    assert '<li value="1">Seniorenhofje (Wonen)</li>' in text
    assert "Speerpunt 1:" not in text


def test_the_pdf_never_ends_a_page_with_a_heading(
    db: Database, kern_id: KernId, zoelen: Agenda
) -> None:
    karin = regisseur(kern_id, "Zoelen")
    themes = ["Wonen", "Jeugd", "Verkeer & veiligheid", "Duurzaamheid"]
    for n in range(90):
        fields = {"problem": "Een wens " * (n % 7 + 1), "desired_result": "Beter"}
        add_item(db, karin, zoelen.id, item(themes[n % 4], f"Punt {n:02}", **fields))
    data = export_document(db, kern_id("Zoelen"), "pdf")
    pdf = pdfium.PdfDocument(data)
    headings = {f"Punt {n:02}" for n in range(90)} | set(themes) | {"Speerpunten"}
    assert len(pdf) > 4
    for i in range(len(pdf) - 1):
        lines = [
            line.strip()
            for line in pdf[i].get_textpage().get_text_range().splitlines()
            if line.strip()
        ]
        # The last line is the page number; the one above it must not be a heading.
        assert lines[-1].startswith("CONCEPT · pagina")
        assert lines[-2] not in headings, (i, lines[-3:])


# -- the command line: preview, concept, record ----------------------------------------------


def test_export_previews_then_records_each_publication(
    db: Database,
    db_path: Path,
    kern_id: KernId,
    zoelen: Agenda,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fixed = fix_version(db, regisseur(kern_id, "Zoelen"), zoelen.id)
    base = ["--db", str(db_path), "export", "Zoelen"]
    assert run([*base, "--voorbeeld"], prog="kernagenda") == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "'secretaris Piet de Vries' weggelaten (naam van een persoon" in captured.err
    assert count(db, "agenda_publications") == 0

    target = tmp_path / "zoelen.docx"
    args = [*base, "--format", "docx", "--out", str(target), "--voor", "Dorpsbelang Zoelen"]
    assert run(args, prog="kernagenda") == 0
    assert target.stat().st_mode & 0o777 == 0o600
    concept = [*base, "--concept", "--format", "pdf", "--out", str(tmp_path / "z.pdf")]
    assert run(concept, prog="kernagenda") == 0
    assert (tmp_path / "z-concept.pdf").exists()
    first, second = list_publications(db, zoelen.id)
    assert (first.version_id, first.format, first.recipient, first.concept) == (
        fixed.id,
        "docx",
        "Dorpsbelang Zoelen",
        False,
    )
    assert (second.version_id, second.format, second.recipient, second.concept) == (
        None,
        "pdf",
        "inwoners",
        True,
    )
    assert first.published_by.startswith("Carla Coördinator")
    assert second.published_by == first.published_by


def test_the_command_line_marks_notes_public_and_records_consent_and_the_head(
    db: Database, db_path: Path, zoelen: Agenda, capsys: pytest.CaptureFixture[str]
) -> None:
    hofje = next(i for i in list_items(db, zoelen.id) if i.title == "Seniorenhofje")
    dorpshuis = next(i for i in list_items(db, zoelen.id) if i.title == "Dorpshuis")
    kg = ["--db", str(db_path)]
    assert run([*kg, "log", str(hofje.id), "Bouw", "begint", "--openbaar"], prog="kernagenda") == 0
    assert "(openbaar)" in capsys.readouterr().out
    internal = next(p for p in list_progress(db, hofje.id) if "wethouder" in p.text)
    assert run([*kg, "show", str(hofje.id)], prog="kernagenda") == 0
    assert f"[{internal.id} intern]" in capsys.readouterr().out
    assert run([*kg, "openbaar", str(internal.id)], prog="kernagenda") == 0
    assert next(p for p in list_progress(db, hofje.id) if p.id == internal.id).public
    args = [*kg, "toestemming", str(dorpshuis.id), "Piet de Vries"]
    assert run(args, prog="kernagenda") == 0
    args = [*kg, "set", "Zoelen", "--vereniging", "Dorpsbelang Zoelen", "--kernavond", "12-11-2026"]
    assert run(args, prog="kernagenda") == 0
    text = render(build_document(db, zoelen.kern_id).doc, "md").decode()
    assert "Piet de Vries" in text and "Dorpsbelang Zoelen" in text
    assert "kernavond van 12 november 2026" in text
