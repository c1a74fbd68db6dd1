"""Who came: the attendance CSV, and the printed list of everyone expected for when a laptop
fails. Neither holds e-mail addresses or phone numbers: they are built from
:class:`~festival.domain.registration.Registration`, which has none.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from festival.core.csv_io import write_csv
from festival.core.errors import NotFound
from festival.core.text import fold
from festival.domain import permissions
from festival.domain.festivals import Festival
from festival.domain.permissions import Caller
from festival.domain.privacy import PersonalFile, record_disclosure
from festival.domain.registration import Registration, list_registrations
from festival.store.database import Database

ATTENDANCE_HEADERS = (
    "naam",
    "rollen",
    "kern",
    "organisatie",
    "code",
    "ingecheckt_om",
    "balie",
    "door",
)


def format_local(value: datetime | None) -> str:
    """``12-09-2026 10:32`` in the computer's local time; empty for no value."""
    return value.astimezone().strftime("%d-%m-%Y %H:%M") if value else ""


def by_name(registrations: Sequence[Registration]) -> list[Registration]:
    """Sorted as a person looks names up: without case, accents or odd apostrophes."""
    return sorted(registrations, key=lambda r: (fold(r.name), r.code))


def attendance_csv(db: Database, caller: Caller, festival_id: int) -> bytes:
    """Everyone registered for the festival, by name, with when, where and by whom they were
    checked in (empty for who did not come), as a CSV that Excel with Dutch settings opens.
    The audit log records who exported it."""
    permissions.require(caller, permissions.ATTENDANCE_EXPORT)
    people = by_name(list_registrations(db, caller, festival_id))
    rows = [
        [
            r.name,
            "+".join(role.value for role in r.roles),  # the notation the import reads back
            r.kern_name or "",
            r.organisation,
            r.code,
            format_local(r.checked_in_at),
            r.checked_in_desk or "",
            r.checked_in_by or "",
        ]
        for r in people
    ]
    data = write_csv(ATTENDANCE_HEADERS, rows)
    record_disclosure(
        db, caller, "aanwezigheidslijst geëxporteerd", "festival", festival_id, len(people)
    )
    return data


# -- the printed fallback list ---------------------------------------------------------------


def fallback_list(
    db: Database, caller: Caller, festival: Festival, *, printed_at: datetime | None = None
) -> PersonalFile:
    """The fallback list (:func:`fallback_list_pdf`) of everyone registered for ``festival``;
    the audit log records who printed it. :class:`NotFound` when nobody is registered."""
    people = list_registrations(db, caller, festival.id)
    if not people:
        raise NotFound(f"Niemand aangemeld voor {festival.name}: geen noodlijst gemaakt.")
    data = fallback_list_pdf(people, festival, printed_at=printed_at)
    record_disclosure(db, caller, "noodlijst gemaakt", "festival", festival.id, len(people))
    return PersonalFile(data=data, people=len(people))


_LEFT, _TOP, _BOTTOM = 15.0, 12.0, 282.0
_ROW = 6.4
# (heading, width in mm): 180 mm between the margins.
_COLUMNS = (("Binnen", 16.0), ("Naam", 57.0), ("Rol", 35.0), ("Kern / organisatie", 46.0),
            ("Code", 26.0))  # fmt: skip


def fallback_list_pdf(
    registrations: Sequence[Registration],
    festival: Festival,
    *,
    printed_at: datetime | None = None,
) -> bytes:
    """An A4 list of everyone expected, by name: an empty box to tick, name, roles, kern or
    organisation and badge code; who was already checked in when it was printed shows a tick
    and the time. Every page says when it was printed and which page of how many it is."""
    from festival.core.dates import format_date_long
    from festival.core.printing import A4, FONT, new_document, shorten, to_bytes

    printed = (printed_at or datetime.now()).astimezone()
    people = by_name(registrations)
    present = sum(1 for r in people if r.checked_in_at is not None)
    pdf = new_document(A4, title=f"Noodlijst {festival.name}")
    pdf.alias_nb_pages()
    about = " · ".join(p for p in (format_date_long(festival.date), festival.place) if p)
    stamp = (
        f"Afgedrukt op {printed:%d-%m-%Y} om {printed:%H:%M} · {len(people)} verwacht, "
        f"{present} toen al ingecheckt"
    )

    def start_page() -> float:
        pdf.add_page()
        pdf.set_text_color(0, 0, 0)
        pdf.set_font(FONT, "B", 14)
        pdf.set_xy(_LEFT, _TOP)
        pdf.cell(180, 7, shorten(pdf, f"Noodlijst balie · {festival.name}", 180))
        pdf.set_font(FONT, "", 9)
        pdf.set_xy(_LEFT, _TOP + 7.5)
        pdf.cell(180, 5, shorten(pdf, about, 180))
        pdf.set_xy(_LEFT, _TOP + 12.5)
        pdf.cell(180, 5, stamp)
        # The footer: page numbers, and a reminder of what this paper is.
        pdf.set_font(FONT, "", 8)
        pdf.set_text_color(90, 90, 90)
        pdf.set_xy(_LEFT, 287)
        pdf.cell(120, 5, "Alleen voor de balie; na het festival vernietigen.")
        pdf.set_xy(_LEFT + 120, 287)
        pdf.cell(60, 5, f"Pagina {pdf.page_no()} van {{nb}}", align="R")
        # Column headings.
        pdf.set_text_color(0, 0, 0)
        pdf.set_font(FONT, "B", 9)
        y = _TOP + 20
        x = _LEFT
        for heading, width in _COLUMNS:
            pdf.set_xy(x, y)
            pdf.cell(width, _ROW, heading)
            x += width
        pdf.set_draw_color(0, 0, 0)
        pdf.set_line_width(0.3)
        pdf.line(_LEFT, y + _ROW, _LEFT + 180, y + _ROW)
        return y + _ROW + 0.5

    y = start_page()
    if not people:
        pdf.set_font(FONT, "", 10)
        pdf.set_xy(_LEFT, y + 2)
        pdf.cell(180, _ROW, "Nog niemand aangemeld.")
    for index, r in enumerate(people):
        if y + _ROW > _BOTTOM:
            y = start_page()
        if index % 2:  # light stripes keep the eye on one line across the page
            pdf.set_fill_color(238, 238, 238)
            pdf.rect(_LEFT, y, 180, _ROW, style="F")
        x = _LEFT
        widths = [w for _, w in _COLUMNS]
        if r.checked_in_at is not None:
            pdf.set_font(FONT, "", 8)
            pdf.set_xy(x, y)
            pdf.cell(widths[0], _ROW, f"✓ {r.checked_in_at.astimezone():%H:%M}")
        else:
            pdf.set_draw_color(0, 0, 0)
            pdf.set_line_width(0.25)
            pdf.rect(x + 1.5, y + 1.4, 3.6, 3.6)
        x += widths[0]
        cells = (
            ("", 9.5, r.name),
            ("", 8.5, r.role_labels),
            ("", 8.5, r.origin),
            ("B", 9.5, r.code),
        )
        for (style, size, text), width in zip(cells, widths[1:], strict=True):
            pdf.set_font(FONT, style, size)
            pdf.set_xy(x, y)
            # The code is never shortened: it is what staff type when the scanner is gone.
            shown = text if text == r.code else shorten(pdf, text, width - 1.5)
            pdf.cell(width, _ROW, shown)
            x += width
        y += _ROW
    return to_bytes(pdf)
