"""The locked outcome in the open pabulib format, so anyone can re-check it with pabulib's own
tools (pabutools) — written with :func:`festival.domain.allocation.pabulib.write`.

Three files, all from the locked record (never the live draft), except the per-juror scores:

* ``NAME.pb``: the jury's part. Each project costs what the rule works with (the request capped
  at the maximum award), the budget is the pot with its cents. A final score is a mean over
  the jurors without a conflict (with the audience's share mixed in), which is not a plain sum
  of per-juror ballots; so VOTES holds one ``scoring`` ballot, voter ``jury``, whose points are
  the final scores: the sum per project is exactly the final score the rule ranked by. The
  column ``rule_rank`` is the rule's order, which settles equal scores as the recorded tie-break
  chain did. What the rule chose (``selected``, ``rule_outcome``, ``rule_amount``) is kept apart
  from what people changed (``amount``, ``override_reason``); META says the rule, its settings,
  the tie-break, partial awards and overrides.
* ``NAME.publiek.pb``: the same projects with the audience's approval ballots (anonymous voter
  numbers), which the Equal Shares rule works on.
* ``NAME.jury.csv``: every juror's score per initiative (0–100, the criteria weighted) or the
  declared conflict, as they are in the database when exporting.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from festival.domain.allocation.model import Outcome, Result
from festival.domain.allocation.pabulib import (
    WITHDRAWN_COST,
    PabulibInstance,
    Project,
    Vote,
    amount_text,
)
from festival.domain.allocation.record import AllocationRecord, LockedAllocation
from festival.domain.allocation.report_text import (
    candidates_of,
    chain,
    decision_rows,
    rule_settings_of,
    when,
)

if TYPE_CHECKING:
    from festival.domain.festivals import Festival
    from festival.store.database import Database

#: The voter whose points are the final scores.
JURY_VOTER = "jury"


def euros(cents: int) -> Decimal:
    return Decimal(cents) / 100


def rule_result(record: AllocationRecord) -> Result:
    """What the rule itself gave on the record's inputs (before any override): the rules are
    pure and the seed is recorded, so this is exactly what the rule chose at the lock."""
    from festival.domain.allocation.proposal import apply_rule

    ballots = [frozenset(b) for b in record.ballots]
    return apply_rule(record.rule, candidates_of(record), rule_settings_of(record), ballots)


@dataclass(frozen=True)
class PabulibExport:
    scores: PabulibInstance
    """the jury's part: one aggregated scoring ballot of final scores"""
    audience: PabulibInstance
    """the audience's approval ballots"""


def _meta(locked: LockedAllocation, festival: Festival, result: Result) -> dict[str, str]:
    record = locked.record
    settings = rule_settings_of(record)
    titles = {c.id: c.title for c in record.candidates}
    partial = [
        f"{d.candidate_id}:{amount_text(euros(d.amount))}"
        for d in result.decisions
        if d.outcome is Outcome.PARTIAL
    ]
    overrides = [
        f"{d.candidate_id}:{amount_text(euros(d.amount))} ({d.override.reason})"
        for d in record.decisions
        if d.override is not None
    ]
    meta = {
        "description": (
            f"Verdeling van de festivalpot, {festival.name}; vastgesteld op "
            f"{when(locked.locked_at)} door {locked.locked_by}"
        ),
        "country": "Nederland",
        "unit": "Buren",
        "instance": festival.name,
        "num_projects": str(len(record.candidates)),
        "num_votes": "1",
        "budget": amount_text(euros(record.pot.pot_cents)),
        "currency": "EUR",
        "vote_type": "scoring",
        "rule": record.rule.value,
        "date_begin": festival.date.strftime("%d.%m.%Y"),
        "date_end": festival.date.strftime("%d.%m.%Y"),
        "score_encoding": (
            f"een stem van '{JURY_VOTER}' met per project de eindscore (gemiddelde over de "
            "juryleden zonder belangenverstrengeling, met het publiek verwerkt); de som per "
            "project is precies de eindscore; de scores per jurylid staan in het .jury.csv-"
            "bestand ernaast"
        ),
        "max_award": amount_text(euros(record.config.max_award_cents)),
        "tie_break": f"{chain(settings)} (startgetal van de loting {settings.seed})",
        "tie_break_column": "rule_rank: de volgorde van de regel, ook bij gelijke score",
        "partial_last": "ja" if settings.partial_last else "nee",
        "selected_by_rule": ",".join(result.funded),
        "partial_awards": ",".join(partial) or "geen",
        "overrides": "; ".join(overrides) or "geen",
        "total_awarded": amount_text(euros(record.total)),
        "selected_titles": "; ".join(titles[i] for i in result.funded),
        "sha256": locked.sha256,
    }
    if settings.threshold is not None:
        meta["min_project_score_threshold"] = str(settings.threshold)
    if settings.max_awards is not None:
        meta["max_awards"] = str(settings.max_awards)
    if settings.kern_max_awards is not None:
        meta["kern_max_awards"] = str(settings.kern_max_awards)
    if settings.kern_max_amount is not None:
        meta["kern_max_amount"] = amount_text(euros(settings.kern_max_amount))
    return meta


