"""Printing badges: 100 A6 badges to one PDF, and the single badge the desk prints, also for a
Chinese name (a 20 MB CJK font to read and subset) and an Arabic one (text shaping)."""

from __future__ import annotations

import time
from pathlib import Path

from bench.common import progress
from bench.figures import Figure, Row
from festival.domain.badges import badge_pdf_for, badges_pdf
from festival.domain.festivals import add_festival, list_festivals
from festival.domain.kernen import KernIndex, list_kernen, seed_kernen
from festival.domain.permissions import SystemCaller
from festival.domain.registration import (
    PersonInput,
    insert_person,
    list_registrations,
    register,
    validate_person,
)
from festival.store.database import Database

BADGES = 100
RUNS = 5
SINGLE_RUNS = 10
SCRIPT_RUNS = 5
SYSTEM = SystemCaller("bench")
_ROLES = ("initiatiefnemer", "bezoeker", "subsidieverlener+jury", "staf", "jury")


def _festival_with_people(path: Path, count: int) -> int:
    """A festival with ``count`` invented people (a few with two roles); returns its id."""
    with Database(path) as db:
        seed_kernen(db, SYSTEM)
        kernen = list_kernen(db)
        index = KernIndex(kernen)
        festival = add_festival(
            db, SYSTEM, name="Benchfestival", day="12-09-2026", place="Lienden",
            retention="31-03-2027",
        )  # fmt: skip
        with db.write(SYSTEM.actor) as tx:
            for i in range(count):
                role = _ROLES[i % len(_ROLES)]
                funder = "subsidieverlener" in role or role == "staf"
                draft = validate_person(
                    PersonInput(
                        name=f"Zoë van ’t Hof-{i:03d}",
                        roles=role,
                        kern="" if funder else kernen[i % len(kernen)].name,
                        organisation="Fonds Rivierland" if funder else "",
                    ),
                    index,
                )
                insert_person(tx, festival.id, draft, source="bench")
        return festival.id


def badge_pdf_time(workdir: Path) -> list[Row]:
    path = workdir / "badges.db"
    festival_id = _festival_with_people(path, BADGES)
    with Database(path) as db:
        people = list_registrations(db, SYSTEM, festival_id)
        festival = next(f for f in list_festivals(db) if f.id == festival_id)
        assert len(people) == BADGES
        badges_pdf(people[:1], festival)  # loads fpdf2 and qrcode: not part of the figure
        progress(f"{BADGES} A6 badges to PDF x{RUNS}")
        many: list[float] = []
        for _ in range(RUNS):
            started = time.perf_counter()
            data = badges_pdf(people, festival, "a6")
            many.append((time.perf_counter() - started) * 1000)
            assert data.startswith(b"%PDF")
        progress(f"one desk badge x{SINGLE_RUNS}")
        single: list[float] = []
        for i in range(SINGLE_RUNS):
            started = time.perf_counter()
            badge_pdf_for(db, SYSTEM, people[i].id)
            single.append((time.perf_counter() - started) * 1000)
        scripts: list[Figure] = []
        for label, name in (("Chinese name, CJK font", "李小龙"), ("Arabic name", "محمد العلي")):
            person = register(
                db, SYSTEM, festival_id,
                PersonInput(name=name, roles="bezoeker", organisation="Dorpsraad"),
            )  # fmt: skip
            progress(f"one desk badge, {label} x{SCRIPT_RUNS}")
            times: list[float] = []
            for _ in range(SCRIPT_RUNS):
                started = time.perf_counter()
                badge_pdf_for(db, SYSTEM, person.id)
                times.append((time.perf_counter() - started) * 1000)
            scripts.append(Figure(f"  one badge for the desk, {label}", times))
    return [
        Figure(f"{BADGES} A6 badges to PDF (one file, fonts embedded)", many),
        Figure("  one badge for the desk (badge_pdf_for)", single),
        *scripts,
    ]
