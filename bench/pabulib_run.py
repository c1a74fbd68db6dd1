"""``festival pabulib run`` with Equal Shares + Add1 on a generated pabulib file, against
pabutools (pabulib's reference tools) on the same file in the same run.

Synthetic and fixed (seed :data:`SEED`): 60 projects costing € 2.000 to € 40.000 with cents, a
budget of € 500.000,50, 6,000 approval ballots of 1 to 8 projects each with Zipf-like
popularity (weight ``1 / rank^0.8``). The file is written once; a sample reads and parses it and
runs the rule, as the command does (ours: :func:`festival.domain.allocation.pabulib.parse` and
:func:`festival.domain.allocation.pabulib_run.run`; pabutools: ``parse_pabulib`` and
``exhaustion_by_budget_increase`` over ``method_of_equal_shares`` with cost satisfaction and
one euro more per voter per step, which is Add1). Both must choose the same projects.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from bench.common import progress
from bench.figures import Figure, Ratio, Row
from festival.domain.allocation import pabulib
from festival.domain.allocation.model import Rule
from festival.domain.allocation.pabulib_run import run

PROJECTS = 60
VOTERS = 6_000
SEED = 14
RUNS = 5
# pabutools takes about two minutes on this instance, some eighty times ours: one run tells the
# ratio far beyond the machine's noise, and keeps `make bench` short.
PABUTOOLS_RUNS = 1


def instance_text(seed: int = SEED) -> str:
    """The pabulib file (see the module text)."""
    rng = random.Random(seed)
    lines = [
        "META",
        "key;value",
        "description;Kerngericht bench: Equal Shares + Add1",
        f"num_projects;{PROJECTS}",
        f"num_votes;{VOTERS}",
        "budget;500000.50",
        "vote_type;approval",
        "rule;equalshares/add1",
        "PROJECTS",
        "project_id;cost",
    ]
    ids = [str(n) for n in range(1, PROJECTS + 1)]
    for project in ids:
        lines.append(f"{project};{rng.randint(2_000, 40_000)}.{rng.randint(0, 99):02d}")
    lines += ["VOTES", "voter_id;vote"]
    popular = ids[:]
    rng.shuffle(popular)  # popularity does not follow the cost
    weights = [1 / (rank + 1) ** 0.8 for rank in range(PROJECTS)]
    for voter in range(1, VOTERS + 1):
        size = rng.randint(1, 8)
        ballot: set[str] = set()
        while len(ballot) < size:
            ballot.add(rng.choices(popular, weights)[0])
        lines.append(f"{voter};{','.join(sorted(ballot, key=int))}")
    return "\n".join(lines) + "\n"


def ours(path: Path) -> list[str]:
    instance = pabulib.parse(pabulib.decode(path.read_bytes()))
    return sorted(run(instance, Rule.EQUAL_SHARES).selected, key=int)


def theirs(path: Path) -> list[str]:
    from pabutools.election import Cost_Sat, parse_pabulib
    from pabutools.rules import exhaustion_by_budget_increase, method_of_equal_shares

    instance, profile = parse_pabulib(str(path))
    chosen = exhaustion_by_budget_increase(
        instance,
        profile,
        method_of_equal_shares,
        {"sat_class": Cost_Sat},
        budget_step=profile.num_ballots(),  # one euro more for every voter
    )
    return sorted((p.name for p in chosen), key=int)


def pabulib_run_time(workdir: Path) -> list[Row]:
    path = workdir / "bench.pb"
    path.write_text(instance_text(), encoding="utf-8")
    progress(f"pabulib run, Equal Shares + Add1: {PROJECTS} projects x {VOTERS} ballots")
    samples: list[float] = []
    chosen: list[str] | None = None
    for _ in range(RUNS):
        started = time.perf_counter()
        chosen = ours(path)
        samples.append((time.perf_counter() - started) * 1000)
    reference: list[float] = []
    for _ in range(PABUTOOLS_RUNS):
        started = time.perf_counter()
        found = theirs(path)
        reference.append((time.perf_counter() - started) * 1000)
        assert found == chosen, f"pabutools chose {found}, we chose {chosen}"
    mine = Figure(
        f"pabulib run, Equal Shares + Add1, {PROJECTS} projects x {VOTERS:,} ballots", samples
    )
    pabutools = Figure("  pabutools on the same file", reference)
    # pabutools over ours: how many times longer the reference takes (ours / theirs is < 0.01).
    return [mine, pabutools, Ratio("  pabutools / pabulib run (ratio)", pabutools, mine)]
