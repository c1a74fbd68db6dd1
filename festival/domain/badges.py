"""Badges: the QR code of a registration, on screen in half-blocks and printed as PDF.

A badge shows the festival, the person's name (only with consent; otherwise the role), a colour
band per role, kern or organisation, the QR code and the code in text beneath it. The QR holds
only the badge code, never personal data.

The screen needs only :func:`qr_half_blocks`; the PDF library (about 0.2 s to import) and the
QR library load when they are first used, so the desk's first frame does not wait for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from festival.core.errors import InvalidInput, NotAllowed, NotFound
from festival.core.files import make_private_folder, write_private
from festival.core.fonts import missing_glyphs
from festival.core.scripts import in_latin_letters
from festival.core.text import clean_reason
from festival.domain import permissions
from festival.domain.festivals import Festival, list_festivals
from festival.domain.permissions import Caller
from festival.domain.privacy import PersonalFile, record_disclosure
from festival.domain.registration import (
    FestivalRole,
    Registration,
    get_registration,
    list_registrations,
)
from festival.store.database import Database

if TYPE_CHECKING:
    from fpdf import FPDF

#: Light modules around the code; the QR standard asks for four.
QUIET_ZONE = 4

Layout = Literal["a6", "a4x4"]
LAYOUTS: tuple[Layout, ...] = ("a6", "a4x4")

#: One colour per role (Okabe-Ito palette: told apart with the common colour-vision
#: deficiencies), as ``#RRGGBB``; the band always carries the role's name as well.
ROLE_COLOURS: dict[FestivalRole, str] = {
    FestivalRole.INITIATOR: "#009E73",  # bluish green
    FestivalRole.FUNDER: "#E69F00",  # orange
    FestivalRole.JURY: "#CC79A7",  # reddish purple
    FestivalRole.STAFF: "#000000",  # black
    FestivalRole.VISITOR: "#56B4E9",  # sky blue
}


# -- QR --------------------------------------------------------------------------------------


def qr_matrix(code: str) -> list[list[bool]]:
    """The QR code of ``code`` (error correction M) as rows of modules, True = dark,
    including a quiet zone of :data:`QUIET_ZONE` light modules on every side."""
    # Imported here: qrcode pulls in Pillow, which the rest of the app does not need at start.
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=1, border=QUIET_ZONE)
    qr.add_data(code)
    qr.make(fit=True)
    return [[bool(module) for module in row] for row in qr.get_matrix()]


#: (top dark, bottom dark) -> the character that draws those two modules in the foreground.
HALF_BLOCKS = {
    (False, False): " ",  # both light: background only
    (True, False): "▀",  # upper half block: top module dark
    (False, True): "▄",  # lower half block: bottom module dark
    (True, True): "█",  # full block: both dark
}


def qr_half_blocks(code: str) -> list[str]:
    """The QR code as text, two module rows per line and one module per character.

    Meant to be drawn with a black foreground on a white background: the glyph is the dark
    part. ``"▀"`` = top module dark, bottom light; ``"▄"`` = top light, bottom dark;
    ``"█"`` = both dark; ``" "`` = both light. The quiet zone is included; an odd last row is
    paired with a light row (more quiet zone). Terminal cells are about twice as high as wide,
    so each module comes out roughly square.
    """
    matrix = qr_matrix(code)
    if len(matrix) % 2:
        matrix.append([False] * len(matrix[0]))
    return [
        "".join(HALF_BLOCKS[top, bottom] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(matrix[::2], matrix[1::2], strict=True)
    ]


# -- badge layout ----------------------------------------------------------------------------

BADGE_WIDTH = 105.0  # A6, millimetres
BADGE_HEIGHT = 148.0
_A4_CELL_HEIGHT = 297.0 / 2  # four A6 badges fill an A4 sheet exactly (148.5 mm per row)
_MARGIN = 7.0  # inside each badge: clear of the printer's unprintable edge and of the cut
_QR_SIZE = 44.0  # quiet zone included: 1.5 mm per module for a short code


def _rgb(colour: str) -> tuple[int, int, int]:
    value = int(colour.lstrip("#"), 16)
    return (value >> 16) & 255, (value >> 8) & 255, value & 255


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else float(((s + 0.055) / 1.055) ** 2.4)

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def text_colour_on(colour: str) -> tuple[int, int, int]:
    """Black or white, whichever contrasts more with ``colour`` (WCAG contrast ratio)."""
    lum = _luminance(_rgb(colour))
    return (0, 0, 0) if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else (255, 255, 255)


def _role_title(registration: Registration) -> str:
    return " + ".join(r.label.capitalize() for r in registration.roles)


def _name_lines(pdf: FPDF, name: str, width: float) -> tuple[float, list[str]]:
    """The name in one line as large as fits (28 to 16 pt), else two lines (20 to 12 pt)."""
    from festival.core.printing import fit_font_size, shorten

    size = fit_font_size(pdf, name, width, 28, 16)
    if pdf.get_string_width(name) <= width or " " not in name:
        return size, [shorten(pdf, name, width)]
    words = name.split(" ")
    # Break where the two lines are closest in length.
    best = min(
        range(1, len(words)),
        key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))),
    )
    lines = [" ".join(words[:best]), " ".join(words[best:])]
    size = min(fit_font_size(pdf, line, width, 20, 12) for line in lines)
    pdf.set_font_size(size)
    return size, [shorten(pdf, line, width) for line in lines]


def _draw_badge(
    pdf: FPDF, registration: Registration, festival: Festival, x0: float, y0: float
) -> None:
    from festival.core.dates import format_date_long
    from festival.core.printing import FONT, draw_matrix, fit_font_size, set_font_for, shorten

    left = x0 + _MARGIN
    inner = BADGE_WIDTH - 2 * _MARGIN

    def line(text: str, y: float, height: float) -> None:
        pdf.set_xy(left, y)
        pdf.cell(inner, height, text, align="C")

    # Festival name and day.
    pdf.set_text_color(0, 0, 0)
    set_font_for(pdf, festival.name, "B")
    fit_font_size(pdf, festival.name, inner, 12, 8)
    line(shorten(pdf, festival.name, inner), y0 + _MARGIN, 6)
    pdf.set_font(FONT, "", 8)
    pdf.set_text_color(90, 90, 90)
    when = " · ".join(p for p in (format_date_long(festival.date), festival.place) if p)
    line(shorten(pdf, when, inner), y0 + _MARGIN + 6.5, 4.5)

    # The name, big; without consent the role stands in its place.
    pdf.set_text_color(0, 0, 0)
    shown = registration.badge_name or _role_title(registration)
    set_font_for(pdf, shown, "B")  # an Arabic name in the Arabic font, a Chinese one in CJK
    size, lines = _name_lines(pdf, shown, inner)
    line_height = size * 0.3528 * 1.2  # points to millimetres, with some leading
    top = y0 + 34 - line_height * len(lines) / 2
    for i, text in enumerate(lines):
        line(text, top + i * line_height, line_height)

    # Kern or organisation.
    if registration.origin:
        set_font_for(pdf, registration.origin, "")
        fit_font_size(pdf, registration.origin, inner, 13, 9)
        line(shorten(pdf, registration.origin, inner), y0 + 47, 7)

    # The QR code and the code itself, for typing when a scanner fails.
    qr_x = x0 + (BADGE_WIDTH - _QR_SIZE) / 2
    draw_matrix(pdf, qr_matrix(registration.code), qr_x, y0 + 57, _QR_SIZE)
    pdf.set_font(FONT, "B", 15)
    line(registration.code, y0 + 101.5, 7)

    # A band per role, side by side, each with its colour and name.
    if registration.roles:
        band_top, band_height = y0 + 117, 20.0
        width = inner / len(registration.roles)
        labels = [role.label.capitalize() for role in registration.roles]
        pdf.set_font(FONT, "B")
        # One size for every label, so two roles look equally important.
        size = min(fit_font_size(pdf, label, width - 3, 16, 7) for label in labels)
        pdf.set_font_size(size)
        for i, (role, label) in enumerate(zip(registration.roles, labels, strict=True)):
            colour = ROLE_COLOURS[role]
            x = left + i * width
            pdf.set_fill_color(*_rgb(colour))
            pdf.rect(x, band_top, width, band_height, style="F")
            pdf.set_text_color(*text_colour_on(colour))
            pdf.set_xy(x, band_top)
            pdf.cell(width, band_height, shorten(pdf, label, width - 3), align="C")
    pdf.set_text_color(0, 0, 0)


def _draw_back(pdf: FPDF, lines: Sequence[str]) -> None:
    """The badge's back: the first line in bold, each line wrapped to the page's width."""
    from festival.core.printing import FONT
    from festival.core.text import printable

    pdf.set_text_color(0, 0, 0)
    pdf.set_xy(_MARGIN, _MARGIN)
    for index, text in enumerate(lines):
        pdf.set_font(FONT, "B" if index == 0 else "", 11 if index == 0 else 9)
        pdf.set_x(_MARGIN)
        height = 6 if index == 0 else 4.5
        pdf.multi_cell(BADGE_WIDTH - 2 * _MARGIN, height, printable(text), align="L")
        pdf.ln(1.5)


def _cut_marks(pdf: FPDF) -> None:
    """Short grey lines where the A4 sheet is cut into four A6 badges."""
    mid_x, mid_y = BADGE_WIDTH, _A4_CELL_HEIGHT
    pdf.set_draw_color(150, 150, 150)
    pdf.set_line_width(0.2)
    pdf.line(mid_x, 3, mid_x, 9)  # top edge
    pdf.line(mid_x, 297 - 9, mid_x, 297 - 3)  # bottom edge
    pdf.line(3, mid_y, 9, mid_y)  # left edge
    pdf.line(210 - 9, mid_y, 210 - 3, mid_y)  # right edge
    pdf.line(mid_x - 4, mid_y, mid_x + 4, mid_y)  # the centre cross
    pdf.line(mid_x, mid_y - 4, mid_x, mid_y + 4)


def badges_pdf(
    registrations: Sequence[Registration],
    festival: Festival,
    layout: str = "a6",
    *,
    back: Sequence[str] = (),
) -> bytes:
    """Badges as a PDF, in the order given: ``a6`` is one A6 page per badge, ``a4x4`` four
    A6 badges per A4 sheet with cut marks. ``back`` lines (what installed features say about
    the person, e.g. their table talks) print on a page after an ``a6`` badge."""
    from festival.core.printing import A4, A6, new_document, to_bytes

    if layout not in LAYOUTS:
        raise InvalidInput(
            f"Onbekende indeling {layout!r}; kies uit: {', '.join(LAYOUTS)}.", "layout"
        )
    if not registrations:
        raise InvalidInput("Er zijn geen badges om te maken.", "registrations")
    texts = [festival.name, *(t for r in registrations for t in (r.badge_name, r.origin))]
    if layout == "a6":
        pdf = new_document(A6, title=f"Badges {festival.name}", texts=texts)
        for registration in registrations:
            pdf.add_page()
            _draw_badge(pdf, registration, festival, 0, 0)
            if back:
                pdf.add_page()
                _draw_back(pdf, back)
        return to_bytes(pdf)
    pdf = new_document(A4, title=f"Badges {festival.name}", texts=texts)
    for i, registration in enumerate(registrations):
        slot = i % 4
        if slot == 0:
            pdf.add_page()
            _cut_marks(pdf)
        _draw_badge(
            pdf, registration, festival, (slot % 2) * BADGE_WIDTH, (slot // 2) * _A4_CELL_HEIGHT
        )
    return to_bytes(pdf)


# -- names the fonts cannot draw -------------------------------------------------------------


@dataclass(frozen=True)
class Unprintable:
    """A badge name with characters no font on this machine draws (they would print as an
    empty box), and the same name in Latin letters."""

    name: str
    characters: tuple[str, ...]
    latin: str

    @property
    def message(self) -> str:
        shown = ", ".join(self.characters)
        return (
            f"In de naam {self.name} kan deze computer niet alle tekens printen ({shown}): "
            "die komen als leeg vakje op de badge."
        )


def unprintable(registration: Registration) -> Unprintable | None:
    """What of the name on ``registration``'s badge cannot be printed here, or None when all
    of it can (also when the badge shows the role instead of the name)."""
    name = registration.badge_name
    missing = missing_glyphs(name) if name else []
    if not missing:
        return None
    return Unprintable(name, tuple(missing), in_latin_letters(name))


def with_printed_name(registration: Registration, name: str | None) -> Registration:
    """``registration`` with ``name`` on its badge instead (the name in Latin letters); the
    registration itself is not changed."""
    return registration if name is None else registration.model_copy(update={"name": name})


@dataclass(frozen=True)
class BadgeSheets(PersonalFile):
    """The badges as one PDF, and the names in it that do not print as typed."""

    unprintable: tuple[Unprintable, ...] = ()
    #: Whether those names were printed in Latin letters instead.
    latin: bool = False


def badge_sheets(
    db: Database,
    caller: Caller,
    festival: Festival,
    layout: Layout = "a6",
    *,
    role: FestivalRole | None = None,
    latin: bool = False,
) -> BadgeSheets:
    """The badges of everyone registered for ``festival`` (or only those with ``role``) as one
    PDF; the audit log records who made them. :class:`NotFound` when nobody qualifies.

    A name the fonts cannot draw is reported in ``unprintable``; with ``latin`` it is printed
    in Latin letters instead.
    """
    people = list_registrations(db, caller, festival.id, role=role)
    if not people:
        who = f"met de rol {role.label}" if role else "aangemeld"
        raise NotFound(f"Niemand {who} voor {festival.name}: geen badges gemaakt.")
    problems = {r.id: found for r in people if (found := unprintable(r)) is not None}
    if latin:
        people = [with_printed_name(r, problems[r.id].latin if r.id in problems else None)
                  for r in people]  # fmt: skip
    data = badges_pdf(people, festival, layout)
    about = {"rol": role.value} if role else {}
    record_disclosure(db, caller, "badges gemaakt", "festival", festival.id, len(people), **about)
    return BadgeSheets(
        data=data, people=len(people), unprintable=tuple(problems.values()), latin=latin
    )


# -- one badge from the desk -----------------------------------------------------------------


def festival_of(db: Database, registration: Registration) -> Festival:
    for festival in list_festivals(db):
        if festival.id == registration.festival_id:
            return festival
    raise NotFound(f"Festival {registration.festival_id} bestaat niet.")  # pragma: no cover


def badge_pdf_for(db: Database, caller: Caller, registration_id: int) -> bytes:
    """One A6 badge for one registration, as printed at the desk at check-in."""
    permissions.require(caller, permissions.BADGE_PRINT)
    registration = get_registration(db, registration_id)
    return badges_pdf([registration], festival_of(db, registration), "a6")


# -- printing one badge at the desk -----------------------------------------------------------

#: The audit line of a badge's first print; a reprint is "badge herdrukt" (with its reason in
#: the check-in log, :func:`festival.domain.checkin.record_reprint`).
PRINTED = "badge geprint"
REPRINTED = "badge herdrukt"


@dataclass(frozen=True)
class LastPrint:
    """When and by whom a registration's badge was last printed."""

    at: datetime
    actor: str


