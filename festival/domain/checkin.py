"""Checking in at the desk: by scanned code or chosen name, undoing a check-in, reprinting.

A check-in is one conditional UPDATE inside an immediate transaction, so when two desks scan
the same badge at once exactly one gets "Welkom". Every step is logged in ``checkin_events``
and the audit log, which name the desk and the registration, never contact details.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel

from festival.core.errors import InvalidInput
from festival.core.text import clean_reason
from festival.domain import codes, permissions
from festival.domain.permissions import Caller
from festival.domain.registration import Registration, by_code, get_registration
from festival.store.database import Database, utc_now


class CheckInOutcome(StrEnum):
    WELCOME = "Welkom"
    ALREADY = "Al ingecheckt"
    UNKNOWN = "Onbekend"


class CheckInResult(BaseModel):
    outcome: CheckInOutcome
    code_as_read: str
    registration: Registration | None = None
    reason: str = ""

    @property
    def message(self) -> str:
        """The one line that the desk and the command line both say."""
        r = self.registration
        if self.outcome is CheckInOutcome.WELCOME and r:
            return f"Welkom: {r.name} ({r.role_labels}{', ' + r.origin if r.origin else ''})"
        if self.outcome is CheckInOutcome.ALREADY and r:
            since = r.checked_in_at.astimezone().strftime("%H:%M") if r.checked_in_at else "?"
            return (
                f"Al ingecheckt: {r.name}, sinds {since} aan {r.checked_in_desk} "
                f"door {r.checked_in_by}"
            )
        return f"Onbekend: {self.code_as_read!r}" + (f" ({self.reason})" if self.reason else "")


def check_in(db: Database, caller: Caller, registration_id: int, desk: str) -> CheckInResult:
    """Check one registration in; exactly one of several simultaneous desks gets WELCOME."""
    permissions.require(caller, permissions.CHECK_IN)
    actor = caller.actor
    now = utc_now()
    with db.write(actor) as tx:
        cursor = tx.execute(
            "UPDATE registrations SET checked_in_at = ?, checked_in_desk = ?, checked_in_by = ?"
            " WHERE id = ? AND checked_in_at IS NULL",
            (now, desk, actor.name, registration_id),
        )
        welcomed = cursor.rowcount == 1
        if welcomed:
            tx.execute(
                "INSERT INTO checkin_events (registration_id, at, desk, actor, action)"
                " VALUES (?, ?, ?, ?, 'in')",
                (registration_id, now, desk, actor.name),
            )
            tx.audit("ingecheckt", "registration", registration_id, None, {"balie": desk})
        registration = get_registration(tx, registration_id)
    outcome = CheckInOutcome.WELCOME if welcomed else CheckInOutcome.ALREADY
    return CheckInResult(outcome=outcome, code_as_read=registration.code, registration=registration)


def check_in_code(
    db: Database, caller: Caller, raw: str, desk: str, *, festival_id: int | None = None
) -> CheckInResult:
    """Check in by a scanned or typed code; unknown and malformed codes say so.

    Only badges of this festival (``festival_id``, else the current one) count: last year's
    badge, not yet purged, is "Onbekend" here.
    """
    permissions.require(caller, permissions.CHECK_IN)
    code = codes.normalise(raw)
    shown = raw.strip()
    if not codes.is_code(code):
        reason = "geen geldige badgecode" if code else "leeg"
        return CheckInResult(outcome=CheckInOutcome.UNKNOWN, code_as_read=shown, reason=reason)
    if festival_id is None:
        from festival.domain.festivals import current_festival

        festival = current_festival(db)
        festival_id = festival.id if festival else -1
    registration = by_code(db, code, festival_id)
    if registration is None:
        return CheckInResult(
            outcome=CheckInOutcome.UNKNOWN,
            code_as_read=code,
            reason="niet aangemeld voor dit festival",
        )
    return check_in(db, caller, registration.id, desk)


def undo_check_in(
    db: Database,
    caller: Caller,
    registration_id: int,
    reason: str,
    desk: str,
) -> Registration:
    """Undo a check-in (coordinator only, with a reason; logged)."""
    permissions.require(caller, permissions.CHECK_IN_UNDO)
    why = clean_reason(reason)
    actor = caller.actor
    with db.write(actor) as tx:
        before = get_registration(tx, registration_id)
        if before.checked_in_at is None:
            raise InvalidInput(f"{before.name} is niet ingecheckt.", "registration")
        tx.execute(
            "UPDATE registrations SET checked_in_at = NULL, checked_in_desk = NULL,"
            " checked_in_by = NULL WHERE id = ?",
            (registration_id,),
        )
        tx.execute(
            "INSERT INTO checkin_events (registration_id, at, desk, actor, action, reason)"
            " VALUES (?, ?, ?, ?, 'ongedaan', ?)",
            (registration_id, utc_now(), desk, actor.name, why),
        )
        tx.audit(
            "check-in ongedaan gemaakt",
            "registration",
            registration_id,
            {"ingecheckt": before.checked_in_at.isoformat(), "balie": before.checked_in_desk},
            {"reden": why},
        )
        return get_registration(tx, registration_id)


def record_reprint(
    db: Database,
    caller: Caller,
    registration_id: int,
    reason: str,
    desk: str,
) -> None:
    """Log a badge reprint (coordinator only, with a reason)."""
    permissions.require(caller, permissions.BADGE_REPRINT)
    why = clean_reason(reason)
    actor = caller.actor
    with db.write(actor) as tx:
        get_registration(tx, registration_id)
        tx.execute(
            "INSERT INTO checkin_events (registration_id, at, desk, actor, action, reason)"
            " VALUES (?, ?, ?, ?, 'badge herdrukt', ?)",
            (registration_id, utc_now(), desk, actor.name, why),
        )
        tx.audit(
            "badge herdrukt",
            "registration",
            registration_id,
            None,
            {"reden": "zie check-in-logboek"},
        )
