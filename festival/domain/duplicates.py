"""People registered twice: finding the pairs, keeping both apart or merging them into one.

A pair is two registrations for the same festival with the same e-mail address, or the same
name however it is spelled (case, accents, spaces, tussenvoegsels; in any kern), the rule
:func:`registration.possible_duplicates` applies at the desk. The coordinator decides: "keep
both" is remembered in ``duplicate_decisions`` so the pair is not shown again; "merge" moves
everything onto the person kept, keeps the other's badge code working as an alias of the kept
registration (``badge_aliases``: who merged, when) and erases the other person's data with
SQLite's ``secure_delete``. A merge cannot be undone (the erased data is gone on purpose); the
audit line and the alias say which two codes became one, by whom and when.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel

from festival.core.errors import InvalidInput, NotFound
from festival.core.text import fold
from festival.domain import permissions
from festival.domain.permissions import Caller
from festival.domain.registration import Registration, get_registration
from festival.store.database import Database, Row, Transaction, utc_now


class DuplicateReason(StrEnum):
    EMAIL = "zelfde e-mailadres"
    NAME = "zelfde naam"


class DuplicatePair(BaseModel):
    """Two registrations that look like one person; ``a`` is the older one."""

    a: Registration
    b: Registration
    reasons: tuple[DuplicateReason, ...]

    @property
    def reason(self) -> str:
        return " en ".join(r.value for r in self.reasons)


# Two joins, not one with OR: each uses its own index (people_email, people_match_key), so the
# search stays fast with ten thousand people.
_PAIRS = """
SELECT a.id AS person_a, b.id AS person_b, 'email' AS why
FROM people a JOIN people b
  ON b.festival_id = a.festival_id AND b.email = a.email AND b.id > a.id
WHERE a.festival_id = :festival AND a.email IS NOT NULL
UNION ALL
SELECT a.id, b.id, 'name'
FROM people a JOIN people b
  ON b.festival_id = a.festival_id AND b.match_key = a.match_key AND b.id > a.id
