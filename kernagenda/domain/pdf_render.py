"""A block document (:mod:`kernagenda.domain.blocks`) as an A4 PDF: page numbers, no heading
left alone at the foot of a page, and a CONCEPT watermark on every page of a concept."""

from __future__ import annotations

from kernagenda.domain.blocks import CONCEPT_MARK, CONCEPT_NOTE, Block, Doc

#: Font size (pt), style and space after (mm) of each kind of block.
_STYLE: dict[str, tuple[float, str, float]] = {
    "title": (18, "B", 2),
    "subtitle": (10, "", 4),
    "h1": (14, "B", 2),
    "h2": (12, "B", 1.5),
    "h3": (11, "B", 1),
    "p": (10, "", 2),
    "field": (9, "", 0.5),
    "bullet": (9, "", 0.5),
    "numbered": (9, "", 0.5),
}
#: Room a heading needs below it on the same page: the heading and about three lines.
_KEEP_WITH_NEXT = {"h1": 28.0, "h2": 22.0, "h3": 18.0}
_MARGIN = 18.0


def to_pdf(doc: Doc) -> bytes:
    from festival.core.printing import A4, new_document, to_bytes

    pdf = new_document(A4, title=doc.title)
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_margins(_MARGIN, _MARGIN, _MARGIN)
    width = A4[0] - 2 * _MARGIN

    def header() -> None:
        if not doc.concept:
            return
        # Drawn first on every page, light, so the text stays readable over it.
        pdf.set_font(style="B", size=90)
        pdf.set_text_color(235, 200, 200)
        x, y = A4[0] / 2, A4[1] / 2
        with pdf.rotation(45, x, y):
            text_width = pdf.get_string_width(CONCEPT_MARK)
            pdf.text(x - text_width / 2, y + 10, CONCEPT_MARK)
        pdf.set_text_color(0, 0, 0)
        pdf.set_xy(_MARGIN, _MARGIN)

    def footer() -> None:
        pdf.set_y(-12)
        pdf.set_font(style="", size=8)
        # fpdf2 puts the number of pages in place of the alias when the document is written.
        page = f"pagina {pdf.page_no()} van {pdf.str_alias_nb_pages}"
        mark = f"{CONCEPT_MARK} · {page}" if doc.concept else page
        pdf.cell(0, 4, mark, align="C")

    pdf.header = header  # type: ignore[method-assign]  # fpdf2's hooks; new_document makes an FPDF
    pdf.footer = footer  # type: ignore[method-assign]
    pdf.add_page()

    def line(text: str, size: float, style: str, gap: float, indent: float = 0) -> None:
        pdf.set_font(style=style, size=size)
        pdf.set_x(_MARGIN + indent)
        # Most lines fit on one row: a plain cell skips fpdf2's line breaking, which took
        # ~95% of the time of a 500-item agenda (measured in make bench).
        if pdf.get_string_width(text) <= width - indent - 2 * pdf.c_margin:
            pdf.cell(width - indent, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.multi_cell(
                width - indent, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT"
            )
        pdf.ln(gap)

    if doc.concept:
        pdf.set_text_color(176, 0, 0)
        line(CONCEPT_NOTE, 10, "B", 3)
        pdf.set_text_color(0, 0, 0)
    blocks: list[Block] = doc.blocks
    for index, block in enumerate(blocks):
        size, style, gap = _STYLE[block.kind]
        keep = _KEEP_WITH_NEXT.get(block.kind)
        if keep is not None:
            if index > 0 and blocks[index - 1].kind not in ("h1", "h2", "h3", "title"):
                pdf.ln(2)
            # A heading at the foot of a page goes to the next one, with what it heads.
            if pdf.will_page_break(keep):
                pdf.add_page()
        if block.kind == "field":
            line(f"{block.label}: {block.text}", size, style, gap)
        elif block.kind == "bullet":
            line(f"• {block.text}", size, style, gap, indent=3)
        elif block.kind == "numbered":
            line(f"{block.label}. {block.text}", size, style, gap, indent=3)
        else:
            line(block.text, size, style, gap)
    return to_bytes(pdf)
