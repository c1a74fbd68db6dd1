"""The knapsack optimum: the subset with the largest total score within the pot, exactly.

Definitions (DOMAIN.md "Allocation rules", made exact):

* **Whole euros.** Each cost is rounded *up* to whole euros and the pot *down*, so a subset that
  fits in whole euros also fits in cents: the optimum never overspends. The price is that a
  subset that only fits thanks to the cents (pot € 100,50, two costs of € 50,25) is not
  considered. Requested amounts are whole euros in practice, and then nothing is lost.
* **Scores** are made integers as ``round(score × 1000)`` so the sums are exact; scores that
  differ by less than 0.0005 count as equal. A candidate with a negative score is never chosen.
* **Ties between optimal subsets** go to the subset the tie-break order ranks higher,
  lexicographically: the best-ranked candidate that is in one optimal subset and not in the
  other decides. A candidate with score 0 that fits is therefore included.
* Withdrawn candidates and candidates without a score are passed over as in greedy. The caps
  (``max_awards``, per kern), ``threshold`` and ``partial_last`` are greedy settings; the
  knapsack does not read them.

The dynamic programme runs over the candidates from the lowest-ranked up, over all capacities
``0..pot`` at once: the best score per capacity is packed into one Python integer, a lane of
``L`` bits per capacity (with one guard bit), so adding an item, comparing and taking the
maximum are a handful of big-integer operations instead of a loop over 50,001 capacities. Per
item one byte per capacity records whether taking the item is optimal (ties: take it);
rebuilding from the best-ranked candidate down then yields the lexicographically first optimum.

The programme's size grows with the pot, not with the number of candidates: a pabulib file of 16
projects with costs near 10**8 would need gigabytes. When trying every subset is cheaper (at most
:data:`SUBSETS_LIMIT` candidates), that is done instead, with the same answer; an instance too
large for both is refused with a Dutch message.
"""

from __future__ import annotations

from collections.abc import Sequence

from festival.core.errors import InvalidInput
from festival.domain.allocation.greedy import passed_over, ranking
from festival.domain.allocation.model import (
    Candidate,
    Decision,
    Outcome,
    Reason,
    Result,
    Rule,
    Settings,
)

SCORE_SCALE = 1000


