"""The order every rule works in: score first, then the recorded tie-break chain.

* Candidates are sorted by ``score`` descending; candidates without a score come last.
* Equal scores are separated by the links of the chain, in the chain's order:

  - ``HIGHER_JURY_SCORE``: the higher jury score first (no jury score last);
  - ``LOWER_COST``: the lower cost (requested amount capped at the maximum) first;
  - ``MORE_APPROVALS``: more audience votes first;
  - ``FILE_ORDER``: the order the candidates were given in;
  - ``LOT``: a lot drawn once: ``random.Random(seed).shuffle`` over the candidates in the order
    they were given in; a candidate's place in the shuffled list is its lot number. The lot is
    drawn over *all* candidates, so it does not depend on which of them a rule later passes
    over.

* Whatever the chain, the input order is the last fallback, so the order is total and the same
  input with the same seed always gives the same order. Scores are compared exactly: 48.5 and
  48.5 tie, 48.5 and 48.50001 do not.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from festival.domain.allocation.model import Candidate, TieBreak

SortKey = tuple[float | int | bool, ...]


def lot_numbers(count: int, seed: int) -> list[int]:
    """The lot drawn once for ``count`` candidates in input order: ``lot[i]`` is the place of
    the i-th candidate in the shuffled list (0 draws first)."""
    positions = list(range(count))
    random.Random(seed).shuffle(positions)
    lot = [0] * count
    for place, index in enumerate(positions):
        lot[index] = place
    return lot


def _key(candidate: Candidate, index: int, lot: int, chain: Sequence[TieBreak]) -> SortKey:
    key: list[float | int | bool] = [candidate.score is None, -(candidate.score or 0.0)]
    for link in chain:
        if link is TieBreak.HIGHER_JURY_SCORE:
            key += [candidate.jury_score is None, -(candidate.jury_score or 0.0)]
        elif link is TieBreak.LOWER_COST:
            key.append(candidate.cost)
        elif link is TieBreak.MORE_APPROVALS:
            key.append(-candidate.approvals)
        elif link is TieBreak.FILE_ORDER:
            key.append(index)
        elif link is TieBreak.LOT:
            key.append(lot)
        else:  # pragma: no cover - every TieBreak is handled above
            raise ValueError(f"unknown tie-break {link!r}")
    key.append(index)
    return tuple(key)


def order(candidates: Sequence[Candidate], chain: Sequence[TieBreak], seed: int) -> list[Candidate]:
    """The candidates in the rule's order (see the module text)."""
    lot = lot_numbers(len(candidates), seed)
    keyed = sorted((_key(c, i, lot[i], chain), i) for i, c in enumerate(candidates))
    return [candidates[i] for _, i in keyed]


def tie_key(candidate: Candidate, chain: Sequence[TieBreak]) -> SortKey:
    """What the order compares before the lot or the input order decides: two candidates with
    the same tie key are an exact tie, which only the lot (or the input order) separates.

    The lot and the input order are total, so the links after the first of them never count.
    """
    decisive: list[TieBreak] = []
    for link in chain:
        if link in (TieBreak.FILE_ORDER, TieBreak.LOT):
            break
        decisive.append(link)
    return _key(candidate, 0, 0, decisive)[:-1]
