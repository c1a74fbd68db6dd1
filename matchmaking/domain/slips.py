"""A person's table talks: the lines the desk shows at check-in ("waar moet ik heen?") and the
printed slip per person (A6, one page each)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from festival.core.text import printable
from festival.domain import permissions
from festival.domain.permissions import Caller
from festival.store.database import Database
from matchmaking.domain import participants
from matchmaking.domain.models import Talk
from matchmaking.domain.permissions import TALKS_READ
from matchmaking.domain.schedule import read_talks


def talk_lines(talks: Sequence[Talk], registration_id: int) -> list[str]:
    """One short line per talk of this person, in round order: round, start, table, with
    whom (short, because the desk shows them beside the badge's QR code)."""
    lines = []
    for t in sorted(talks, key=lambda t: t.round):
        other = t.initiative if t.funder_id == registration_id else t.funder
        lines.append(f"R{t.round} {t.start} tafel {t.table} · {other}")
    return lines


def _mine(db: Database, festival_id: int, registration_id: int) -> list[Talk]:
    own = set(participants.initiatives_of_registration(db, registration_id))
    return [
        t
        for t in read_talks(db, festival_id)
        if t.funder_id == registration_id or t.initiative_id in own
    ]


def desk_lines(db: Database, caller: Caller, registration_id: int) -> list[str]:
    """What the desk shows under "Welkom": a blank line, then the person's talks; nothing if
    they have none (or the caller may not read them)."""
    if not permissions.allowed(caller, TALKS_READ):
        return []
    festival_id = participants.festival_of_registration(db, registration_id)
    if festival_id is None:
        return []
    lines = talk_lines(_mine(db, festival_id, registration_id), registration_id)
    if not lines:
        return []
    return ["", "Tafelgesprekken (waar moet ik heen?):", *lines]


def slips_pdf(
    db: Database, caller: Caller, festival_id: int, registration_ids: Sequence[int] | None = None
) -> tuple[bytes, int]:
    """Slips for these people (all with talks when None): the PDF and how many pages."""
    from festival.core.printing import A6, FONT, new_document, shorten, to_bytes

    permissions.require(caller, TALKS_READ)
    talks = read_talks(db, festival_id)
    names = participants.names(db, festival_id)
    owner: dict[int, int | None] = {
        i.id: i.registration_id for i in participants.initiatives(db, festival_id)
    }
    per_person: dict[int, list[Talk]] = {}
    for t in talks:
        per_person.setdefault(t.funder_id, []).append(t)
        initiator = owner.get(t.initiative_id)
        if initiator is not None:
            per_person.setdefault(initiator, []).append(t)
    wanted = (
        list(registration_ids)
        if registration_ids is not None
        else sorted(per_person, key=lambda r: names.get(r, ""))
    )
    pdf = new_document(A6, title="Tafelgesprekken")
    width = A6[0] - 16
    for registration_id in wanted:
        pdf.add_page()
        pdf.set_xy(8, 10)
        pdf.set_font(FONT, "B", 14)
        pdf.cell(width, 8, shorten(pdf, printable(names.get(registration_id, "?")), width))
        pdf.set_xy(8, 19)
        pdf.set_font(FONT, "", 10)
        pdf.cell(width, 6, "Uw tafelgesprekken")
        y = 28.0
        mine = per_person.get(registration_id, [])
        if not mine:
            pdf.set_xy(8, y)
            pdf.cell(width, 6, "Geen tafelgesprekken gepland.")
        for t in sorted(mine, key=lambda t: t.round):
            other = f"{t.initiative}" if t.funder_id == registration_id else t.funder
            pdf.set_xy(8, y)
            pdf.set_font(FONT, "B", 10)
            pdf.cell(width, 5, f"Ronde {t.round} · {t.start}–{t.end} · tafel {t.table}")
            pdf.set_xy(8, y + 5)
            pdf.set_font(FONT, "", 9)
            pdf.cell(width, 5, shorten(pdf, "met " + printable(other), width))
            y += 12
    with db.write(caller.actor) as tx:
        # Who printed whose talks: a count, never the names.
        tx.audit(
            "tafelgesprekken geprint", "festival", festival_id, None, {"personen": len(wanted)}
        )
    return to_bytes(pdf), len(wanted)


def hall_lines(db: Database, festival_id: int, now: datetime) -> list[str]:
    """The round that is on (or the next one) for the hall screen: table, organisation and
    initiative, never a person's name. Empty outside the festival day or after the last round.
    """
    from matchmaking.domain.settings import get_settings

    settings = get_settings(db, festival_id)
    if settings is None or now.date() != participants.festival_day(db, festival_id):
        return []
    clock = now.strftime("%H:%M")
    current = next((r for r, (start, end) in settings.round_times().items() if clock < end), None)
    if current is None:
        return []
    start, end = settings.round_times()[current]
    organisations = {
        f.registration_id: f.organisation or "subsidieverlener"
        for f in participants.funders(db, festival_id)
    }
    lines = [f"Tafelgesprekken ronde {current}  {start}–{end}"]
    for t in read_talks(db, festival_id):
        if t.round == current:
            lines.append(f"Tafel {t.table}: {organisations.get(t.funder_id, '?')} — {t.initiative}")
    return lines
