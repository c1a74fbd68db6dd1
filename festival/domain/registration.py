"""People at the festival and their registration (one badge each): validation, reading and
registering.

The desk sees :class:`Registration`: name, roles, kern or organisation and check-in state,
never e-mail or phone. Checking in lives in :mod:`festival.domain.checkin`, searching in
:mod:`festival.domain.registration_search`.

Many people at once (an import) are stored with a few bulk inserts inside the caller's
transaction (:func:`insert_people`), their badge codes drawn before the write lock
(:func:`draw_codes`), so the desks wait as briefly as possible. Reads stay plain SQL read to
the end: every
registration read is a join over four tables that sqlite-utils' ``rows_where`` cannot express,
and its rows come from a generator over an open cursor, which, left half-read, freezes this
connection's view of the other terminals' changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel

from festival.core.errors import InvalidInput, NotFound, ValidationErrors
from festival.core.names import clean_name, match_key
from festival.core.text import clean_email, clean_phone, clean_text, fold
from festival.domain import codes, permissions
from festival.domain.kernen import KernIndex, list_kernen
from festival.domain.permissions import Caller
from festival.store.database import Database, IntegrityError, Row, Transaction, utc_now


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
    #: The name however it is spelled (:func:`festival.core.names.match_key`).
    match_key: str = ""
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

    check("name", lambda: clean_name(data.name))
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
        match_key=match_key(name),
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

#: Every registration read starts here; :func:`registration_from_row` turns its rows into models.
SELECT_REGISTRATION = """
SELECT r.id, r.festival_id, r.person_id, r.code, r.checked_in_at, r.checked_in_desk,
       r.checked_in_by, p.name, p.organisation, p.consent_badge, k.name AS kern_name,
       (SELECT group_concat(role, ',') FROM registration_roles WHERE registration_id = r.id)
           AS roles
