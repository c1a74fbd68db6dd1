"""The kernagenda at the size of a busy kern: Ingen's agenda with 500 items.

The database is the demo (Ingen's agenda as ``fill_demo`` makes it, 13 items) topped up to
:data:`ITEMS` items with invented ones from a seeded :class:`random.Random`: varied themes,
statuses, titles and texts, so a filter word finds a realistic subset, and about
:data:`SPEARHEADS` speerpunten with ranks. The extra items go in through
:func:`kernagenda.domain.items.insert_item` in one transaction (history and audit included);
the last one through :func:`add_item`, so the vastgestelde demo agenda becomes a concept "+1"
the way an edit makes it.

Every part takes the scratch directory and returns its rows; :func:`kernagenda_figures` runs
them all on one shared database (made once, by :func:`prepared`); the screen's parts are in
:mod:`bench.agenda_screen`.

* **Document**: :func:`export_document` of the whole agenda as PDF (the document residents get,
  fonts embedded), and as Markdown for comparison. The first PDF (loading fpdf2 and the font)
  is not part of the figure.
* **Council report**: both pilot kernen (:data:`KERN` and :data:`SECOND_KERN`, each topped up
  to :data:`ITEMS` items) as the raadsinformatiebrief in Word and PDF, from reading the
  agendas to the file's bytes. The first of each (loading python-docx or fpdf2) is not part
  of the figure.
* **Attention view**: what needs attention in :data:`KERN`'s agenda of :data:`ITEMS` items
  (the read and the rules, as the screen and ``kernagenda attention`` call it).
"""

from __future__ import annotations

import random
import re
import time
from datetime import date, timedelta
from pathlib import Path

from bench.common import demo_database, progress
from bench.figures import Figure, Row
from festival.domain import permissions
from festival.store.database import Database
from kernagenda.domain.agendas import agenda_for_kern, get_agenda
from kernagenda.domain.demo_agenda import DEMO_REGISSEUR, demo_regisseur
from kernagenda.domain.documents import export_document
from kernagenda.domain.item_edits import add_item
from kernagenda.domain.items import insert_item, list_items
from kernagenda.domain.models import ItemInput, ItemStatus
from kernagenda.domain.permissions import require_edit
from kernagenda.domain.themes import list_themes
from kernagenda.domain.validation import validate_item

ITEMS = 500
SPEARHEADS = 30
KERN = "Ingen"
#: The demo's other pilot kern, topped up too for the council report of both.
SECOND_KERN = "Zoelen"
REPORT_RUNS = 5
ATTENTION_RUNS = 30
SEED = 500
DB_NAME = "agenda.db"
PDF_RUNS = 10
MD_RUNS = 20

# -- the database --------------------------------------------------------------------------

