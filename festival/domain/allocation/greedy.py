"""Greedy allocation: highest score first, as DOMAIN.md "Allocation rules" defines it.

The order is :func:`festival.domain.allocation.tiebreak.order` (score descending, then the
recorded tie-break chain, then the input order). Withdrawn candidates and candidates without a
score are not ranked: they come after the ranked ones, ``NOT_FUNDED`` with ``WITHDRAWN`` or
``NO_SCORE``. Then, for each ranked candidate in turn, the first that applies:

1. threshold rule only: ``score < threshold`` → ``BELOW_THRESHOLD`` (the threshold rule is
   greedy with skip over the candidates with ``score ≥ threshold``; plain greedy and greedy
   without skip do not read ``settings.threshold``);
2. without skip, after the stop → ``STOPPED``;
3. ``max_awards`` awards made already → ``MAX_AWARDS``;
4. the candidate's kern has ``kern_max_awards`` awards already → ``KERN_COUNT_CAP``;
5. the kern's awards plus this cost would exceed ``kern_max_amount`` → ``KERN_AMOUNT_CAP``
   (caps are checked on the full cost, candidates without a kern have no kern cap);
6. ``cost ≤ remaining`` (an exact fit counts) → ``FUNDED`` with its cost, ``FITS``;
7. ``partial_last`` and ``remaining > 0`` → ``PARTIAL`` with all that remains,
   ``PARTIAL_REST``; the pot is then empty. Because the pot is empty only one candidate can
   ever be partly funded: the first that did not fit while something was left. With skip the
   loop goes on (later candidates do not fit any more, a zero cost aside); without skip it
   stops here;
8. otherwise ``NOT_FUNDED``, ``DOES_NOT_FIT``; without skip this is where the loop stops.

Caps (3–5) always skip, also in greedy without skip: "stop" concerns only the pot. A partial
award counts as an award for the caps.

Every decision records the pot left and the number of awards made when its turn came, and
``details`` with the numbers its sentence needs (see :mod:`.reasons`): ``gevraagd``
(requested, cents), ``kosten`` (cost, cents), ``over`` (remaining, cents), ``hoger`` (awards
ranked higher), and per reason ``drempel``/``score``, ``maximum``, ``kern``/``kern_aantal``/
``kern_bedrag``/``kern_maximum``, ``gestopt_bij`` (the rank where the loop stopped).
"""

from __future__ import annotations

from collections.abc import Sequence

from festival.domain.allocation.model import (
    Candidate,
    Decision,
    Outcome,
    Reason,
    Result,
    Rule,
    Settings,
)
from festival.domain.allocation.tiebreak import order

Details = dict[str, int | float | str]


def ranking(
    candidates: Sequence[Candidate], settings: Settings
) -> tuple[list[Candidate], list[Candidate]]:
    """(the ranked candidates in the rule's order, the withdrawn and unscored ones after them).

    The lot is drawn over all candidates, so passing some over changes nobody's lot number.
    """
    ordered = order(candidates, settings.tie_break, settings.seed)
    ranked = [c for c in ordered if not c.withdrawn and c.score is not None]
    others = [c for c in ordered if c.withdrawn or c.score is None]
    return ranked, others


def passed_over(
    others: Sequence[Candidate], first_rank: int, remaining: int, funded: int
) -> list[Decision]:
    """Decisions for withdrawn and unscored candidates, ranked after everyone else."""
    return [
        Decision(
            candidate_id=c.id,
            rank=first_rank + n,
            outcome=Outcome.NOT_FUNDED,
            amount=0,
            reason=Reason.WITHDRAWN if c.withdrawn else Reason.NO_SCORE,
            remaining_before=remaining,
            funded_before=funded,
            details={"gevraagd": c.requested, "kosten": c.cost},
        )
        for n, c in enumerate(others)
    ]


def greedy(candidates: Sequence[Candidate], settings: Settings, *, skip: bool = True) -> Result:
    """Greedy with skip (``skip=True``, the default rule) or without skip."""
    rule = Rule.GREEDY if skip else Rule.GREEDY_NO_SKIP
    return _greedy(candidates, settings, rule=rule, skip=skip, threshold=None)


def greedy_threshold(candidates: Sequence[Candidate], settings: Settings) -> Result:
    """Only ``score ≥ settings.threshold`` is eligible, then greedy with skip. Without a
    threshold in the settings every ranked candidate is eligible."""
    return _greedy(
        candidates,
        settings,
        rule=Rule.GREEDY_THRESHOLD,
        skip=True,
        threshold=settings.threshold,
    )


def _greedy(
    candidates: Sequence[Candidate],
    settings: Settings,
    *,
    rule: Rule,
    skip: bool,
    threshold: float | None,
) -> Result:
    ranked, others = ranking(candidates, settings)
    remaining = settings.pot
    funded = 0
    kern_count: dict[str, int] = {}
    kern_amount: dict[str, int] = {}
    stopped_at: int | None = None
    decisions: list[Decision] = []

    for rank, c in enumerate(ranked, start=1):
        score = c.score
        assert score is not None  # ranking() keeps only scored candidates
        details: Details = {
            "gevraagd": c.requested,
            "kosten": c.cost,
            "over": remaining,
            "hoger": funded,
        }
        outcome, amount = Outcome.NOT_FUNDED, 0
        if threshold is not None and score < threshold:
            reason = Reason.BELOW_THRESHOLD
            details.update(score=score, drempel=threshold)
        elif stopped_at is not None:
            reason = Reason.STOPPED
            details["gestopt_bij"] = stopped_at
        elif settings.max_awards is not None and funded >= settings.max_awards:
            reason = Reason.MAX_AWARDS
            details["maximum"] = settings.max_awards
        elif (
            c.kern is not None
            and settings.kern_max_awards is not None
            and kern_count.get(c.kern, 0) >= settings.kern_max_awards
        ):
            reason = Reason.KERN_COUNT_CAP
            details.update(
                kern=c.kern,
                kern_aantal=kern_count.get(c.kern, 0),
                kern_maximum=settings.kern_max_awards,
            )
        elif (
            c.kern is not None
            and settings.kern_max_amount is not None
            and kern_amount.get(c.kern, 0) + c.cost > settings.kern_max_amount
        ):
            reason = Reason.KERN_AMOUNT_CAP
            details.update(
                kern=c.kern,
                kern_bedrag=kern_amount.get(c.kern, 0),
                kern_maximum=settings.kern_max_amount,
            )
        elif c.cost <= remaining:
            outcome, amount, reason = Outcome.FUNDED, c.cost, Reason.FITS
        elif settings.partial_last and remaining > 0:
            outcome, amount, reason = Outcome.PARTIAL, remaining, Reason.PARTIAL_REST
            if not skip:
                stopped_at = rank
        else:
            reason = Reason.DOES_NOT_FIT
            if not skip:
                stopped_at = rank

        decisions.append(
            Decision(
                candidate_id=c.id,
                rank=rank,
                outcome=outcome,
                amount=amount,
                reason=reason,
                remaining_before=remaining,
                funded_before=funded,
                details=details,
            )
        )
        if outcome is not Outcome.NOT_FUNDED:
            remaining -= amount
            funded += 1
            if c.kern is not None:
                kern_count[c.kern] = kern_count.get(c.kern, 0) + 1
                kern_amount[c.kern] = kern_amount.get(c.kern, 0) + amount

    decisions += passed_over(others, len(ranked) + 1, remaining, funded)
    return Result(rule=rule, settings=settings, decisions=decisions)
