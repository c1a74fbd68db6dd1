"""Dividing the pot: the knapsack optimum, and the jury's scores plus greedy allocation.

Synthetic and fixed (seed :data:`SEED`), no database:

* **Knapsack**: 200 initiatives, requested amounts € 250 to € 2.500 in whole euros (about
  € 275.000 asked in all), final scores 0–100 (floats), a € 50.000 pot, the default tie-break
  chain. A sample is one call of :func:`festival.domain.allocation.knapsack.knapsack`, from
  the candidates to the decisions with their reasons. Each run draws a new instance.
* **Scores plus greedy** (:func:`scores_and_greedy_ms`, reusable): 1,000 initiatives, 25
  jurors, 5 criteria on 1–10 with weights 1–3, about one juror-initiative pair in fifty left out
  for a conflict. A sample runs :func:`festival.domain.jury_scores.juror_scores`, then
  :func:`~festival.domain.jury_scores.jury_means`, builds the candidates (cost = requested
  capped at € 750) and runs greedy with skip on a € 50.000 pot. Building the synthetic values
  is not part of the sample.
"""

from __future__ import annotations

import random
import time
from collections.abc import Mapping
from pathlib import Path

from bench.common import progress
from bench.figures import Figure, Row, Target
from festival.domain.allocation.greedy import greedy
from festival.domain.allocation.knapsack import knapsack
from festival.domain.allocation.model import Candidate, Outcome, Settings
from festival.domain.jury_scores import Scale, juror_scores, jury_means

SEED = 5
EURO = 100
POT = 50_000 * EURO
MAX_AWARD = 750 * EURO

KNAPSACK_INITIATIVES = 200
KNAPSACK_RUNS = 5

INITIATIVES = 1_000
JURORS = 25
CRITERIA = 5
SCORES_RUNS = 10


# -- knapsack ------------------------------------------------------------------------------


def knapsack_instance(rng: random.Random, count: int = KNAPSACK_INITIATIVES) -> list[Candidate]:
    """``count`` initiatives asking € 250–2.500 with a final score of 0–100."""
    out = []
    for n in range(count):
        requested = rng.randint(250, 2_500) * EURO
        out.append(
            Candidate(
                id=f"i{n:04d}",
                title=f"Initiatief {n}",
                cost=requested,
                requested=requested,
                score=rng.uniform(0, 100),
                jury_score=rng.uniform(0, 100),
            )
        )
    return out


def knapsack_ms(runs: int = KNAPSACK_RUNS, seed: int = SEED) -> list[float]:
    """Milliseconds per knapsack call, one new instance per run."""
    rng = random.Random(seed)
    settings = Settings(pot=POT, seed=seed)
    samples = []
    for _ in range(runs):
        candidates = knapsack_instance(rng)
        started = time.perf_counter()
        result = knapsack(candidates, settings)
        samples.append((time.perf_counter() - started) * 1000)
        assert 0 < result.total <= POT
    return samples


# -- the jury's scores plus greedy ---------------------------------------------------------


Values = dict[tuple[int, int], Mapping[int, int]]


def jury_instance(
    rng: random.Random,
    initiatives: int = INITIATIVES,
    jurors: int = JURORS,
    criteria: int = CRITERIA,
) -> tuple[Values, list[Scale], set[tuple[int, int]], dict[int, int]]:
    """(values per juror and initiative, the scales, the conflicts, requested cents)."""
    scales = [Scale(k, rng.randint(1, 3), 1, 10) for k in range(1, criteria + 1)]
    values: Values = {
        (j, i): {s.criterion_id: rng.randint(1, 10) for s in scales}
        for j in range(1, jurors + 1)
        for i in range(1, initiatives + 1)
    }
    conflicts = {key for key in values if rng.random() < 0.02}
    requested = {i: rng.randint(250, 2_500) * EURO for i in range(1, initiatives + 1)}
    return values, scales, conflicts, requested


def scores_and_greedy_ms(
    runs: int = SCORES_RUNS,
    seed: int = SEED,
    initiatives: int = INITIATIVES,
    jurors: int = JURORS,
    criteria: int = CRITERIA,
) -> list[float]:
    """Milliseconds from the jurors' criterion values to a greedy allocation (module text)."""
    rng = random.Random(seed)
    values, scales, conflicts, requested = jury_instance(rng, initiatives, jurors, criteria)
    ids = list(range(1, initiatives + 1))
    settings = Settings(pot=POT, seed=seed)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        scores = juror_scores(values, scales, conflicts)
        means = jury_means(scores, ids)
        candidates = [
            Candidate(
                id=str(i),
                title=f"Initiatief {i}",
                cost=min(requested[i], MAX_AWARD),
                requested=requested[i],
                score=means[i][0],
                jury_score=means[i][0],
            )
            for i in ids
        ]
        result = greedy(candidates, settings)
        samples.append((time.perf_counter() - started) * 1000)
        assert any(d.outcome is Outcome.FUNDED for d in result.decisions)
    return samples


def allocation_time(workdir: Path) -> list[Row]:
    progress(f"knapsack, {KNAPSACK_INITIATIVES} initiatives, € 50.000 pot x{KNAPSACK_RUNS}")
    knapsack_samples = knapsack_ms()
    progress(f"{INITIATIVES} x {JURORS} x {CRITERIA} scores plus greedy x{SCORES_RUNS}")
    greedy_samples = scores_and_greedy_ms()
    return [
        Figure(
            f"knapsack over {KNAPSACK_INITIATIVES} initiatives with a € 50.000 pot",
            knapsack_samples,
            target=Target(1000, "p95"),
        ),
        Figure(
            f"{INITIATIVES:,} initiatives x {JURORS} jurors x {CRITERIA} criteria, "
            "scores plus greedy",
            greedy_samples,
            target=Target(100, "p95"),
        ),
    ]
