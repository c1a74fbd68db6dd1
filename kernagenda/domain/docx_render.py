"""A block document (:mod:`kernagenda.domain.blocks`) as a Word document (.docx): Word is what
the municipality writes its letters in, so the council report can be pasted into a
raadsinformatiebrief. Headings keep with the next paragraph; a concept carries CONCEPT in the
header of every page."""

from __future__ import annotations

import io

from kernagenda.domain.blocks import CONCEPT_MARK, CONCEPT_NOTE, Doc


def to_docx(doc: Doc) -> bytes:
    # python-docx (and lxml) load only when a Word document is made.
    from docx import Document
    from docx.shared import Pt, RGBColor

    word = Document()
    word.core_properties.title = doc.title
    word.core_properties.author = "Kerngericht"
    section = word.sections[0]
    if doc.concept:
        header = section.header.paragraphs[0]
        run = header.add_run(f"{CONCEPT_MARK} · nog niet vastgesteld")
        run.bold = True
        run.font.size = Pt(14)
        run.font.color.rgb = RGBColor(0xB0, 0x00, 0x00)
    levels = {"title": 0, "h1": 1, "h2": 2, "h3": 3}
    for block in doc.blocks:
        if block.kind in levels:
            heading = word.add_heading(block.text, level=levels[block.kind])
            heading.paragraph_format.keep_with_next = True
            if block.kind == "title" and doc.concept:
                strong = word.add_paragraph().add_run(CONCEPT_NOTE)
                strong.bold = True
                strong.font.color.rgb = RGBColor(0xB0, 0x00, 0x00)
        elif block.kind == "subtitle":
            word.add_paragraph().add_run(block.text).italic = True
        elif block.kind == "p":
            word.add_paragraph(block.text)
        elif block.kind == "field":
            paragraph = word.add_paragraph(style="List Bullet")
            paragraph.add_run(f"{block.label}: ").bold = True
            paragraph.add_run(block.text)
        elif block.kind == "bullet":
            word.add_paragraph(block.text, style="List Bullet")
        else:
            # The number is the item's own (a speerpunt's rank), not Word's list counter.
            word.add_paragraph(f"{block.label}. {block.text}")
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
