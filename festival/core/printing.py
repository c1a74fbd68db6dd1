"""PDF documents with an embedded Unicode font, so every name prints exactly as typed.

DejaVu Sans (regular and bold, ``data/fonts``, with its licence) is embedded as a subset in
every document: "Zoë van ’t Hof" prints and copies out of the PDF as typed, which the PDF core
fonts (Latin-1 only) cannot promise. fpdf2 costs about 0.2 s to import, so the modules that
print load this one only when they print.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources

from fpdf import FPDF

FONT = "DejaVu"
A4 = (210.0, 297.0)  # millimetres, portrait
A6 = (105.0, 148.0)
_FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}


def new_document(page_size: tuple[float, float], *, title: str) -> FPDF:
    """An empty document of ``page_size`` (width, height in mm) with DejaVu Sans loaded and
    selected; no page yet, and no automatic page breaks (the callers place everything)."""
    pdf = FPDF(orientation="portrait", unit="mm", format=page_size)
    pdf.set_auto_page_break(False)
    fonts = resources.files("festival.data").joinpath("fonts")
    for style, name in _FONT_FILES.items():
        with resources.as_file(fonts.joinpath(name)) as path:
            pdf.add_font(FONT, style, path)
    pdf.set_font(FONT, size=10)
    pdf.set_title(title)
    pdf.set_creator("Kerngericht")
    return pdf


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
