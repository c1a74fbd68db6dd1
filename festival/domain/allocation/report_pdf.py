"""The decision as the A4 PDF for the college, built only from the locked allocation's record:
status, the pot and how it was computed, the rule and settings, the ranking with a reason per
initiative, the overrides with their reasons, and the SHA-256 (over the record and the audit
chain's head) with how to check it against the database."""

from __future__ import annotations

from typing import TYPE_CHECKING

from festival.core.money import format_money_whole
from festival.domain.allocation.record import LockedAllocation
from festival.domain.allocation.report_text import (
    VERIFY_COMMAND,
    VERIFY_HASH_COMMAND,
    decision_rows,
    pot_sentence,
    settings_sentences,
    status_sentence,
    when,
)

if TYPE_CHECKING:
    from festival.domain.festivals import Festival

_LEFT, _TOP, _BOTTOM = 15.0, 14.0, 280.0
_WIDTH = 180.0
# (heading, width in mm, align) of the ranking table: 180 mm between the margins.
_COLUMNS = (
    ("Nr", 9.0, "L"),
    ("Initiatief", 79.0, "L"),
    ("Score", 16.0, "R"),
    ("Gevraagd", 22.0, "R"),
    ("Bedrag", 22.0, "R"),
    ("Uitkomst", 32.0, "L"),
)


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}".replace(".", ",")


