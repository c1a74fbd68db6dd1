"""The schedule of table talks: planning it, re-planning the rounds still to come around who
actually checked in, and reading it back (the settings are in :mod:`matchmaking.domain.settings`).

Planning reads the profiles, computes every fit (:mod:`matchmaking.domain.fit`), hands the
problem to the solver (:mod:`matchmaking.domain.solver`) and stores the talks, the run's quality
and an audit line in one transaction.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from dataclasses import dataclass

from pydantic import BaseModel

from festival.core.errors import InvalidInput
from festival.domain import permissions
from festival.domain.permissions import Caller
from festival.store.database import Database, Transaction, utc_now
from matchmaking.domain import participants, solver
from matchmaking.domain.fit import fit
from matchmaking.domain.models import Quality, Settings, Talk
from matchmaking.domain.permissions import SCHEDULE_PLAN, TALKS_READ
from matchmaking.domain.profiles import read_needs, read_offers, read_preferences
from matchmaking.domain.settings import get_settings, require_settings

# -- planning --------------------------------------------------------------------------------


class PlanResult(BaseModel):
    quality: Quality
    talks: list[Talk]


@dataclass(frozen=True)
class _Input:
    problem_fit: dict[tuple[int, int], int]
    reasons: dict[tuple[int, int], str]
    wishes: frozenset[tuple[int, int]]
    initiatives: list[int]
    funders: list[int]
    capacity: dict[int, int]


def _inputs(db: Database, festival_id: int) -> _Input:
    offers = read_offers(db, festival_id)
    needs = read_needs(db, festival_id)
    if not offers or not needs:
        raise InvalidInput(
            "Er is niets te plannen: leg eerst het aanbod van subsidieverleners en de "
            f"behoeften van initiatieven vast ({len(offers)} aanbod, {len(needs)} behoeften)."
        )
    wishes, avoid = read_preferences(db, festival_id)
    scores: dict[tuple[int, int], int] = {}
    reasons: dict[tuple[int, int], str] = {}
    for need in needs:
        for offer in offers:
            pair = (need.initiative_id, offer.registration_id)
            score, reason = fit(offer, need)
            reasons[pair] = reason
            if pair in avoid:
                continue
            if score > 0:
                scores[pair] = score
    known = {(n.initiative_id, o.registration_id) for n in needs for o in offers}
    return _Input(
        problem_fit=scores,
        reasons=reasons,
        wishes=frozenset(w for w in wishes if w in known and w not in avoid),
        initiatives=[n.initiative_id for n in needs],
        funders=[o.registration_id for o in offers],
        capacity={o.registration_id: o.capacity for o in offers},
    )


def _solve(problem: solver.Problem) -> solver.Solution:
    try:
        return solver.solve(problem)
    except solver.NoScheduleInTime as exc:
        raise InvalidInput(
            f"Binnen {exc.seconds:g} seconden is geen rooster gevonden; er is niets veranderd. "
            "Probeer het opnieuw, of met minder rondes of tafels."
        ) from None


def _stored_talks(db: Database | Transaction, festival_id: int) -> list[tuple[int, int, int, int]]:
    """(initiative, funder, round, table) of every stored talk."""
    rows = db.fetchall(
        "SELECT initiative_id, funder_id, round, table_no FROM match_talks WHERE festival_id = ?",
        (festival_id,),
    )
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def _quality(
    solution: solver.Solution,
    settings: Settings,
    data: _Input,
    considered: list[int],
    held: list[tuple[int, int, int]],
) -> Quality:
    per = Counter(i for i, _, _ in (*held, *solution.talks))
    counts = [per.get(i, 0) for i in considered] or [0]
    unmet: list[str] = []
    if solution.shortfall:
        short = sum(solution.shortfall.values())
        needed = len(considered) * settings.min_talks
        slots = settings.rounds * settings.tables
        capacity = sum(data.capacity.get(f, 0) for f in data.funders)
        unmet.append(
            f"Minimaal {settings.min_talks} gesprekken per initiatief lukt niet: "
            f"{len(solution.shortfall)} initiatieven komen samen {short} gesprek(ken) tekort "
            f"(nodig {needed}; {slots} plaatsen aan tafels, {capacity} gesprekken bij de "
            "subsidieverleners, en alleen paren die bij elkaar passen). Het rooster geeft zo "
            "veel mogelijk initiatieven hun minimum."
        )
    if solution.wishes_honoured < solution.wishes_possible:
        missing = solution.wishes_possible - solution.wishes_honoured
        unmet.append(
            f"{missing} van de {solution.wishes_possible} wensen passen niet in het rooster "
            "(te weinig rondes of capaciteit bij de gevraagde subsidieverlener)."
        )
    if solution.moved_or_dropped:
        unmet.append(
            f"{solution.moved_or_dropped} gesprek(ken) van aanwezigen verschoven of vervallen "
            "om een wens te halen."
        )
    return Quality(
        talks=len(held) + len(solution.talks),
        initiatives=len(considered),
        min_per_initiative=min(counts),
        median_per_initiative=float(statistics.median(counts)),
        wishes_honoured=solution.wishes_honoured,
        wishes_possible=solution.wishes_possible,
        total_fit=sum(data.problem_fit.get((i, f), 0) for i, f, _ in (*held, *solution.talks)),
        optimal=solution.optimal,
        seconds=round(solution.seconds, 3),
        unmet=unmet,
        kept=solution.kept,
        moved_or_dropped=solution.moved_or_dropped,
    )


def _store(
    tx: Transaction,
    festival_id: int,
    from_round: int,
    talks: list[tuple[int, int, int]],
    tables: dict[tuple[int, int, int], int],
    data: _Input,
    quality: Quality,
) -> None:
    tx.execute(
        "DELETE FROM match_talks WHERE festival_id = ? AND round >= ?", (festival_id, from_round)
    )
    tx.executemany(
        "INSERT INTO match_talks (festival_id, round, table_no, initiative_id, funder_id, fit,"
        " reason, wish) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                festival_id,
                r,
                tables[i, f, r],
                i,
                f,
                data.problem_fit.get((i, f), 0),
                data.reasons.get((i, f), "wens"),
                int((i, f) in data.wishes),
            )
            for i, f, r in talks
        ),
    )
    tx.insert(
        "match_runs",
        {
            "festival_id": festival_id,
            "at": utc_now(),
            "who": tx.actor.name,
            "from_round": from_round,
            "quality": quality.model_dump_json(),
        },
    )


def plan(
    db: Database,
    caller: Caller,
    festival_id: int,
    *,
    time_limit: float = 20.0,
    start_over: bool = False,
) -> PlanResult:
    """A fresh schedule for every round, replacing any earlier one.

    Once people have checked in, a fresh plan would also move talks of rounds already held:
    refused unless ``start_over`` (the coordinator confirmed it); re-planning is the way then.
    """
    permissions.require(caller, SCHEDULE_PLAN)
    settings = require_settings(db, festival_id)
    arrived = any(f.checked_in for f in participants.funders(db, festival_id)) or any(
        i.checked_in for i in participants.initiatives(db, festival_id)
    )
    if arrived and _stored_talks(db, festival_id) and not start_over:
        raise InvalidInput(
            "Er zijn al mensen ingecheckt: een nieuw rooster verschuift ook gesprekken van "
            "rondes die al bezig of voorbij zijn. Herplan vanaf de volgende ronde, of plan "
            "bewust alles opnieuw."
        )
    data = _inputs(db, festival_id)
    problem = solver.Problem(
        initiatives=data.initiatives,
        funders=data.funders,
        capacity=data.capacity,
        fit=data.problem_fit,
        wishes=data.wishes,
        rounds=list(range(1, settings.rounds + 1)),
        tables=settings.tables,
        min_talks=settings.min_talks,
        time_limit=time_limit,
    )
    solution = _solve(problem)
    tables = solver.number_tables(solution.talks, settings.tables)
    quality = _quality(solution, settings, data, data.initiatives, [])
    with db.write(caller.actor) as tx:
        _store(tx, festival_id, 1, solution.talks, tables, data, quality)
        tx.audit(
            "tafelgesprekken gepland",
            "festival",
            festival_id,
            None,
            {"gesprekken": quality.talks, "wensen": quality.wishes_honoured},
        )
    return PlanResult(quality=quality, talks=read_talks(db, festival_id))


def replan(
    db: Database, caller: Caller, festival_id: int, from_round: int, *, time_limit: float = 20.0
) -> PlanResult:
    """Plan rounds ``from_round``… again for the people who checked in: talks of present
    people stay where they are unless moving one frees a wish; held rounds stay as they were."""
    permissions.require(caller, SCHEDULE_PLAN)
    settings = require_settings(db, festival_id)
    if not 1 <= from_round <= settings.rounds:
        raise InvalidInput(
            f"Ronde {from_round} bestaat niet; er zijn {settings.rounds} rondes.", "ronde"
        )
    data = _inputs(db, festival_id)
    present_funders = {
        f.registration_id for f in participants.funders(db, festival_id) if f.checked_in
    }
    present_initiatives = {i.id for i in participants.initiatives(db, festival_id) if i.checked_in}
    if not present_funders and not present_initiatives:
        raise InvalidInput(
            "Nog niemand ingecheckt: herplannen zou iedereen als afwezig zien. "
            "Herplan na de eerste check-ins."
        )
    stored = _stored_talks(db, festival_id)
    held = [(i, f, r) for i, f, r, _ in stored if r < from_round]
    kept = [
        (i, f, r)
        for i, f, r, _ in stored
        if r >= from_round and i in present_initiatives and f in present_funders
    ]
    initiatives = [i for i in data.initiatives if i in present_initiatives]
    funders = [f for f in data.funders if f in present_funders]
    problem = solver.Problem(
        initiatives=initiatives,
        funders=funders,
        capacity=data.capacity,
        fit=data.problem_fit,
        wishes=data.wishes,
        rounds=list(range(from_round, settings.rounds + 1)),
        tables=settings.tables,
        min_talks=settings.min_talks,
        held=held,
        kept=kept,
        time_limit=time_limit,
    )
    solution = _solve(problem)
    previous = {(i, f, r): t for i, f, r, t in stored}
    tables = solver.number_tables(solution.talks, settings.tables, previous)
    quality = _quality(solution, settings, data, initiatives, held)
    with db.write(caller.actor) as tx:
        _store(tx, festival_id, from_round, solution.talks, tables, data, quality)
        tx.audit(
            "tafelgesprekken herpland",
            "festival",
            festival_id,
            None,
            {
                "vanaf ronde": from_round,
                "gesprekken": len(solution.talks),
                "behouden": solution.kept,
                "verschoven of vervallen": solution.moved_or_dropped,
            },
        )
    return PlanResult(quality=quality, talks=read_talks(db, festival_id))


# -- reading ---------------------------------------------------------------------------------


def read_talks(db: Database | Transaction, festival_id: int) -> list[Talk]:
    """Every talk by round and table (no permission check: for the services)."""
    settings = get_settings(db, festival_id)
    times = settings.round_times() if settings else {}
    titles = {i.id: i.title for i in participants.initiatives(db, festival_id)}
    offers = {o.registration_id: o.label for o in read_offers(db, festival_id)}
    rows = db.fetchall(
        "SELECT * FROM match_talks WHERE festival_id = ? ORDER BY round, table_no", (festival_id,)
    )
    return [
        Talk(
            id=r["id"],
            round=r["round"],
            table=r["table_no"],
            start=times.get(r["round"], ("?", "?"))[0],
            end=times.get(r["round"], ("?", "?"))[1],
            initiative_id=r["initiative_id"],
            initiative=titles.get(r["initiative_id"], "?"),
            funder_id=r["funder_id"],
            funder=offers.get(r["funder_id"], "?"),
            fit=r["fit"],
            reason=r["reason"],
            wish=bool(r["wish"]),
        )
        for r in rows
    ]


def talks(db: Database, caller: Caller, festival_id: int) -> list[Talk]:
    """The whole schedule (names who meets whom: the desk or the coordinator)."""
    permissions.require(caller, TALKS_READ)
    return read_talks(db, festival_id)


def last_quality(db: Database, caller: Caller, festival_id: int) -> Quality | None:
    """The quality of the latest run, or None before the first."""
    permissions.require(caller, TALKS_READ)
    row = db.fetchone(
        "SELECT quality FROM match_runs WHERE festival_id = ? ORDER BY id DESC LIMIT 1",
        (festival_id,),
    )
    return Quality.model_validate(json.loads(row["quality"])) if row else None


def last_from_round(db: Database, festival_id: int) -> int:
    """The highest round any run planned from (0 before the first run): an automatic re-plan
    runs once per round."""
    row = db.fetchone(
        "SELECT max(from_round) AS r FROM match_runs WHERE festival_id = ?", (festival_id,)
    )
    return int(row["r"] or 0) if row else 0


def talks_of_person(db: Database, caller: Caller, registration_id: int) -> list[Talk]:
    """The talks of one registered person (as funder or as initiatiefnemer), by round."""
    permissions.require(caller, TALKS_READ)
    festival_id = participants.festival_of_registration(db, registration_id)
    if festival_id is None:
        return []
    mine = set(participants.initiatives_of_registration(db, registration_id))
    return [
        t
        for t in read_talks(db, festival_id)
        if t.funder_id == registration_id or t.initiative_id in mine
    ]
