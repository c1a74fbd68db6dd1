"""The jury's files: initiatives in, paper scores in, the scores out, and paper score sheets.

Imports follow the rules of the other imports: ``;`` or ``,``, UTF-8 with or without BOM, or
Windows-1252; every bad line is reported with its number and nothing is stored unless every line
is right.

* Initiatives: ``titel;kern;initiatiefnemer;gevraagd`` and optionally ``omschrijving`` and
  ``thema``. The initiatiefnemer is a name; when exactly one person registered for the festival
  has that name (compared without case, accents or apostrophes) the initiative is linked to that
  registration, otherwise it is stored without one and the report lists it. A title may occur
  only once in a festival.
* Paper scores: ``jurylid;initiatief;criterium;score`` (optionally ``opmerking``), one line per
  criterion. The lines of one juror for one initiative form one save, which must cover every
  criterion; all saves are stored in one transaction, as the coordinator's, marked ``papier``.

The export (CSV, or XLSX when the name ends in ``.xlsx``) is the file the college decides on:
every score per criterion per juror with its weight, time and source, the conflicts with their
reasons, the remarks, the ranking and the rules that produced it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

from festival.core.csv_io import CsvProblem, ImportFailed, read_csv
from festival.core.errors import InvalidInput, NotAllowed, NotFound
from festival.core.money import parse_amount
from festival.core.sheets import Cell, Section, sections_csv, sections_xlsx
from festival.core.text import clean_text, fold
from festival.domain import jury
from festival.domain.accounts import Role, User, list_users
from festival.domain.festivals import Festival, list_festivals
from festival.domain.kernen import KernIndex
from festival.domain.registration import kern_index
from festival.domain.registration_io import open_festival
from festival.store.database import Actor, Database, utc_now

if TYPE_CHECKING:
    from fpdf import FPDF

Progress = Callable[[int, int], None]

INITIATIVE_HEADERS = ("titel", "kern", "initiatiefnemer", "gevraagd")
INITIATIVE_OPTIONAL = ("omschrijving", "thema")
SCORE_HEADERS = ("jurylid", "initiatief", "criterium", "score")
SCORE_OPTIONAL = ("opmerking",)

_LIST_SEPARATORS = re.compile(r"[,;/+|]")


# -- initiatives -----------------------------------------------------------------------------


class InitiativeImportReport(BaseModel):
    festival_id: int
    imported: int
    linked: int
    #: (title, initiatiefnemer as typed, why no link): no registration, or several.
    unlinked: list[tuple[str, str, str]]


@dataclass
class _InitiativeLine:
    line: int
    title: str
    kern_id: int | None
    initiator: str
    registration_id: int | None
    registration_kern_id: int | None
    description: str
    requested_cents: int
    themes: str
    why_unlinked: str = ""


def _themes(text: str) -> str:
    words = [
        clean_text(part, "thema", "Thema", max_length=60)
        for part in _LIST_SEPARATORS.split(text)
        if part.strip()
    ]
    return ", ".join(words)


def _check_initiative(
    v: dict[str, str], kernen: KernIndex
) -> tuple[dict[str, object], dict[str, str]]:
    """The parsed fields of one line, and the problems keyed by column."""
    errors: dict[str, str] = {}
    values: dict[str, object] = {}
    for column, parse in (
        ("titel", lambda: clean_text(v["titel"], "titel", "Titel", max_length=120)),
        ("kern", lambda: kernen.find(v["kern"]).id if v["kern"].strip() else None),
        (
            "initiatiefnemer",
            lambda: clean_text(
                v["initiatiefnemer"], "initiatiefnemer", "Initiatiefnemer", max_length=80
            ),
        ),
        (
            "omschrijving",
            lambda: clean_text(
                v.get("omschrijving", ""),
                "omschrijving",
                "Omschrijving",
                max_length=1000,
                required=False,
            ),
        ),
        ("gevraagd", lambda: parse_amount(v["gevraagd"]) if v["gevraagd"].strip() else 0),
        ("thema", lambda: _themes(v.get("thema", ""))),
    ):
        try:
            values[column] = parse()
        except InvalidInput as exc:
            errors[column] = exc.message
    return values, errors


def import_initiatives(
    db: Database,
    actor: Actor,
    festival_id: int,
    data: bytes,
    *,
    progress: Progress | None = None,
) -> InitiativeImportReport:
    """Check every line, then store every initiative in one transaction, or none.

    Raises :class:`ImportFailed` listing each bad line (number and reason).
    """
    open_festival(db, festival_id)
    problems: list[CsvProblem] = []
    lines = read_csv(data, INITIATIVE_HEADERS, INITIATIVE_OPTIONAL, problems=problems)
    kernen = kern_index(db)
    registrations: dict[str, list[tuple[int, int | None]]] = {}
    for r in db.fetchall(
        "SELECT r.id, p.name_key, p.kern_id FROM registrations r"
        " JOIN people p ON p.id = r.person_id WHERE r.festival_id = ?",
        (festival_id,),
    ):
        registrations.setdefault(r["name_key"], []).append((r["id"], r["kern_id"]))
    existing = {
        fold(r["title"]): r["id"]
        for r in db.fetchall(
            "SELECT id, title FROM initiatives WHERE festival_id = ?", (festival_id,)
        )
    }
    seen: dict[str, int] = {}
    checked: list[_InitiativeLine] = []
    total = len(lines)
    for index, line in enumerate(lines, start=1):
        if progress:
            progress(index, total * 2)
        values, errors = _check_initiative(line.values, kernen)
        title = values.get("titel")
        if isinstance(title, str) and not errors.get("titel"):
            key = fold(title)
            if key in existing:
                errors["titel"] = (
                    f"het festival heeft al een initiatief {title!r} (nummer {existing[key]})"
                )
            elif key in seen:
                errors["titel"] = f"{title!r} staat ook op regel {seen[key]}"
            else:
                seen[key] = line.number
        if errors:
            reasons = "; ".join(f"{column}: {message}" for column, message in errors.items())
            problems.append(CsvProblem(line=line.number, message=reasons))
            continue
        initiator = str(values["initiatiefnemer"])
        matches = registrations.get(fold(initiator), [])
        kern_id = values["kern"]
        requested = values["gevraagd"]
        assert kern_id is None or isinstance(kern_id, int)
        assert isinstance(requested, int)
        entry = _InitiativeLine(
            line=line.number,
            title=str(title),
            kern_id=kern_id,
            initiator=initiator,
            registration_id=matches[0][0] if len(matches) == 1 else None,
            registration_kern_id=matches[0][1] if len(matches) == 1 else None,
            description=str(values["omschrijving"]),
            requested_cents=requested,
            themes=str(values["thema"]),
        )
        if len(matches) != 1:
            entry.why_unlinked = (
                "niet aangemeld voor dit festival"
                if not matches
                else f"{len(matches)} aanmeldingen met deze naam"
            )
        checked.append(entry)
    if problems:
        raise ImportFailed(sorted(problems, key=lambda p: p.line))
    if not checked:
        raise ImportFailed([CsvProblem(line=1, message="het bestand bevat geen initiatieven")])
    new_ids: list[int] = []
    with db.write(actor) as tx:
        for index, entry in enumerate(checked, start=1):
            new_ids.append(
                tx.insert(
                    "initiatives",
                    {
                        "festival_id": festival_id,
                        "registration_id": entry.registration_id,
                        "title": entry.title,
                        # No kern in the file: the kern the initiatiefnemer registered with.
                        "kern_id": entry.kern_id
                        if entry.kern_id is not None
                        else entry.registration_kern_id,
                        "description": entry.description,
                        "requested_cents": entry.requested_cents,
                        "themes": entry.themes,
                        "created_at": utc_now(),
                    },
                )
            )
            if progress:
                progress(total + index, total * 2)
        linked = sum(e.registration_id is not None for e in checked)
        # Titles and numbers only: the names of initiatiefnemers stay out of the audit log.
        tx.audit(
            "initiatieven geïmporteerd",
            "festival",
            festival_id,
            None,
            {"aantal": len(checked), "gekoppeld": linked, "initiatieven": new_ids},
        )
    return InitiativeImportReport(
        festival_id=festival_id,
        imported=len(checked),
        linked=linked,
        unlinked=[
            (e.title, e.initiator, e.why_unlinked) for e in checked if e.registration_id is None
        ],
    )


# -- paper scores ----------------------------------------------------------------------------


class PaperImportReport(BaseModel):
    festival_id: int
    saves: int
    """juror × initiative"""
    scores: int
    jurors: int


@dataclass
class _Group:
    juror: User
    initiative_id: int
    title: str
    first_line: int
    values: dict[int, int] = field(default_factory=dict)
    remark: str | None = None


def _parse_score(text: str) -> int:
    raw = text.strip()
    if not raw:
        raise InvalidInput("vul een score in")
    if not raw.isdigit():
        raise InvalidInput(f"{raw!r} is geen heel getal")
    return int(raw)


def import_paper_scores(
    db: Database, actor: Actor, festival_id: int, data: bytes, *, by: User | None
) -> PaperImportReport:
    """Store paper score sheets keyed in (or a form's export) as the coordinator's saves.

    Every line is checked first; then every juror × initiative is stored as one save with source
    ``papier``, all in one transaction. Raises :class:`ImportFailed` with each bad line.
    """
    if by is not None and by.role is not Role.COORDINATOR:
        raise NotAllowed("Papieren scores invoeren mag alleen de coördinator.")
    open_festival(db, festival_id)
    if jury.get_state(db, festival_id).status is jury.JuryStatus.LOCKED:
        raise NotAllowed("Het scoren is vergrendeld.")
    criteria = jury.list_criteria(db, festival_id)
    if not criteria:
        raise NotAllowed("Er zijn nog geen criteria.")
    problems: list[CsvProblem] = []
    lines = read_csv(data, SCORE_HEADERS, SCORE_OPTIONAL, problems=problems)

    users = {fold(u.name): u for u in list_users(db)}
    juror_ids = {u.id for u in jury.list_jurors(db, festival_id)}
    pitched = {p.initiative_id for p in jury.list_pitches(db, festival_id)}
    by_id: dict[int, str] = {}
    by_title: dict[str, list[int]] = {}
    for r in db.fetchall("SELECT id, title FROM initiatives WHERE festival_id = ?", (festival_id,)):
        by_id[r["id"]] = r["title"]
        by_title.setdefault(fold(r["title"]), []).append(r["id"])
    by_criterion = {fold(c.name): c for c in criteria}
    conflicts = {
        (r["juror_id"], r["initiative_id"])
        for r in db.fetchall("SELECT juror_id, initiative_id FROM jury_conflicts")
    }

    def find_juror(text: str) -> User:
        user = users.get(fold(text))
        if user is None:
            raise InvalidInput(f"onbekende gebruiker {text.strip()!r}")
        if user.id not in juror_ids:
            raise InvalidInput(f"{user.name} zit niet in de jury van dit festival")
        return user

    def find_initiative(text: str) -> int:
        raw = text.strip()
        if raw.lstrip("#").isdigit() and int(raw.lstrip("#")) in by_id:
            found = int(raw.lstrip("#"))
        else:
            ids = by_title.get(fold(raw), [])
            if not ids:
                raise InvalidInput(f"onbekend initiatief {raw!r}")
            if len(ids) > 1:
                raise InvalidInput(f"meerdere initiatieven heten {raw!r}; gebruik het nummer")
            found = ids[0]
        if found not in pitched:
            raise InvalidInput(f"{by_id[found]!r} staat niet op het programma")
        return found

    groups: dict[tuple[int, int], _Group] = {}
    seen: dict[tuple[int, int, int], int] = {}
    for line in lines:
        v = line.values
        errors: dict[str, str] = {}
        juror: User | None = None
        initiative_id: int | None = None
        criterion: jury.Criterion | None = None
        value: int | None = None
        try:
            juror = find_juror(v["jurylid"])
        except InvalidInput as exc:
            errors["jurylid"] = exc.message
        try:
            initiative_id = find_initiative(v["initiatief"])
        except InvalidInput as exc:
            errors["initiatief"] = exc.message
        criterion = by_criterion.get(fold(v["criterium"]))
        if criterion is None:
            names = ", ".join(c.name for c in criteria)
            errors["criterium"] = (
                f"onbekend criterium {v['criterium'].strip()!r} (kies uit: {names})"
            )
        try:
            value = _parse_score(v["score"])
        except InvalidInput as exc:
            errors["score"] = exc.message
        if (
            criterion is not None
            and value is not None
            and not criterion.scale_min <= value <= criterion.scale_max
        ):
            errors["score"] = (
                f"{value} ligt buiten de schaal {criterion.scale_min}–{criterion.scale_max}"
                f" van {criterion.name}"
            )
        remark: str | None = None
        try:
            remark = clean_text(
                v.get("opmerking", ""), "opmerking", "Opmerking", max_length=500, required=False
            )
        except InvalidInput as exc:
            errors["opmerking"] = exc.message
        if juror is not None and initiative_id is not None:
            if (juror.id, initiative_id) in conflicts:
                errors["initiatief"] = (
                    f"{juror.name} heeft belangenverstrengeling gemeld voor "
                    f"{by_id[initiative_id]!r}"
                )
            elif criterion is not None:
                key = (juror.id, initiative_id, criterion.id)
                if key in seen:
                    errors["criterium"] = f"{criterion.name} staat ook op regel {seen[key]}"
                else:
                    seen[key] = line.number
        if errors:
            reasons = "; ".join(f"{column}: {message}" for column, message in errors.items())
            problems.append(CsvProblem(line=line.number, message=reasons))
            continue
        assert juror is not None and initiative_id is not None
        assert criterion is not None and value is not None
        group = groups.setdefault(
            (juror.id, initiative_id),
            _Group(
                juror=juror,
                initiative_id=initiative_id,
                title=by_id[initiative_id],
                first_line=line.number,
            ),
        )
        group.values[criterion.id] = value
        if remark:
            if group.remark is not None and group.remark != remark:
                problems.append(
                    CsvProblem(
                        line=line.number,
                        message="opmerking: een andere opmerking dan eerder voor dit jurylid"
                        " en initiatief; zet er één",
                    )
                )
                continue
            group.remark = remark
    for group in groups.values():
        missing = [c.name for c in criteria if c.id not in group.values]
        if missing:
            problems.append(
                CsvProblem(
                    line=group.first_line,
                    message=f"{group.juror.name}, {group.title!r}: ontbreekt "
                    + ", ".join(missing)
                    + " (een save telt alleen met elk criterium)",
                )
            )
    if problems:
        raise ImportFailed(sorted(problems, key=lambda p: p.line))
    if not groups:
        raise ImportFailed([CsvProblem(line=1, message="het bestand bevat geen scores")])
    with db.write(actor) as tx:
        for group in groups.values():
            jury.store_scores(
                tx,
                festival_id,
                group.juror,
                group.initiative_id,
                group.values,
                group.remark,
                by=by,
                source="papier",
            )
        tx.audit(
            "papieren scores geïmporteerd",
            "jury",
            festival_id,
            None,
            {
                "saves": len(groups),
                "scores": sum(len(g.values) for g in groups.values()),
                "juryleden": sorted({g.juror.name for g in groups.values()}),
            },
        )
    return PaperImportReport(
        festival_id=festival_id,
        saves=len(groups),
        scores=sum(len(g.values) for g in groups.values()),
        jurors=len({g.juror.id for g in groups.values()}),
    )


# -- export ----------------------------------------------------------------------------------


class ExportReport(BaseModel):
    path: str
    format: str
    scores: int
    conflicts: int
    remarks: int
    initiatives: int


def _festival(db: Database, festival_id: int) -> Festival:
    for festival in list_festivals(db):
        if festival.id == festival_id:
            return festival
    raise NotFound(f"Festival {festival_id} bestaat niet.")


def _local(stamp: str) -> datetime:
    """A stored UTC timestamp as local time without a zone (what a spreadsheet shows)."""
    return datetime.fromisoformat(stamp).astimezone().replace(tzinfo=None)


def _sections(db: Database, festival_id: int) -> list[Section]:
    festival = _festival(db, festival_id)
    state = jury.get_state(db, festival_id)
    criteria = jury.list_criteria(db, festival_id)
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
    ranked, note = jury.ranking(db, festival_id)
    ranking_rows: list[tuple[Cell, ...]] = []
    position = 0
    for r in ranked:
        if r.final_score is not None:
            position += 1
        ranking_rows.append(
            (
                position if r.final_score is not None else None,
                r.initiative_id,
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
                    r["initiative"],
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
                (r["juror"], r["initiative"], r["title"], r["reason"], _local(r["declared_at"]))
                for r in conflicts
            ],
        ),
        Section(
            "Opmerkingen",
            ("jurylid", "initiatief", "titel", "opmerking", "opgeslagen"),
            [
                (r["juror"], r["initiative"], r["title"], r["remark"], _local(r["saved_at"]))
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


def export_scores(db: Database, festival_id: int, path: Path) -> ExportReport:
    """Write the jury's file for the college: CSV, or XLSX when ``path`` ends in ``.xlsx``."""
    sections = _sections(db, festival_id)
    is_xlsx = path.suffix.lower() == ".xlsx"
    data = sections_xlsx(sections) if is_xlsx else sections_csv(sections)
    path.write_bytes(data)
    return ExportReport(
        path=str(path),
        format="xlsx" if is_xlsx else "csv",
        scores=len(sections[0].rows),
        conflicts=len(sections[1].rows),
        remarks=len(sections[2].rows),
        initiatives=len(sections[3].rows),
    )


# -- paper score sheets ----------------------------------------------------------------------

_PAGE = (297.0, 210.0)  # A4 landscape, in mm
_LEFT, _TOP = 12.0, 10.0
_WIDTH = _PAGE[0] - 2 * _LEFT
_BOTTOM = _PAGE[1] - 10.0
_SIGNATURE = 16.0
_ROW, _MIN_ROW = 11.0, 8.5
_NUMBER, _TITLE, _CRITERION = 9.0, 72.0, 24.0


def _two_lines(pdf: FPDF, text: str, width: float) -> list[str]:
    """``text`` on one line, or split at a space over two, each shortened to ``width``."""
    from festival.core.printing import shorten

    if pdf.get_string_width(text) <= width or " " not in text:
        return [shorten(pdf, text, width)]
    words = text.split()
    best = min(
        range(1, len(words)),
        key=lambda i: max(
            pdf.get_string_width(" ".join(words[:i])), pdf.get_string_width(" ".join(words[i:]))
        ),
    )
    return [shorten(pdf, " ".join(part), width) for part in (words[:best], words[best:])]


def score_sheets_pdf(db: Database, festival_id: int) -> bytes:
    """One score sheet per juror (A4 landscape): the pitches in programme order against the
    criteria with an empty box each, the scale and weight per criterion, the level
    descriptions as a legend, a remark line per pitch and a line to sign."""
    from festival.core.dates import format_date_long
    from festival.core.printing import FONT, new_document, shorten, to_bytes

    festival = _festival(db, festival_id)
    jurors = jury.list_jurors(db, festival_id)
    pitches = jury.list_pitches(db, festival_id)
    criteria = jury.list_criteria(db, festival_id)
    if not jurors:
        raise InvalidInput("Er zijn nog geen juryleden voor dit festival.", "jurors")
    if not pitches:
        raise InvalidInput("Er staan nog geen pitches op het programma.", "pitches")
    if not criteria:
        raise InvalidInput("Er zijn nog geen criteria.", "criteria")
    conflicts = {
        (r["juror_id"], r["initiative_id"])
        for r in db.fetchall("SELECT juror_id, initiative_id FROM jury_conflicts")
    }
    remark_width = _WIDTH - _NUMBER - _TITLE - _CRITERION * len(criteria)
    about = " · ".join(p for p in (format_date_long(festival.date), festival.place) if p)
    pdf = new_document(_PAGE, title=f"Scoreformulieren jury {festival.name}")

    def heading(juror: User, continued: bool) -> float:
        pdf.add_page()
        pdf.set_text_color(0, 0, 0)
        pdf.set_font(FONT, "B", 14)
        pdf.set_xy(_LEFT, _TOP)
        pdf.cell(_WIDTH * 0.7, 7, shorten(pdf, f"Scoreformulier jury · {festival.name}", 190))
        pdf.set_font(FONT, "", 9)
        pdf.set_xy(_LEFT + _WIDTH * 0.7, _TOP + 1)
        pdf.cell(_WIDTH * 0.3, 6, about, align="R")
        pdf.set_font(FONT, "B", 12)
        pdf.set_xy(_LEFT, _TOP + 8)
        pdf.cell(_WIDTH, 7, f"Jurylid: {juror.name}" + (" (vervolg)" if continued else ""))
        return _TOP + 16

    def legend(y: float) -> float:
        pdf.set_font(FONT, "", 8.5)
        pdf.set_xy(_LEFT, y)
        pdf.multi_cell(
            _WIDTH,
            4.2,
            "Vul per initiatief bij elk criterium één heel getal binnen de schaal in; de score "
            "telt alleen als elk criterium is ingevuld. Bij belangenverstrengeling: niets "
            "invullen en de reden bij de opmerking schrijven.",
        )
        y = pdf.get_y() + 1.5
        for c in criteria:
            pdf.set_font(FONT, "B", 8.5)
            pdf.set_xy(_LEFT, y)
            label = f"{c.name} (schaal {c.scale_min}–{c.scale_max}, gewicht {c.weight})"
            pdf.cell(pdf.get_string_width(label) + 2, 4.2, label)
            pdf.set_font(FONT, "", 8.5)
            pdf.cell(
                _WIDTH - pdf.get_string_width(label) - 2, 4.2, shorten(pdf, c.description, 170)
            )
            levels = "   ".join(f"{k} = {v}" for k, v in sorted(c.levels.items()))
            y += 4.4
            if levels:
                pdf.set_font(FONT, "", 7.5)
                pdf.set_xy(_LEFT + 4, y)
                pdf.multi_cell(_WIDTH - 4, 3.6, levels)
                y = pdf.get_y() + 0.8
        return y + 2

    def table_header(y: float) -> float:
        pdf.set_draw_color(0, 0, 0)
        pdf.set_line_width(0.3)
        pdf.set_font(FONT, "B", 8.5)
        x = _LEFT
        pdf.set_xy(x, y)
        pdf.cell(_NUMBER, 5, "Nr")
        x += _NUMBER
        pdf.set_xy(x, y)
        pdf.cell(_TITLE, 5, "Initiatief")
        x += _TITLE
        for c in criteria:
            pdf.set_font(FONT, "B", 7.5)
            for number, text in enumerate(_two_lines(pdf, c.name, _CRITERION - 1)):
                pdf.set_xy(x, y + number * 3.4)
                pdf.cell(_CRITERION, 3.4, text, align="C")
            pdf.set_font(FONT, "", 7)
            pdf.set_xy(x, y + 7)
            pdf.cell(_CRITERION, 3.6, f"{c.scale_min}–{c.scale_max} · ×{c.weight}", align="C")
            x += _CRITERION
        pdf.set_font(FONT, "B", 8.5)
        pdf.set_xy(x + 2, y)
        pdf.cell(remark_width - 2, 5, "Opmerking")
        pdf.line(_LEFT, y + 11, _LEFT + _WIDTH, y + 11)
        return y + 11.5

    def row(juror: User, pitch: jury.Pitch, y: float, height: float) -> None:
        x = _LEFT
        pdf.set_font(FONT, "B", 10)
        pdf.set_xy(x, y + 0.8)
        pdf.cell(_NUMBER, 5, str(pitch.position))
        x += _NUMBER
        pdf.set_font(FONT, "", 9)
        pdf.set_xy(x, y + 0.8)
        pdf.cell(_TITLE, 4.6, shorten(pdf, pitch.title, _TITLE - 2))
        pdf.set_font(FONT, "", 7.5)
        pdf.set_text_color(80, 80, 80)
        pdf.set_xy(x, y + 4.6)
        pdf.cell(_TITLE, 3.4, shorten(pdf, pitch.kern_name or "", _TITLE - 2))
        pdf.set_text_color(0, 0, 0)
        x += _TITLE
        if (juror.id, pitch.initiative_id) in conflicts:
            pdf.set_font(FONT, "", 8.5)
            pdf.set_text_color(80, 80, 80)
            pdf.set_xy(x, y + (height - 5) / 2)
            pdf.cell(_CRITERION * len(criteria), 5, "belangenverstrengeling gemeld", align="C")
            pdf.set_text_color(0, 0, 0)
        else:
            pdf.set_line_width(0.35)
            for _ in criteria:
                pdf.rect(x + (_CRITERION - 15) / 2, y + 1.2, 15, height - 2.6)
                x += _CRITERION
        x = _LEFT + _WIDTH - remark_width
        pdf.set_line_width(0.2)
        pdf.line(x + 2, y + height - 1.8, _LEFT + _WIDTH, y + height - 1.8)
        pdf.set_draw_color(190, 190, 190)
        pdf.line(_LEFT, y + height, _LEFT + _WIDTH, y + height)
        pdf.set_draw_color(0, 0, 0)

    def signature(y: float) -> None:
        pdf.set_font(FONT, "", 9)
        pdf.set_line_width(0.3)
        pdf.set_xy(_LEFT, y + 6)
        pdf.cell(26, 5, "Handtekening")
        pdf.line(_LEFT + 26, y + 10.5, _LEFT + 130, y + 10.5)
        pdf.set_xy(_LEFT + 150, y + 6)
        pdf.cell(14, 5, "Datum")
        pdf.line(_LEFT + 164, y + 10.5, _LEFT + 230, y + 10.5)

    for juror in jurors:
        y = table_header(legend(heading(juror, continued=False)))
        # Rows shrink (down to a size still easy to write in) so a juror's sheet fits one page
        # where it can; a long programme goes on on a next page with the same columns.
        height = max(_MIN_ROW, min(_ROW, (_BOTTOM - _SIGNATURE - y) / len(pitches)))
        for pitch in pitches:
            if y + height > _BOTTOM - _SIGNATURE + 0.01:
                y = table_header(heading(juror, continued=True) + 1)
            row(juror, pitch, y, height)
            y += height
        signature(y)
    return to_bytes(pdf)