def last_print(db: Database, caller: Caller, registration_id: int) -> LastPrint | None:
    """The last print of this registration's badge at a desk (first print or reprint), or
    None when it was never printed there. (Sheets made with ``festival badges`` do not count:
    they are often made in advance and not all handed out.)

    The audit log is the record: every print writes a line there, which no one can remove.
    """
    permissions.require(caller, permissions.BADGE_PRINT)
    row = db.fetchone(
        "SELECT at, actor FROM audit_log WHERE entity = 'registration' AND entity_id = ?"
        " AND action IN (?, ?) ORDER BY id DESC LIMIT 1",
        (str(registration_id), PRINTED, REPRINTED),
    )
    if row is None:
        return None
    return LastPrint(datetime.fromisoformat(row["at"]), row["actor"])


class ReprintNeedsReason(NotAllowed):
    """The badge was printed before: printing it again asks a reason (coordinator)."""


@dataclass(frozen=True)
class PrintedBadge:
    """Where one badge went: a printer's job, or a PDF file when no printer is set."""

    name: str
    printer: str | None = None
    job: str | None = None
    path: Path | None = None
    reprint: bool = False

    @property
    def message(self) -> str:
        """What the desk tells its user (Dutch)."""
        again = "opnieuw " if self.reprint else ""
        if self.printer is not None:
            return (
                f"Badge van {self.name} {again}naar printer {self.printer} (opdracht {self.job})."
            )
        assert self.path is not None
        return (
            f"Geen printer ingesteld: badge van {self.name} {again}opgeslagen als "
            f"{self.path.name} in {self.path.parent}"
        )


