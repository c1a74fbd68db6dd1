"""People at the festival, their registration (one badge each) and checking in at the desk.

The desk sees :class:`Registration`: name, roles, kern or organisation and check-in state,
never e-mail or phone. A check-in is one conditional UPDATE inside an immediate transaction,
so when two desks scan the same badge at once exactly one gets "Welkom".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel

from festival.core.errors import InvalidInput, NotAllowed, NotFound, ValidationErrors
from festival.core.text import clean_email, clean_phone, clean_text, fold
from festival.domain import codes
from festival.domain.accounts import Role, User
from festival.domain.kernen import KernIndex, list_kernen
from festival.store.database import Actor, Database, IntegrityError, Row, Transaction, utc_now

MAX_MATCHES = 10
MIN_SEARCH_LENGTH = 2


class FestivalRole(StrEnum):
    INITIATOR = "initiatiefnemer"
    FUNDER = "subsidieverlener"
    JURY = "jury"
    STAFF = "staf"
    VISITOR = "bezoeker"

    @property
    def label(self) -> str:
        return self.value

    @classmethod
    def parse(cls, text: str, field: str = "roles") -> FestivalRole:
        wanted = fold(text)
        aliases = {
            "staff": cls.STAFF,
            "medewerker": cls.STAFF,
            "funder": cls.FUNDER,
            "jurylid": cls.JURY,
            "initiator": cls.INITIATOR,
            "visitor": cls.VISITOR,
        }
        for role in cls:
            if wanted == role.value:
                return role
        if wanted in aliases:
            return aliases[wanted]
        labels = ", ".join(r.value for r in cls)
        raise InvalidInput(f"Onbekende rol {text.strip()!r}; kies uit: {labels}.", field)


def parse_roles(text: str, field: str = "roles") -> tuple[FestivalRole, ...]:
    """``initiatiefnemer`` or ``initiatiefnemer+jury`` (also ``,`` ``/`` ``&`` between)."""
    parts = text.replace(",", "+").replace("/", "+").replace("&", "+").split("+")
    roles = tuple(dict.fromkeys(FestivalRole.parse(p, field) for p in parts if p.strip()))
    if not roles:
        raise InvalidInput("Kies minstens één rol.", field)
    return roles


class PersonInput(BaseModel):
    """A person as typed at the desk or read from a pre-registration: text, not yet checked."""

    name: str
    roles: str
    kern: str = ""
    organisation: str = ""
    email: str = ""
    phone: str = ""
    consent_badge: bool = True
    consent_contact: bool = False


class PersonDraft(BaseModel):
    name: str
    name_key: str
    roles: tuple[FestivalRole, ...]
    kern_id: int | None
    organisation: str
    email: str | None
    phone: str | None
    consent_badge: bool
    consent_contact: bool


class Registration(BaseModel):
    """What the desk may see of a registered person."""

    id: int
    festival_id: int
    person_id: int
    code: str
    name: str
    kern_name: str | None
    organisation: str
    roles: tuple[FestivalRole, ...]
    consent_badge: bool
    checked_in_at: datetime | None
    checked_in_desk: str | None
    checked_in_by: str | None

    @property
    def origin(self) -> str:
        """Kern or organisation, as the badge and the desk show it."""
        parts = [p for p in (self.kern_name, self.organisation) if p]
        return " · ".join(parts)

    @property
    def role_labels(self) -> str:
        return " + ".join(r.label for r in self.roles)

    @property
    def badge_name(self) -> str:
        """The name on the badge; without consent only the role shows."""
        return self.name if self.consent_badge else ""


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


class RoleCount(BaseModel):
    role: FestivalRole
    present: int
    expected: int


# -- validation ------------------------------------------------------------------------------


def validate_person(data: PersonInput, kernen: KernIndex) -> PersonDraft:
    """Check every field; all problems at once as :class:`ValidationErrors`."""
    errors: dict[str, str] = {}
    values: dict[str, object] = {}

    def check(field: str, parse: object) -> None:
        try:
            values[field] = parse() if callable(parse) else parse
        except InvalidInput as exc:
            errors[field] = exc.message

    check("name", lambda: clean_text(data.name, "name", "Naam", max_length=80))
    check("roles", lambda: parse_roles(data.roles))
    check("kern_id", lambda: kernen.find(data.kern, "kern_id").id if data.kern.strip() else None)
    check(
        "organisation",
        lambda: clean_text(
            data.organisation, "organisation", "Organisatie", max_length=100, required=False
        ),
    )
    check("email", lambda: clean_email(data.email))
    check("phone", lambda: clean_phone(data.phone))
    no_origin = values.get("kern_id") is None and not values.get("organisation")
    if "kern_id" not in errors and "organisation" not in errors and no_origin:
        errors["kern_id"] = "Vul een kern of een organisatie in."
    if errors:
        raise ValidationErrors(errors)
    name = str(values["name"])
    return PersonDraft(
        name=name,
        name_key=fold(name),
        roles=values["roles"],
        kern_id=values["kern_id"],
        organisation=str(values["organisation"]),
        email=values["email"],
        phone=values["phone"],
        consent_badge=data.consent_badge,
        consent_contact=data.consent_contact,
    )


def kern_index(db: Database) -> KernIndex:
    return KernIndex(list_kernen(db, include_inactive=True))


# -- reading ---------------------------------------------------------------------------------

_SELECT = """
SELECT r.id, r.festival_id, r.person_id, r.code, r.checked_in_at, r.checked_in_desk,
       r.checked_in_by, p.name, p.organisation, p.consent_badge, k.name AS kern_name,
       (SELECT group_concat(role, ',') FROM registration_roles WHERE registration_id = r.id)
           AS roles
