"""Each decision in one Dutch sentence with its numbers, and as a short code for files.

The sentence is built from the decision's own numbers (amount, ``remaining_before``,
``funded_before`` and ``details``), never recomputed, so it cannot disagree with the outcome.
Amounts are written as the council letter writes them (:func:`format_money_whole`), scores with
one decimal and a comma.
"""

from __future__ import annotations

from festival.core.money import format_money_whole
from festival.domain.allocation.model import Candidate, Decision, Reason, Result


def code(decision: Decision) -> str:
    """The short code for files and exports: the reason's value, e.g. ``past_niet``."""
    return decision.reason.value


def _money(cents: int) -> str:
    return format_money_whole(cents)


def _score(value: float) -> str:
    """``48,5``: one decimal, Dutch comma."""
    return f"{value:.1f}".replace(".", ",")


def _number(value: float) -> str:
    """``50`` for a whole number, ``47,5`` otherwise (a threshold as it was set)."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:g}".replace(".", ",")


def _int(decision: Decision, key: str, default: int) -> int:
    value = decision.details.get(key, default)
    return value if isinstance(value, int) else default


def _float(decision: Decision, key: str, default: float) -> float:
    value = decision.details.get(key, default)
    return float(value) if isinstance(value, int | float) else default


def _initiatives(n: int) -> str:
    return "1 hoger gerangschikt initiatief" if n == 1 else f"{n} hoger gerangschikte initiatieven"


def _cost(candidate: Candidate) -> str:
    """``€ 2.400 gevraagd``, or with the cap: ``€ 750 nodig (gevraagd € 900, begrensd op het
    maximum)``."""
    if candidate.cost < candidate.requested:
        return (
            f"{_money(candidate.cost)} nodig (gevraagd {_money(candidate.requested)}, "
            "begrensd op het maximum)"
        )
    return f"{_money(candidate.cost)} gevraagd"


def _left(decision: Decision) -> str:
    """``nog € 1.150 over na 6 hoger gerangschikte initiatieven`` (or the whole pot, or that it
    was used up)."""
    over = decision.remaining_before
    if decision.funded_before == 0:
        return f"de pot is {_money(over)}"
    if over <= 0:
        return f"de pot was op na {_initiatives(decision.funded_before)}"
    return f"nog {_money(over)} over na {_initiatives(decision.funded_before)}"


def _granted(decision: Decision, candidate: Candidate) -> str:
    """``Toegekend: € 750 (gevraagd € 900, begrensd op het maximum van € 750)``."""
    if decision.amount < candidate.requested:
        return (
            f"Toegekend: {_money(decision.amount)} (gevraagd {_money(candidate.requested)}, "
            f"begrensd op het maximum van {_money(decision.amount)})"
        )
    return f"Toegekend: {_money(decision.amount)}, het gevraagde bedrag"


def explain(decision: Decision, candidate: Candidate, result: Result) -> str:
    """One Dutch sentence for this decision, with the numbers in it."""
    reason = decision.reason
    if reason is Reason.WITHDRAWN:
        return "Ingetrokken"
    if reason is Reason.NO_SCORE:
        return "Geen score"
    if reason is Reason.FITS:
        return (
            f"{_granted(decision, candidate)}; er was nog {_money(decision.remaining_before)} over"
        )
    if reason is Reason.DOES_NOT_FIT:
        return f"Niet toegekend: {_cost(candidate)}, {_left(decision)}"
    if reason is Reason.STOPPED:
        stop = _int(decision, "gestopt_bij", 0)
        return (
            f"Niet toegekend: de verdeling stopte bij plaats {stop}, het eerste initiatief "
            f"dat niet meer paste ({_money(decision.remaining_before)} over)"
        )
    if reason is Reason.PARTIAL_REST:
        return (
            f"Deels toegekend: {_money(decision.amount)}, het restant van de pot "
            f"({_cost(candidate)})"
        )
    if reason is Reason.BELOW_THRESHOLD:
        score = _float(decision, "score", candidate.score or 0.0)
        threshold = _float(decision, "drempel", result.settings.threshold or 0.0)
        return (
            f"Niet toegekend: score {_score(score)} ligt onder de drempel van {_number(threshold)}"
        )
    if reason is Reason.MAX_AWARDS:
        maximum = _int(decision, "maximum", result.settings.max_awards or 0)
        return f"Niet toegekend: het maximum van {maximum} toekenningen was al bereikt"
    if reason is Reason.KERN_COUNT_CAP:
        kern = str(decision.details.get("kern", candidate.kern or ""))
        count = _int(decision, "kern_aantal", 0)
        maximum = _int(decision, "kern_maximum", result.settings.kern_max_awards or 0)
        awards = "toekenning" if count == 1 else "toekenningen"
        return f"Niet toegekend: al {count} {awards} in {kern} (maximum {maximum})"
    if reason is Reason.KERN_AMOUNT_CAP:
        kern = str(decision.details.get("kern", candidate.kern or ""))
        already = _int(decision, "kern_bedrag", 0)
        maximum = _int(decision, "kern_maximum", result.settings.kern_max_amount or 0)
        return (
            f"Niet toegekend: al {_money(already)} toegekend in {kern}; met "
            f"{_money(candidate.cost)} erbij zou dat boven het maximum van {_money(maximum)} "
            "per kern komen"
        )
    if reason is Reason.IN_OPTIMUM:
        total = _float(decision, "totaal_score", 0.0)
        return (
            f"{_granted(decision, candidate)}; deel van de beste combinatie, die samen score "
            f"{_score(total)} haalt binnen de pot"
        )
    if reason is Reason.NOT_IN_OPTIMUM:
        total = _float(decision, "totaal_score", 0.0)
        return f"Niet in de beste combinatie: die haalt samen score {_score(total)} binnen de pot"
    if reason is Reason.SUPPORTERS_CAN_PAY:
        return (
            f"{_granted(decision, candidate)}; de {candidate.approvals} stemmers die het "
            "steunen betalen het samen uit hun deel van de pot"
        )
    if reason is Reason.SUPPORTERS_CANNOT_PAY:
        return (
            f"Niet toegekend: de {candidate.approvals} stemmers die het steunen kunnen "
            f"{_money(candidate.cost)} niet samen betalen uit hun deel van de pot"
        )
    if reason is Reason.OVERRIDE:
        note = decision.details.get("toelichting")
        if decision.amount == 0:
            said = "Handmatig niet toegekend"
        else:
            said = f"Handmatig toegekend: {_money(decision.amount)}"
        return f"{said} ({note})" if note else said
    raise ValueError(f"geen zin voor reden {reason!r}")  # pragma: no cover