WHERE a.festival_id = :festival AND a.match_key IS NOT NULL
"""


def duplicate_pairs(db: Database, caller: Caller, festival_id: int) -> list[DuplicatePair]:
    """Every pair that looks like one person and that nobody has decided on yet."""
    permissions.require(caller, permissions.DUPLICATES_REVIEW)
    rows = db.fetchall(
        f"""
        SELECT x.person_a, x.person_b, group_concat(x.why, ',') AS why,
               ra.id AS reg_a, rb.id AS reg_b
        FROM ({_PAIRS}) x
        JOIN registrations ra ON ra.person_id = x.person_a
        JOIN registrations rb ON rb.person_id = x.person_b
        WHERE NOT EXISTS (
            SELECT 1 FROM duplicate_decisions d
            WHERE d.person_a = x.person_a AND d.person_b = x.person_b)
        GROUP BY x.person_a, x.person_b
        ORDER BY x.person_a, x.person_b
        """,
        {"festival": festival_id},
    )
    return [_pair(db, row) for row in rows]


def _pair(db: Database, row: Row) -> DuplicatePair:
    found = set(str(row["why"]).split(","))
    reasons = tuple(
        reason
        for key, reason in (
            ("email", DuplicateReason.EMAIL),
            ("name", DuplicateReason.NAME),
        )
        if key in found
    )
    return DuplicatePair(
        a=get_registration(db, row["reg_a"]), b=get_registration(db, row["reg_b"]), reasons=reasons
    )


def _two(tx: Transaction, first: int, second: int) -> tuple[Row, Row]:
    """Both registrations (with their person), checked to be two of the same festival."""
    if first == second:
        raise InvalidInput("Kies twee verschillende registraties.", "registration")
    rows = []
    for registration_id in (first, second):
        row = tx.fetchone(
            "SELECT r.*, p.email, p.phone, p.kern_id, p.organisation, p.consent_badge,"
            " p.consent_contact FROM registrations r JOIN people p ON p.id = r.person_id"
            " WHERE r.id = ?",
            (registration_id,),
        )
        if row is None:
            raise NotFound(f"Registratie {registration_id} bestaat niet.")
        rows.append(row)
    if rows[0]["festival_id"] != rows[1]["festival_id"]:
        raise InvalidInput("Deze registraties horen bij verschillende festivals.", "registration")
    return rows[0], rows[1]


def keep_both(db: Database, caller: Caller, a: int, b: int) -> None:
    """Remember that registrations ``a`` and ``b`` are two people (coordinator only)."""
    permissions.require(caller, permissions.DUPLICATES_REVIEW)
    with db.write(caller.actor) as tx:
        row_a, row_b = _two(tx, a, b)
        low, high = sorted((row_a["person_id"], row_b["person_id"]))
        tx.execute(
            "INSERT OR IGNORE INTO duplicate_decisions (person_a, person_b, decided_at)"
            " VALUES (?, ?, ?)",
            (low, high, utc_now()),
        )
        # Codes only: the audit log outlives the personal data (see privacy.purge).
        tx.audit(
            "dubbele aanmelding: beide houden",
            "registration",
            row_a["id"],
            None,
            {"code": row_a["code"], "andere": row_b["id"], "andere_code": row_b["code"]},
        )


def _merge_words(first: str, second: str) -> str:
    """Two comma-separated lists as one, without repeats, in first-seen order."""
    words = [w.strip() for w in f"{first},{second}".split(",") if w.strip()]
    return ", ".join(dict.fromkeys(words))


def merge(
    db: Database,
    caller: Caller,
    keep_registration_id: int,
    remove_registration_id: int,
) -> Registration:
    """Merge two registrations of one person into the one kept (coordinator only).

    Roles, initiatives, the funder profile and the check-in history move to the kept
    registration; its check-in becomes the earliest of the two; e-mail, phone, kern and
    organisation fill in where the kept person has none. Consent is the stricter of the two
    (a "no" is never turned into a "yes" by a merge). An initiative both have (the same title)
    stays once (:func:`_drop_twin_initiatives`). The other person and registration are
    deleted with ``secure_delete``; their badge code, and any code merged into them before,
    becomes an alias of the kept registration. One transaction, one audit line (codes, no
    names).
    """
    permissions.require(caller, permissions.REGISTRATIONS_MERGE)
    previous = db.scalar("PRAGMA secure_delete")
    db.conn.execute("PRAGMA secure_delete = ON")
    try:
        merged = _merge(db, caller, keep_registration_id, remove_registration_id)
    finally:
        db.conn.execute(f"PRAGMA secure_delete = {int(previous or 0)}")
    # Best effort: a reader elsewhere may hold the WAL; its next checkpoint finishes the job.
    db.fetchall("PRAGMA wal_checkpoint(TRUNCATE)")
    return merged


def _merge(
    db: Database, caller: Caller, keep_registration_id: int, remove_registration_id: int
) -> Registration:
    with db.write(caller.actor) as tx:
        keep, gone = _two(tx, keep_registration_id, remove_registration_id)
        keep_id, gone_id = keep["id"], gone["id"]
        roles_before = [
            r["role"]
            for r in tx.fetchall(
                "SELECT role FROM registration_roles WHERE registration_id = ?", (keep_id,)
            )
        ]
        tx.execute(
            "INSERT OR IGNORE INTO registration_roles (registration_id, role)"
            " SELECT ?, role FROM registration_roles WHERE registration_id = ?",
            (keep_id, gone_id),
        )
        dropped = _drop_twin_initiatives(tx, keep_id, gone_id)
        tx.execute(
            "UPDATE initiatives SET registration_id = ? WHERE registration_id = ?",
            (keep_id, gone_id),
        )
        now = utc_now()
        tx.execute(
            "UPDATE badge_aliases SET registration_id = ? WHERE registration_id = ?",
            (keep_id, gone_id),
        )
        tx.execute(
            "INSERT INTO badge_aliases (code, registration_id, merged_at, merged_by)"
            " VALUES (?, ?, ?, ?)",
            (gone["code"], keep_id, now, caller.actor.name),
        )
        _merge_funder_profile(tx, keep_id, gone_id)
        tx.execute(
            "UPDATE checkin_events SET registration_id = ? WHERE registration_id = ?",
            (keep_id, gone_id),
        )
        # ISO timestamps in UTC compare correctly as text.
        if gone["checked_in_at"] and (
            keep["checked_in_at"] is None or gone["checked_in_at"] < keep["checked_in_at"]
        ):
            tx.execute(
                "UPDATE registrations SET checked_in_at = ?, checked_in_desk = ?,"
                " checked_in_by = ? WHERE id = ?",
                (gone["checked_in_at"], gone["checked_in_desk"], gone["checked_in_by"], keep_id),
            )
        tx.execute(
            """
            UPDATE people SET
                email = coalesce(email, :email),
                phone = coalesce(phone, :phone),
                kern_id = coalesce(kern_id, :kern_id),
                organisation = CASE WHEN organisation = '' THEN :organisation
                                    ELSE organisation END,
                consent_badge = min(consent_badge, :consent_badge),
                consent_contact = min(consent_contact, :consent_contact)
            WHERE id = :person
            """,
            {
                "email": gone["email"],
                "phone": gone["phone"],
                "kern_id": gone["kern_id"],
                "organisation": gone["organisation"],
                "consent_badge": gone["consent_badge"],
                "consent_contact": gone["consent_contact"],
                "person": keep["person_id"],
            },
        )
        # The registration, its roles and what is left of it go with the person (cascade);
        # secure_delete overwrites the freed pages. The search index drops a deleted person's
        # words only when its segments merge: rebuilt, no erased word is left in it.
        tx.execute("DELETE FROM people WHERE id = ?", (gone["person_id"],))
        tx.execute("INSERT INTO people_fts (people_fts) VALUES ('rebuild')")
        merged = get_registration(tx, keep_id)
        tx.audit(
            "aanmeldingen samengevoegd",
            "registration",
            keep_id,
            {"code": keep["code"], "rollen": roles_before},
            {
                "code": merged.code,
                "rollen": [r.value for r in merged.roles],
                "andere": gone_id,
                "andere_code": gone["code"],
                "alias": gone["code"],
                "initiatieven_dubbel": dropped,
            },
        )
    return merged


def _references(tx: Transaction, initiative_id: int) -> int:
    """How many rows anywhere (scores, programme, allocation, agenda links) refer to this
    initiative: found from the schema's foreign keys, so a table added later counts too."""
    total = 0
    tables = [
        r["name"]
        for r in tx.fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    for table in tables:
        for fk in tx.fetchall(f"PRAGMA foreign_key_list('{table}')"):
            if fk["table"] == "initiatives":
                total += int(
                    tx.fetchall(
                        f'SELECT count(*) FROM "{table}" WHERE "{fk["from"]}" = ?',
                        (initiative_id,),
                    )[0][0]
                )
    return total


def _drop_twin_initiatives(tx: Transaction, keep_id: int, gone_id: int) -> list[int]:
    """The initiatives both registrations have (the same folded title) are one: the copy
    nothing refers to yet goes, so the person kept has each initiative once. Returns the ids
    removed. When both copies are in use (scored, in the programme), the merge is refused."""
    kept = {
        fold(r["title"]): r["id"]
        for r in tx.fetchall(
            "SELECT id, title FROM initiatives WHERE registration_id = ?", (keep_id,)
        )
    }
    dropped: list[int] = []
    for row in tx.fetchall(
        "SELECT id, title FROM initiatives WHERE registration_id = ?", (gone_id,)
    ):
        twin = kept.get(fold(row["title"]))
        if twin is None:
            continue
        if _references(tx, row["id"]) == 0:
            victim = row["id"]
        elif _references(tx, twin) == 0:
            victim = twin
            kept[fold(row["title"])] = row["id"]
        else:
            raise InvalidInput(
                f"Beide hebben het initiatief {row['title']!r} en beide zijn al in gebruik "
                "(scores of programma); voeg ze niet samen maar houd beide.",
                "registration",
            )
        tx.execute("DELETE FROM initiatives WHERE id = ?", (victim,))
        dropped.append(victim)
    return dropped


def _merge_funder_profile(tx: Transaction, keep_id: int, gone_id: int) -> None:
    profiles = {
        r["registration_id"]: r
        for r in tx.fetchall(
            "SELECT * FROM funder_profiles WHERE registration_id IN (?, ?)", (keep_id, gone_id)
        )
    }
    if gone_id not in profiles:
        return
    if keep_id not in profiles:
        tx.execute(
            "UPDATE funder_profiles SET registration_id = ? WHERE registration_id = ?",
            (keep_id, gone_id),
        )
        return
    kept, other = profiles[keep_id], profiles[gone_id]
    tx.execute(
        "UPDATE funder_profiles SET themes = ?, kernen = ? WHERE registration_id = ?",
        (
            _merge_words(kept["themes"], other["themes"]),
            _merge_words(kept["kernen"], other["kernen"]),
            keep_id,
        ),
    )