FROM registrations r
JOIN people p ON p.id = r.person_id
LEFT JOIN kernen k ON k.id = p.kern_id
"""

_ROLE_ORDER = {role: i for i, role in enumerate(FestivalRole)}


def _registration(row: Row) -> Registration:
    roles = sorted(
        (FestivalRole(r) for r in (row["roles"] or "").split(",") if r), key=_ROLE_ORDER.__getitem__
    )
    return Registration(
        id=row["id"],
        festival_id=row["festival_id"],
        person_id=row["person_id"],
        code=row["code"],
        name=row["name"],
        kern_name=row["kern_name"],
        organisation=row["organisation"],
        roles=tuple(roles),
        consent_badge=bool(row["consent_badge"]),
        checked_in_at=datetime.fromisoformat(row["checked_in_at"])
        if row["checked_in_at"]
        else None,
        checked_in_desk=row["checked_in_desk"],
        checked_in_by=row["checked_in_by"],
    )


def get_registration(db: Database | Transaction, registration_id: int) -> Registration:
    row = db.fetchone(f"{_SELECT} WHERE r.id = ?", (registration_id,))
    if row is None:
        raise NotFound(f"Registratie {registration_id} bestaat niet.")
    return _registration(row)


def by_code(
    db: Database | Transaction, code: str, festival_id: int | None = None
) -> Registration | None:
    """The registration with this code (at one festival when ``festival_id`` is given)."""
    if festival_id is None:
        row = db.fetchone(f"{_SELECT} WHERE r.code = ?", (code,))
    else:
        row = db.fetchone(f"{_SELECT} WHERE r.code = ? AND r.festival_id = ?", (code, festival_id))
    return _registration(row) if row else None


def list_registrations(
    db: Database, festival_id: int, *, role: FestivalRole | None = None
) -> list[Registration]:
    """Everyone registered for a festival, by name (for badges and lists, not for the desk)."""
    sql = f"{_SELECT} WHERE r.festival_id = ?"
    params: list[object] = [festival_id]
    if role is not None:
        sql += (
            " AND EXISTS (SELECT 1 FROM registration_roles x WHERE x.registration_id = r.id"
            " AND x.role = ?)"
        )
        params.append(role.value)
    return [_registration(r) for r in db.fetchall(sql + " ORDER BY p.name_key", params)]


def search(
    db: Database, festival_id: int, text: str, limit: int = MAX_MATCHES
) -> list[Registration]:
    """At most ``limit`` people whose name contains ``text`` (folded); names starting with it
    first. Fewer than two letters give nothing: the desk never shows a list of everyone."""
    key = fold(text)
    if len(key.replace(" ", "")) < MIN_SEARCH_LENGTH:
        return []
    pattern = "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    prefix = key + "%"
    rows = db.fetchall(
        f"""{_SELECT}
        WHERE r.festival_id = ? AND p.name_key LIKE ? ESCAPE '\\'
        ORDER BY (p.name_key LIKE ? ESCAPE '\\') DESC, p.name_key
        LIMIT ?""",
        (festival_id, pattern, prefix, limit),
    )
    return [_registration(r) for r in rows]


def possible_duplicates(db: Database, festival_id: int, draft: PersonDraft) -> list[Registration]:
    """People already registered with the same e-mail, or the same folded name and kern."""
    rows = db.fetchall(
        f"""{_SELECT}
        WHERE r.festival_id = ?
          AND ((p.email IS NOT NULL AND p.email = ?)
               OR (p.name_key = ? AND p.kern_id IS ?))""",
        (festival_id, draft.email, draft.name_key, draft.kern_id),
    )
    return [_registration(r) for r in rows]


def counts(db: Database, festival_id: int) -> list[RoleCount]:
    """Present and expected per role; someone with two roles counts in both."""
    rows = db.fetchall(
        """
        SELECT x.role, count(*) AS expected, count(r.checked_in_at) AS present
        FROM registration_roles x JOIN registrations r ON r.id = x.registration_id
        WHERE r.festival_id = ? GROUP BY x.role
        """,
        (festival_id,),
    )
    found = {r["role"]: r for r in rows}
    return [
        RoleCount(
            role=role,
            present=found[role.value]["present"] if role.value in found else 0,
            expected=found[role.value]["expected"] if role.value in found else 0,
        )
        for role in FestivalRole
    ]


def totals(db: Database, festival_id: int) -> tuple[int, int]:
    """(present, expected) people, each person once."""
    row = db.fetchone(
        "SELECT count(checked_in_at) AS present, count(*) AS expected FROM registrations"
        " WHERE festival_id = ?",
        (festival_id,),
    )
    return (row["present"], row["expected"]) if row else (0, 0)


# -- writing ---------------------------------------------------------------------------------


def insert_person(tx: Transaction, festival_id: int, draft: PersonDraft, *, source: str) -> int:
    """Store a person, their registration with a fresh code, and their roles; returns the
    registration id. A (vanishingly rare) code collision just draws another code."""
    person_id = tx.insert(
        "people",
        {
            "festival_id": festival_id,
            "name": draft.name,
            "name_key": draft.name_key,
            "kern_id": draft.kern_id,
            "organisation": draft.organisation,
            "email": draft.email,
            "phone": draft.phone,
            "consent_badge": int(draft.consent_badge),
            "consent_contact": int(draft.consent_contact),
            "created_at": utc_now(),
        },
    )
    for _ in range(20):
        code = codes.new_code()
        if tx.fetchone("SELECT 1 FROM registrations WHERE code = ?", (code,)) is None:
            break
    else:  # pragma: no cover - 25**7 codes; twenty collisions in a row do not happen
        raise RuntimeError("geen vrije badgecode gevonden")
    registration_id = tx.insert(
        "registrations",
        {
            "festival_id": festival_id,
            "person_id": person_id,
            "code": code,
            "source": source,
            "created_at": utc_now(),
        },
    )
    for role in draft.roles:
        tx.execute(
            "INSERT INTO registration_roles (registration_id, role) VALUES (?, ?)",
            (registration_id, role.value),
        )
    # The audit line names the registration, not the person's contact details.
    tx.audit(
        "aangemeld",
        "registration",
        registration_id,
        None,
        {"code": code, "rollen": [r.value for r in draft.roles], "bron": source},
    )
    return registration_id


def register(
    db: Database,
    actor: Actor,
    festival_id: int,
    data: PersonInput,
    *,
    source: str = "handmatig",
    allow_duplicate: bool = False,
) -> Registration:
    """Register one person. Raises :class:`DuplicateFound` when someone alike is already
    registered, unless ``allow_duplicate`` (the desk asked and staff chose to add anyway)."""
    draft = validate_person(data, kern_index(db))
    with db.write(actor) as tx:
        # Checked under the write lock: two desks adding the same walk-in cannot both pass.
        if not allow_duplicate:
            alike = possible_duplicates(db, festival_id, draft)
            if alike:
                raise DuplicateFound(alike)
        registration_id = insert_person(tx, festival_id, draft, source=source)
    return get_registration(db, registration_id)


class DuplicateFound(Exception):
    """Someone with the same e-mail, or the same name and kern, is already registered."""

    def __init__(self, matches: Sequence[Registration]) -> None:
        names = ", ".join(f"{m.name} ({m.origin or m.role_labels})" for m in matches)
        super().__init__(f"Lijkt al aangemeld: {names}")
        self.matches = list(matches)
        self.message = f"Lijkt al aangemeld: {names}."


def check_in(db: Database, actor: Actor, registration_id: int, desk: str) -> CheckInResult:
    """Check one registration in; exactly one of several simultaneous desks gets WELCOME."""
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
    db: Database, actor: Actor, raw: str, desk: str, *, festival_id: int | None = None
) -> CheckInResult:
    """Check in by a scanned or typed code; unknown and malformed codes say so.

    Only badges of this festival (``festival_id``, else the current one) count: last year's
    badge, not yet purged, is "Onbekend" here.
    """
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
    return check_in(db, actor, registration.id, desk)


def _require_coordinator(by: User | None, what: str) -> None:
    if by is not None and by.role is not Role.COORDINATOR:
        raise NotAllowed(f"{what} mag alleen de coördinator.")


def _reason(reason: str) -> str:
    try:
        return clean_text(reason, "reason", "Reden", max_length=200)
    except InvalidInput as exc:
        raise ValidationErrors({"reason": exc.message}) from exc


def undo_check_in(
    db: Database,
    actor: Actor,
    registration_id: int,
    reason: str,
    desk: str,
    *,
    by: User | None = None,
) -> Registration:
    """Undo a check-in (coordinator only, with a reason; logged)."""
    _require_coordinator(by, "Een check-in ongedaan maken")
    why = _reason(reason)
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
    actor: Actor,
    registration_id: int,
    reason: str,
    desk: str,
    *,
    by: User | None = None,
) -> None:
    """Log a badge reprint (coordinator only, with a reason)."""
    _require_coordinator(by, "Een badge opnieuw printen")
    why = _reason(reason)
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


def role_filter(values: Iterable[str]) -> tuple[FestivalRole, ...]:
    return tuple(FestivalRole.parse(v) for v in values)


__all__ = [
    "MAX_MATCHES",
    "CheckInOutcome",
    "CheckInResult",
    "DuplicateFound",
    "FestivalRole",
    "IntegrityError",
    "PersonInput",
    "Registration",
    "RoleCount",
]
