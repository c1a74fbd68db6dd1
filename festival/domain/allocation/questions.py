"""The questions asked before vaststellen, vervangen and publiceren, with the amounts, in
Dutch; the screen shows them in a dialog, the command line as a prompt.

Pure: built from the draft that locking would record (or the locked record), never from the
database, so the question shows exactly the amounts the step will store.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from festival.core.money import format_money_whole
from festival.domain.allocation.drift import Drift
from festival.domain.allocation.model import Reason
from festival.domain.allocation.record import AllocationRecord, LockedAllocation


@dataclass(frozen=True)
class Question:
    title: str
    text: str
    """what the step does, with the amounts"""
    warning: str = ""
    """said loudest: the allocation awards nothing, or no longer matches the jury"""
    confirm: str = "Bevestigen"

    @property
    def full_text(self) -> str:
        return f"{self.text}\n\nLet op: {self.warning}" if self.warning else self.text


def _summary(record: AllocationRecord) -> str:
    funded = sum(1 for d in record.decisions if d.amount > 0)
    left = record.pot.pot_cents - record.total
    return (
        f"{format_money_whole(record.total)} aan {funded} van {len(record.decisions)} "
        f"initiatieven (pot {format_money_whole(record.pot.pot_cents)}, over "
        f"{format_money_whole(left)})"
    )


def names_changed(before: AllocationRecord, after: AllocationRecord) -> str:
    """``+ Dorpsfeest Ingen / − Speeltuin Eck``: who gets money now and did not, and back."""
    titles = {c.id: c.title for c in (*before.candidates, *after.candidates)}
    had = {d.candidate_id for d in before.decisions if d.amount > 0}
    has = {d.candidate_id for d in after.decisions if d.amount > 0}
    parts = [f"+ {titles[i]}" for i in sorted(has - had, key=lambda i: titles[i])]
    parts += [f"− {titles[i]}" for i in sorted(had - has, key=lambda i: titles[i])]
    return " / ".join(parts)


def why_nothing(record: AllocationRecord) -> str:
    """Why an allocation awards nothing ("" when it awards something)."""
    if record.total > 0:
        return ""
    if not record.candidates:
        return "er staan geen pitches op het programma."
    if record.pot.pot_cents <= 0:
        return (
            "de pot is € 0 (leefbaarheidsbudget min al toegekend min reserve); "
            "controleer het budgetoverzicht."
        )
    if all(c.score is None for c in record.candidates if not c.withdrawn):
        return "geen enkel initiatief heeft een score: de jury heeft niets gescoord."
    if all(d.override is not None for d in record.decisions):
        return "elk bedrag is met de hand op € 0 gezet."
    reasons = Counter(d.reason for d in record.decisions)
    most = reasons.most_common(1)[0][0]
    said = {
        Reason.BELOW_THRESHOLD: "geen initiatief haalt de minimale eindscore",
        Reason.DOES_NOT_FIT: "geen initiatief past binnen de pot",
        Reason.NO_SCORE: "de initiatieven hebben geen score",
        Reason.SUPPORTERS_CANNOT_PAY: "het publiek steunt geen initiatief genoeg",
    }.get(most, "geen initiatief komt volgens de regel in aanmerking")
    return f"{said}."


def lock_question(record: AllocationRecord, previous: LockedAllocation | None) -> Question:
    """Before vaststellen (or vervangen, when an allocation is locked already)."""
    nothing = why_nothing(record)
    warning = f"deze verdeling kent niets toe, omdat {nothing}" if nothing else ""
    if previous is None:
        return Question(
            "Verdeling vaststellen?",
            f"Vaststellen: {_summary(record)}. Daarna liggen de bedragen en de regels vast; "
            "wijzigen kan alleen door de verdeling te vervangen, met een reden.",
            warning,
            "Vaststellen",
        )
    changed = names_changed(previous.record, record)
    return Question(
        f"Verdeling {previous.id} vervangen?",
        f"Nu vastgesteld (#{previous.id}): {_summary(previous.record)}.\n"
        f"Nieuw: {_summary(record)}.\n"
        + (f"Anders: {changed}." if changed else "Dezelfde initiatieven krijgen geld.")
        + " Beide blijven bewaard; de reden komt in het besluit en het auditlog.",
        warning,
        "Vervangen",
    )


def publish_question(locked: LockedAllocation, drift: Drift | None) -> Question:
    """Before publiceren: what becomes visible to the jury and the hall."""
    warning = ""
    if drift is not None and drift.stale:
        warning = f"{drift.headline} ({drift.details})."
    nothing = why_nothing(locked.record)
    if nothing:
        warning = (
            warning + " " if warning else ""
        ) + f"Er gaat geen geld naar een initiatief: {nothing}"
    return Question(
        f"Verdeling {locked.id} publiceren?",
        f"Publiceren: {_summary(locked.record)}. De bedragen worden zichtbaar voor de jury en "
        "op het zaalscherm.",
        warning,
        "Publiceren",
    )
