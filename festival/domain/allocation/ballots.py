"""Audience approval ballots for the Method of Equal Shares: which initiatives each voter
approves. Voters are anonymous labels (a ballot number), never names."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel

from festival.core.csv_io import CsvProblem, ImportFailed, read_csv
from festival.core.errors import InvalidInput
from festival.core.text import clean_text, fold
from festival.domain import jury, permissions
from festival.domain.permissions import Caller
from festival.store.database import Database, Transaction

HEADERS = ("stemmer", "initiatief")


class BallotReport(BaseModel):
    voters: int
    approvals: int


def import_ballots(
    db: Database,
    caller: Caller,
    festival_id: int,
    data: bytes,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> BallotReport:
    """``stemmer;initiatief`` per approval (initiatief: id or title on the programme). All or
    nothing; replaces the festival's earlier ballots."""
    permissions.require(caller, permissions.ALLOCATION_BALLOTS)
    problems: list[CsvProblem] = []
    lines = read_csv(data, HEADERS, problems=problems)
    pitches = jury.list_pitches(db, festival_id)
    by_title = {fold(p.title): p.initiative_id for p in pitches}
    ids = {p.initiative_id for p in pitches}
    approvals: set[tuple[str, int]] = set()
    for line in lines:
        try:
            voter = clean_text(line.values["stemmer"], "stemmer", "Stemmer", max_length=40)
        except InvalidInput as exc:
            problems.append(CsvProblem(line=line.number, message=exc.message))
            continue
        raw = line.values["initiatief"].strip()
        initiative = int(raw) if raw.isdigit() else by_title.get(fold(raw))
        if initiative is None or initiative not in ids:
            problems.append(
                CsvProblem(line=line.number, message=f"{raw!r} staat niet op het programma")
            )
            continue
        if (voter, initiative) in approvals:
            problems.append(CsvProblem(line=line.number, message="dubbele stem"))
            continue
        approvals.add((voter, initiative))
    if problems:
        raise ImportFailed(sorted(problems, key=lambda p: p.line))
    if not approvals:
        raise ImportFailed([CsvProblem(line=1, message="het bestand bevat geen stemmen")])
    with db.write(caller.actor) as tx:
        tx.execute("DELETE FROM audience_ballots WHERE festival_id = ?", (festival_id,))
        for index, (voter, initiative) in enumerate(sorted(approvals), start=1):
            tx.execute(
                "INSERT INTO audience_ballots (festival_id, voter, initiative_id) VALUES (?, ?, ?)",
                (festival_id, voter, initiative),
            )
            if progress:
                progress(index, len(approvals))
        voters = len({v for v, _ in approvals})
        tx.audit(
            "publieksstemmen ingelezen",
            "jury",
            festival_id,
            None,
            {"stemmers": voters, "stemmen": len(approvals)},
        )
    return BallotReport(voters=voters, approvals=len(approvals))


def ballots(db: Database | Transaction, festival_id: int) -> list[frozenset[str]]:
    """One set of approved initiative ids (as strings) per voter."""
    per: dict[str, set[str]] = {}
    for r in db.fetchall(
        "SELECT voter, initiative_id FROM audience_ballots WHERE festival_id = ?", (festival_id,)
    ):
        per.setdefault(r["voter"], set()).add(str(r["initiative_id"]))
    return [frozenset(v) for _, v in sorted(per.items())]
