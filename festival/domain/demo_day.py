"""The demo festival's day, finished: the jury's scores, a declared conflict, the lock and the
published ranking; and a small practice festival nobody has scored yet.

Scores are invented but plausible and always the same: each pitch has a quality, each juror a
slight leniency, each criterion some spread, so the ranking has a clear top and bottom and a
close middle, and no two jurors gave identical sheets.
"""

from __future__ import annotations

import random

from festival.domain import jury
from festival.domain.accounts import list_users
from festival.domain.demo import DEMO_CRITERIA, DEMO_YEAR
from festival.domain.festivals import add_festival
from festival.domain.kernen import Kern
from festival.domain.permissions import DEMO
from festival.domain.roles import Role, User
from festival.store.database import Database

PRACTICE_FESTIVAL = "Oefenronde jury"

#: Per pitch in programme order: how good the jurors found it (1–10), and per criterion a
#: nudge (liveability, support, feasibility, originality, durability).
_QUALITY = (
    (8, (1, 0, 1, -2, 0)),
    (7, (0, 1, 0, 1, 1)),
    (5, (0, -1, 1, -1, 0)),
    (7, (-1, 1, 1, 2, 0)),
    (6, (1, 1, -2, 1, -1)),
    (6, (0, -1, 0, 2, 2)),
    (4, (-1, 0, 1, 0, -1)),
    (9, (0, 1, -1, 0, -2)),
)
_LENIENCY = {"Julia Jury": 0, "Jan Jurylid": 1, "Joke Jurylid": -1}
_CONFLICT = ("Joke Jurylid", 4, "Mijn zus zit in de werkgroep van dit plan.")
_REMARKS = {
    ("Julia Jury", 8): "Veel steun in de zaal; de begroting voor de muziek is krap.",
    ("Jan Jurylid", 3): "Goed bedoeld, maar wie onderhoudt het veldje na dit jaar?",
    ("Joke Jurylid", 1): "Sterk: de cursus maakt de kast pas echt bruikbaar.",
}
_PRACTICE_PLANS = (
    ("Pannakooi bij het kerkplein", "Ommeren", "Stichting Sport Ommeren", "4.500"),
    ("Moestuinbakken voor de basisschool", "Erichem", "Ouderraad De Wingerd", "2.750"),
    ("Kerstverlichting in de dorpsstraat", "Zoelmond", "Oranjevereniging Zoelmond", "3.900"),
    ("Koffie-inloop voor ouderen", "Ingen", "Dorpsbelangen Ingen", "1.800"),
)


def _jurors(db: Database) -> dict[str, User]:
    return {u.name: u for u in list_users(db, DEMO) if u.role is Role.JURY}


def finish_demo_day(db: Database, festival_id: int) -> None:
    """Every juror scores every pitch (one declares a conflict instead), then the coordinator
    locks the jury and publishes the ranking."""
    jurors = _jurors(db)
    criteria = jury.list_criteria(db, festival_id)
    pitches = jury.list_pitches(db, festival_id)
    rng = random.Random(festival_id * 7919)
    name, position, reason = _CONFLICT
    conflicted = jurors[name]
    # A conflict is the juror's own declaration, so it is made as that juror.
    jury.declare_conflict(
        db, conflicted, festival_id, conflicted, pitches[position - 1].initiative_id, reason
    )
    for juror_name, juror in sorted(jurors.items()):
        lenient = _LENIENCY.get(juror_name, 0)
        for pitch in pitches:
            if (juror_name, pitch.position) == (name, position):
                continue
            quality, nudges = _QUALITY[(pitch.position - 1) % len(_QUALITY)]
            values: dict[int, int] = {}
            for index, criterion in enumerate(criteria):
                raw = quality + nudges[index % len(nudges)] + lenient + rng.choice((-1, 0, 0, 1))
                values[criterion.id] = max(criterion.scale_min, min(criterion.scale_max, raw))
            # Invented scores are entered as the system's paper, not as the juror's own typing.
            jury.key_sheet_row(
                db,
                DEMO,
                festival_id,
                juror,
                pitch.initiative_id,
                values,
                _REMARKS.get((juror_name, pitch.position), ""),
            )
    jury.lock(db, DEMO, festival_id)
    jury.publish(db, DEMO, festival_id)


def fill_demo_practice(db: Database, kernen: dict[str, Kern]) -> int:
    """A practice festival a week before the demo festival: the same criteria and jurors,
    four pitches, nobody's scores. Returns its id."""
    festival = add_festival(
        db,
        DEMO,
        name=PRACTICE_FESTIVAL,
        day=f"05-09-{DEMO_YEAR}",
        place="Gemeentehuis Maurik",
        retention=f"31-03-{DEMO_YEAR + 1}",
    )
    for criterion_name, description, weight, levels in DEMO_CRITERIA:
        jury.add_criterion(
            db,
            DEMO,
            festival.id,
            jury.CriterionInput(
                name=criterion_name, description=description, weight=str(weight), levels=levels
            ),
        )
    for juror in _jurors(db).values():
        jury.set_juror(db, DEMO, festival.id, juror.id, True)
    lines = ["titel;kern;initiatiefnemer;gevraagd"]
    lines += [
        f"{title};{kernen[kern].name};{applicant};{amount}"
        for title, kern, applicant, amount in _PRACTICE_PLANS
    ]
    jury.import_initiatives(db, DEMO, festival.id, "\n".join(lines).encode())
    for initiative in sorted(jury.list_initiatives(db, festival.id), key=lambda p: p.title):
        jury.set_selected(db, DEMO, festival.id, initiative.initiative_id, True)
    first = jury.list_pitches(db, festival.id)[0]
    jury.set_current(db, DEMO, festival.id, first.initiative_id)
    return festival.id
