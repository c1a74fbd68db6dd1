"""``festival verify``: is the database what was written? The audit log's hash chain, every
locked allocation, the file's pages and the protective triggers; or, with ``--hash``, one
decision against the hash read off the paper. Reads no personal data: it reports line numbers
and hashes only."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from festival.cli.common import EXIT_FAILED, EXIT_OK, SubParsers, handles, out

if TYPE_CHECKING:
    from festival.store.database import Database


def add_parser(sub: SubParsers) -> None:
    about = (
        "controleren of de database onveranderd is: auditlog, vastgestelde verdelingen, "
        "bestand en beveiligingen (exit 0 intact, 1 niet)"
    )
    p = sub.add_parser("verify", help=about, description=about[0].upper() + about[1:] + ".")
    p.add_argument(
        "--hash",
        metavar="CONTROLEGETAL",
        help="een besluit controleren met het controlegetal van het papier "
        "(minstens de eerste 12 tekens)",
    )
    handles(p, cmd_verify, public=True)


def cmd_verify(args: argparse.Namespace, db: Database) -> int:
    if args.hash is not None:
        return _verify_hash(db, args.hash)
    from festival.domain.allocation.verify import verify_allocations
    from festival.store.audit import count, verify_chain
    from festival.store.integrity import verify_pages, verify_triggers

    pages = verify_pages(db)
    chain = verify_chain(db)
    findings = [*pages, *verify_triggers(db), *chain, *verify_allocations(db)]
    if not findings:
        out(
            f"De database is intact: {count(db)} auditregels sluiten op elkaar aan, de "
            "vastgestelde verdelingen kloppen, het bestand is heel en de beveiligingen zijn er."
        )
        return EXIT_OK
    out("De database is NIET intact:")
    for finding in findings:
        out(f"  - {finding.text}")
    lines = [f.line for f in findings if f.line is not None]
    if lines:
        out(f"Vanaf auditregel {min(lines)} is het auditlog niet meer te vertrouwen.")
    out(
        "Vergelijk met een kopie van 'festival backup' van vóór die tijd, en met de "
        "controlegetallen op papier ('festival verify --hash CONTROLEGETAL')."
    )
    return EXIT_FAILED


def _verify_hash(db: Database, text: str) -> int:
    from festival.domain.allocation.report_text import when
    from festival.domain.allocation.verify import match_hash
    from festival.domain.festivals import list_festivals

    match = match_hash(db, text)
    locked = match.locked
    names = {f.id: f.name for f in list_festivals(db)}
    festival = names.get(locked.festival_id, f"festival {locked.festival_id}")
    out(
        f"Dit controlegetal hoort bij verdeling {locked.id} van {festival}, vastgesteld op "
        f"{when(locked.locked_at)} door {locked.locked_by}."
    )
    out(f"SHA-256: {locked.sha256}")
    if locked.superseded_by is not None:
        out(f"Let op: deze verdeling is vervangen door verdeling {locked.superseded_by}.")
    if not match.findings:
        what = (
            "het verslag en het auditlog tot het vaststellen zijn"
            if locked.chain_head
            else "het verslag is"
        )
        out(f"Het besluit klopt nog: {what} niet veranderd.")
        return EXIT_OK
    out("Het besluit klopt NIET meer:")
    for finding in match.findings:
        out(f"  - {finding.text}")
    return EXIT_FAILED