def decision_pdf(locked: LockedAllocation, festival: Festival) -> bytes:
    """The A4 report for the college: status, the pot and how it was computed, the rule and
    settings, the ranking with a reason per initiative, the overrides with their reasons, and
    the SHA-256 with how to check it; every page numbered."""
    from festival.core.dates import format_date_long
    from festival.core.printing import A4, FONT, new_document, shorten, to_bytes

    record = locked.record
    rows = decision_rows(locked)
    pot_cents = record.pot.pot_cents
    total = sum(r.amount for r in rows)
    pdf = new_document(A4, title=f"Verdeling festivalpot {festival.name}")
    pdf.alias_nb_pages()
    y = 0.0

    def footer() -> None:
        pdf.set_font(FONT, "", 7.5)
        pdf.set_text_color(90, 90, 90)
        pdf.set_xy(_LEFT, 287)
        pdf.cell(130, 4, f"Verdeling {locked.id} · SHA-256 {locked.sha256[:16]}…")
        pdf.set_xy(_LEFT + 130, 287)
        pdf.cell(50, 4, f"Pagina {pdf.page_no()} van {{nb}}", align="R")
        pdf.set_text_color(0, 0, 0)

    def new_page() -> None:
        nonlocal y
        pdf.add_page()
        footer()
        y = _TOP

    def room(height: float) -> None:
        if y + height > _BOTTOM:
            new_page()

    def lines(text: str, width: float, size: float, style: str = "") -> list[str]:
        pdf.set_font(FONT, style, size)
        found = pdf.multi_cell(width, size * 0.45, text, dry_run=True, output="LINES")
        return list(found) if isinstance(found, list) else [text]

    def paragraph(
        text: str, size: float = 9.5, style: str = "", gap: float = 1.2, indent: float = 0.0
    ) -> None:
        nonlocal y
        height = size * 0.45
        found = lines(text, _WIDTH - indent, size, style)
        room(height * len(found))
        pdf.set_font(FONT, style, size)
        for line in found:
            pdf.set_xy(_LEFT + indent, y)
            pdf.cell(_WIDTH - indent, height, line)
            y += height
        y += gap

    def heading(text: str) -> None:
        nonlocal y
        room(16)
        y += 3
        paragraph(text, 12, "B", gap=1.5)

    new_page()
    pdf.set_font(FONT, "B", 16)
    pdf.set_xy(_LEFT, y)
    pdf.cell(_WIDTH, 8, "Verdeling van de festivalpot")
    y += 9
    paragraph(festival.name, 12, "B", gap=0.5)
    about = " · ".join(p for p in (format_date_long(festival.date), festival.place) if p)
    paragraph(about, 9.5, gap=3)
    paragraph(status_sentence(locked), 9.5, "B", gap=1)
    paragraph(
        f"Verdeeld: {format_money_whole(total)} over "
        f"{sum(1 for r in rows if r.amount > 0)} van {len(rows)} initiatieven; "
        f"over in de pot: {format_money_whole(pot_cents - total)}.",
        9.5,
    )

    heading("De pot")
    paragraph(pot_sentence(record) + ".", 9.5, gap=1)
    paragraph(
        "De pot volgt uit het budgetoverzicht: het leefbaarheidsbudget van het jaar, min wat "
        "al is toegekend, min de reserve, zoals het stond op het moment van vaststellen.",
        9,
    )

    heading("Regel en instellingen")
    for sentence in settings_sentences(record):
        paragraph(sentence, 9.5, gap=0.8)
    paragraph(
        "Deze instellingen liggen vast sinds de jury het scoren vergrendelde.",
        9,
    )

    heading("Rangschikking en uitkomst")
    paragraph(
        "In de volgorde van de regel: de eindscore, het gevraagde bedrag, wat het "
        "initiatief krijgt, en waarom. * = handmatig aangepast (zie Aanpassingen).",
        9,
        gap=2,
    )

    def table_header() -> None:
        nonlocal y
        pdf.set_font(FONT, "B", 8.5)
        x = _LEFT
        for index, (title, width, align) in enumerate(_COLUMNS):
            figure = index >= 2  # the figures sit 2.5 mm apart, as in the rows
            pdf.set_xy(x + (2.5 if figure and align == "L" else 0.0), y)
            pdf.cell(width - (2.5 if figure else 0.0), 5, title, align=align)
            x += width
        pdf.set_draw_color(0, 0, 0)
        pdf.set_line_width(0.3)
        pdf.line(_LEFT, y + 5.5, _LEFT + _WIDTH, y + 5.5)
        y += 6.5

    room(20)
    table_header()
    title_width = _COLUMNS[1][1] - 2
    for row in rows:
        title_lines = lines(row.title, title_width, 9, "B")
        if len(title_lines) > 3:  # a very long title: three lines, the last one cut with "…"
            title_lines = [*title_lines[:2], shorten(pdf, " ".join(title_lines[2:]), title_width)]
        reason_lines = lines(row.reason, _WIDTH - _COLUMNS[0][1], 8)
        kern_height = 3.6 if row.kern else 0.0
        height = 4.3 * len(title_lines) + kern_height + 3.8 * len(reason_lines) + 2.2
        if y + height > _BOTTOM:
            new_page()
            table_header()
        top = y
        pdf.set_font(FONT, "B", 9)
        pdf.set_xy(_LEFT, top)
        pdf.cell(_COLUMNS[0][1], 4.3, str(row.rank))
        for number, line in enumerate(title_lines):
            pdf.set_xy(_LEFT + _COLUMNS[0][1], top + number * 4.3)
            pdf.cell(_COLUMNS[1][1], 4.3, line)
        y = top + 4.3 * len(title_lines)
        if row.kern:
            pdf.set_font(FONT, "", 7.5)
            pdf.set_text_color(80, 80, 80)
            pdf.set_xy(_LEFT + _COLUMNS[0][1], y)
            pdf.cell(_COLUMNS[1][1], 3.6, shorten(pdf, row.kern, title_width))
            pdf.set_text_color(0, 0, 0)
            y += kern_height
        outcome = row.outcome + (" *" if row.overridden else "")
        figures = (
            _score(row.score),
            format_money_whole(row.requested),
            format_money_whole(row.amount),
            outcome,
        )
        x = _LEFT + _COLUMNS[0][1] + _COLUMNS[1][1]
        for column, (text, (_, width, align)) in enumerate(zip(figures, _COLUMNS[2:], strict=True)):
            pdf.set_font(FONT, "B" if column == 2 and row.amount else "", 9)
            inset = 2.5 if align == "L" else 0.0
            pdf.set_xy(x + inset, top)
            shown = shorten(pdf, text, width - 2.5)
            pdf.cell(width - 2.5, 4.3, shown, align=align)
            x += width
        pdf.set_font(FONT, "", 8)
        pdf.set_text_color(40, 40, 40)
        for line in reason_lines:
            pdf.set_xy(_LEFT + _COLUMNS[0][1], y)
            pdf.cell(_WIDTH - _COLUMNS[0][1], 3.8, line)
            y += 3.8
        pdf.set_text_color(0, 0, 0)
        y += 1.0
        pdf.set_draw_color(190, 190, 190)
        pdf.set_line_width(0.2)
        pdf.line(_LEFT, y, _LEFT + _WIDTH, y)
        y += 1.2
    pdf.set_font(FONT, "B", 9)
    room(6)
    pdf.set_xy(_LEFT, y + 0.5)
    pdf.cell(_COLUMNS[0][1] + _COLUMNS[1][1], 5, "Totaal")
    pdf.set_xy(_LEFT + sum(w for _, w, _ in _COLUMNS[:4]), y + 0.5)
    pdf.cell(_COLUMNS[4][1] - 2.5, 5, format_money_whole(total), align="R")
    y += 7

    heading("Aanpassingen")
    changed = [r for r in rows if r.overridden]
    if not changed:
        paragraph("Geen: elk bedrag is wat de regel gaf.", 9.5)
    for r in changed:
        assert r.override_amount is not None
        paragraph(
            f"{r.title}: {format_money_whole(r.override_amount)}, aangepast door "
            f"{r.override_by} op {when(r.override_at)}.",
            9.5,
            "B",
            gap=0.3,
        )
        paragraph(f"Reden: {r.override_reason}", 9.5, gap=1.5, indent=4)

    heading("Controle")
    covers = (
        " en over de stand van het auditlog (de keten van alle eerdere wijzigingen) bij het "
        "vaststellen"
        if locked.chain_head
        else ""
    )
    paragraph(
        "Controlegetal (SHA-256) over het vastgelegde verslag (invoer, instellingen, regel, "
        f"startgetal en uitkomst){covers}:",
        9.5,
        gap=0.8,
    )
    paragraph(locked.sha256, 9, "B", gap=1.5)
    paragraph(
        f"Controleren: '{VERIFY_HASH_COMMAND} {locked.sha256[:16]}' zegt bij welke verdeling dit "
        "controlegetal hoort en of zij sinds het vaststellen onveranderd is; "
        f"'{VERIFY_COMMAND}' rekent het controlegetal van de huidige verdeling na. Dezelfde "
        "uitkomst staat in het open pabulib-formaat met 'festival pabulib export BESTAND.pb'; "
        f"'festival pabulib run BESTAND.pb --rule {record.rule.value}' rekent de regel "
        "daarop na" + (" (zonder de handmatige aanpassingen)." if changed else "."),
        9,
    )
    return to_bytes(pdf)
