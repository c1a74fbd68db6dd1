"""The Method of Equal Shares with Add1 completion on an audience vote: 100 projects, 5,000
approval ballots.

Synthetic and fixed (seed :data:`SEED`): a € 50.000 pot; requested amounts of € 250 to € 2.500
in whole euros (about 2.75 times the pot in all); every voter approves 3 to 10 different
projects, drawn with Zipf-like popularity (weight ``1 / rank^0.9``), so a few projects have
thousands of supporters and most a few hundred. A sample is one call of
:func:`festival.domain.allocation.equal_shares.equal_shares` from the candidates and ballots to
the decisions with their reasons: the supporters per project, every fixed-budget run of the
Add1 completion (per-voter budget ``B/n``, then one euro more per step) and the result.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from bench.common import progress
from bench.figures import Figure, Row, Target
from festival.domain.allocation.equal_shares import Election, equal_shares
from festival.domain.allocation.model import Candidate

PROJECTS = 100
VOTERS = 5_000
POT = 50_000 * 100  # cents
SEED = 11
RUNS = 5


def audience_vote(seed: int = SEED) -> tuple[list[Candidate], list[set[str]]]:
    """The candidates and the approval ballots (see the module text)."""
    rng = random.Random(seed)
    candidates = [
        Candidate(
            id=f"i{n:03d}",
            title=f"Initiatief {n}",
            cost=(cost := rng.randint(250, 2_500) * 100),
            requested=cost,
            score=None,
        )
        for n in range(PROJECTS)
    ]
    ids = [c.id for c in candidates]
    rng.shuffle(ids)  # popularity does not follow the cost
    weights = [1 / (rank + 1) ** 0.9 for rank in range(PROJECTS)]
    ballots: list[set[str]] = []
    for _ in range(VOTERS):
        size = rng.randint(3, 10)
        ballot: set[str] = set()
        while len(ballot) < size:
            ballot.add(rng.choices(ids, weights)[0])
        ballots.append(ballot)
    return candidates, ballots


def equal_shares_time(workdir: Path) -> list[Row]:
    candidates, ballots = audience_vote()
    election = Election(candidates, ballots, POT)
    final = election.add1()
    progress(
        f"Equal Shares + Add1, {PROJECTS} projects x {VOTERS} ballots "
        f"({final.increments} steps, {len(final.funded)} funded) x{RUNS}"
    )
    samples: list[float] = []
    single: list[float] = []
    funded: list[str] | None = None
    for _ in range(RUNS):
        started = time.perf_counter()
        result = equal_shares(candidates, ballots, POT)
        samples.append((time.perf_counter() - started) * 1000)
        assert result.total <= POT
        assert funded is None or result.funded == funded, "Equal Shares is not deterministic"
        funded = result.funded
        started = time.perf_counter()
        election.run()
        single.append((time.perf_counter() - started) * 1000)
    return [
        Figure(
            f"Equal Shares with Add1 for {PROJECTS} projects and {VOTERS:,} approval ballots",
            samples,
            target=Target(2000, "p95"),
        ),
        Figure("  one fixed-budget run (B/n each, no completion)", single),
    ]