def print_badge(
    db: Database,
    caller: Caller,
    registration_id: int,
    *,
    desk: str,
    printer: str | None,
    folder: Path,
    reason: str | None = None,
    printed_name: str | None = None,
) -> PrintedBadge:
    """Print one registration's A6 badge on ``printer`` (CUPS), or without a printer write it
    to ``folder``/CODE.pdf (folder 0700, file 0600: personal data); the audit log records it.

    The first print needs no reason, whenever it happens. A badge printed before is a reprint:
    only with a ``reason`` (:class:`ReprintNeedsReason` without one) and only for a role that
    may reprint; the reason goes to the check-in log. ``printed_name`` replaces the name on
    this print (the name in Latin letters, see :func:`unprintable`). Raises
    :class:`~festival.core.printer.PrinterError` when the printer does not take the job (then
    nothing is recorded, so the next try is still a first print). About 0.1 s, a second for a
    name in Chinese characters (the font is large): run it in a worker with its own database.
    """
    from festival.core.printer import send_to_printer
    from festival.domain.checkin import record_reprint

    permissions.require(caller, permissions.BADGE_PRINT)
    registration = get_registration(db, registration_id)
    before = last_print(db, caller, registration_id)
    why: str | None = None
    if before is not None:
        if not reason or not reason.strip():
            when = before.at.astimezone().strftime("%H:%M")
            raise ReprintNeedsReason(
                f"De badge van {registration.name} is al geprint (om {when}, door "
                f"{before.actor}). Opnieuw printen mag alleen de coördinator, met een reden."
            )
        permissions.require(caller, permissions.BADGE_REPRINT)
        why = clean_reason(reason)
    shown = with_printed_name(registration, printed_name)
    from festival.features import person_lines

    # What features tell the person (their table talks) goes on the back of the badge.
    back = [line for line in person_lines(db, caller, registration.id) if line]
    data = badges_pdf([shown], festival_of(db, registration), "a6", back=back)
    reprint = before is not None
    if printer:
        job = send_to_printer(printer, data, title=f"Badge {registration.code}", media="A6")
        done = PrintedBadge(registration.name, printer=printer, job=job, reprint=reprint)
    else:
        make_private_folder(folder)
        target = folder / f"{registration.code}.pdf"
        write_private(target, data)
        done = PrintedBadge(registration.name, path=target, reprint=reprint)
    where = {"printer": printer} if printer else {"bestand": f"{registration.code}.pdf"}
    if printed_name is not None:
        where["gedrukte naam"] = "in Latijnse letters"
    if why is not None:
        record_reprint(db, caller, registration_id, why, desk)
    else:
        with db.write(caller.actor) as tx:
            tx.audit(PRINTED, "registration", registration_id, None, {"balie": desk, **where})
    return done
