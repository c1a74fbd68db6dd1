"""Users, their roles and PIN logins.

PINs are stored only as salted scrypt hashes of the PIN mixed with a secret key kept beside the
database (:mod:`festival.domain.pin_key`); five wrong PINs lock a user for five minutes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import NoReturn

from festival.core.errors import InvalidInput, NotAllowed, NotFound
from festival.core.text import clean_text
from festival.domain import permissions
from festival.domain.permissions import Caller
from festival.domain.pin_key import PinKey, load_key
from festival.domain.roles import Role, User
from festival.store.database import Actor, Database, Row, Transaction, utc_now

MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=5)
MIN_PIN_LENGTH = 4
MIN_COORDINATOR_PIN_LENGTH = 6
MAX_PIN_LENGTH = 12

# scrypt with n=2**14 costs ~16 MiB and tens of milliseconds: slow for guessing, fine for a login.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1
#: Hashes of the PIN mixed with the key; plain "scrypt" hashes are from before the key.
_SCHEME, _LEGACY_SCHEME = "scrypt-hmac", "scrypt"
#: app_meta keys: the key the PINs were last hashed with, and a user whose PIN is a demo PIN.
_META_PIN_KEY = "pin_key"
_META_DEMO_PIN = "pin_is_demo:"
#: Failures of a name that is no active user's, under a keyed hash of the name.
_META_FAILURES = "login_failures:"

WRONG_LOGIN = "Onbekende naam of onjuiste PIN."
#: Failed logins with a name that is not an active user's (no user to name in the audit log).
UNKNOWN_NAME = Actor(name="onbekende naam")


class LoginFailed(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _scrypt(material: bytes, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(material, salt=salt, n=n, r=r, p=p, dklen=32)


def hash_pin(pin: str, key: PinKey) -> str:
    """A salted scrypt hash of the PIN mixed with the key (HMAC-SHA256), naming the key."""
    salt = secrets.token_bytes(16)
    digest = _scrypt(key.pepper(pin), salt, _SCRYPT_N, _SCRYPT_R, _SCRYPT_P)
    return f"{_SCHEME}${key.id}${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str, key: PinKey) -> bool:
    """Whether ``pin`` matches ``stored``: a hash with this key, or one from before the key."""
    parts = stored.split("$")
    if len(parts) == 7 and parts[0] == _SCHEME:
        key_id, n, r, p, salt, digest = parts[1:]
        material = key.pepper(pin)
    elif len(parts) == 6 and parts[0] == _LEGACY_SCHEME:
        key_id = key.id
        n, r, p, salt, digest = parts[1:]
        material = pin.encode()
    else:
        return False
    try:
        candidate = _scrypt(material, bytes.fromhex(salt), int(n), int(r), int(p))
    except ValueError:  # a damaged hash: refuse the PIN instead of crashing the login
        return False
    # A hash made with another key cannot match; it costs the same time all the same.
    return hmac.compare_digest(candidate.hex(), digest) and key_id == key.id


def needs_rehash(stored: str, key: PinKey) -> bool:
    """Whether a hash that just verified should be replaced: made before the key existed, or
    with other scrypt costs."""
    return not stored.startswith(f"{_SCHEME}${key.id}${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}$")


def _dummy_hash(key: PinKey) -> str:
    """A hash no PIN matches, checked for an unknown name so it takes as long as a known one."""
    return f"{_SCHEME}${key.id}${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${'00' * 16}${'00' * 32}"


def min_pin_length(role: Role) -> int:
    """The shortest PIN a role may have: a coordinator's opens everything, so it is longer."""
    return MIN_COORDINATOR_PIN_LENGTH if role is Role.COORDINATOR else MIN_PIN_LENGTH


def validate_pin(pin: str, role: Role) -> str:
    """The PIN if it fits the role: ASCII digits only (``"١٢٣٤".isdigit()`` is true as well)."""
    shortest = min_pin_length(role)
    if not (pin.isascii() and pin.isdigit()) or not shortest <= len(pin) <= MAX_PIN_LENGTH:
        who = "van een coördinator " if role is Role.COORDINATOR else ""
        raise InvalidInput(
            f"Een PIN {who}bestaat uit {shortest} tot {MAX_PIN_LENGTH} cijfers (0-9).", "pin"
        )
    return pin


def _record_key(tx: Transaction, key: PinKey) -> None:
    """Remember which key the PINs are hashed with, so a login can say when it is missing."""
    tx.execute(
        "INSERT INTO app_meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (_META_PIN_KEY, key.id),
    )


