"""Profiles for the table talks: what funders offer, what initiatives need, and the wishes and
"liever niet" between them. Each change is checked whole (all problems at once, nothing stored
half) and written with an audit line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from pydantic import BaseModel

from festival.core.errors import InvalidInput, NotFound, ValidationErrors
from festival.core.money import parse_amount
from festival.core.text import clean_text, fold
from festival.domain import permissions
from festival.domain.kernen import KernIndex, list_kernen
from festival.domain.permissions import Caller
from festival.store.database import Database, Transaction
from matchmaking.domain import participants
from matchmaking.domain.models import Need, Offer, SupportKind, kinds_text, split_list
from matchmaking.domain.permissions import PROFILES_EDIT, TALKS_READ

T = TypeVar("T")
WISH, AVOID = "wens", "liever niet"


class OfferInput(BaseModel):
    """A funder's offer as typed or imported: text, not yet checked."""

    kinds: str
    themes: str = ""
    kernen: str = ""
    min_amount: str = ""
    max_amount: str = ""
    capacity: str = "6"


class NeedInput(BaseModel):
    kinds: str
    theme: str = ""
    kern: str = ""
    amount: str = ""


class CheckedOffer(BaseModel):
    kinds: tuple[SupportKind, ...]
    themes: tuple[str, ...]
    kernen: tuple[str, ...]
    min_cents: int
    max_cents: int | None
    capacity: int


class CheckedNeed(BaseModel):
    kinds: tuple[SupportKind, ...]
    theme: str
    kern: str
    amount_cents: int


def _collect(errors: dict[str, str], field: str, parse: Callable[[], T]) -> T | None:
    try:
        return parse()
    except InvalidInput as exc:
        errors.setdefault(field, exc.message)
        return None


