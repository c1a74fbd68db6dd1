"""PDF documents with embedded Unicode fonts, so every name prints exactly as typed.

DejaVu Sans (regular and bold, ``data/fonts``, with its licence) is embedded as a subset in
every document: "Zoë van ’t Hof" prints and copies out of the PDF as typed, which the PDF core
fonts (Latin-1 only) cannot promise. A document that is told its texts also gets the font of
each other script in them (:mod:`festival.core.fonts`: Arabic, Chinese …) as a fallback, and
text shaping (HarfBuzz, through uharfbuzz) so Arabic letters join and run right to left.
fpdf2 costs about 0.2 s to import, so the modules that print load this one only when they print.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from fpdf import FPDF

from festival.core import fonts
from festival.core.scripts import scripts_in

FONT = fonts.BUNDLED_FAMILY
A4 = (210.0, 297.0)  # millimetres, portrait
A6 = (105.0, 148.0)
#: Scripts DejaVu draws letter by letter; any other script is shaped (joined, reordered).
_UNSHAPED = {"LATIN", "GREEK", "CYRILLIC"}

# fpdf2 reports a missing glyph through logging, in English; with no handler Python would print
# it on stderr. Callers find missing glyphs beforehand (fonts.missing_glyphs) and say so in
# Dutch; the app's own log, where configured, still receives the library's records.
logging.getLogger("fpdf").addHandler(logging.NullHandler())


def _register(pdf: FPDF, face: fonts.Face) -> None:
    for style, bold in (("", False), ("B", True)):
        pdf.add_font(face.family, style, face.file(bold), collection_font_number=face.index)


def new_document(page_size: tuple[float, float], *, title: str, texts: Iterable[str] = ()) -> FPDF:
    """An empty document of ``page_size`` (width, height in mm) with DejaVu Sans loaded and
    selected; no page yet, and no automatic page breaks (the callers place everything).

    ``texts`` are what the document will show: the fonts their scripts need are loaded too
    (select one with :func:`set_font_for`), and fpdf2 falls back to them for any character
    the current font lacks.
    """
    pdf = FPDF(orientation="portrait", unit="mm", format=page_size)
    pdf.set_auto_page_break(False)
    _register(pdf, fonts.bundled())
    texts = list(texts)
    extra = fonts.faces_for(texts)
    for face in extra:
        _register(pdf, face)
    if extra:
        pdf.set_fallback_fonts([face.family for face in extra] + [FONT], exact_match=False)
    if any(set(scripts_in(text)) - _UNSHAPED for text in texts):
        pdf.set_text_shaping(True)
    pdf.set_font(FONT, size=10)
    pdf.set_title(title)
    pdf.set_creator("Kerngericht")
    return pdf


def set_font_for(pdf: FPDF, text: str, style: str = "", size: float | None = None) -> None:
    """Select the font ``text`` is best set in (:func:`festival.core.fonts.main_face`), if the
    document loaded it (see ``texts`` of :func:`new_document`), else DejaVu."""
    family = fonts.main_face(text, bold=style == "B").family
    if f"{family.lower()}{style}" not in pdf.fonts:
        family = FONT
    pdf.set_font(family, style, size or pdf.font_size_pt)


def to_bytes(pdf: FPDF) -> bytes:
    return bytes(pdf.output())


def fit_font_size(pdf: FPDF, text: str, width: float, largest: float, smallest: float) -> float:
    """The largest size (in steps of 1 pt) at which ``text`` fits ``width`` in the current
    font, but no smaller than ``smallest``."""
    size = largest
    while size > smallest:
        pdf.set_font_size(size)
        if pdf.get_string_width(text) <= width:
            return size
        size -= 1
    pdf.set_font_size(smallest)
    return smallest


def shorten(pdf: FPDF, text: str, width: float) -> str:
    """``text`` cut with "…" so that it fits ``width`` in the current font and size."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def draw_matrix(
    pdf: FPDF, matrix: Sequence[Sequence[bool]], x: float, y: float, size: float
) -> None:
    """A QR matrix as black rectangles on a white square of ``size`` mm at (x, y).

    Vector rectangles stay sharp at any printer resolution; a run of dark modules in a row is
    one rectangle, which keeps the file small and rendering fast.
    """
    module = size / len(matrix)
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(x, y, size, size, style="F")
    pdf.set_fill_color(0, 0, 0)
    for row_index, row in enumerate(matrix):
        top = y + row_index * module
        start: int | None = None
        for col, dark in enumerate([*row, False]):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                pdf.rect(x + start * module, top, (col - start) * module, module, style="F")
                start = None