def _user(row: Row, kern_ids: frozenset[int]) -> User:
    locked = row["locked_until"]
    return User(
        id=row["id"],
        name=row["name"],
        role=Role(row["role"]),
        active=bool(row["active"]),
        kern_ids=kern_ids,
        locked_until=datetime.fromisoformat(locked) if locked else None,
    )


def _kern_ids(db: Database | Transaction, user_id: int) -> frozenset[int]:
    rows = db.fetchall("SELECT kern_id FROM user_kernen WHERE user_id = ?", (user_id,))
    return frozenset(r["kern_id"] for r in rows)


def list_users(db: Database, caller: Caller) -> list[User]:
    """Every user, active first (the coordinator's list of staff)."""
    permissions.require(caller, permissions.USERS_LIST)
    return _users(db, "SELECT * FROM users ORDER BY active DESC, role, name")


def users_with_ids(db: Database, ids: set[int]) -> list[User]:
    """The users with these ids, by name (e.g. a festival's jurors, whom every juror sees)."""
    marks = ", ".join("?" * len(ids))
    return _users(db, f"SELECT * FROM users WHERE id IN ({marks}) ORDER BY name", sorted(ids))


def _users(db: Database, sql: str, params: Sequence[object] = ()) -> list[User]:
    rows = db.fetchall(sql, params)
    links = db.fetchall("SELECT user_id, kern_id FROM user_kernen")
    by_user: dict[int, set[int]] = {}
    for link in links:
        by_user.setdefault(link["user_id"], set()).add(link["kern_id"])
    return [_user(r, frozenset(by_user.get(r["id"], ()))) for r in rows]


def get_user(db: Database, user_id: int) -> User:
    row = db.fetchone("SELECT * FROM users WHERE id = ?", (user_id,))
    if row is None:
        raise NotFound(f"Gebruiker {user_id} bestaat niet.")
    return _user(row, _kern_ids(db, user_id))


def _require_users_manage(caller: Caller) -> None:
    permissions.require(caller, permissions.USERS_MANAGE)


def _audit_view(user: Mapping[str, object]) -> dict[str, object]:
    return {k: v for k, v in user.items() if k != "pin_hash"}


def add_user(
    db: Database,
    caller: Caller,
    *,
    name: str,
    role: Role,
    pin: str,
    kern_ids: frozenset[int] = frozenset(),
) -> User:
    """Add a user (the coordinator, or a system caller)."""
    _require_users_manage(caller)
    name = clean_text(name, "name", "Naam", max_length=60)
    validate_pin(pin, role)
    if role is Role.KERNREGISSEUR and not kern_ids:
        raise InvalidInput("Een kernregisseur hoort bij minstens één kern.", "kernen")
    key = load_key(db.path)
    pin_hash = hash_pin(pin, key)  # slow: outside the write lock
    with db.write(caller.actor) as tx:
        if tx.fetchone("SELECT 1 FROM users WHERE name = ?", (name,)):
            raise InvalidInput(f"Er is al een gebruiker met de naam {name!r}.", "name")
        values = {
            "name": name,
            "role": role.value,
            "pin_hash": pin_hash,
            "active": 1,
            "created_at": utc_now(),
        }
        user_id = tx.insert("users", values)
        _record_key(tx, key)
        for kern_id in sorted(kern_ids):
            tx.execute(
                "INSERT INTO user_kernen (user_id, kern_id) VALUES (?, ?)", (user_id, kern_id)
            )
        tx.audit(
            "gebruiker toegevoegd",
            "user",
            user_id,
            None,
            {**_audit_view(values), "kernen": sorted(kern_ids)},
        )
    return get_user(db, user_id)


def reset_pin(db: Database, caller: Caller, user_id: int, pin: str) -> None:
    """Set a new PIN and lift a lockout; the PIN is no longer a demo PIN."""
    _require_users_manage(caller)
    user = get_user(db, user_id)
    validate_pin(pin, user.role)
    key = load_key(db.path)
    pin_hash = hash_pin(pin, key)
    with db.write(caller.actor) as tx:
        row = tx.fetchone("SELECT name FROM users WHERE id = ?", (user_id,))
        if row is None:
            raise NotFound(f"Gebruiker {user_id} bestaat niet.")
        tx.execute(
            "UPDATE users SET pin_hash = ?, failed_attempts = 0, locked_until = NULL WHERE id = ?",
            (pin_hash, user_id),
        )
        tx.execute("DELETE FROM app_meta WHERE key = ?", (f"{_META_DEMO_PIN}{user_id}",))
        _record_key(tx, key)
        tx.audit("PIN opnieuw ingesteld", "user", user_id, None, {"name": row["name"]})


