"""The jury's arithmetic, on plain data: weighted scores, means, normalisation, final score.

Every rule here is what the college reads afterwards, so each is stated exactly:

* A juror's score for an initiative is the weighted mean of the criteria, each rescaled to
  0–100 from its scale: ``Σ w·(v − min)/(max − min) / Σ w · 100``. It exists only when the juror
  scored every criterion.
* An initiative's jury score is the plain mean of those juror scores, over jurors without a
  conflict for it, together with how many jurors it rests on.
* Normalisation (optional, shown beside the raw mean, never instead): each juror's scores
  become z-scores over the initiatives that juror scored (a juror who gave everything the same
  gets 0); an initiative's mean z is rescaled linearly so the lowest becomes 0 and the highest
  100. Refused with fewer than 3 jurors or 5 initiatives.
* The audience score is ``100 · votes / most votes`` (the favourite gets 100); the final score
  is ``(100 − w)% · jury + w% · audience`` with audience weight ``w`` (0 means jury only).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

MIN_JURORS_TO_NORMALISE = 3
MIN_INITIATIVES_TO_NORMALISE = 5


@dataclass(frozen=True)
class Scale:
    """What the arithmetic needs of a criterion."""

    criterion_id: int
    weight: int
    scale_min: int
    scale_max: int


class NormalisationRefused(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def juror_score(values: Mapping[int, int], scales: Iterable[Scale]) -> float | None:
    """0–100, or None when a criterion has no value."""
    total_weight = 0
    weighted = 0.0
    for s in scales:
        if s.criterion_id not in values:
            return None
        share = (values[s.criterion_id] - s.scale_min) / (s.scale_max - s.scale_min)
        weighted += s.weight * share
        total_weight += s.weight
    if total_weight == 0:
        return None
    return 100 * weighted / total_weight


JurorScores = Mapping[tuple[int, int], float]
"""(juror id, initiative id) → that juror's 0–100 score for that initiative."""


def juror_scores(
    values: Mapping[tuple[int, int], Mapping[int, int]],
    scales: list[Scale],
    conflicts: set[tuple[int, int]],
) -> dict[tuple[int, int], float]:
    """Every complete juror score, leaving out juror-initiative pairs with a conflict."""
    out: dict[tuple[int, int], float] = {}
    for key, criteria_values in values.items():
        if key in conflicts:
            continue
        score = juror_score(criteria_values, scales)
        if score is not None:
            out[key] = score
    return out


def jury_means(
    scores: JurorScores, initiatives: Iterable[int]
) -> dict[int, tuple[float | None, int]]:
    """Per initiative: the mean juror score (None when nobody scored it) and how many jurors."""
    # One pass grouping by initiative: 1,000 initiatives x 25 jurors stays a few milliseconds.
    per: dict[int, list[float]] = {}
    for (_, initiative), score in scores.items():
        per.setdefault(initiative, []).append(score)
    result: dict[int, tuple[float | None, int]] = {}
    for initiative in initiatives:
        mine = per.get(initiative, [])
        result[initiative] = (statistics.fmean(mine) if mine else None, len(mine))
    return result


def normalised_means(scores: JurorScores, initiatives: list[int]) -> dict[int, float | None]:
    """Per-juror z-scores, averaged per initiative, rescaled to 0–100 (see the module text)."""
    jurors = {j for j, _ in scores}
    with_scores = {i for _, i in scores}
    scored = [i for i in initiatives if i in with_scores]
    if len(jurors) < MIN_JURORS_TO_NORMALISE:
        raise NormalisationRefused(
            f"Normaliseren kan pas met minstens {MIN_JURORS_TO_NORMALISE} juryleden "
            f"(nu {len(jurors)})."
        )
    if len(scored) < MIN_INITIATIVES_TO_NORMALISE:
        raise NormalisationRefused(
            f"Normaliseren kan pas met minstens {MIN_INITIATIVES_TO_NORMALISE} gescoorde "
            f"initiatieven (nu {len(scored)})."
        )
    z: dict[tuple[int, int], float] = {}
    for juror in jurors:
        own = {i: s for (j, i), s in scores.items() if j == juror}
        mean = statistics.fmean(own.values())
        sd = statistics.pstdev(own.values()) if len(own) > 1 else 0.0
        for initiative, s in own.items():
            z[(juror, initiative)] = (s - mean) / sd if sd > 0 else 0.0
    z_per: dict[int, list[float]] = {}
    for (_, initiative), value in z.items():
        z_per.setdefault(initiative, []).append(value)
    mean_z = {i: statistics.fmean(z_per[i]) for i in scored}
    low, high = min(mean_z.values()), max(mean_z.values())
    result: dict[int, float | None] = dict.fromkeys(initiatives)
    for i, value in mean_z.items():
        result[i] = 50.0 if high == low else 100 * (value - low) / (high - low)
    return result


def audience_scores(votes: Mapping[int, int], initiatives: Iterable[int]) -> dict[int, float]:
    """``100 · votes / most votes``; everyone 0 when there are no votes."""
    most = max(votes.values(), default=0)
    return {i: (100 * votes.get(i, 0) / most if most else 0.0) for i in initiatives}


def final_score(jury: float | None, audience: float, audience_weight: int) -> float | None:
    if jury is None:
        return None
    return (100 - audience_weight) / 100 * jury + audience_weight / 100 * audience
