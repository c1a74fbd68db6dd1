"""Users, their roles and PIN logins.

PINs are stored only as salted scrypt hashes; five wrong PINs lock a user for five minutes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta

from festival.core.errors import InvalidInput, NotAllowed, NotFound
from festival.core.text import clean_text
from festival.domain import permissions
from festival.domain.permissions import Caller
from festival.domain.roles import Role, User
from festival.store.database import Actor, Database, Row, Transaction, utc_now

MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=5)
MIN_PIN_LENGTH = 4
MAX_PIN_LENGTH = 12

# scrypt with n=2**14 costs ~16 MiB and tens of milliseconds: slow for guessing, fine for a login.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1


class LoginFailed(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def hash_pin(pin: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        pin.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32
    )
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    try:
        candidate = hashlib.scrypt(
            pin.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except ValueError:  # a damaged hash: refuse the PIN instead of crashing the login
        return False
    return hmac.compare_digest(candidate.hex(), digest)


def validate_pin(pin: str) -> str:
    if not pin.isdigit() or not MIN_PIN_LENGTH <= len(pin) <= MAX_PIN_LENGTH:
        raise InvalidInput(
            f"Een PIN bestaat uit {MIN_PIN_LENGTH} tot {MAX_PIN_LENGTH} cijfers.", "pin"
        )
    return pin


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
    validate_pin(pin)
    if role is Role.KERNREGISSEUR and not kern_ids:
        raise InvalidInput("Een kernregisseur hoort bij minstens één kern.", "kernen")
    pin_hash = hash_pin(pin)  # slow: outside the write lock
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
    """Set a new PIN and lift a lockout."""
    _require_users_manage(caller)
    validate_pin(pin)
    pin_hash = hash_pin(pin)
    with db.write(caller.actor) as tx:
        row = tx.fetchone("SELECT name FROM users WHERE id = ?", (user_id,))
        if row is None:
            raise NotFound(f"Gebruiker {user_id} bestaat niet.")
        tx.execute(
            "UPDATE users SET pin_hash = ?, failed_attempts = 0, locked_until = NULL WHERE id = ?",
            (pin_hash, user_id),
        )
        tx.audit("PIN opnieuw ingesteld", "user", user_id, None, {"name": row["name"]})


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


def login(db: Database, name: str, pin: str, *, now: datetime | None = None) -> User:
    """Check a name and PIN; count failures and lock after five.

    The hash is checked before the write lock is taken, so a slow scrypt never blocks other
    terminals; the failure count is then updated in its own immediate transaction.
    """
    now = now or datetime.now(UTC)
    row = db.fetchone("SELECT * FROM users WHERE name = ?", (name.strip(),))
    if row is None or not row["active"]:
        # Same words as a wrong PIN: the screen does not tell which names exist.
        raise LoginFailed("Onbekende naam of onjuiste PIN.")
    locked = row["locked_until"]
    if locked and datetime.fromisoformat(locked) > now:
        until = datetime.fromisoformat(locked).astimezone().strftime("%H:%M")
        raise LoginFailed(f"Te veel onjuiste pogingen: {row['name']} is geblokkeerd tot {until}.")
    ok = verify_pin(pin, row["pin_hash"])
    actor = Actor(name=row["name"], user_id=row["id"])
    with db.write(actor) as tx:
        current = tx.fetchone("SELECT failed_attempts FROM users WHERE id = ?", (row["id"],))
        failures = current["failed_attempts"] if current else 0
        if ok:
            tx.execute(
                "UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?",
                (row["id"],),
            )
            tx.audit("ingelogd", "user", row["id"])
        else:
            failures += 1
            locked_until = None
            if failures >= MAX_FAILED_ATTEMPTS:
                locked_until = (now + LOCKOUT).isoformat(timespec="seconds")
                failures = 0
            tx.execute(
                "UPDATE users SET failed_attempts = ?, locked_until = ? WHERE id = ?",
                (failures, locked_until, row["id"]),
            )
            tx.audit(
                "inlogpoging mislukt",
                "user",
                row["id"],
                None,
                {"geblokkeerd_tot": locked_until} if locked_until else None,
            )
    if not ok:
        if failures == 0:  # just locked
            until = (now + LOCKOUT).astimezone().strftime("%H:%M")
            raise LoginFailed(
                f"Vijf keer een onjuiste PIN: {row['name']} is geblokkeerd tot {until}."
            )
        left = MAX_FAILED_ATTEMPTS - failures
        raise LoginFailed(f"Onbekende naam of onjuiste PIN. Nog {left} poging(en).")
    return get_user(db, row["id"])
