"""The table-talk schedule as an optimisation problem, solved with OR-tools CP-SAT.

Pure: a :class:`Problem` in (who, how well they fit, the rounds and tables still open, the
talks already held or planned), a :class:`Solution` out. The database, the profiles and the
wording live elsewhere (:mod:`matchmaking.domain.schedule`).

Hard rules (never broken): nobody is in two places in a round, a funder takes at most its
capacity, no pair meets twice (also not a pair that already met in a round that was held), at
most one talk per table per round. The soft rules are ranked and weighted so that a higher rule
always outweighs everything below it together:

1. wishes honoured,
2. (re-planning) talks of people who are present stay where they were,
3. every initiative gets at least ``min_talks`` talks (fairness before total fit),
4. total fit.

Tables are interchangeable for the solver: a round holds at most ``tables`` talks, and the
table numbers are handed out afterwards (:func:`number_tables`), keeping a kept talk's table
and otherwise a funder's table of the round before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

Pair = tuple[int, int]  # (initiative id, funder registration id)


class NoScheduleInTime(Exception):
    """The solver found no schedule within the time limit (seconds)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"no schedule within {seconds} s")
        self.seconds = seconds


@dataclass(frozen=True)
class Problem:
    """Everything the solver needs; ids are initiative ids and funder registration ids."""

    initiatives: Sequence[int]
    funders: Sequence[int]
    #: How many talks each funder takes in total (held talks count against it).
    capacity: Mapping[int, int]
    #: Fit 0–100 per pair worth a talk (pairs missing here are never scheduled).
    fit: Mapping[Pair, int]
    #: Pairs that asked for each other; scheduled before any computed fit.
    wishes: frozenset[Pair]
    #: The round numbers still to plan.
    rounds: Sequence[int]
    tables: int
    min_talks: int
    #: Talks already held (earlier rounds): they count, and their pairs never meet again.
    held: Sequence[tuple[int, int, int]] = ()
    #: Planned talks in the open rounds between people who are present: kept where possible.
    kept: Sequence[tuple[int, int, int]] = ()
    #: Seconds the solver may search; it returns the best schedule found by then.
    time_limit: float = 20.0


@dataclass(frozen=True)
class Solution:
    #: (initiative, funder, round) of every planned talk in the open rounds.
    talks: list[tuple[int, int, int]]
    optimal: bool
    wishes_honoured: int
    wishes_possible: int
    kept: int
    moved_or_dropped: int
    total_fit: int
    #: Initiatives below ``min_talks`` and by how many talks.
    shortfall: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0


def _weights(problem: Problem, kept_count: int) -> tuple[int, int, int]:
    """(fairness, keep, wish) weights; each outweighs everything below it together."""
    max_talks = len(problem.rounds) * problem.tables
    fairness = 100 * max_talks + 1
    keep = fairness * (len(problem.initiatives) * problem.min_talks + 1)
    wish = keep * (kept_count + 1)
    return fairness, keep, wish


def solve(problem: Problem) -> Solution:
    """The best schedule of the open rounds under the hard rules (see the module docstring).

    Without talks to keep, the pairs are chosen first and then put into rounds: any choice in
    which nobody has more talks than there are rounds, and no more talks than tables × rounds,
    fits into the rounds (a bipartite graph's edges colour with as many colours as its highest
    degree, and the colours can be balanced), and choosing pairs alone leaves the solver no
    symmetric round orders to search through. With talks to keep, one model does both, started
    from the plan that stands.
    """
    if not problem.kept:
        pairs = _solve(problem, joint=False)
        if pairs is not None:
            return pairs
    solution = _solve(problem, joint=True)
    assert solution is not None
    return solution


