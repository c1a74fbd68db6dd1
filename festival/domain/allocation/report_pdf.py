"""The decision as an advice to the college of B&W (A4 PDF): reference number and date, the
festival, the proposal, the jury with its declared conflicts and the unlocks of the scoring
(with reasons), the pot and the rule as fixed, the ranking with a reason per initiative, the
overrides with their reasons, what the audience contributed, the decision's SHA-256 (over the
record and the audit chain's head) and a signature block. The decision itself comes only from
the locked record; the jury's part from :class:`~festival.domain.allocation.college.CollegeContext`.
No command-line instructions: the college reads it, the coordinator checks it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from festival.core.money import format_money_whole
from festival.domain.allocation.college import CollegeContext, reference
from festival.domain.allocation.model import Rule
from festival.domain.allocation.record import LockedAllocation
from festival.domain.allocation.report_text import (
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


def _moment(text: str) -> str:
    """A stored ISO moment as ``07-12-2026 12:00`` local time."""
    from datetime import datetime

    return when(datetime.fromisoformat(text))


def decision_pdf(
    locked: LockedAllocation, festival: Festival, context: CollegeContext | None = None
) -> bytes:
    """The advice to the college (see the module text); every page numbered. Without
    ``context`` the jury's part says it was not included."""
    from festival.core.dates import format_date_long
    from festival.core.printing import A4, FONT, new_document, shorten, to_bytes

    record = locked.record
    rows = decision_rows(locked)
    pot_cents = record.pot.pot_cents
    total = sum(r.amount for r in rows)
    kenmerk = reference(festival, locked)
    pdf = new_document(A4, title=f"Advies verdeling festivalpot {festival.name}")
    pdf.alias_nb_pages()
    y = 0.0

    def footer() -> None:
        pdf.set_font(FONT, "", 7.5)
        pdf.set_text_color(90, 90, 90)
        pdf.set_xy(_LEFT, 287)
        pdf.cell(130, 4, f"Kenmerk {kenmerk} · SHA-256 {locked.sha256[:16]}…")
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
    pdf.set_font(FONT, "B", 15)
    pdf.set_xy(_LEFT, y)
    pdf.cell(_WIDTH, 8, "Advies aan het college van burgemeester en wethouders")
    y += 9
    paragraph(f"Verdeling van de festivalpot: {festival.name}", 12, "B", gap=2)
    about = " · ".join(p for p in (format_date_long(festival.date), festival.place) if p)
    for label, value in (
        ("Kenmerk", kenmerk),
        ("Datum", when(locked.locked_at).split(" ")[0]),
        (
            "Onderwerp",
            f"verdeling van de festivalpot uit het leefbaarheidsbudget {record.pot.year}",
        ),
        ("Festival", about),
        ("Stand", status_sentence(locked)),
    ):
        paragraph(f"{label}: {value}", 9.5, gap=0.6)
    y += 1.5

    heading("Voorstel")
    funded = sum(1 for r in rows if r.amount > 0)
    paragraph(
        f"Het college wordt geadviseerd de festivalpot van {format_money_whole(pot_cents)} te "
        f"verdelen zoals hieronder staat: {format_money_whole(total)} aan {funded} van "
        f"{len(rows)} initiatieven; over in de pot: {format_money_whole(pot_cents - total)}. "
        "De verdeling volgt uit de scores van de jury en de regel die vooraf is vastgelegd; "
        f"zij is vastgesteld op {when(locked.locked_at)} door {locked.locked_by}.",
        9.5,
    )

    heading("De jury")
    if context is None:
        paragraph("De samenstelling van de jury is niet in dit document opgenomen.", 9.5)
    else:
        paragraph(
            "Juryleden: " + (", ".join(context.jurors) or "geen") + ".",
            9.5,
            gap=1,
        )
        if context.conflicts:
            paragraph("Gemelde belangenverstrengeling (die score telde niet mee):", 9.5, "B", 0.5)
            for c in context.conflicts:
                paragraph(f"{c.juror} bij {c.initiative}: {c.reason}", 9.5, gap=0.5, indent=4)
        else:
            paragraph("Geen jurylid meldde belangenverstrengeling.", 9.5, gap=1)
        y += 0.8
        if context.unlocks:
            paragraph("Het scoren is heropend na het vergrendelen:", 9.5, "B", 0.5)
            for u in context.unlocks:
                paragraph(f"{_moment(u.at)} door {u.by}: {u.reason}", 9.5, gap=0.5, indent=4)
        else:
            paragraph("Het scoren is na het vergrendelen niet heropend.", 9.5, gap=1)
        for earlier in context.replaced:
            paragraph(
                f"{_moment(earlier.at)} ({earlier.by}): {earlier.reason}", 9.5, gap=0.5, indent=4
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

    heading("Wat het publiek bijdroeg")
    # The ballots are the audience's votes as locked; older records only have the counts.
    counts = {c.id: c.approvals for c in record.candidates}
    if record.ballots:
        counts = {c.id: sum(c.id in b for b in record.ballots) for c in record.candidates}
    approvals = sum(counts.values())
    voters = len(record.ballots)
    said = (
        f"{voters} bezoekers brachten samen {approvals} goedkeuringsstemmen uit."
        if voters
        else (f"Het publiek bracht {approvals} stemmen uit." if approvals else "")
    ) or "Het publiek heeft niet gestemd."
    if context is not None:
        said += (
            f" De publieksstem telt voor {context.audience_weight}% mee in de eindscore."
            if context.audience_weight
            else " De publieksstem telt niet mee in de eindscore."
        )
    if record.rule is Rule.EQUAL_SHARES:
        said += " De regel (gelijke delen voor elke stemmer) verdeelt de pot naar deze stemmen."
    paragraph(said, 9.5)
    liked = sorted(
        (c for c in record.candidates if counts[c.id]), key=lambda c: (-counts[c.id], c.title)
    )[:3]
    if liked:
        paragraph(
            "Meeste stemmen: " + "; ".join(f"{c.title} ({counts[c.id]})" for c in liked) + ".",
            9.5,
        )

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
        "Wie het verslag of het auditlog na het vaststellen verandert, krijgt een ander "
        "controlegetal. De gemeente kan dit getal in haar administratie nagaan; de uitkomst is "
        "ook met andere software na te rekenen in het open pabulib-formaat"
        + (" (zonder de aanpassingen met de hand)." if changed else "."),
        9,
    )

    heading("Ondertekening")
    room(40)
    top = y + 2
    for column, (title, name) in enumerate(
        (
            ("Opgesteld door de coördinator van het festival", locked.locked_by),
            ("Besluit van het college van burgemeester en wethouders", ""),
        )
    ):
        x = _LEFT + column * (_WIDTH / 2)
        pdf.set_font(FONT, "B", 9)
        pdf.set_xy(x, top)
        pdf.multi_cell(_WIDTH / 2 - 6, 4.2, title, align="L")
        pdf.set_font(FONT, "", 9)
        for number, label in enumerate(("Naam", "Datum", "Handtekening")):
            line_y = top + 14 + number * 8
            pdf.set_xy(x, line_y - 4)
            pdf.cell(24, 4, f"{label}:")
            if label == "Naam" and name:
                pdf.set_xy(x + 24, line_y - 4)
                pdf.cell(_WIDTH / 2 - 30, 4, shorten(pdf, name, _WIDTH / 2 - 30))
            else:
                pdf.set_draw_color(120, 120, 120)
                pdf.set_line_width(0.2)
                pdf.line(x + 24, line_y, x + _WIDTH / 2 - 8, line_y)
    y = top + 40
    return to_bytes(pdf)
