"""People registered twice: finding the pairs, keeping both apart or merging them into one.

A pair is two registrations for the same festival with the same e-mail address, or the same
folded name and the same kern (the rule :func:`registration.possible_duplicates` applies at the
desk). The coordinator decides: "keep both" is remembered in ``duplicate_decisions`` so the
pair is not shown again; "merge" moves everything onto the person kept and erases the other.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel

from festival.core.errors import InvalidInput, NotFound
from festival.domain import permissions
from festival.domain.permissions import Caller
from festival.domain.registration import Registration, get_registration
from festival.store.database import Database, Row, Transaction, utc_now


class DuplicateReason(StrEnum):
    EMAIL = "zelfde e-mailadres"
    NAME_AND_KERN = "zelfde naam en kern"


class DuplicatePair(BaseModel):
    """Two registrations that look like one person; ``a`` is the older one."""

    a: Registration
    b: Registration
    reasons: tuple[DuplicateReason, ...]

    @property
    def reason(self) -> str:
        return " en ".join(r.value for r in self.reasons)


# Two joins, not one with OR: each uses its own index (people_email, people_name_key), so the
# search stays fast with ten thousand people. ``IS`` so that two people without a kern (only an
# organisation) and the same name count too, as at the desk.
_PAIRS = """
SELECT a.id AS person_a, b.id AS person_b, 'email' AS why
FROM people a JOIN people b
  ON b.festival_id = a.festival_id AND b.email = a.email AND b.id > a.id
WHERE a.festival_id = :festival AND a.email IS NOT NULL
UNION ALL
SELECT a.id, b.id, 'name'
FROM people a JOIN people b
  ON b.festival_id = a.festival_id AND b.name_key = a.name_key AND b.id > a.id
WHERE a.festival_id = :festival AND b.kern_id IS a.kern_id
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
            ("name", DuplicateReason.NAME_AND_KERN),
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
    (a "no" is never turned into a "yes" by a merge). The other person and registration are
    deleted. One transaction, one audit line (codes, no names).
    """
    permissions.require(caller, permissions.REGISTRATIONS_MERGE)
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
        tx.execute(
            "UPDATE initiatives SET registration_id = ? WHERE registration_id = ?",
            (keep_id, gone_id),
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
        # The registration, its roles and what is left of it go with the person (cascade).
        tx.execute("DELETE FROM people WHERE id = ?", (gone["person_id"],))
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
            },
        )
    return merged


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
