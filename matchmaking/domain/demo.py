"""Matchmaking's part of the invented demo festival: thirteen funders with plausible offers
(municipal schemes, village funds, foundations, a bank's community fund, a housing
corporation), a need for every initiative, a few wishes, settings and a first schedule."""

from __future__ import annotations

import random

from festival.domain.festivals import current_festival
from festival.domain.permissions import Caller
from festival.domain.registration import PersonInput, register
from festival.store.database import Database
from matchmaking.domain import participants
from matchmaking.domain.profiles import (
    AVOID,
    WISH,
    NeedInput,
    OfferInput,
    _store_preference,
    set_need,
    set_offer,
)
from matchmaking.domain.schedule import plan
from matchmaking.domain.settings import SettingsInput, set_settings

#: organisation -> (kinds, themes, kernen, min, max, talks); names are invented.
OFFERS: dict[str, tuple[str, str, str, str, str, str]] = {
    "Gemeente Buren, subsidies": ("geld, advies", "", "", "250", "750", "6"),
    "Fonds Rivierland": ("geld", "Ontmoeting, Cultuur", "", "1.000", "10.000", "5"),
    "Stichting Betuwse Dorpen": (
        "geld, advies, netwerk",
        "Ontmoeting, Zorg & welzijn",
        "",
        "500",
        "5.000",
        "6",
    ),
    "Coöperatiefonds De Linge": (
        "geld",
        "Duurzaamheid, Jeugd, Ontmoeting",
        "",
        "1.000",
        "7.500",
        "5",
    ),
    "Woonstichting Lingewaard-Oost": (
        "geld, ruimte, materiaal",
        "Wonen, Groen, Ontmoeting",
        "",
        "250",
        "2.500",
        "5",
    ),
    "Sportfonds Betuwe": ("geld, materiaal", "Jeugd, Sport, Beweeg", "", "500", "3.000", "4"),
    "Dorpsfonds Maurik": ("geld", "", "Maurik, Eck en Wiel", "100", "1.500", "4"),
    "Dorpsfonds Zoelen": ("geld, ruimte", "", "Zoelen", "100", "1.000", "4"),
    "Gemeente Buren, kernregisseurs": ("advies, netwerk", "", "", "", "", "8"),
    "Energiefonds Buren": ("geld, advies", "Duurzaamheid", "", "1.000", "15.000", "4"),
    "Stichting Samen Doen Gelderland": (
        "geld",
        "Zorg & welzijn, Ontmoeting",
        "",
        "1.000",
        "10.000",
        "4",
    ),
    "Groenfonds Rivierenland": ("materiaal, advies, geld", "Groen", "", "250", "5.000", "5"),
    "Bibliotheek Rivierenland": ("ruimte, netwerk", "Jeugd, Ontmoeting, Cultuur", "", "", "", "4"),
}
#: Invented people for the funders the demo festival does not have yet.
_NEW_FUNDERS = (
    "Femke Wolters",
    "Gert-Jan Smeets",
    "Hanneke Otten",
    "Bram Veldhuis",
    "Ineke Schuurman",
    "Wouter Damen",
    "Marloes Hendriks",
)
#: Words in an initiative's title -> its theme.
_THEMES = (
    ("moestuin", "Groen"),
    ("forest", "Groen"),
    ("bloem", "Groen"),
    ("insect", "Groen"),
    ("zwerfvuil", "Duurzaamheid"),
    ("repair", "Duurzaamheid"),
    ("speel", "Jeugd"),
    ("jongeren", "Jeugd"),
    ("beweeg", "Zorg & welzijn"),
    ("aed", "Zorg & welzijn"),
    ("kunst", "Cultuur"),
    ("bibliotheek", "Cultuur"),
    ("jeu-de-boules", "Sport"),
)


def _theme(title: str) -> str:
    lower = title.lower()
    return next((theme for word, theme in _THEMES if word in lower), "Ontmoeting")


def fill_demo_matchmaking(db: Database, caller: Caller, *, seed: int = 2026) -> None:
    festival = current_festival(db)
    if festival is None:
        return
    rng = random.Random(seed)
    funders = participants.funders(db, festival.id)
    have = {f.organisation for f in funders}
    missing = [org for org in OFFERS if org not in have]
    for name, org in zip(_NEW_FUNDERS, missing, strict=False):
        register(
            db,
            caller,
            festival.id,
            PersonInput(
                name=name, roles="subsidieverlener", organisation=org, consent_contact=True
            ),
            source="demo",
            allow_duplicate=True,
        )
    for funder in participants.funders(db, festival.id):
        kinds, themes, kern_names, low, high, talks = OFFERS.get(
            funder.organisation, ("advies, netwerk", "", "", "", "", "4")
        )
        set_offer(
            db,
            caller,
            festival.id,
            funder.registration_id,
            OfferInput(
                kinds=kinds,
                themes=themes,
                kernen=kern_names,
                min_amount=low,
                max_amount=high,
                capacity=talks,
            ),
        )
    initiatives = participants.initiatives(db, festival.id)
    for initiative in initiatives:
        kinds = rng.choice(
            ("geld", "geld, advies", "geld, materiaal", "advies, netwerk", "geld, ruimte")
        )
        set_need(
            db,
            caller,
            festival.id,
            initiative.id,
            NeedInput(
                kinds=kinds,
                theme=_theme(initiative.title),
                kern=initiative.kern_name or "",
                amount=str(initiative.requested_cents // 100),
            ),
        )
    by_org = {f.organisation: f for f in participants.funders(db, festival.id)}
    with db.write(caller.actor) as tx:
        for initiative in initiatives[:4]:
            _store_preference(
                tx, initiative.id, by_org["Fonds Rivierland"].registration_id, WISH, "initiatief"
            )
        _store_preference(
            tx,
            initiatives[5].id,
            by_org["Coöperatiefonds De Linge"].registration_id,
            AVOID,
            "subsidieverlener",
        )
        tx.audit("demo: wensen tafelgesprekken", "festival", festival.id, None, {"wensen": 4})
    set_settings(
        db,
        caller,
        festival.id,
        SettingsInput(
            rounds="5", minutes="15", tables="14", start="14:00", breaks="3:10", min_talks="2"
        ),
    )
    plan(db, caller, festival.id)