def euros_up(cents: int) -> int:
    """A cost in whole euros, rounded up."""
    return -(-cents // 100)


def euros_down(cents: int) -> int:
    """The pot in whole euros, rounded down (never below 0)."""
    return max(cents, 0) // 100


def scaled(score: float) -> int:
    return round(score * SCORE_SCALE)


#: The most memory the dynamic programme may take (its integers and its table), in bytes.
MEMORY_LIMIT = 256 * 1024 * 1024
#: Up to this many usable candidates every subset may be tried instead (2**20 in about 0.2 s).
SUBSETS_LIMIT = 20
#: Trying one subset costs about as long as the programme takes for this many bytes of lanes.
_BYTES_PER_SUBSET = 32


def solve(weights: Sequence[int], values: Sequence[int], capacity: int) -> list[bool]:
    """Which items to take: the largest total value with total weight ≤ ``capacity``; among
    optimal subsets the one whose indicator vector (item 0 first) is lexicographically largest.

    Items with a negative value or a weight over the capacity are never taken. The dynamic
    programme's size grows with the capacity: for a few items with large costs (a pabulib file
    with costs near 10**8) every subset is tried instead, with the same answer; an instance too
    large for both is refused with :class:`InvalidInput`, never a MemoryError.
    """
    n = len(weights)
    usable = [weights[i] <= capacity and values[i] >= 0 for i in range(n)]
    capacity = min(capacity, sum(w for w, ok in zip(weights, usable, strict=True) if ok))
    lanes = capacity + 1
    total = sum(v for v, ok in zip(values, usable, strict=True) if ok) + 1
    # One lane per capacity: value bits below a guard bit; whole bytes so the guard byte can be
    # sliced out. Stored values are score + 1, so an impossible "take" (lane 0) always loses.
    lane_bytes = (total.bit_length() + 1 + 7) // 8
    count = sum(usable)
    work = lanes * lane_bytes * count
    if count <= SUBSETS_LIMIT and (1 << count) * _BYTES_PER_SUBSET < work:
        return _every_subset(weights, values, capacity, usable)
    # About six integers of all lanes are alive at once, plus one byte per lane and item.
    if lanes * (6 * lane_bytes + count) > MEMORY_LIMIT:
        pot = f"{capacity:,}".replace(",", ".")  # Dutch thousands
        raise InvalidInput(
            f"De knapsack is te groot om exact uit te rekenen: {count} kandidaten en een pot "
            f"van {pot} hele bedragen. Kies een andere verdeelregel (bijvoorbeeld greedy) of "
            "werk met grotere eenheden (bijvoorbeeld duizenden)."
        )
    return _dynamic(weights, values, capacity, usable, lanes, lane_bytes)


def _dynamic(
    weights: Sequence[int],
    values: Sequence[int],
    capacity: int,
    usable: Sequence[bool],
    lanes: int,
    lane_bytes: int,
) -> list[bool]:
    """The dynamic programme of the module text, over all capacities at once."""
    n = len(weights)
    bits = 8 * lane_bytes
    ones = int.from_bytes((b"\x01" + bytes(lane_bytes - 1)) * lanes, "little")
    guard = ones << (bits - 1)
    full = (1 << (bits * lanes)) - 1
    best = ones  # best[w] = 1 + best value of the items after this one within capacity w
    take_it: list[bytes] = [b""] * n
    for i in reversed(range(n)):
        if not usable[i]:
            continue
        take = ((best + values[i] * ones) << (bits * weights[i])) & full
        wins = ((take | guard) - best) & guard  # guard bit set where take >= best
        best ^= (best ^ take) & (wins - (wins >> (bits - 1)))
        take_it[i] = wins.to_bytes(lanes * lane_bytes, "little")[lane_bytes - 1 :: lane_bytes]
    chosen = [False] * n
    room = capacity
    for i in range(n):
        if usable[i] and take_it[i][room]:
            chosen[i] = True
            room -= weights[i]
    optimum = (best >> (bits * capacity)) & ((1 << (bits - 1)) - 1)
    assert optimum - 1 == sum(v for v, c in zip(values, chosen, strict=True) if c)
    return chosen


def _every_subset(
    weights: Sequence[int], values: Sequence[int], capacity: int, usable: Sequence[bool]
) -> list[bool]:
    """The same answer as :func:`_dynamic`, by trying every subset of the usable items in Gray
    code order (one item in or out per step), whatever the capacity."""
    items = [i for i, ok in enumerate(usable) if ok]
    count = len(items)
    # Bit count-1-j stands for items[j]: a larger mask is a lexicographically larger choice.
    mask = weight = value = 0
    best_mask = best_value = 0  # taking nothing always fits
    for step in range(1, 1 << count):
        bit = (step & -step).bit_length() - 1
        mask ^= 1 << bit
        item = items[count - 1 - bit]
        sign = 1 if mask >> bit & 1 else -1
        weight += sign * weights[item]
        value += sign * values[item]
        if weight <= capacity and (
            value > best_value or (value == best_value and mask > best_mask)
        ):
            best_mask, best_value = mask, value
    chosen = [False] * len(weights)
    for j, item in enumerate(items):
        chosen[item] = bool(best_mask >> (count - 1 - j) & 1)
    return chosen


def knapsack(candidates: Sequence[Candidate], settings: Settings) -> Result:
    """The knapsack optimum of the total score within the pot (see the module text)."""
    ranked, others = ranking(candidates, settings)
    pot_euros = euros_down(settings.pot)
    weights = [euros_up(c.cost) for c in ranked]
    values = [scaled(c.score) if c.score is not None else -1 for c in ranked]
    chosen = solve(weights, values, pot_euros)
    in_optimum = [c for c, yes in zip(ranked, chosen, strict=True) if yes]
    optimum_score = round(sum(c.score or 0.0 for c in in_optimum), 3)

    remaining = settings.pot
    funded = 0
    decisions: list[Decision] = []
    for rank, (c, yes) in enumerate(zip(ranked, chosen, strict=True), start=1):
        details: dict[str, int | float | str] = {
            "gevraagd": c.requested,
            "kosten": c.cost,
            "over": remaining,
            "hoger": funded,
            "kosten_euro": weights[rank - 1],
            "pot_euro": pot_euros,
            "totaal_score": optimum_score,
            "aantal": len(in_optimum),
        }
        decisions.append(
            Decision(
                candidate_id=c.id,
                rank=rank,
                outcome=Outcome.FUNDED if yes else Outcome.NOT_FUNDED,
                amount=c.cost if yes else 0,
                reason=Reason.IN_OPTIMUM if yes else Reason.NOT_IN_OPTIMUM,
                remaining_before=remaining,
                funded_before=funded,
                details=details,
            )
        )
        if yes:
            remaining -= c.cost
            funded += 1
    decisions += passed_over(others, len(ranked) + 1, remaining, funded)
    return Result(rule=Rule.KNAPSACK, settings=settings, decisions=decisions)
