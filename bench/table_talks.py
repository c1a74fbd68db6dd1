"""The table-talk schedule: 100 initiatives × 30 funders × 6 rounds × 30 tables, planned from
scratch, then re-planned from round 2 after 15 % of the people did not show up.

Synthetic and fixed (seed :data:`SEED`): the people and their profiles come in through the
real imports (the registration file, then its matchmaking columns); every funder offers one to
three kinds of support, two themes, a third of them only one or two kernen, an amount range
and six talks; every initiative needs one or two kinds, a theme, its kern and € 500 to
€ 10.000; twenty initiatives wish a funder by name. A sample of "plan" is one call of
:func:`matchmaking.domain.schedule.plan` (profiles read, every fit computed, CP-SAT, talks
stored); a sample of "re-plan" is one :func:`matchmaking.domain.schedule.replan` from round 2
with 15 initiatives and 5 funders absent, after a fresh plan (not timed).
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from bench.common import progress
from bench.figures import Figure, Row, Target
from festival.domain import checkin
from festival.domain.festivals import add_festival
from festival.domain.kernen import list_kernen, seed_kernen
from festival.domain.permissions import SYSTEM
from festival.domain.registration_io import import_registrations
from festival.store.database import Database
from matchmaking.domain import participants
from matchmaking.domain.profiles_io import import_profiles
from matchmaking.domain.schedule import plan, replan
from matchmaking.domain.settings import SettingsInput, set_settings

INITIATIVES, FUNDERS, ROUNDS, TABLES = 100, 30, 6, 30
SEED = 18
RUNS = 5
KINDS = ("geld", "advies", "materiaal", "netwerk", "ruimte")
THEMES = ("Groen", "Jeugd", "Ontmoeting", "Duurzaamheid", "Zorg & welzijn", "Wonen", "Cultuur")


def festival_file(rng: random.Random, kernen: list[str]) -> bytes:
    """The registration file with its matchmaking columns (see the module text)."""
    lines = [
        "naam;rol;kern;organisatie;email;telefoon;initiatief;gevraagd;thema;steun;"
        "bedrag_min;bedrag_max;gesprekken;wens"
    ]
    funders = [f"Fonds {n:02d}" for n in range(FUNDERS)]
    for n, org in enumerate(funders):
        low = rng.choice((0, 250, 500, 1000))
        high = low + rng.choice((2000, 5000, 10000))
        where = ", ".join(rng.sample(kernen, rng.randint(1, 2))) if n % 3 == 0 else ""
        kinds = ", ".join(rng.sample(KINDS, rng.randint(1, 3)))
        lines.append(
            f"Gever {n:02d};subsidieverlener;{where};{org};gever{n}@example.org;;;;"
            f"{', '.join(rng.sample(THEMES, 2))};{kinds};{low};{high};6;"
        )
    for n in range(INITIATIVES):
        kinds = ", ".join(rng.sample(KINDS, rng.randint(1, 2)))
        wish = rng.choice(funders) if n < 20 else ""
        lines.append(
            f"Initiatiefnemer {n:03d};initiatiefnemer;{rng.choice(kernen)};;i{n}@example.org;;"
            f"Initiatief {n:03d};{rng.randint(5, 100) * 100};{rng.choice(THEMES)};{kinds};;;;"
            f"{wish}"
        )
    return ("\n".join(lines) + "\n").encode()


def matchmaking_times(workdir: Path) -> list[Row]:
    rng = random.Random(SEED)
    db = Database(workdir / "match.db")
    seed_kernen(db, SYSTEM)
    kernen = [k.name for k in list_kernen(db)]
    festival = add_festival(
        db, SYSTEM, name="Bench", day="12-09-2026", place="Lienden", retention="31-03-2027"
    )
    data = festival_file(rng, kernen)
    import_registrations(db, SYSTEM, festival.id, data)
    import_profiles(db, SYSTEM, festival.id, data)
    set_settings(
        db,
        SYSTEM,
        festival.id,
        SettingsInput(rounds=str(ROUNDS), tables=str(TABLES), min_talks="2", breaks="3:15"),
    )
    initiatives = participants.initiatives(db, festival.id)
    funders = participants.funders(db, festival.id)
    absent = {i.registration_id for i in rng.sample(initiatives, 15)} | {
        f.registration_id for f in rng.sample(funders, 5)
    }
    for registration_id in [i.registration_id for i in initiatives] + [
        f.registration_id for f in funders
    ]:
        if registration_id is not None and registration_id not in absent:
            checkin.check_in(db, SYSTEM, registration_id, "Balie 1")
    progress(
        f"matchmaking: {INITIATIVES} initiatives x {FUNDERS} funders x {ROUNDS} rounds x "
        f"{TABLES} tables, plan and re-plan x{RUNS}"
    )
    planned: list[float] = []
    replanned: list[float] = []
    quality = ""
    for _ in range(RUNS):
        started = time.perf_counter()
        result = plan(db, SYSTEM, festival.id, start_over=True)
        planned.append((time.perf_counter() - started) * 1000)
        quality = result.quality.summary()
        started = time.perf_counter()
        again = replan(db, SYSTEM, festival.id, 2)
        replanned.append((time.perf_counter() - started) * 1000)
        assert again.quality.moved_or_dropped <= again.quality.wishes_possible
    progress(f"matchmaking: {quality}")
    db.close()
    return [
        Figure(
            f"Table talks: plan {INITIATIVES} initiatives x {FUNDERS} funders x {ROUNDS} rounds "
            f"x {TABLES} tables",
            planned,
            target=Target(10_000, "p95"),
        ),
        Figure("  re-plan rounds 2-6 after 15 % no-shows", replanned, target=Target(10_000, "p95")),
    ]