_SUBJECTS = {
    "Wonen": (
        "Starterswoningen",
        "Seniorenwoningen",
        "Tiny houses",
        "Mantelzorgwoning",
        "Huurwoningen",
        "Woningen splitsen",
    ),
    "Verkeer & veiligheid": (
        "Snelheid remmen",
        "Oversteekplaats",
        "Fietspad verlichten",
        "Vrachtverkeer weren",
        "Parkeren regelen",
        "Veilige schoolroute",
    ),
    "Voorzieningen": (
        "Dorpshuis verbouwen",
        "Geldservice",
        "Glasvezel",
        "Bibliotheekpunt",
        "Huisartsenpost",
        "Dorpswinkel",
    ),
    "Groen & openbare ruimte": (
        "Bloemrijke bermen",
        "Bomen planten",
        "Speelveld vergroenen",
        "Hondenuitlaatstrook",
        "Boomgaard onderhouden",
        "Zwerfvuil opruimen",
    ),
    "Ontmoeting & verenigingen": (
        "Dorpsfeest",
        "Koffieochtend",
        "Ontmoetingsbank",
        "Dorpsagenda",
        "Burendag",
        "Kerstmarkt",
    ),
    "Jeugd": (
        "Jongerenhonk",
        "Trapveld",
        "Skatebaan",
        "Speeltuin",
        "Jeugdraad",
        "Zomerkamp",
    ),
    "Zorg & welzijn": (
        "Buurtbus",
        "Mantelzorgcafé",
        "Valpreventie",
        "Boodschappendienst",
        "AED-netwerk",
        "Eetpunt",
    ),
    "Duurzaamheid": (
        "Zonnepanelen",
        "Laadpalen",
        "Warmtescan",
        "Energiecoöperatie",
        "Regentonnen",
        "Isolatieactie",
    ),
}
_PLACES = (
    "bij het dorpshuis",
    "aan de dijk",
    "bij de school",
    "op de brink",
    "bij de kerk",
    "in de boomgaard",
    "bij de sportvelden",
    "in het buitengebied",
    "bij de bushalte",
    "bij de molen",
    "in de nieuwbouwwijk",
    "langs de uiterwaarden",
)
_SUFFIXES = ("", "", "", " fase 2", " (proef)", " 2027", " voor ouderen", " met de jeugd")
_PROBLEMS = (
    "Bewoners noemden dit op de kernavond als grootste ergernis.",
    "Uit de enquête blijkt dat veel ouderen dit missen.",
    "Sinds de winkel sloot is er geen vaste plek meer om elkaar te zien.",
    "De gemeente kreeg er het afgelopen jaar meerdere meldingen over.",
    "Jongeren trekken weg omdat er voor hen weinig te doen is.",
    "Het onderhoud is jaren uitgesteld en het ziet er verwaarloosd uit.",
    "Ouders maken zich zorgen over de veiligheid van hun kinderen.",
    "De energierekening van het dorpshuis loopt hoog op.",
)
_RESULTS = (
    "Een plan dat samen met de buurt is gemaakt en uitgevoerd.",
    "Een vaste groep vrijwilligers die het zelf beheert.",
    "Een afspraak met de gemeente over uitvoering en onderhoud.",
    "Iets wat het hele dorp merkt, binnen twee jaar.",
    "Een proef van een jaar, daarna kijken we samen verder.",
)
_PARTNERS = (
    "",
    "Dorpsbelangen Ingen",
    "basisschool",
    "Stichting Dorpshuis Ingen",
    "welzijnsorganisatie",
    "waterschap",
    "woningcorporatie",
    "sportvereniging",
)
_SOURCES = ("kernavond", "enquête", "werkgroep", "initiatievenfestival", "spreekuur")
_STATUSES = (
    (ItemStatus.IDEA, 20),
    (ItemStatus.PLANNED, 25),
    (ItemStatus.IN_PROGRESS, 25),
    (ItemStatus.DONE, 15),
    (ItemStatus.PARKED, 10),
    (ItemStatus.NOT_FEASIBLE, 5),
)
_KINDS = ("project", "klus", "idee")
_OWNERS = ("inwoners", "kernbelangenorganisatie", "gemeente", "andere organisatie", "samen")
_ROLES = ("informeren", "faciliteren", "meedenken", "financieren", "uitvoeren")
_BUDGETS = ("250", "400", "750", "1.200", "2.500", "6.000", "12.000", "45.000")
_BUDGET_SOURCES = ("leefbaarheidsbudget", "festival", "regulier", "fonds")


def _invented(rng: random.Random, themes: list[str], spearhead: bool) -> ItemInput:
    known = [t for t in themes if t in _SUBJECTS] or list(_SUBJECTS)
    theme = rng.choice(known)
    statuses, weights = zip(*_STATUSES, strict=True)
    status = rng.choices(statuses, weights)[0]
    start = date(2025, 1, 1) + timedelta(days=rng.randrange(0, 3 * 365))
    target = start + timedelta(days=rng.randrange(60, 720))
    has_budget = rng.random() < 0.5
    return ItemInput(
        theme=theme,
        title=f"{rng.choice(_SUBJECTS[theme])} {rng.choice(_PLACES)}{rng.choice(_SUFFIXES)}",
        problem=rng.choice(_PROBLEMS),
        desired_result=rng.choice(_RESULTS),
        kind=rng.choice(_KINDS),
        priority="speerpunt" if spearhead else "overig",
        owner=rng.choice(_OWNERS),
        partners=rng.choice(_PARTNERS),
        municipality_role=rng.choice(_ROLES),
        kernregisseur=DEMO_REGISSEUR,
        status=status.value,
        start_date=start.isoformat() if rng.random() < 0.7 else "",
        target_date=target.isoformat() if rng.random() < 0.8 else "",
        budget=rng.choice(_BUDGETS) if has_budget else "",
        budget_source=rng.choice(_BUDGET_SOURCES) if has_budget else "",
        source=f"{rng.choice(_SOURCES)} {rng.choice((2024, 2025, 2026))}",
    )


def _top_up(db: Database, kern: str, items: int, rng: random.Random) -> int:
    """Fill ``kern``'s demo agenda up to ``items`` items; returns the agenda's id."""
    kern_id = db.scalar("SELECT id FROM kernen WHERE name = ?", (kern,))
    agenda = agenda_for_kern(db, kern_id)
    assert agenda is not None, f"the demo has no agenda for {kern}"
    by = demo_regisseur(db, permissions.SYSTEM)
    require_edit(by, agenda)
    themes = list_themes(db)
    existing = list_items(db, agenda.id)
    missing = items - len(existing)
    assert missing >= 1, f"{kern} has {len(existing)} items already"
    spearheads = SPEARHEADS - sum(1 for i in existing if i.rank is not None)
    chosen = set(rng.sample(range(missing), max(0, min(spearheads, missing))))
    drafts = [validate_item(_invented(rng, themes, n in chosen), themes) for n in range(missing)]
    with db.write(by.actor) as tx:
        for draft in drafts[:-1]:
            insert_item(tx, agenda.id, draft)
    # The last one as an edit on screen would add it: the fixed agenda becomes a concept.
    add_item(db, by, agenda.id, _invented(rng, themes, missing - 1 in chosen))
    assert len(list_items(db, agenda.id)) == items
    return agenda.id


