"""How well an initiative and a funder fit: a score 0–100 and a one-line Dutch reason.

The parts: a kind of support the funder offers and the initiative needs (40, required), the
initiative's kern in the funder's area (20 for a named kern, 10 when the funder covers the
whole municipality; outside its kernen: no fit), the theme (25 when it matches, 10 when the
funder takes every theme) and, when money is asked, the amount within the funder's range (15).
"""

from __future__ import annotations

from festival.core.money import format_money_whole
from festival.core.text import fold
from matchmaking.domain.models import Need, Offer, SupportKind

KIND_POINTS, KERN_POINTS, ANY_KERN_POINTS = 40, 20, 10
THEME_POINTS, ANY_THEME_POINTS, AMOUNT_POINTS = 25, 10, 15


def _theme_matches(need: str, offered: str) -> bool:
    a, b = fold(need), fold(offered)
    return bool(a and b) and (a in b or b in a)


def amount_range(offer: Offer) -> str:
    low = format_money_whole(offer.min_cents)
    if offer.max_cents is None:
        return f"vanaf {low}"
    high = format_money_whole(offer.max_cents).replace("€\xa0", "")
    return f"{low}–{high}"


def fit(offer: Offer, need: Need) -> tuple[int, str]:
    """The score and its reason, e.g. ``(100, "past: geld, thema Groen, bedrag binnen
    € 500–5.000, Maurik")``; a score of 0 says why not (``"past niet: …"``)."""
    shared = [k for k in need.kinds if k in offer.kinds]
    if not shared:
        wanted = ", ".join(k.value for k in need.kinds)
        return 0, f"past niet: biedt geen {wanted}"
    kern_fold = fold(need.kern)
    if offer.kernen and kern_fold not in {fold(k) for k in offer.kernen}:
        where = need.kern or "een kern buiten haar werkgebied"
        return 0, f"past niet: werkt niet in {where}"
    score = KIND_POINTS
    parts = [", ".join(k.value for k in shared)]
    if not offer.themes:
        score += ANY_THEME_POINTS
    elif need.theme and any(_theme_matches(need.theme, t) for t in offer.themes):
        score += THEME_POINTS
        parts.append(f"thema {need.theme}")
    if SupportKind.MONEY in shared:
        within = offer.min_cents <= need.amount_cents and (
            offer.max_cents is None or need.amount_cents <= offer.max_cents
        )
        if within:
            score += AMOUNT_POINTS
            parts.append(f"bedrag binnen {amount_range(offer)}")
        else:
            parts.append(f"bedrag buiten {amount_range(offer)}")
    if offer.kernen:
        score += KERN_POINTS
        parts.append(need.kern)
    else:
        score += ANY_KERN_POINTS
        parts.append("hele gemeente")
    return score, "past: " + ", ".join(parts)
