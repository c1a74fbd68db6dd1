"""Paper score sheets: the printed sheets per juror, and keying them in.

The import reads ``jurylid;initiatief;criterium;score`` (optionally ``opmerking``, ``nr`` and
``code``), one line per criterion, with the rules of the other imports (``;`` or ``,``, UTF-8
with or without BOM, or Windows-1252; every bad line reported with its number, nothing stored
unless every line is right). The initiative is named as the sheet prints it: the pitch number
("Nr", never an initiative's id), the short code, the title, or several of these, which must
then agree (see :mod:`festival.domain.jury.sheet_keys`). The lines of one juror for one
initiative form one save, which must cover every criterion; all saves are stored in one
transaction, as the coordinator's, marked ``papier``. The keying screen stores one sheet row
at a time with :func:`key_sheet_row`, by the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pydantic import BaseModel

from festival.core.csv_io import CsvProblem, ImportFailed, read_csv
from festival.core.errors import InvalidInput, NotAllowed
from festival.core.text import clean_text, fold
from festival.domain import permissions
from festival.domain.accounts import list_users
from festival.domain.jury import scoring
from festival.domain.jury.codes import initiative_code
from festival.domain.jury.criteria import list_criteria
from festival.domain.jury.exports import find_festival
from festival.domain.jury.models import Criterion, JuryStatus, Pitch
from festival.domain.jury.programme import list_jurors, list_pitches
from festival.domain.jury.sheet_keys import SheetKeys
from festival.domain.jury.state import get_state
from festival.domain.permissions import Caller
from festival.domain.registration_io import open_festival
from festival.domain.roles import User
from festival.store.database import Database

if TYPE_CHECKING:
    from fpdf import FPDF

SCORE_HEADERS = ("jurylid", "initiatief", "criterium", "score")
SCORE_OPTIONAL = ("opmerking", "nr", "code")


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


def sheet_keys(db: Database, festival_id: int) -> SheetKeys:
    """The festival's programme and initiatives, to look keyed-in sheet lines up in."""
    titles = {
        r["id"]: r["title"]
        for r in db.fetchall(
            "SELECT id, title FROM initiatives WHERE festival_id = ?", (festival_id,)
        )
    }
    return SheetKeys(pitches=list_pitches(db, festival_id), titles=titles)


def _parse_score(text: str) -> int:
    raw = text.strip()
    if not raw:
        raise InvalidInput("vul een score in")
    if not raw.isdigit():
        if any(c in raw for c in ",.") and raw.replace(",", "").replace(".", "").isdigit():
            raise InvalidInput(f"{raw!r} is geen heel getal; de schaal kent geen decimalen")
        raise InvalidInput(f"{raw!r} is geen heel getal")
    return int(raw)


def import_paper_scores(
    db: Database, caller: Caller, festival_id: int, data: bytes
) -> PaperImportReport:
    """Store paper score sheets keyed in (or a form's export) as the coordinator's saves.

    Every line is checked first; then every juror × initiative is stored as one save with source
    ``papier``, all in one transaction. Raises :class:`ImportFailed` with each bad line.
    """
    permissions.require(caller, permissions.PAPER_SCORES)
    open_festival(db, festival_id)
    if get_state(db, festival_id).status is JuryStatus.LOCKED:
        raise NotAllowed("Het scoren is vergrendeld.")
    criteria = list_criteria(db, festival_id)
    if not criteria:
        raise NotAllowed("Er zijn nog geen criteria.")
    problems: list[CsvProblem] = []
    lines = read_csv(data, SCORE_HEADERS, SCORE_OPTIONAL, problems=problems)

    users = {fold(u.name): u for u in list_users(db, caller)}
    juror_ids = {u.id for u in list_jurors(db, festival_id)}
    keys = sheet_keys(db, festival_id)
    pitched = {p.initiative_id for p in keys.pitches}
    by_id = keys.titles
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

    def find_initiative(values: dict[str, str]) -> int:
        found = keys.find(values["initiatief"], values.get("nr", ""), values.get("code", ""))
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
        criterion: Criterion | None = None
        value: int | None = None
        try:
            juror = find_juror(v["jurylid"])
        except InvalidInput as exc:
            errors["jurylid"] = exc.message
        try:
            initiative_id = find_initiative(v)
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
    with db.write(caller.actor) as tx:
        for group in groups.values():
            # Looked up at call time, so a test can make one save fail.
            scoring.store_scores(
                tx,
                caller,
                festival_id,
                group.juror,
                group.initiative_id,
                group.values,
                group.remark,
                scoring.PAPER,
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


def key_sheet_row(
    db: Database,
    caller: Caller,
    festival_id: int,
    juror: User,
    initiative_id: int,
    values: dict[int, int],
    remark: str = "",
) -> None:
    """Store one row of a juror's paper sheet, keyed in on screen by the coordinator: one save
    marked ``papier``, with the coordinator as actor. An empty remark keeps the juror's own."""
    permissions.require(caller, permissions.PAPER_SCORES)
    remark_text = clean_text(remark, "remark", "Opmerking", max_length=500, required=False)
    with db.write(caller.actor) as tx:
        scoring.store_scores(
            tx,
            caller,
            festival_id,
            juror,
            initiative_id,
            values,
            remark_text or None,
            scoring.PAPER,
        )


# -- the printed sheets ----------------------------------------------------------------------

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


def score_sheets_pdf(db: Database, caller: Caller, festival_id: int) -> bytes:
    """One score sheet per juror (A4 landscape): the pitches in programme order against the
    criteria with an empty box each, the scale and weight per criterion, the level
    descriptions as a legend, a remark line per pitch and a line to sign. The sheets name
    every juror and their conflicts: the coordinator makes them."""
    permissions.require(caller, permissions.JURY_SHEETS)
    from festival.core.dates import format_date_long
    from festival.core.printing import FONT, new_document, shorten, to_bytes

    festival = find_festival(db, festival_id)
    jurors = list_jurors(db, festival_id)
    pitches = list_pitches(db, festival_id)
    criteria = list_criteria(db, festival_id)
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
            "invullen en de reden bij de opmerking schrijven. Bij het intikken telt het "
            "pitchnummer (Nr) en de code onder de titel; die twee moeten bij elkaar passen.",
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

    def row(juror: User, pitch: Pitch, y: float, height: float) -> None:
        x = _LEFT
        pdf.set_font(FONT, "B", 10)
        pdf.set_xy(x, y + 0.8)
        pdf.cell(_NUMBER, 5, str(pitch.position))
        x += _NUMBER
        pdf.set_font(FONT, "", 9)
        pdf.set_xy(x, y + 0.8)
        pdf.cell(_TITLE, 4.6, shorten(pdf, pitch.title, _TITLE - 2))
        # The code in bold: with the number, it is what the import reads back.
        code = f"code {initiative_code(pitch.initiative_id)}"
        pdf.set_font(FONT, "B", 8)
        pdf.set_xy(x, y + 4.6)
        pdf.cell(pdf.get_string_width(code) + 1, 3.4, code)
        pdf.set_font(FONT, "", 7.5)
        pdf.set_text_color(80, 80, 80)
        kern_width = _TITLE - pdf.get_string_width(code) - 3
        pdf.cell(
            kern_width,
            3.4,
            shorten(pdf, f"· {pitch.kern_name}", kern_width) if pitch.kern_name else "",
        )
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