FROM registrations r
JOIN people p ON p.id = r.person_id
LEFT JOIN kernen k ON k.id = p.kern_id
"""

_ROLE_ORDER = {role: i for i, role in enumerate(FestivalRole)}


def registration_from_row(row: Row) -> Registration:
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
    row = db.fetchone(f"{SELECT_REGISTRATION} WHERE r.id = ?", (registration_id,))
    if row is None:
        raise NotFound(f"Registratie {registration_id} bestaat niet.")
    return registration_from_row(row)


def by_code(
    db: Database | Transaction, code: str, festival_id: int | None = None
) -> Registration | None:
    """The registration with this code (at one festival when ``festival_id`` is given); the
    code of a registration merged into another finds the one kept."""
    alias = "(SELECT registration_id FROM badge_aliases WHERE code = ?)"
    if festival_id is None:
        row = db.fetchone(f"{SELECT_REGISTRATION} WHERE r.code = ? OR r.id = {alias}", (code, code))
    else:
        row = db.fetchone(
            f"{SELECT_REGISTRATION} WHERE (r.code = ? OR r.id = {alias}) AND r.festival_id = ?",
            (code, code, festival_id),
        )
    return registration_from_row(row) if row else None


def list_registrations(
    db: Database, caller: Caller, festival_id: int, *, role: FestivalRole | None = None
) -> list[Registration]:
    """Everyone registered for a festival, by name (for badges and lists, not for the desk;
    the coordinator only)."""
    permissions.require(caller, permissions.REGISTRATIONS_LIST)
    sql = f"{SELECT_REGISTRATION} WHERE r.festival_id = ?"
    params: list[object] = [festival_id]
    if role is not None:
        sql += (
            " AND EXISTS (SELECT 1 FROM registration_roles x WHERE x.registration_id = r.id"
            " AND x.role = ?)"
        )
        params.append(role.value)
    return [registration_from_row(r) for r in db.fetchall(sql + " ORDER BY p.name_key", params)]


def possible_duplicates(
    db: Database | Transaction, festival_id: int, draft: PersonDraft
) -> list[Registration]:
    """People already registered with the same e-mail, or the same name however it is spelled
    (case, accents, spaces, tussenvoegsels: :func:`festival.core.names.match_key`), in any
    kern; the same e-mail first."""
    rows = db.fetchall(
        f"""{SELECT_REGISTRATION}
        WHERE r.festival_id = ?
          AND ((p.email IS NOT NULL AND p.email = ?) OR p.match_key = ?)
        ORDER BY (p.email IS NOT NULL AND p.email = ?) DESC, p.name_key""",
        (festival_id, draft.email, draft.match_key, draft.email),
    )
    return [registration_from_row(r) for r in rows]


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


def _person_values(festival_id: int, draft: PersonDraft) -> dict[str, object]:
    return {
        "festival_id": festival_id,
        "name": draft.name,
        "name_key": draft.name_key,
        "match_key": draft.match_key or match_key(draft.name),
        "kern_id": draft.kern_id,
        "organisation": draft.organisation,
        "email": draft.email,
        "phone": draft.phone,
        "consent_badge": int(draft.consent_badge),
        "consent_contact": int(draft.consent_contact),
        "created_at": utc_now(),
    }


def _free_code(taken: Callable[[str], bool]) -> str:
    """A fresh badge code; a (vanishingly rare) collision just draws another."""
    for _ in range(20):
        code = codes.new_code()
        if not taken(code):
            return code
    raise RuntimeError("geen vrije badgecode gevonden")  # pragma: no cover - 25**7 codes


def _audit_registered(
    tx: Transaction, registration_id: int, code: str, draft: PersonDraft, source: str
) -> None:
    # The audit line names the registration, not the person's contact details.
    tx.audit(
        "aangemeld",
        "registration",
        registration_id,
        None,
        {"code": code, "rollen": [r.value for r in draft.roles], "bron": source},
    )


def insert_person(tx: Transaction, festival_id: int, draft: PersonDraft, *, source: str) -> int:
    """Store a person, their registration with a fresh code, and their roles; returns the
    registration id."""
    person_id = tx.insert("people", _person_values(festival_id, draft))
    code = _free_code(lambda c: _code_taken(tx, c))
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
    _audit_registered(tx, registration_id, code, draft, source)
    return registration_id


#: Every badge code in use: a registration's own, and the codes of registrations merged away
#: that still check in the person kept (never drawn again).
_TAKEN_CODES = "SELECT code FROM registrations UNION ALL SELECT code FROM badge_aliases"


def _code_taken(tx: Transaction, code: str) -> bool:
    return (
        tx.fetchone(
            "SELECT 1 FROM registrations WHERE code = ?"
            " UNION ALL SELECT 1 FROM badge_aliases WHERE code = ?",
            (code, code),
        )
        is not None
    )


def _new_ids(tx: Transaction, table: str, after: int) -> list[int]:
    rows = tx.fetchall(f"SELECT id FROM {table} WHERE id > ? ORDER BY id", (after,))
    return [int(r["id"]) for r in rows]


def _last_id(tx: Transaction, table: str) -> int:
    return int(tx.fetchall(f"SELECT coalesce(max(id), 0) FROM {table}")[0][0])


def draw_codes(db: Database, count: int) -> list[str]:
    """``count`` fresh badge codes, drawn before the write lock is taken (a bulk import spends
    no lock time on them); :func:`insert_people` checks them again under the lock."""
    taken = {r["code"] for r in db.fetchall(_TAKEN_CODES)}
    drawn: list[str] = []
    for _ in range(count):
        code = _free_code(taken.__contains__)
        taken.add(code)
        drawn.append(code)
    return drawn


def insert_people(
    tx: Transaction,
    festival_id: int,
    drafts: Sequence[PersonDraft],
    *,
    source: str,
    drawn: Sequence[str] = (),
) -> list[int]:
    """:func:`insert_person` for many people at once, as a few bulk inserts inside ``tx`` (the
    rows commit with ``tx`` or not at all); returns the registration ids in the order of
    ``drafts``. ``drawn`` are codes from :func:`draw_codes`, used unless taken meanwhile.

    Under the write lock nobody else inserts, so the rows above the highest id so far are the
    new ones, in the order given.
    """
    now = utc_now()
    last_person = _last_id(tx, "people")
    tx.executemany(
        "INSERT INTO people (festival_id, name, name_key, match_key, kern_id, organisation,"
        " email, phone, consent_badge, consent_contact, created_at) VALUES (:festival_id,"
        " :name, :name_key, :match_key, :kern_id, :organisation, :email, :phone,"
        " :consent_badge, :consent_contact, :created_at)",
        ({**_person_values(festival_id, d), "created_at": now} for d in drafts),
    )
    person_ids = _new_ids(tx, "people", last_person)
    taken = {r["code"] for r in tx.fetchall(_TAKEN_CODES)}
    new_codes = []
    for index in range(len(drafts)):
        code = drawn[index] if index < len(drawn) else ""
        if not code or code in taken:
            code = _free_code(taken.__contains__)
        taken.add(code)
        new_codes.append(code)
    last_registration = _last_id(tx, "registrations")
    tx.executemany(
        "INSERT INTO registrations (festival_id, person_id, code, source, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (
            (festival_id, person_id, code, source, now)
            for person_id, code in zip(person_ids, new_codes, strict=True)
        ),
    )
    registration_ids = _new_ids(tx, "registrations", last_registration)
    tx.executemany(
        "INSERT INTO registration_roles (registration_id, role) VALUES (?, ?)",
        (
            (registration_id, role.value)
            for registration_id, draft in zip(registration_ids, drafts, strict=True)
            for role in draft.roles
        ),
    )
    for registration_id, code, draft in zip(registration_ids, new_codes, drafts, strict=True):
        _audit_registered(tx, registration_id, code, draft, source)
    return registration_ids


def register(
    db: Database,
    caller: Caller,
    festival_id: int,
    data: PersonInput,
    *,
    source: str = "handmatig",
    allow_duplicate: bool = False,
) -> Registration:
    """Register one person. Raises :class:`DuplicateFound` when someone alike is already
    registered, unless ``allow_duplicate`` (the desk asked and staff chose to add anyway)."""
    permissions.require(caller, permissions.WALK_IN)
    draft = validate_person(data, kern_index(db))
    with db.write(caller.actor) as tx:
        # Checked under the write lock: two desks adding the same walk-in cannot both pass.
        if not allow_duplicate:
            alike = possible_duplicates(tx, festival_id, draft)
            if alike:
                raise DuplicateFound(alike)
        registration_id = insert_person(tx, festival_id, draft, source=source)
    return get_registration(db, registration_id)


class DuplicateFound(Exception):
    """Someone with the same e-mail, or the same name however spelled, is already registered."""

    def __init__(self, matches: Sequence[Registration]) -> None:
        names = ", ".join(f"{m.name} ({m.origin or m.role_labels})" for m in matches)
        super().__init__(f"Lijkt al aangemeld: {names}")
        self.matches = list(matches)
        self.message = f"Lijkt al aangemeld: {names}."


__all__ = [
    "DuplicateFound",
    "FestivalRole",
    "IntegrityError",
    "PersonInput",
    "Registration",
    "RoleCount",
]
