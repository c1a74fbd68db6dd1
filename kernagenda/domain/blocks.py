"""A document as a list of blocks (title, headings, paragraphs, labelled fields, lists), and
how such a list reads as Markdown and as HTML.

The residents' agenda and the council report are both built as blocks, so every format
(Markdown, HTML, PDF in :mod:`kernagenda.domain.pdf_render`, Word in
:mod:`kernagenda.domain.docx_render`) shows the same content, and a concept carries its
CONCEPT mark in each of them.
"""

from __future__ import annotations

import html
import re
from typing import Literal

from pydantic import BaseModel

Kind = Literal["title", "subtitle", "h1", "h2", "h3", "p", "field", "bullet", "numbered"]

#: What a concept says on every page (and at the top of the text formats).
CONCEPT_MARK = "CONCEPT"
CONCEPT_NOTE = "CONCEPT: deze versie is nog niet vastgesteld en kan nog veranderen."


class Block(BaseModel):
    kind: Kind
    text: str
    #: A field's label ("Status"), or a numbered line's number.
    label: str = ""


class Doc(BaseModel):
    """A whole document: its title (also the file's metadata) and its blocks."""

    title: str
    blocks: list[Block]
    concept: bool = False


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~!])")


def md_escape(text: str) -> str:
    """Text that Markdown shows as typed: no emphasis, links or HTML from user text."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def to_markdown(doc: Doc) -> str:
    out: list[str] = []
    previous: Kind | None = None
    for block in doc.blocks:
        text = md_escape(block.text)
        listed = block.kind in ("field", "bullet", "numbered")
        if previous in ("field", "bullet", "numbered") and not listed:
            out.append("")
        if block.kind == "title":
            out += [f"# {text}", ""]
            if doc.concept:
                out += [f"> **{md_escape(CONCEPT_NOTE)}**", ""]
        elif block.kind == "subtitle":
            out += [f"_{text}_", ""]
        elif block.kind in ("h1", "h2", "h3"):
            level = {"h1": "##", "h2": "###", "h3": "####"}[block.kind]
            out += [f"{level} {text}", ""]
        elif block.kind == "p":
            out += [text, ""]
        elif block.kind == "field":
            out.append(f"- **{md_escape(block.label)}:** {text}")
        elif block.kind == "bullet":
            out.append(f"- {text}")
        else:
            out.append(f"{block.label}. {text}")
        previous = block.kind
    return "\n".join(out).rstrip() + "\n"


#: The HTML document's own stylesheet: readable on a phone (viewport) and printable, with the
#: concept mark on every printed page.
_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.5;
       max-width: 46rem; margin: 0 auto; padding: 1rem; color: #1b1b1b; }
h1 { font-size: 1.8rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.4rem; border-bottom: 1px solid #ccc; margin-top: 2rem; }
h3 { font-size: 1.15rem; margin-top: 1.4rem; }
h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
.subtitle { color: #555; font-style: italic; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem; margin: 0; }
dt { font-weight: bold; } dd { margin: 0; }
.concept { border: 2px solid #b00; color: #b00; padding: 0.5rem; font-weight: bold; }
.watermark { position: fixed; top: 40%; left: 0; right: 0; text-align: center;
             font-size: 6rem; color: rgba(176, 0, 0, 0.12); transform: rotate(-30deg);
             pointer-events: none; z-index: -1; }
@media print { body { max-width: none; } }
"""


def to_html(doc: Doc) -> str:
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="nl">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(doc.title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
    ]
    if doc.concept:
        out.append(f'<div class="watermark" aria-hidden="true">{CONCEPT_MARK}</div>')
        out.append(f'<p class="concept">{e(CONCEPT_NOTE)}</p>')
    open_list = ""
    for block in doc.blocks:
        wanted = {"field": "dl", "bullet": "ul", "numbered": "ol"}.get(block.kind, "")
        if open_list and open_list != wanted:
            out.append(f"</{open_list}>")
            open_list = ""
        if wanted and not open_list:
            out.append(f"<{wanted}>")
            open_list = wanted
        text = e(block.text)
        if block.kind == "title":
            out.append(f"<h1>{text}</h1>")
        elif block.kind == "subtitle":
            out.append(f'<p class="subtitle">{text}</p>')
        elif block.kind in ("h1", "h2", "h3"):
            tag = {"h1": "h2", "h2": "h3", "h3": "h4"}[block.kind]
            out.append(f"<{tag}>{text}</{tag}>")
        elif block.kind == "p":
            out.append(f"<p>{text}</p>")
        elif block.kind == "field":
            out.append(f"<dt>{e(block.label)}</dt><dd>{text}</dd>")
        elif block.kind == "bullet":
            out.append(f"<li>{text}</li>")
        else:
            # The number is the item's own (a speerpunt's rank), written once: by the list.
            out.append(f'<li value="{e(block.label)}">{text}</li>')
    if open_list:
        out.append(f"</{open_list}>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
