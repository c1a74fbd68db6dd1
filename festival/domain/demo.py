"""An invented but plausible year for demos and first looks: invented people only.

By default the festival day is over: every juror scored every pitch (one declared a conflict),
the audience voted, the jury is locked and the ranking published, so a first look shows the
ranking, the allocation with its reasons and the what-if straight away. That festival is the
current one (the screens show the current festival). A second, smaller festival a week
earlier, "Oefenronde jury", has nobody's scores yet, for trying the jury from the command line
(``--festival``); ``finished=False`` gives the main festival as it is before the jury starts.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from festival.domain.accounts import add_user, list_users, mark_demo_pin
from festival.domain.budget import ApplicationDraft, ApplicationStatus, insert_application
from festival.domain.demo_logins import DEMO_LOGINS, DemoLogin, has_demo, is_empty
from festival.domain.festivals import add_festival
from festival.domain.kernen import Kern, KernIndex, list_kernen, seed_kernen
from festival.domain.permissions import DEMO
from festival.domain.registration import PersonInput, insert_person, validate_person
from festival.domain.roles import Role
from festival.store.database import Database, utc_now

DEMO_YEAR = 2026
DEMO_PILOTS = ("Ingen", "Zoelen")

__all__ = ["DEMO_LOGINS", "DEMO_YEAR", "DemoLogin", "fill_demo", "has_demo", "is_empty"]


_IDEAS = (
    "Jeu-de-boulesbaan bij het dorpshuis",
    "Buurtmoestuin achter de school",
    "AED-kast aan de kerk",
    "Speeltoestel voor de peuterhoek",
    "Kerstmarkt op het plein",
    "Bankjes langs de dijk",
    "Jongerenhonk opknappen",
    "Repair café in de kantine",
    "Zwerfvuilactie met de basisschool",
    "Dorpsfeest 'Samen op de brink'",
    "Bloembakken langs de hoofdstraat",
    "Kunstroute door de boomgaarden",
    "Ontmoetingsbank bij de bushalte",
    "Tiny forest bij de sportvelden",
    "Buurtbibliotheekkastje",
    "Beweegtuin voor ouderen",
    "Burendag met soep en muziek",
    "Insectenhotel en bloemenweide",
    "Wandelkaart van de kern",
    "Koffieochtend voor nieuwe inwoners",
)
_APPLICANTS = (
    "Dorpsbelangen {kern}",
    "Buurtvereniging De Linge",
    "Stichting Dorpshuis {kern}",
    "Werkgroep Groen {kern}",
    "Oranjevereniging {kern}",
    "Jongerenplatform {kern}",
    "Bewonerscommissie {kern}-Noord",
    "Vrienden van de Molen",
)


def fill_demo(db: Database, *, seed: int = 2026, finished: bool = True) -> int:
    """Fill an empty database with the demo festival year; returns the applications added.

    ``finished``: the jury has scored, locked and published, and the practice festival is
    there too; otherwise the festival as it is in the morning, before anyone scored."""
    if not is_empty(db):
        raise ValueError(
            "De database bevat al gebruikers; demodata kan alleen in een lege database."
        )
    seed_kernen(db, DEMO)
    kernen = {k.name: k for k in list_kernen(db)}
    with db.write(DEMO.actor) as tx:
        for name in DEMO_PILOTS:
            tx.execute("UPDATE kernen SET is_pilot = 1 WHERE name = ?", (name,))
        tx.execute(
            "INSERT INTO budget_years (year, budget_cents, reserve_cents, max_grant_cents)"
            " VALUES (?, ?, ?, ?), (?, ?, ?, ?)",
            (DEMO_YEAR, 5_000_000, 250_000, 75_000, DEMO_YEAR - 1, 3_000_000, 0, 75_000),
        )
        tx.execute("INSERT INTO app_meta (key, value) VALUES ('demo', '1')")
        tx.audit("demodata geladen", "app_meta", "demo", None, {"jaar": DEMO_YEAR})
    for login in DEMO_LOGINS:
        user = add_user(
            db,
            DEMO,
            name=login.name,
            role=login.role,
            pin=login.pin,
            kern_ids=frozenset(kernen[k].id for k in login.kernen),
        )
        mark_demo_pin(db, DEMO, user.id)
    rng = random.Random(seed)
    names = sorted(kernen)
    added = 0
    with db.write(DEMO.actor) as tx:
        for year, count in ((DEMO_YEAR - 1, 24), (DEMO_YEAR, 40)):
            for _ in range(count):
                kern = rng.choice(names)
                requested = rng.choice((250, 400, 500, 600, 750, 750, 900, 1200, 1500, 2400))
                requested_cents = requested * 100 + rng.choice((0, 0, 0, 50))
                roll = rng.random()
                if year == DEMO_YEAR and roll < 0.15:
                    status = ApplicationStatus.PENDING
                elif roll < 0.80:
                    status = ApplicationStatus.HONOURED
                elif roll < 0.88:
                    status = ApplicationStatus.REJECTED
                elif roll < 0.94:
                    status = ApplicationStatus.WITHDRAWN
                else:
                    status = ApplicationStatus.DEFERRED
                granted = (
                    min(requested_cents, 75_000) if status is ApplicationStatus.HONOURED else 0
                )
                decided = None
                if status is not ApplicationStatus.PENDING:
                    decided = date(year, 2, 1) + timedelta(days=rng.randrange(0, 280))
                draft = ApplicationDraft(
                    year=year,
                    kern_id=kernen[kern].id,
                    title=rng.choice(_IDEAS),
                    applicant=rng.choice(_APPLICANTS).format(kern=kern),
                    requested_cents=requested_cents,
                    granted_cents=granted,
                    status=status,
                    decision_date=decided,
                )
                insert_application(tx, draft, source="demo")
                added += 1
    festival_id = fill_demo_festival(db, rng, kernen)
    fill_demo_jury(db, festival_id)
    if finished:
        from festival.domain.demo_day import fill_demo_practice, finish_demo_day

        finish_demo_day(db, festival_id)
        fill_demo_practice(db, kernen)
    return added


_FIRST = (
    "Anna",
    "Bram",
    "Carmen",
    "Daan",
    "Eva",
    "Fenna",
    "Gijs",
    "Hanna",
    "Imke",
    "Joost",
    "Kees",
    "Lotte",
    "Mees",
    "Noor",
    "Olaf",
    "Pien",
    "Ruud",
    "Sanne",
    "Thijs",
    "Vera",
    "Wout",
    "Yara",
    "Zoë",
    "Aziz",
    "Bilal",
    "Chloé",
    "Dirk",
    "Elif",
    "Fleur",
    "Gert",
)
_LAST = (
    "de Vries",
    "Jansen",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "van Dijk",
    "Mulder",
    "de Boer",
    "van ’t Hof",
    "Hendriks",
    "Dekker",
    "Verbeek",
    "van Leeuwen",
    "Brouwer",
    "de Graaf",
    "Kuiper",
    "Vos",
    "Peters",
)
_FUNDERS = (
    "Fonds Rivierland",
    "Stichting Betuwse Dorpen",
    "Coöperatiefonds De Linge",
    "Gemeente Buren, subsidies",
    "Woonstichting Lingewaard-Oost",
    "Sportfonds Betuwe",
)
DEMO_FESTIVAL = "Initiatievenfestival Buren 2026"

#: The eight pitches of the demo festival, in programme order: (title, kern).
DEMO_PITCHES = (
    ("AED-kast en reanimatiecursus bij de kerk", "Asch"),
    ("Beweegtuin bij de Klepperhof", "Kapel-Avezaath"),
    ("Speelveldje aan de Lingedijk opknappen", "Maurik"),
    ("Buurtbibliotheek in de oude telefooncel", "Ravenswaaij"),
    ("Jongerenhonk in de oude gymzaal", "Beusichem"),
    ("Bloemenweide en insectenhotel langs de Korne", "Buren"),
    ("Repair café in het dorpshuis", "Eck en Wiel"),
    ("Dorpsfeest 'Samen op de brink'", "Zoelen"),
)


DEMO_CRITERIA = (
    (
        "Bijdrage aan leefbaarheid",
        "Maakt het de kern merkbaar prettiger om te wonen?",
        3,
        "1=nauwelijks merkbaar; 4=voor een kleine groep; 7=voor een groot deel van de kern; "
        "10=voor de hele kern en lang",
    ),
    (
        "Draagvlak in de kern",
        "Staan er genoeg bewoners achter, doen ze mee?",
        2,
        "1=alleen de aanvrager; 4=een handvol buren; 7=een vereniging of straat; "
        "10=brede steun, aantoonbaar",
    ),
    (
        "Haalbaarheid",
        "Kan het met dit geld, deze mensen en deze planning?",
        2,
        "1=onduidelijk plan; 4=plan met gaten; 7=goed plan, kleine risico's; "
        "10=klaar om te starten",
    ),
    (
        "Originaliteit",
        "Nieuw voor de kern of een slimme aanpak?",
        1,
        "1=bestaat al; 5=bekend idee, eigen invulling; 10=nieuw en inspirerend",
    ),
    (
        "Duurzaamheid",
        "Blijft het na dit jaar bestaan, zonder nieuw geld?",
        1,
        "1=eenmalig; 5=een paar jaar; 10=blijvend en zelfstandig",
    ),
)


def fill_demo_jury(db: Database, festival_id: int) -> None:
    """Criteria, the three demo jurors and eight pitches in order; nobody has scored yet."""
    from festival.domain import jury

    for name, description, weight, levels in DEMO_CRITERIA:
        jury.add_criterion(
            db,
            DEMO,
            festival_id,
            jury.CriterionInput(
                name=name, description=description, weight=str(weight), levels=levels
            ),
        )
    jurors = [u for u in list_users(db, DEMO) if u.role is Role.JURY]
    for juror in jurors:
        jury.set_juror(db, DEMO, festival_id, juror.id, True)
    chosen = jury.list_initiatives(db, festival_id)[:8]
    kern_ids = {k.name: k.id for k in list_kernen(db)}
    with db.write(DEMO.actor) as tx:
        # Eight different plans in eight different kernen, so the programme reads like a day.
        for pitch, (title, kern) in zip(chosen, DEMO_PITCHES, strict=True):
            tx.execute(
                "UPDATE initiatives SET title = ?, kern_id = ? WHERE id = ?",
                (title, kern_ids[kern], pitch.initiative_id),
            )
    for pitch in chosen:
        jury.set_selected(db, DEMO, festival_id, pitch.initiative_id, True)
    first = jury.list_pitches(db, festival_id)
    if first:
        jury.set_current(db, DEMO, festival_id, first[0].initiative_id)
    from festival.domain.allocation.config import ConfigInput, set_config
    from festival.domain.festivals import list_festivals

    festival = next(f for f in list_festivals(db) if f.id == festival_id)
    # Sixty anonymous audience ballots, so Equal Shares has something to divide by.
    import random as _random

    from festival.domain.allocation.ballots import import_ballots

    rng = _random.Random(festival_id)
    ids = [p.initiative_id for p in jury.list_pitches(db, festival_id)]
    lines = ["stemmer;initiatief"]
    for voter in range(1, 61):
        for initiative in rng.sample(ids, rng.randint(1, 3)):
            lines.append(f"stem {voter:03d};{initiative}")
    import_ballots(db, DEMO, festival_id, "\n".join(lines).encode())
    # Eight pitches ask more than the pot holds, so the choice of rule matters in the demo.
    set_config(db, DEMO, festival, ConfigInput(max_award="5.000"))


def fill_demo_festival(db: Database, rng: random.Random, kernen: dict[str, Kern]) -> int:
    """The demo festival with invented people in every role; returns the festival's id."""
    festival = add_festival(
        db,
        DEMO,
        name=DEMO_FESTIVAL,
        day=f"12-09-{DEMO_YEAR}",
        place="Dorpshuis De Kiezel, Lienden",
        retention=f"31-03-{DEMO_YEAR + 1}",
    )
    index = KernIndex(list(kernen.values()))
    names = sorted(kernen)
    people: list[tuple[str, str, str, str]] = [("Zoë van ’t Hof", "initiatiefnemer", "Zoelen", "")]
    used = {"Zoë van ’t Hof"}
    roles = ["initiatiefnemer"] * 30 + ["subsidieverlener"] * 8 + ["jury"] * 4 + ["staf"] * 4
    roles += ["bezoeker"] * 32 + ["subsidieverlener+jury"]
    for role in roles:
        while True:
            name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
            if name not in used:
                used.add(name)
                break
        if "subsidieverlener" in role:
            people.append((name, role, "", rng.choice(_FUNDERS)))
        elif role == "staf":
            people.append((name, role, "", "Gemeente Buren"))
        else:
            people.append((name, role, rng.choice(names), ""))
    with db.write(DEMO.actor) as tx:
        for name, role, kern, organisation in people:
            draft = validate_person(
                PersonInput(
                    name=name,
                    roles=role,
                    kern=kern,
                    organisation=organisation,
                    consent_contact=rng.random() < 0.6,
                ),
                index,
            )
            registration_id = insert_person(tx, festival.id, draft, source="demo")
            if "initiatiefnemer" in role:
                tx.insert(
                    "initiatives",
                    {
                        "festival_id": festival.id,
                        "registration_id": registration_id,
                        "title": f"{rng.choice(_IDEAS)} in {kern}",
                        "kern_id": draft.kern_id,
                        "description": "",
                        "requested_cents": rng.choice((3000, 4500, 6000, 7500, 9000)) * 100,
                        "themes": "",
                        "created_at": utc_now(),
                    },
                )
    return festival.id