def _capacity(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise InvalidInput(f"{text.strip()!r} is geen aantal gesprekken.", "gesprekken") from None
    if not 0 <= value <= 50:
        raise InvalidInput("Het aantal gesprekken ligt tussen 0 en 50.", "gesprekken")
    return value


def check_offer(data: OfferInput, kernen: KernIndex) -> CheckedOffer:
    """Every field of an offer; all problems at once as :class:`ValidationErrors`."""
    errors: dict[str, str] = {}
    kinds = _collect(errors, "steun", lambda: SupportKind.parse_list(data.kinds))
    themes = _collect(
        errors,
        "thema",
        lambda: tuple(
            clean_text(t, "thema", "Thema", max_length=60) for t in split_list(data.themes)
        ),
    )
    names = _collect(
        errors, "kern", lambda: tuple(kernen.find(k, "kern").name for k in split_list(data.kernen))
    )
    low = _collect(
        errors,
        "bedrag_min",
        lambda: parse_amount(data.min_amount) if data.min_amount.strip() else 0,
    )
    high = _collect(
        errors,
        "bedrag_max",
        lambda: parse_amount(data.max_amount) if data.max_amount.strip() else None,
    )
    capacity = _collect(errors, "gesprekken", lambda: _capacity(data.capacity))
    if low is not None and high is not None and high < low:
        errors["bedrag_max"] = "Het hoogste bedrag is lager dan het laagste."
    if errors:
        raise ValidationErrors(errors)
    assert kinds is not None and themes is not None and names is not None
    assert low is not None and capacity is not None
    return CheckedOffer(
        kinds=kinds, themes=themes, kernen=names, min_cents=low, max_cents=high, capacity=capacity
    )


def check_need(data: NeedInput, kernen: KernIndex) -> CheckedNeed:
    errors: dict[str, str] = {}
    kinds = _collect(errors, "steun", lambda: SupportKind.parse_list(data.kinds))
    theme = _collect(
        errors,
        "thema",
        lambda: clean_text(data.theme, "thema", "Thema", required=False, max_length=60),
    )
    kern = _collect(
        errors, "kern", lambda: kernen.find(data.kern, "kern").name if data.kern.strip() else ""
    )
    amount = _collect(
        errors, "gevraagd", lambda: parse_amount(data.amount) if data.amount.strip() else 0
    )
    if errors:
        raise ValidationErrors(errors)
    assert kinds is not None and theme is not None and kern is not None and amount is not None
    return CheckedNeed(kinds=kinds, theme=theme, kern=kern, amount_cents=amount)


def kern_index(db: Database) -> KernIndex:
    return KernIndex(list_kernen(db, include_inactive=True))


# -- writing ---------------------------------------------------------------------------------


def store_offer(tx: Transaction, registration_id: int, offer: CheckedOffer) -> None:
    tx.execute(
        "INSERT INTO match_offers (registration_id, kinds, themes, kernen, min_cents, max_cents,"
        " capacity) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (registration_id) DO UPDATE SET"
        " kinds = excluded.kinds, themes = excluded.themes, kernen = excluded.kernen,"
        " min_cents = excluded.min_cents, max_cents = excluded.max_cents,"
        " capacity = excluded.capacity",
        (
            registration_id,
            kinds_text(offer.kinds),
            ", ".join(offer.themes),
            ", ".join(offer.kernen),
            offer.min_cents,
            offer.max_cents,
            offer.capacity,
        ),
    )


def store_need(tx: Transaction, initiative_id: int, need: CheckedNeed) -> None:
    tx.execute(
        "INSERT INTO match_needs (initiative_id, kinds, theme, kern, amount_cents)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (initiative_id) DO UPDATE SET"
        " kinds = excluded.kinds, theme = excluded.theme, kern = excluded.kern,"
        " amount_cents = excluded.amount_cents",
        (initiative_id, kinds_text(need.kinds), need.theme, need.kern, need.amount_cents),
    )


def set_offer(
    db: Database, caller: Caller, festival_id: int, registration_id: int, data: OfferInput
) -> Offer:
    """Store what a funder offers; the registration must be a funder of this festival."""
    permissions.require(caller, PROFILES_EDIT)
    if not any(f.registration_id == registration_id for f in participants.funders(db, festival_id)):
        raise NotFound(f"Aanmelding {registration_id} is geen subsidieverlener van dit festival.")
    offer = check_offer(data, kern_index(db))
    with db.write(caller.actor) as tx:
        store_offer(tx, registration_id, offer)
        tx.audit(
            "aanbod vastgelegd",
            "registration",
            registration_id,
            None,
            offer.model_dump(mode="json"),
        )
    return next(o for o in read_offers(db, festival_id) if o.registration_id == registration_id)


def set_need(
    db: Database, caller: Caller, festival_id: int, initiative_id: int, data: NeedInput
) -> Need:
    """Store what an initiative needs; the initiative must belong to this festival."""
    permissions.require(caller, PROFILES_EDIT)
    if not any(i.id == initiative_id for i in participants.initiatives(db, festival_id)):
        raise NotFound(f"Initiatief {initiative_id} hoort niet bij dit festival.")
    need = check_need(data, kern_index(db))
    with db.write(caller.actor) as tx:
        store_need(tx, initiative_id, need)
        tx.audit(
            "behoefte vastgelegd", "initiative", initiative_id, None, need.model_dump(mode="json")
        )
    return next(n for n in read_needs(db, festival_id) if n.initiative_id == initiative_id)


# -- wishes and "liever niet" ----------------------------------------------------------------


def find_funder(db: Database | Transaction, festival_id: int, name: str) -> participants.Funder:
    """The funder named by its person's name or its organisation (case and accents ignored)."""
    wanted = fold(name)
    found = [
        f
        for f in participants.funders(db, festival_id)
        if wanted and wanted in {fold(f.name), fold(f.organisation)}
    ]
    if not found:
        raise InvalidInput(
            f"Geen subsidieverlener {name.strip()!r} aangemeld voor dit festival.", "wens"
        )
    if len(found) > 1:
        names = ", ".join(f.name for f in found)
        raise InvalidInput(
            f"{name.strip()!r} past op meer subsidieverleners ({names}); noem de persoon.",
            "wens",
        )
    return found[0]


def find_initiative(
    db: Database | Transaction, festival_id: int, title: str
) -> participants.Initiative:
    wanted = fold(title)
    found = [i for i in participants.initiatives(db, festival_id) if fold(i.title) == wanted]
    if not found and title.strip().isdigit():
        found = [i for i in participants.initiatives(db, festival_id) if i.id == int(title)]
    if not found:
        raise InvalidInput(f"Geen initiatief {title.strip()!r} op dit festival.", "initiatief")
    return found[0]


def set_preference(
    db: Database,
    caller: Caller,
    festival_id: int,
    initiative: str,
    funder: str,
    kind: str,
    asked_by: str,
) -> tuple[participants.Initiative, participants.Funder]:
    """A wish for a talk (``wens``) or a funder's ``liever niet``, by title and name."""
    permissions.require(caller, PROFILES_EDIT)
    if kind not in (WISH, AVOID):
        raise InvalidInput(f"Kies {WISH!r} of {AVOID!r}.", "soort")
    chosen_initiative = find_initiative(db, festival_id, initiative)
    chosen_funder = find_funder(db, festival_id, funder)
    with db.write(caller.actor) as tx:
        _store_preference(tx, chosen_initiative.id, chosen_funder.registration_id, kind, asked_by)
        tx.audit(
            f"tafelgesprek: {kind}",
            "initiative",
            chosen_initiative.id,
            None,
            {"subsidieverlener": chosen_funder.registration_id, "door": asked_by},
        )
    return chosen_initiative, chosen_funder


def _store_preference(
    tx: Transaction, initiative_id: int, funder_id: int, kind: str, asked_by: str
) -> None:
    tx.execute(
        "INSERT INTO match_preferences (initiative_id, funder_id, kind, asked_by)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (initiative_id, funder_id) DO UPDATE SET"
        " kind = excluded.kind, asked_by = excluded.asked_by",
        (initiative_id, funder_id, kind, asked_by),
    )


# -- reading ---------------------------------------------------------------------------------


def read_offers(db: Database | Transaction, festival_id: int) -> list[Offer]:
    """Every funder of the festival with an offer (no permission check: for the services)."""
    by_id = {f.registration_id: f for f in participants.funders(db, festival_id)}
    rows = db.fetchall("SELECT * FROM match_offers ORDER BY registration_id")
    offers = []
    for r in rows:
        person = by_id.get(r["registration_id"])
        if person is None:
            continue
        offers.append(
            Offer(
                registration_id=r["registration_id"],
                name=person.name,
                organisation=person.organisation,
                kinds=tuple(SupportKind(k) for k in split_list(r["kinds"])),
                themes=tuple(split_list(r["themes"])),
                kernen=tuple(split_list(r["kernen"])),
                min_cents=r["min_cents"],
                max_cents=r["max_cents"],
                capacity=r["capacity"],
            )
        )
    return offers


def read_needs(db: Database | Transaction, festival_id: int) -> list[Need]:
    by_id = {i.id: i for i in participants.initiatives(db, festival_id)}
    rows = db.fetchall("SELECT * FROM match_needs ORDER BY initiative_id")
    return [
        Need(
            initiative_id=r["initiative_id"],
            title=by_id[r["initiative_id"]].title,
            kinds=tuple(SupportKind(k) for k in split_list(r["kinds"])),
            theme=r["theme"],
            kern=r["kern"],
            amount_cents=r["amount_cents"],
        )
        for r in rows
        if r["initiative_id"] in by_id
    ]


def read_preferences(
    db: Database | Transaction, festival_id: int
) -> tuple[frozenset[tuple[int, int]], frozenset[tuple[int, int]]]:
    """(wishes, liever niet) as (initiative id, funder registration id) pairs."""
    rows = db.fetchall(
        "SELECT m.initiative_id, m.funder_id, m.kind FROM match_preferences m"
        " JOIN initiatives i ON i.id = m.initiative_id WHERE i.festival_id = ?",
        (festival_id,),
    )
    wishes = frozenset((r[0], r[1]) for r in rows if r[2] == WISH)
    avoid = frozenset((r[0], r[1]) for r in rows if r[2] == AVOID)
    return wishes, avoid


def offers(db: Database, caller: Caller, festival_id: int) -> list[Offer]:
    """Every funder's offer (names of people: the desk or the coordinator)."""
    permissions.require(caller, TALKS_READ)
    return read_offers(db, festival_id)


def needs(db: Database, caller: Caller, festival_id: int) -> list[Need]:
    permissions.require(caller, TALKS_READ)
    return read_needs(db, festival_id)
