"""Profiles from a CSV file: the registration file with extra columns, or a file of its own.

Required: ``naam`` and ``steun`` (kinds of support: geld, advies, materiaal, netwerk, ruimte).
Optional: ``email`` (finds the person when names repeat), ``thema``, ``kern``, ``gevraagd``,
``bedrag_min``, ``bedrag_max``, ``gesprekken`` (how many talks a funder takes), ``wens``
(names of funders or titles of initiatives, several with ``|``) and ``liever_niet`` (a
funder's initiatives it would rather not meet, ``|`` between).

So one pre-registration file carries everything: ``festival registrations import`` ignores the
extra columns, ``festival match import-profiles`` reads them. A line of a person who is
neither a funder nor an initiatiefnemer, or with an empty ``steun``, takes no part in the table
talks and is listed as such. All or nothing: every bad line is reported with its number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TypeVar

from pydantic import BaseModel

from festival.core.csv_io import CsvProblem, ImportFailed, read_csv
from festival.core.errors import InvalidInput, ValidationErrors
from festival.core.money import format_money
from festival.core.text import clean_email, fold
from festival.domain import permissions
from festival.domain.kernen import KernIndex
from festival.domain.permissions import Caller
from festival.store.database import Database
from matchmaking.domain import participants
from matchmaking.domain.permissions import PROFILES_EDIT
from matchmaking.domain.profiles import (
    AVOID,
    WISH,
    CheckedNeed,
    CheckedOffer,
    NeedInput,
    OfferInput,
    _store_preference,
    check_need,
    check_offer,
    find_funder,
    find_initiative,
    kern_index,
    store_need,
    store_offer,
)

REQUIRED = ("naam", "steun")
OPTIONAL = (
    "email",
    "thema",
    "kern",
    "gevraagd",
    "bedrag_min",
    "bedrag_max",
    "gesprekken",
    "wens",
    "liever_niet",
)
T = TypeVar("T")


class ProfileImportReport(BaseModel):
    offers: int
    needs: int
    wishes: int
    avoided: int
    #: (line, name, why) of lines that take no part.
    skipped: list[tuple[int, str, str]]


def _wish_list(text: str) -> list[str]:
    return [p.strip() for p in text.split("|") if p.strip()]


def import_profiles(
    db: Database, caller: Caller, festival_id: int, data: bytes
) -> ProfileImportReport:
    """Check every line, then store every profile and wish in one transaction, or none."""
    permissions.require(caller, PROFILES_EDIT)
    problems: list[CsvProblem] = []
    lines = read_csv(data, REQUIRED, OPTIONAL, problems=problems)
    kernen = kern_index(db)
    lookup = _Lookup(kernen=kernen)
    people = participants.people(db, festival_id)
    lookup.by_email = {p.email: p.registration_id for p in people if p.email}
    for p in people:
        lookup.by_name.setdefault(p.name_key, []).append(p.registration_id)
    lookup.funder_ids = {f.registration_id for f in participants.funders(db, festival_id)}
    for i in participants.initiatives(db, festival_id):
        if i.registration_id is not None:
            lookup.by_initiator.setdefault(i.registration_id, []).append(i)
    found = _Found()
    for line in lines:
        _check_line(line.number, line.values, db, festival_id, lookup, found, problems)
    if problems:
        raise ImportFailed(sorted(problems, key=lambda p: p.line))
    offers, needs, preferences, skipped = (
        found.offers,
        found.needs,
        found.preferences,
        found.skipped,
    )
    if not offers and not needs:
        raise ImportFailed([CsvProblem(line=1, message="het bestand bevat geen profielen")])
    with db.write(caller.actor) as tx:
        for registration_id, offer in offers:
            store_offer(tx, registration_id, offer)
        for initiative_id, need in needs:
            store_need(tx, initiative_id, need)
        for initiative_id, funder_id, kind, asked_by in preferences:
            _store_preference(tx, initiative_id, funder_id, kind, asked_by)
        tx.audit(
            "profielen tafelgesprekken geïmporteerd",
            "festival",
            festival_id,
            None,
            {"aanbod": len(offers), "behoeften": len(needs), "voorkeuren": len(preferences)},
        )
    return ProfileImportReport(
        offers=len(offers),
        needs=len(needs),
        wishes=sum(1 for p in preferences if p[2] == WISH),
        avoided=sum(1 for p in preferences if p[2] == AVOID),
        skipped=skipped,
    )


@dataclass
class _Lookup:
    kernen: KernIndex
    by_email: dict[str, int] = field(default_factory=dict)
    by_name: dict[str, list[int]] = field(default_factory=dict)
    funder_ids: set[int] = field(default_factory=set)
    by_initiator: dict[int, list[participants.Initiative]] = field(default_factory=dict)


@dataclass
class _Found:
    offers: list[tuple[int, CheckedOffer]] = field(default_factory=list)
    needs: list[tuple[int, CheckedNeed]] = field(default_factory=list)
    preferences: list[tuple[int, int, str, str]] = field(default_factory=list)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)


def _check_line(
    number: int,
    v: dict[str, str],
    db: Database,
    festival_id: int,
    lookup: _Lookup,
    found: _Found,
    problems: list[CsvProblem],
) -> None:
    """One line: what it stores goes to ``found``, what is wrong to ``problems``."""
    errors: dict[str, str] = {}

    def attempt(column: str, parse: Callable[[], T]) -> T | None:
        try:
            return parse()
        except InvalidInput as exc:
            errors.setdefault(column, exc.message)
        except ValidationErrors as exc:
            for field, message in exc.errors.items():
                errors.setdefault(field, message)
        return None

    name = v["naam"].strip()
    email = attempt("email", lambda: clean_email(v.get("email", "")))
    registration_id: int | None = None
    if email and email in lookup.by_email:
        registration_id = lookup.by_email[email]
    else:
        matches = lookup.by_name.get(fold(name), [])
        if len(matches) == 1:
            registration_id = matches[0]
        elif len(matches) > 1:
            errors["naam"] = f"{len(matches)} aanmeldingen heten {name!r}: vul het e-mailadres in"
        else:
            errors["naam"] = f"{name!r} is niet aangemeld voor dit festival"
    if registration_id is not None and not errors:
        is_funder = registration_id in lookup.funder_ids
        own = lookup.by_initiator.get(registration_id, [])
        if not is_funder and not own:
            found.skipped.append((number, name, "geen subsidieverlener of initiatiefnemer"))
            return
        if not v["steun"].strip():
            found.skipped.append((number, name, "geen soort steun: doet niet mee"))
            return
        if is_funder:
            offer = attempt(
                "steun",
                lambda: check_offer(
                    OfferInput(
                        kinds=v["steun"],
                        themes=v.get("thema", ""),
                        kernen=v.get("kern", ""),
                        min_amount=v.get("bedrag_min", ""),
                        max_amount=v.get("bedrag_max", ""),
                        capacity=v.get("gesprekken", "") or "6",
                    ),
                    lookup.kernen,
                ),
            )
            if offer is not None:
                found.offers.append((registration_id, offer))
            for title in _wish_list(v.get("wens", "")):
                target = attempt("wens", partial(find_initiative, db, festival_id, title))
                if target is not None:
                    found.preferences.append((target.id, registration_id, WISH, "subsidieverlener"))
            for title in _wish_list(v.get("liever_niet", "")):
                target = attempt("liever_niet", partial(find_initiative, db, festival_id, title))
                if target is not None:
                    found.preferences.append(
                        (target.id, registration_id, AVOID, "subsidieverlener")
                    )
        elif v.get("liever_niet", "").strip():
            errors["liever_niet"] = "alleen een subsidieverlener kan 'liever niet' aangeven"
        for initiative in own:
            amount = v.get("gevraagd", "").strip() or (
                format_money(initiative.requested_cents) if initiative.requested_cents else ""
            )
            need_input = NeedInput(
                kinds=v["steun"],
                theme=v.get("thema", "") or initiative.themes.split(",")[0],
                kern=v.get("kern", "") or (initiative.kern_name or ""),
                amount=amount,
            )
            need = attempt("steun", partial(check_need, need_input, lookup.kernen))
            if need is not None:
                found.needs.append((initiative.id, need))
            if not is_funder:
                for funder_name in _wish_list(v.get("wens", "")):
                    target_funder = attempt(
                        "wens", partial(find_funder, db, festival_id, funder_name)
                    )
                    if target_funder is not None:
                        found.preferences.append(
                            (initiative.id, target_funder.registration_id, WISH, "initiatief")
                        )
    if errors:
        reasons = "; ".join(f"{column}: {message}" for column, message in errors.items())
        problems.append(CsvProblem(line=number, message=reasons))
