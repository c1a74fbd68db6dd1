"""Checking in at the desk: by scanned code or chosen name, undoing a check-in (the
coordinator any, the desk its own of the last ten minutes), reprinting, and which desks are in
use.

A check-in is one conditional UPDATE inside an immediate transaction, so when two desks scan
the same badge at once exactly one gets "Welkom". Every step is logged in ``checkin_events``
and the audit log, which name the desk and the registration, never contact details.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel

from festival.core.errors import InvalidInput
from festival.core.text import clean_reason, fold
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


#: How long the desk may undo a check-in it made itself (the coordinator may any time).
OWN_UNDO_WINDOW = timedelta(minutes=10)


def own_undo_refusal(
    registration: Registration, caller: Caller, now: datetime | None = None
) -> str | None:
    """Why ``caller`` may not undo this check-in as their own, or None when they may: it must
    be theirs (the same user) and at most :data:`OWN_UNDO_WINDOW` ago."""
    if registration.checked_in_at is None:
        return f"{registration.name} is niet ingecheckt."
    if registration.checked_in_by != caller.actor.name:
        return (
            f"Deze check-in deed {registration.checked_in_by}; alleen de coördinator kan hem "
            "ongedaan maken."
        )
    moment = now or datetime.fromisoformat(utc_now())
    if moment - registration.checked_in_at > OWN_UNDO_WINDOW:
        minutes = int(OWN_UNDO_WINDOW.total_seconds() // 60)
        return (
            f"Een eigen check-in ongedaan maken kan tot {minutes} minuten erna; "
            "vraag het de coördinator."
        )
    return None


def undo_check_in(
    db: Database,
    caller: Caller,
    registration_id: int,
    reason: str,
    desk: str,
) -> Registration:
    """Undo any check-in (coordinator only, with a reason; logged)."""
    permissions.require(caller, permissions.CHECK_IN_UNDO)
    return _undo(db, caller, registration_id, reason, desk, own=False)


def undo_own_check_in(
    db: Database,
    caller: Caller,
    registration_id: int,
    reason: str,
    desk: str,
) -> Registration:
    """Undo a check-in the caller made in the last ten minutes (the desk, with a reason;
    logged); anything else is refused with :func:`own_undo_refusal`'s reason."""
    permissions.require(caller, permissions.CHECK_IN_UNDO_OWN)
    return _undo(db, caller, registration_id, reason, desk, own=True)


def _undo(
    db: Database, caller: Caller, registration_id: int, reason: str, desk: str, *, own: bool
) -> Registration:
    why = clean_reason(reason)
    actor = caller.actor
    with db.write(actor) as tx:
        before = get_registration(tx, registration_id)
        if before.checked_in_at is None:
            raise InvalidInput(f"{before.name} is niet ingecheckt.", "registration")
        refusal = own_undo_refusal(before, caller) if own else None
        if refusal:
            raise InvalidInput(refusal, "registration")
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
            {"reden": why, "eigen": own},
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


#: A desk counts as in use when it was named, or something was checked in under its name,
#: this recently.
LIVE_DESK_WINDOW = timedelta(minutes=15)


def live_desks(db: Database, now: datetime | None = None) -> dict[str, datetime]:
    """The desks in use: name -> the last moment it was named on a terminal or had a check-in,
    undo or reprint recorded under its name, within :data:`LIVE_DESK_WINDOW` (names only, no
    personal data). Names that differ only in case or spaces are one desk."""
    moment = now or datetime.fromisoformat(utc_now())
    since = (moment - LIVE_DESK_WINDOW).isoformat()
    rows = db.fetchall(
        "SELECT desk, max(at) AS last FROM checkin_events WHERE at >= ? GROUP BY desk"
        " UNION ALL SELECT name, named_at FROM desks WHERE named_at >= ?",
        (since, since),
    )
    live: dict[str, tuple[str, datetime]] = {}
    for r in rows:
        at = datetime.fromisoformat(r["last"])
        key = fold(str(r["desk"]))
        if key not in live or live[key][1] < at:
            live[key] = (str(r["desk"]), at)
    return dict(live.values())


def claim_desk(db: Database, caller: Caller, name: str) -> None:
    """Note that a terminal works as desk ``name`` from now (logged): other terminals see the
    name in use (:func:`live_desks`) before its first check-in."""
    permissions.require(caller, permissions.CHECK_IN)
    with db.write(caller.actor) as tx:
        tx.execute(
            "INSERT INTO desks (name_key, name, named_at, named_by) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (name_key) DO UPDATE SET name = excluded.name,"
            " named_at = excluded.named_at, named_by = excluded.named_by",
            (fold(name), name, utc_now(), caller.actor.name),
        )
        tx.audit("balie in gebruik genomen", "desk", name, None, {"balie": name})