def agenda_database(path: Path, items: int = ITEMS) -> tuple[Path, int]:
    """The demo database with :data:`KERN`'s agenda (and :data:`SECOND_KERN`'s, for the
    council report) topped up to ``items`` items.

    Returns the database path and the id of :data:`KERN`'s agenda.
    """
    demo_database(path)
    rng = random.Random(SEED)
    with Database(path) as db:
        agenda_id = _top_up(db, KERN, items, rng)
        _top_up(db, SECOND_KERN, items, rng)
    return path, agenda_id


def prepared(workdir: Path) -> tuple[Path, int]:
    """The shared 500-item database in ``workdir``: made by the first part that asks."""
    path = workdir / DB_NAME
    if not path.exists():
        progress(f"building the {ITEMS}-item kernagenda of {KERN}")
        return agenda_database(path)
    with Database(path) as db:
        agenda_id = db.scalar(
            "SELECT a.id FROM agendas a JOIN kernen k ON k.id = a.kern_id WHERE k.name = ?",
            (KERN,),
        )
    return path, int(agenda_id)


# -- the parts -----------------------------------------------------------------------------


def _export_times(db: Database, kern_id: int, fmt: str, runs: int) -> list[float]:
    samples: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        data = export_document(db, kern_id, fmt)
        samples.append((time.perf_counter() - started) * 1000)
        assert data
    return samples


def agenda_pdf_time(workdir: Path) -> list[Row]:
    """The agenda of 500 items as a document for residents: PDF, and Markdown to compare."""
    path, agenda_id = prepared(workdir)
    with Database(path) as db:
        kern_id = get_agenda(db, agenda_id).kern_id
        first = export_document(db, kern_id, "pdf")  # loads fpdf2 and the font: not measured
        assert first.startswith(b"%PDF")
        progress(f"kernagenda of {ITEMS} items to PDF x{PDF_RUNS}")
        pdf = _export_times(db, kern_id, "pdf", PDF_RUNS)
        progress(f"kernagenda of {ITEMS} items to Markdown x{MD_RUNS}")
        md = _export_times(db, kern_id, "md", MD_RUNS)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", first))
    return [
        Figure(f"kernagenda {ITEMS} items to PDF ({pages} pages, export_document)", pdf),
        Figure("  the same to Markdown", md),
    ]


def council_report_time(workdir: Path) -> list[Row]:
    """The raadsinformatiebrief of both pilot kernen (500 items each), as Word and as PDF."""
    from kernagenda.domain.council_report import council_report, report_document
    from kernagenda.domain.documents import render

    path, _ = prepared(workdir)
    figures: list[Row] = []
    with Database(path) as db:
        for fmt in ("docx", "pdf"):
            report = council_report(db, since_version=True)
            assert len(report) == 2 and all(k.progress.by_status for k in report)
            render(report_document(db, report), fmt)  # loads the library: not measured
            progress(f"council report of 2 x {ITEMS} items to {fmt.upper()} x{REPORT_RUNS}")
            samples = []
            for _ in range(REPORT_RUNS):
                started = time.perf_counter()
                data = render(report_document(db, council_report(db, since_version=True)), fmt)
                samples.append((time.perf_counter() - started) * 1000)
                assert data
            name = "Word (docx)" if fmt == "docx" else "PDF"
            figures.append(
                Figure(f"council report, 2 pilot kernen x {ITEMS} items, {name}", samples)
            )
    return figures


def attention_time(workdir: Path) -> list[Row]:
    """What needs attention in an agenda of 500 items (the read and the rules)."""
    from kernagenda.domain.attention import attention

    path, agenda_id = prepared(workdir)
    with Database(path) as db:
        agenda = get_agenda(db, agenda_id)
        progress(f"attention view of {ITEMS} items x{ATTENTION_RUNS}")
        samples = []
        for _ in range(ATTENTION_RUNS):
            started = time.perf_counter()
            lines = attention(db, [agenda])
            samples.append((time.perf_counter() - started) * 1000)
            assert lines
    return [Figure(f"attention view, {ITEMS} items ({len(lines)} lines)", samples)]


def kernagenda_figures(workdir: Path) -> list[Row]:
    """Every part on the one shared database: the screen first, then the documents."""
    # The screen part imports the app; loaded here so the database helpers stay light.
    from bench.agenda_screen import agenda_screen_time

    return [
        *agenda_screen_time(workdir),
        *agenda_pdf_time(workdir),
        *council_report_time(workdir),
        *attention_time(workdir),
    ]
