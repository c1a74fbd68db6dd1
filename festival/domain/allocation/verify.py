"""Checking locked allocations against what they were: the record and chain head against the
stored hash, the chain head against the audit log, and the hash against the audit lines that
locked and published it (a record changed together with its hash still differs from those)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from festival.core.errors import InvalidInput
from festival.domain.allocation.record import LockedAllocation, locked_from_row, recomputed_sha256
from festival.store import audit
from festival.store.audit import Finding
from festival.store.chain import GENESIS
from festival.store.database import Database

#: The shortest part of a hash, read off the paper, that ``verify --hash`` accepts.
MIN_PREFIX = 12

LOCKED_ACTION = "verdeling vastgesteld"


def all_locked(db: Database) -> list[LockedAllocation]:
    """Every locked allocation of every festival, oldest first."""
    return [locked_from_row(r) for r in db.fetchall("SELECT * FROM allocations ORDER BY id")]


def _logged_hashes(db: Database) -> dict[int, list[tuple[int, str, str | None]]]:
    """Allocation id → (audit line, action, the SHA-256 the line names) of its audit lines."""
    logged: dict[int, list[tuple[int, str, str | None]]] = {}
    for row in db.fetchall(
        "SELECT id, action, entity_id, CASE WHEN json_valid(after)"
        " THEN json_extract(after, '$.sha256') END AS sha256"
        " FROM audit_log WHERE entity = 'allocation' ORDER BY id"
    ):
        if row["entity_id"] is None or not str(row["entity_id"]).isdigit():
            continue
        logged.setdefault(int(row["entity_id"]), []).append(
            (int(row["id"]), str(row["action"]), row["sha256"])
        )
    return logged


def check_allocation(
    db: Database,
    locked: LockedAllocation,
    logged: list[tuple[int, str, str | None]] | None = None,
) -> list[Finding]:
    """What is wrong with one locked allocation (empty when it still verifies)."""
    if logged is None:
        logged = _logged_hashes(db).get(locked.id, [])
    name = f"Verdeling {locked.id}"
    findings = []
    if not locked.verify():
        findings.append(
            Finding(
                f"{name}: verslag en controlegetal passen niet bij elkaar (nu berekend "
                f"{recomputed_sha256(locked)}, vastgelegd {locked.sha256}); een van beide is "
                "na het vaststellen veranderd."
            )
        )
    head = locked.chain_head
    if head is not None and head != GENESIS and audit.line_with_hash(db, head) is None:
        findings.append(
            Finding(
                f"{name}: de stand van het auditlog bij het vaststellen ({head[:16]}…) staat "
                "niet meer in het log."
            )
        )
    if not any(action == LOCKED_ACTION for _, action, _ in logged):
        findings.append(Finding(f"{name}: het auditlog heeft geen regel van het vaststellen."))
    for line, _, named in logged:
        if named is not None and named != locked.sha256:
            findings.append(
                Finding(
                    f"{name}: auditregel {line} noemt SHA-256 {named[:16]}…, de verdeling nu "
                    f"{locked.sha256[:16]}…; verslag of controlegetal is veranderd.",
                    line,
                )
            )
    return findings


def verify_allocations(db: Database) -> list[Finding]:
    """Every locked allocation checked, and every one the audit log locked still there."""
    logged = _logged_hashes(db)
    findings = []
    present = set()
    for locked in all_locked(db):
        present.add(locked.id)
        findings.extend(check_allocation(db, locked, logged.get(locked.id, [])))
    for allocation_id, lines in logged.items():
        for line, action, _ in lines:
            if action == LOCKED_ACTION and allocation_id not in present:
                findings.append(
                    Finding(
                        f"Auditregel {line} legt verdeling {allocation_id} vast, maar die staat "
                        "niet meer in de database.",
                        line,
                    )
                )
    return findings


@dataclass(frozen=True)
class HashMatch:
    """The locked allocation a hash from the paper belongs to, and what is wrong with it now."""

    locked: LockedAllocation
    findings: list[Finding]


def clean_hash(text: str) -> str:
    """A hash as read off the paper: spaces and a trailing "…" allowed, any case."""
    cleaned = re.sub(r"[\s…]", "", text).lower()
    if not re.fullmatch(r"[0-9a-f]+", cleaned or "-"):
        raise InvalidInput("Een controlegetal bestaat alleen uit de cijfers 0-9 en letters a-f.")
    if len(cleaned) < MIN_PREFIX:
        raise InvalidInput(
            f"Geef minstens de eerste {MIN_PREFIX} tekens van het controlegetal (nu "
            f"{len(cleaned)})."
        )
    if len(cleaned) > 64:
        raise InvalidInput("Een SHA-256-controlegetal heeft 64 tekens; dit is langer.")
    return cleaned


def match_hash(db: Database, text: str) -> HashMatch:
    """The locked allocation whose hash is ``text`` (or starts with it), with what is wrong
    with it: its own checks, and any break in the audit chain up to its lock."""
    wanted = clean_hash(text)
    found = [a for a in all_locked(db) if a.sha256.startswith(wanted)]
    if not found:
        raise InvalidInput(
            "Geen vastgestelde verdeling heeft dit controlegetal: controleer de tekens, of de "
            "verdeling is uit deze database verdwenen."
        )
    if len(found) > 1:
        raise InvalidInput(
            f"{len(found)} verdelingen beginnen met dit controlegetal; geef meer tekens."
        )
    locked = found[0]
    findings = check_allocation(db, locked)
    lines = _logged_hashes(db).get(locked.id, [])
    lock_line = next((line for line, action, _ in lines if action == LOCKED_ACTION), None)
    chain = audit.verify_chain(db)
    if lock_line is not None:
        chain = [f for f in chain if f.line is not None and f.line <= lock_line]
    findings.extend(chain)
    return HashMatch(locked, findings)
