"""What changed since an allocation was locked: the jury's final scores, the pot, the
programme, the requested amounts and the audience's votes, compared with the locked record.

A locked decision stays what it was (every view shows the record); this says plainly when the
inputs no longer match it, naming what changed, so the coordinator can replace it with a
reason. Pure: it takes the record and the current :class:`Inputs`, never the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from festival.core.money import format_money_whole
from festival.domain.allocation.inputs import Inputs
from festival.domain.allocation.record import AllocationRecord

#: How to replace a locked allocation, as the screen and the command line say it.
SUPERSEDE_HINT_SCREEN = "Vervang de verdeling met V (opnieuw vaststellen, met een reden)."
SUPERSEDE_HINT_CLI = "Vervang haar met: festival allocation lock --vervangt-reden 'REDEN'."


def score_text(value: float | None) -> str:
    """A final score as the screens show it: one decimal, a decimal comma; – for none."""
    return "–" if value is None else f"{value:.1f}".replace(".", ",")


@dataclass(frozen=True)
class Change:
    kind: str
    """score, pot, programme, amount or votes"""
    text: str
    """the Dutch line naming what changed, e.g. 'Dorpsfeest Ingen: 58,4 → 61,2'"""


@dataclass(frozen=True)
class Drift:
    changes: list[Change]

    @property
    def stale(self) -> bool:
        return bool(self.changes)

    def count(self, kind: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind)

    @property
    def headline(self) -> str:
        """``verouderd: 2 scores gewijzigd na vaststellen`` (empty when nothing changed)."""
        parts = []
        scores = self.count("score")
        if scores:
            parts.append(f"{scores} {'score' if scores == 1 else 'scores'} gewijzigd")
        if self.count("pot"):
            parts.append("de pot gewijzigd")
        programme = self.count("programme")
        if programme:
            parts.append(f"het programma gewijzigd ({programme}×)")
        amounts = self.count("amount")
        if amounts:
            parts.append(f"{amounts} gevraagd{'' if amounts == 1 else 'e'} bedrag(en) gewijzigd")
        if self.count("votes"):
            parts.append("publieksstemmen gewijzigd")
        if not parts:
            return ""
        return "verouderd: " + ", ".join(parts) + " na vaststellen"

    @property
    def details(self) -> str:
        """Every change on one line, separated by semicolons."""
        return "; ".join(c.text for c in self.changes)


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return round(a, 6) == round(b, 6)


def drift(record: AllocationRecord, inputs: Inputs) -> Drift:
    """What differs between the locked record and the inputs as they are now."""
    changes: list[Change] = []
    now = {c.id: c for c in inputs.candidates}
    then = {c.id: c for c in record.candidates}
    for c in record.candidates:
        current = now.get(c.id)
        if current is None:
            changes.append(Change("programme", f"{c.title}: niet meer op het programma"))
            continue
        if not _same(c.score, current.score):
            changes.append(
                Change(
                    "score",
                    f"{c.title}: eindscore {score_text(c.score)} → {score_text(current.score)}",
                )
            )
        if c.cost != current.cost:
            changes.append(
                Change(
                    "amount",
                    f"{c.title}: bedrag {format_money_whole(c.cost)} → "
                    f"{format_money_whole(current.cost)}",
                )
            )
    for added in inputs.candidates:
        if added.id not in then:
            changes.append(Change("programme", f"{added.title}: nieuw op het programma"))
    if record.pot.pot_cents != inputs.pot.pot_cents:
        changes.append(
            Change(
                "pot",
                f"pot {format_money_whole(record.pot.pot_cents)} → "
                f"{format_money_whole(inputs.pot.pot_cents)}",
            )
        )
    ballots_then = sorted(sorted(b) for b in record.ballots)
    ballots_now = sorted(sorted(b) for b in inputs.ballots)
    if ballots_then != ballots_now:
        changes.append(
            Change(
                "votes", f"publieksstemmen {len(ballots_then)} → {len(ballots_now)} stembiljetten"
            )
        )
    return Drift(changes)