def _projects(locked: LockedAllocation, result: Result) -> list[Project]:
    """In the rule's order, so tools that keep file order for equal scores agree too."""
    record = locked.record
    withdrawn = {c.id for c in record.candidates if c.withdrawn}
    by_rule = {d.candidate_id: d for d in result.decisions}
    projects = []
    for row in decision_rows(locked):
        chosen = by_rule[row.initiative_id]
        projects.append(
            Project(
                id=row.initiative_id,
                cost=Decimal(WITHDRAWN_COST) if row.initiative_id in withdrawn else euros(row.cost),
                score=row.score,
                name=row.title,
                extra={
                    "requested": amount_text(euros(row.requested)),
                    "kern": row.kern,
                    "rule_rank": str(chosen.rank),
                    "rule_outcome": chosen.outcome.value,
                    "rule_amount": amount_text(euros(chosen.amount)),
                    "amount": amount_text(euros(row.amount)),
                    "override_reason": row.override_reason,
                    "selected": "1" if chosen.outcome is Outcome.FUNDED else "0",
                },
            )
        )
    return projects


def pabulib_export(locked: LockedAllocation, festival: Festival) -> PabulibExport:
    """The jury's file and the audience's file of a locked allocation (see the module text)."""
    record = locked.record
    result = rule_result(record)
    meta = _meta(locked, festival, result)
    projects = _projects(locked, result)
    scored = [p for p in projects if p.score is not None and p.cost != WITHDRAWN_COST]
    jury_vote = Vote(
        JURY_VOTER,
        tuple(p.id for p in scored),
        tuple(float(p.score) for p in scored if p.score is not None),
    )
    scores = PabulibInstance(
        meta={**meta, "num_votes": "1" if scored else "0"},
        projects=projects,
        votes=[jury_vote] if scored else [],
    )
    ballots = [
        Vote(str(number), tuple(sorted(b, key=int)))
        for number, b in enumerate(record.ballots, start=1)
    ]
    audience = PabulibInstance(
        meta={
            **meta,
            "num_votes": str(len(ballots)),
            "vote_type": "approval",
            "score_encoding": "goedkeuringsstemmen van het publiek, genummerd (anoniem)",
        },
        projects=projects,
        votes=ballots,
    )
    return PabulibExport(scores=scores, audience=audience)


def pabulib_instance(locked: LockedAllocation, festival: Festival) -> PabulibInstance:
    """The jury's file alone (see :func:`pabulib_export`)."""
    return pabulib_export(locked, festival).scores


def juror_scores_csv(db: Database, festival_id: int) -> list[list[str]]:
    """Every juror's score per initiative (0–100, criteria weighted, one decimal) or the
    declared conflict: the companion of the jury's file. The first row names the columns."""
    from festival.domain import jury, jury_scores

    criteria = jury.list_criteria(db, festival_id)
    scales = [c.scale for c in criteria]
    pitches = jury.list_pitches(db, festival_id)
    values: dict[tuple[int, int], dict[int, int]] = {}
    for r in db.fetchall(
        "SELECT s.juror_id, s.initiative_id, s.criterion_id, s.value FROM jury_scores s"
        " JOIN pitches p ON p.initiative_id = s.initiative_id WHERE p.festival_id = ?",
        (festival_id,),
    ):
        values.setdefault((r["juror_id"], r["initiative_id"]), {})[r["criterion_id"]] = r["value"]
    conflicts = {
        (r["juror_id"], r["initiative_id"])
        for r in db.fetchall("SELECT juror_id, initiative_id FROM jury_conflicts")
    }
    rows = [["jurylid", "project_id", "initiatief", "score", "belangenverstrengeling"]]
    for juror in jury.list_jurors(db, festival_id):
        for pitch in pitches:
            key = (juror.id, pitch.initiative_id)
            conflict = key in conflicts
            score = None if conflict else jury_scores.juror_score(values.get(key, {}), scales)
            rows.append(
                [
                    juror.name,
                    str(pitch.initiative_id),
                    pitch.title,
                    "" if score is None else f"{score:.4f}",
                    "ja" if conflict else "",
                ]
            )
    return rows