def _solve(problem: Problem, *, joint: bool) -> Solution | None:
    """One CP-SAT run: ``joint`` chooses pairs and rounds at once; otherwise pairs first and
    rounds after (None if the rounds could not be filled in time)."""
    held_pairs = {(i, f) for i, f, _ in problem.held}
    held_count: dict[int, int] = defaultdict(int)
    funder_held: dict[int, int] = defaultdict(int)
    for i, f, _ in problem.held:
        held_count[i] += 1
        funder_held[f] += 1
    initiatives, funders = set(problem.initiatives), set(problem.funders)
    kept = [
        t
        for t in problem.kept
        if t[0] in initiatives and t[1] in funders and t[2] in problem.rounds
    ]
    kept_set = set(kept)
    candidates = sorted(
        {p for p in (*problem.fit, *problem.wishes) if p[0] in initiatives and p[1] in funders}
        | {(i, f) for i, f, _ in kept}
    )
    left = {f: problem.capacity.get(f, 0) - funder_held[f] for f in funders}
    candidates = [p for p in candidates if p not in held_pairs and left[p[1]] > 0]
    n_rounds = len(problem.rounds)
    # Without rounds in the model, "round" 0 stands for "some round".
    slots = list(problem.rounds) if joint else [0]
    model = cp_model.CpModel()
    x: dict[tuple[int, int, int], cp_model.IntVar] = {
        (i, f, r): model.new_bool_var(f"x_{i}_{f}_{r}") for i, f in candidates for r in slots
    }
    by_initiative_round: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
    by_funder_round: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
    by_pair: dict[Pair, list[cp_model.IntVar]] = defaultdict(list)
    by_funder: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    by_initiative: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for (i, f, r), var in x.items():
        by_initiative_round[i, r].append(var)
        by_funder_round[f, r].append(var)
        by_pair[i, f].append(var)
        by_funder[f].append(var)
        by_initiative[i].append(var)
    if joint:
        for group in (*by_initiative_round.values(), *by_funder_round.values()):
            model.add_at_most_one(group)
        for pair_group in by_pair.values():
            model.add_at_most_one(pair_group)
        for r in problem.rounds:
            model.add(sum(v for (_, _, rr), v in x.items() if rr == r) <= problem.tables)
    else:
        for group in by_initiative.values():
            model.add(sum(group) <= n_rounds)
        model.add(sum(x.values()) <= n_rounds * problem.tables)
    for f, group in by_funder.items():
        model.add(sum(group) <= min(left[f], n_rounds))
    fairness_w, keep_w, wish_w = _weights(problem, len(kept))
    shortfall_vars: dict[int, cp_model.IntVar] = {}
    terms: list[cp_model.LinearExprT] = []
    for i in problem.initiatives:
        needed = max(0, min(problem.min_talks, n_rounds + held_count[i]) - held_count[i])
        if needed == 0:
            continue
        short = model.new_int_var(0, needed, f"short_{i}")
        model.add(short >= needed - sum(by_initiative.get(i, [])))
        shortfall_vars[i] = short
        terms.append(-fairness_w * short)
    for (i, f, r), var in x.items():
        weight = problem.fit.get((i, f), 0)
        if (i, f) in problem.wishes:
            weight += wish_w
        if (i, f, r) in kept_set:
            weight += keep_w
        if weight:
            terms.append(weight * var)
        if joint:  # start from the plan that stands: the solver only has to improve it
            model.add_hint(var, (i, f, r) in kept_set)
    model.maximize(sum(terms))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = problem.time_limit
    # One worker with the LP at full strength proves these matching-like models in a fraction
    # of a second; a portfolio of workers searched for tens of seconds on the same model.
    solver.parameters.num_workers = 1
    solver.parameters.linearization_level = 2
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # The empty schedule keeps every hard rule, so this means: nothing found in time.
        raise NoScheduleInTime(problem.time_limit)
    chosen = [(i, f, r) for (i, f, r), var in x.items() if solver.value(var)]
    seconds = solver.wall_time
    if not joint:
        placed = _assign_rounds([(i, f) for i, f, _ in chosen], problem)
        if placed is None:
            return None
        chosen, extra = placed
        seconds += extra
    talks = sorted(chosen, key=lambda t: (t[2], t[1], t[0]))
    chosen_pairs = {(i, f) for i, f, _ in talks}
    talks_set = set(talks)
    wishes_possible = sum(
        1 for p in problem.wishes if p not in held_pairs and p[0] in initiatives and p[1] in funders
    )
    return Solution(
        talks=talks,
        optimal=status == cp_model.OPTIMAL,
        wishes_honoured=sum(1 for p in problem.wishes if p in chosen_pairs),
        wishes_possible=wishes_possible,
        kept=len(kept_set & talks_set),
        moved_or_dropped=len(kept_set - talks_set),
        total_fit=sum(problem.fit.get((i, f), 0) for i, f, _ in talks),
        shortfall={
            i: int(solver.value(v)) for i, v in shortfall_vars.items() if solver.value(v) > 0
        },
        seconds=seconds,
    )


def _assign_rounds(
    pairs: Sequence[Pair], problem: Problem
) -> tuple[list[tuple[int, int, int]], float] | None:
    """A round for every chosen pair: nobody twice in a round, at most ``tables`` a round."""
    model = cp_model.CpModel()
    x = {(i, f, r): model.new_bool_var("") for i, f in pairs for r in problem.rounds}
    for i, f in pairs:
        model.add_exactly_one(x[i, f, r] for r in problem.rounds)
    people: dict[tuple[str, int, int], list[cp_model.IntVar]] = defaultdict(list)
    for (i, f, r), var in x.items():
        people["i", i, r].append(var)
        people["f", f, r].append(var)
    for group in people.values():
        model.add_at_most_one(group)
    for r in problem.rounds:
        model.add(sum(x[i, f, r] for i, f in pairs) <= problem.tables)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = problem.time_limit
    solver.parameters.num_workers = 1
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return [t for t, var in x.items() if solver.value(var)], solver.wall_time


def number_tables(
    talks: Sequence[tuple[int, int, int]],
    tables: int,
    previous: Mapping[tuple[int, int, int], int] | None = None,
) -> dict[tuple[int, int, int], int]:
    """A table number (1…``tables``) for every talk: a kept talk keeps its table, a funder
    keeps the table it had in an earlier round where that table is free."""
    previous = previous or {}
    numbered: dict[tuple[int, int, int], int] = {}
    home: dict[int, int] = {}
    for _, f, number in sorted((t[2], t[1], n) for t, n in previous.items()):
        home.setdefault(f, number)
    for r in sorted({t[2] for t in talks}):
        in_round = sorted((t for t in talks if t[2] == r), key=lambda t: t[1])
        taken: set[int] = set()
        waiting = []
        for talk in in_round:
            kept_table = previous.get(talk)
            if kept_table is not None and kept_table not in taken and kept_table <= tables:
                numbered[talk] = kept_table
                taken.add(kept_table)
            else:
                waiting.append(talk)
        later = []
        for talk in waiting:
            home_table = home.get(talk[1])
            if home_table is not None and home_table not in taken and home_table <= tables:
                numbered[talk] = home_table
                taken.add(home_table)
            else:
                later.append(talk)
        free = (n for n in range(1, tables + 1) if n not in taken)
        for talk in later:
            numbered[talk] = next(free)
            taken.add(numbered[talk])
        for talk in in_round:
            home.setdefault(talk[1], numbered[talk])
    return numbered