def mark_demo_pin(db: Database, caller: Caller, user_id: int) -> None:
    """Note that this user's PIN is the published demo PIN (until it is reset), so the login
    screen may show it without checking a hash per user."""
    _require_users_manage(caller)
    with db.write(caller.actor) as tx:
        tx.execute(
            "INSERT OR REPLACE INTO app_meta (key, value) VALUES (?, '1')",
            (f"{_META_DEMO_PIN}{user_id}",),
        )


def demo_pin_user_ids(db: Database) -> set[int]:
    """The users whose PIN is still the demo PIN."""
    rows = db.fetchall(
        "SELECT key FROM app_meta WHERE substr(key, 1, length(?1)) = ?1", (_META_DEMO_PIN,)
    )
    return {int(r["key"].removeprefix(_META_DEMO_PIN)) for r in rows}


def set_active(db: Database, caller: Caller, user_id: int, active: bool) -> None:
    _require_users_manage(caller)
    if isinstance(caller, User) and caller.id == user_id and not active:
        raise NotAllowed("U kunt uzelf niet deactiveren.")
    with db.write(caller.actor) as tx:
        row = tx.fetchone("SELECT name, active FROM users WHERE id = ?", (user_id,))
        if row is None:
            raise NotFound(f"Gebruiker {user_id} bestaat niet.")
        if not active and row["active"]:
            others = tx.fetchone(
                "SELECT count(*) AS n FROM users WHERE role = 'coordinator' AND active = 1"
                " AND id != ?",
                (user_id,),
            )
            role = tx.fetchone("SELECT role FROM users WHERE id = ?", (user_id,))
            if role and role["role"] == "coordinator" and others and others["n"] == 0:
                raise NotAllowed("De laatste actieve coördinator kan niet worden gedeactiveerd.")
        tx.execute("UPDATE users SET active = ? WHERE id = ?", (int(active), user_id))
        tx.audit(
            "gebruiker geactiveerd" if active else "gebruiker gedeactiveerd",
            "user",
            user_id,
            {"active": bool(row["active"])},
            {"active": active},
        )


def set_kernen(db: Database, caller: Caller, user_id: int, kern_ids: frozenset[int]) -> None:
    _require_users_manage(caller)
    with db.write(caller.actor) as tx:
        before = sorted(_kern_ids(tx, user_id))
        tx.execute("DELETE FROM user_kernen WHERE user_id = ?", (user_id,))
        for kern_id in sorted(kern_ids):
            tx.execute(
                "INSERT INTO user_kernen (user_id, kern_id) VALUES (?, ?)", (user_id, kern_id)
            )
        tx.audit(
            "kernen van gebruiker gewijzigd",
            "user",
            user_id,
            {"kernen": before},
            {"kernen": sorted(kern_ids)},
        )


def pins_need_reset(db: Database) -> bool:
    """Whether the PINs were hashed with another key than the one beside the database (a copy
    restored without its key file): then no PIN works until a coordinator's is set anew."""
    recorded = db.scalar("SELECT value FROM app_meta WHERE key = ?", (_META_PIN_KEY,))
    return recorded is not None and recorded != load_key(db.path).id


def _locked(value: str | None, now: datetime) -> datetime | None:
    until = datetime.fromisoformat(value) if value else None
    return until if until is not None and until > now else None


def _clock(moment: datetime) -> str:
    return moment.astimezone().strftime("%H:%M")


