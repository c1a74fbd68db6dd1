"""The jury's export (CSV, or XLSX when the name ends in ``.xlsx``): the file the college
decides on. Every score per criterion per juror with its weight, time and source, the conflicts
with their reasons, the remarks, the ranking and the rules that produced it. Initiatives are
named by the code the score sheet prints (an id in an export would be keyed back as a pitch
number)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pydantic import BaseModel

from festival.core.errors import NotFound
from festival.core.files import write_private
from festival.core.sheets import Cell, Section, sections_csv, sections_xlsx
from festival.domain import permissions
from festival.domain.festivals import Festival, list_festivals
from festival.domain.jury.codes import initiative_code
from festival.domain.jury.criteria import list_criteria
from festival.domain.jury.ranking import ranking
from festival.domain.jury.state import get_state
from festival.domain.permissions import Caller
from festival.store.database import Database


class ExportReport(BaseModel):
    path: str
    format: str
    scores: int
    conflicts: int
    remarks: int
    initiatives: int


def find_festival(db: Database, festival_id: int) -> Festival:
    """The festival with this id (:class:`NotFound` otherwise)."""
    for festival in list_festivals(db):
        if festival.id == festival_id:
            return festival
    raise NotFound(f"Festival {festival_id} bestaat niet.")


def _local(stamp: str) -> datetime:
    """A stored UTC timestamp as local time without a zone (what a spreadsheet shows)."""
    return datetime.fromisoformat(stamp).astimezone().replace(tzinfo=None)


def _sections(db: Database, festival_id: int) -> list[Section]:
    festival = find_festival(db, festival_id)
    state = get_state(db, festival_id)
    criteria = list_criteria(db, festival_id)
    order = "coalesce(p.position, 1000000), i.title, i.id"
    scores = db.fetchall(
        f"""SELECT u.name AS juror, i.id AS initiative, i.title, c.name AS criterion, c.weight,
                   c.scale_min, c.scale_max, s.value, s.saved_at, s.source
            FROM jury_scores s
            JOIN initiatives i ON i.id = s.initiative_id
            JOIN criteria c ON c.id = s.criterion_id
            JOIN users u ON u.id = s.juror_id
            LEFT JOIN pitches p ON p.initiative_id = i.id
            WHERE i.festival_id = ?
            ORDER BY {order}, u.name, c.position, c.id""",
        (festival_id,),
    )
    conflicts = db.fetchall(
        f"""SELECT u.name AS juror, i.id AS initiative, i.title, x.reason, x.declared_at
            FROM jury_conflicts x
            JOIN initiatives i ON i.id = x.initiative_id
            JOIN users u ON u.id = x.juror_id
            LEFT JOIN pitches p ON p.initiative_id = i.id
            WHERE i.festival_id = ? ORDER BY {order}, u.name""",
        (festival_id,),
    )
    remarks = db.fetchall(
        f"""SELECT u.name AS juror, i.id AS initiative, i.title, r.remark, r.saved_at
            FROM jury_remarks r
            JOIN initiatives i ON i.id = r.initiative_id
            JOIN users u ON u.id = r.juror_id
            LEFT JOIN pitches p ON p.initiative_id = i.id
            WHERE i.festival_id = ? ORDER BY {order}, u.name""",
        (festival_id,),
    )
    ranked, note = ranking(db, festival_id)
    ranking_rows: list[tuple[Cell, ...]] = []
    position = 0
    for r in ranked:
        if r.final_score is not None:
            position += 1
        ranking_rows.append(
            (
                position if r.final_score is not None else None,
                initiative_code(r.initiative_id),
                r.title,
                r.kern_name or "",
                r.requested_cents / 100,
                r.jury_score,
                r.normalised_score if state.normalise else None,
                r.audience_score,
                r.final_score,
                r.jurors,
            )
        )
    rules: list[tuple[Cell, ...]] = [
        ("Festival", festival.name),
        ("Status van het scoren", state.status.value),
        ("Uitslag gepubliceerd", "ja" if state.published else "nee"),
        (
            "Score van een jurylid",
            "gewogen gemiddelde van de criteria, elk herschaald naar 0–100: "
            "Σ gewicht·(score − minimum)/(maximum − minimum) / Σ gewicht · 100; "
            "telt alleen als elk criterium gescoord is",
        ),
        (
            "Juryscore",
            "gemiddelde van de scores van de juryleden zonder belangenverstrengeling; "
            "'juryleden' is op hoeveel juryleden het rust",
        ),
        (
            "Genormaliseerd",
            ("aan" if state.normalise else "uit")
            + " (alleen naast de juryscore): z-scores per jurylid, gemiddeld per initiatief, "
            "herschaald naar 0–100" + (f"; {note}" if note else ""),
        ),
        (
            "Publiek",
            f"{state.audience_weight} % van de eindscore; publieksscore = 100 · stemmen / "
            "meeste stemmen",
        ),
        (
            "Eindscore",
            f"{100 - state.audience_weight} % juryscore + {state.audience_weight} % publiek",
        ),
        ("Volgorde", "eindscore, dan juryscore, dan titel"),
    ]
    for c in criteria:
        levels = "; ".join(f"{k}={v}" for k, v in sorted(c.levels.items()))
        rules.append(
            (
                f"Criterium {c.position}: {c.name}",
                f"gewicht {c.weight}, schaal {c.scale_min}–{c.scale_max}"
                + (f"; {c.description}" if c.description else "")
                + (f"; niveaus: {levels}" if levels else ""),
            )
        )
    return [
        Section(
            "Scores",
            (
                "jurylid",
                "initiatief",
                "titel",
                "criterium",
                "gewicht",
                "schaal_min",
                "schaal_max",
                "score",
                "opgeslagen",
                "bron",
            ),
            [
                (
                    r["juror"],
                    initiative_code(r["initiative"]),
                    r["title"],
                    r["criterion"],
                    r["weight"],
                    r["scale_min"],
                    r["scale_max"],
                    r["value"],
                    _local(r["saved_at"]),
                    r["source"],
                )
                for r in scores
            ],
        ),
        Section(
            "Belangenverstrengeling",
            ("jurylid", "initiatief", "titel", "reden", "gemeld"),
            [
                (
                    r["juror"],
                    initiative_code(r["initiative"]),
                    r["title"],
                    r["reason"],
                    _local(r["declared_at"]),
                )
                for r in conflicts
            ],
        ),
        Section(
            "Opmerkingen",
            ("jurylid", "initiatief", "titel", "opmerking", "opgeslagen"),
            [
                (
                    r["juror"],
                    initiative_code(r["initiative"]),
                    r["title"],
                    r["remark"],
                    _local(r["saved_at"]),
                )
                for r in remarks
            ],
        ),
        Section(
            "Rangschikking",
            (
                "positie",
                "initiatief",
                "titel",
                "kern",
                "gevraagd",
                "jury",
                "genormaliseerd",
                "publiek",
                "eind",
                "juryleden",
            ),
            ranking_rows,
        ),
        Section("Regels", ("onderwerp", "regel"), rules),
    ]


def export_scores(db: Database, caller: Caller, festival_id: int, path: Path) -> ExportReport:
    """Write the jury's file for the college: CSV, or XLSX when ``path`` ends in ``.xlsx``."""
    permissions.require(caller, permissions.JURY_EXPORT)
    sections = _sections(db, festival_id)
    is_xlsx = path.suffix.lower() == ".xlsx"
    data = sections_xlsx(sections) if is_xlsx else sections_csv(sections)
    write_private(path, data)  # names of jurors and initiators: the owner's alone
    return ExportReport(
        path=str(path),
        format="xlsx" if is_xlsx else "csv",
        scores=len(sections[0].rows),
        conflicts=len(sections[1].rows),
        remarks=len(sections[2].rows),
        initiatives=len(sections[3].rows),
    )