def login(db: Database, name: str, pin: str, *, now: datetime | None = None) -> User:
    """Check a name and PIN; count failures and lock after five.

    Every answer to a wrong name or a wrong PIN is the same words after the same work (one
    scrypt, two commits), so neither tells which names exist. The attempt is counted, in one
    immediate transaction that reads the lock again, *before* the slow hash is checked outside
    the lock: however many attempts run in parallel, at most five are ever checked per lock.
    """
    now = now or datetime.now(UTC)
    key = load_key(db.path)
    if pins_need_reset(db):
        raise LoginFailed(
            f"De PIN's van deze database horen bij een ander sleutelbestand dan {key.path.name}. "
            "Zet het sleutelbestand van deze kopie terug, of laat de beheerder de PIN van de "
            "coördinator opnieuw instellen met: festival users reset-pin NAAM"
        )
    typed = name.strip()
    row = db.fetchone("SELECT id, name, active FROM users WHERE name = ?", (typed,))
    if row is None or not row["active"]:
        _unknown_name(db, key, typed, pin, now)
    actor = Actor(name=row["name"], user_id=row["id"])
    with db.write(actor) as tx:
        current = tx.fetchone(
            "SELECT failed_attempts, locked_until, pin_hash FROM users WHERE id = ?", (row["id"],)
        )
        assert current is not None  # users are deactivated, never deleted
        attempt = _Attempt(current["failed_attempts"], current["locked_until"], now)
        if attempt.refused_until is None:
            tx.execute(
                "UPDATE users SET failed_attempts = ?, locked_until = ? WHERE id = ?",
                (attempt.failures, attempt.stored_lock, row["id"]),
            )
    attempt.raise_if_refused(typed)
    stored = current["pin_hash"]
    ok = verify_pin(pin, stored, key)
    rehashed = hash_pin(pin, key) if ok and needs_rehash(stored, key) else None
    with db.write(actor) as tx:
        if ok:
            # One of the counted attempts was right: the count and any lock start over.
            tx.execute(
                "UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?",
                (row["id"],),
            )
            if rehashed is not None:
                tx.execute("UPDATE users SET pin_hash = ? WHERE id = ?", (rehashed, row["id"]))
                _record_key(tx, key)
            tx.audit("ingelogd", "user", row["id"])
        else:
            tx.audit("inlogpoging mislukt", "user", row["id"], None, attempt.audit_after)
    if not ok:
        attempt.raise_wrong(typed)
    return get_user(db, row["id"])


class _Attempt:
    """One login attempt counted against a name's failures, before its PIN is checked.

    The same rules for a user and for a name nobody has, so the answers cannot differ.
    """

    def __init__(self, failures: int, locked_until: str | None, now: datetime) -> None:
        self.refused_until = _locked(locked_until, now)
        self.failures = failures + 1
        self.new_lock: datetime | None = None
        if self.refused_until is None and self.failures >= MAX_FAILED_ATTEMPTS:
            # This attempt is still checked; the ones after it (also those running in
            # parallel right now) find the lock.
            self.new_lock, self.failures = now + LOCKOUT, 0

    @property
    def stored_lock(self) -> str | None:
        return self.new_lock.isoformat(timespec="seconds") if self.new_lock else None

    @property
    def audit_after(self) -> dict[str, object] | None:
        return {"geblokkeerd_tot": self.stored_lock} if self.new_lock else None

    def raise_if_refused(self, name: str) -> None:
        if self.refused_until is not None:
            raise LoginFailed(
                f"Te veel onjuiste pogingen: {name} is geblokkeerd tot "
                f"{_clock(self.refused_until)}."
            )

    def raise_wrong(self, name: str) -> NoReturn:
        if self.new_lock is not None:
            raise LoginFailed(
                f"Vijf keer een onjuiste PIN: {name} is geblokkeerd tot {_clock(self.new_lock)}."
            )
        raise LoginFailed(WRONG_LOGIN)


def _unknown_name(db: Database, key: PinKey, name: str, pin: str, now: datetime) -> NoReturn:
    """Refuse a name that is not an active user's after the same work and with the same words
    as a wrong PIN: its failures are counted and locked like a user's, under a keyed hash of
    the name (the typed name itself is not stored)."""
    meta_key = _META_FAILURES + hmac.new(key.secret, name.casefold().encode(), "sha256").hexdigest()
    with db.write(UNKNOWN_NAME) as tx:
        # A lock that has ended counts as no failures at all: such rows go, so names typed
        # once in a while (or by the thousand) do not pile up.
        tx.execute(
            "DELETE FROM app_meta WHERE substr(key, 1, length(?1)) = ?1"
            " AND json_extract(value, '$[1]') < ?2",
            (_META_FAILURES, now.isoformat(timespec="seconds")),
        )
        found = tx.fetchone("SELECT value FROM app_meta WHERE key = ?", (meta_key,))
        failures, locked_until = (0, None)
        if found is not None:
            failures, locked_until = json.loads(found["value"])
        attempt = _Attempt(failures, locked_until, now)
        if attempt.refused_until is None:
            tx.execute(
                "INSERT INTO app_meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (meta_key, json.dumps([attempt.failures, attempt.stored_lock])),
            )
    attempt.raise_if_refused(name)
    verify_pin(pin, _dummy_hash(key), key)
    with db.write(UNKNOWN_NAME) as tx:
        tx.audit("inlogpoging mislukt", "user", None, None, attempt.audit_after)
    attempt.raise_wrong(name)
