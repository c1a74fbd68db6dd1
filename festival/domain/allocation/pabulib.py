"""The open pabulib format (pabulib.org/format): reading and writing ``.pb`` files (running a
rule on one is :mod:`festival.domain.allocation.pabulib_run`).

A ``.pb`` file is UTF-8 text in three sections, in this order: ``META`` (a ``key;value`` header,
then one key per line: ``budget`` and ``vote_type`` are required), ``PROJECTS`` (a header with
at least ``project_id`` and ``cost``; ``votes``, ``score``, ``name`` and any other columns are
optional) and ``VOTES`` (a header with at least ``voter_id`` and ``vote``; ``points`` for
cumulative and scoring ballots). Each section starts with its title line and a header line;
fields are ``;``-separated with CSV quoting (``"a;b"``, ``""`` for a quote); spaces around a
field and blank lines are ignored. ``vote`` lists project ids separated by commas (for ordinal
ballots best first), ``points`` the matching numbers.

Costs and the budget are amounts in the file's currency, read exactly as decimals
(``921012.06``; a decimal comma as pabulib's own tools also accept it). A project costing
999999999 is a withdrawn one. A ballot that names a project twice counts it once, as pabulib's
own tools do; :attr:`PabulibInstance.warnings` says where (in Dutch).

Running a rule on a file is :mod:`festival.domain.allocation.pabulib_run`.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

SECTIONS = ("META", "PROJECTS", "VOTES")
#: The cost pabulib gives a withdrawn project.
WITHDRAWN_COST = 999_999_999
#: One unit of the file's currency, as cents of a candidate.
UNIT = 100

Number = int | float
VoteType = Literal["approval", "cumulative", "scoring", "ordinal"]
VOTE_TYPES: tuple[VoteType, ...] = ("approval", "cumulative", "scoring", "ordinal")

_INTEGER = re.compile(r"[+-]?\d+")
_WHOLE = re.compile(r"(\d+)(?:\.0*)?")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_AMOUNT = re.compile(r"\d+(?:[.,]\d*)?|[.,]\d+")


class PabulibError(ValueError):
    """A malformed pabulib file: the 1-based ``line`` and a Dutch ``message``."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"regel {line}: {message}")
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Project:
    id: str
    cost: Decimal
    """in the file's currency, exactly as written (``Decimal("921012.06")``)"""
    votes: int | None = None
    score: Number | None = None
    name: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    """the other columns, as text"""

    @property
    def withdrawn(self) -> bool:
        return self.cost == WITHDRAWN_COST


@dataclass(frozen=True)
class Vote:
    voter_id: str
    projects: tuple[str, ...]
    """the ``vote`` column: project ids (for ordinal ballots best first)"""
    points: tuple[Number, ...] | None = None
    extra: dict[str, str] = field(default_factory=dict)
    """the other columns (age, sex, ...), as text"""


@dataclass(frozen=True)
class PabulibInstance:
    meta: dict[str, str]
    """every META key with its value as text, in file order"""
    projects: list[Project]
    votes: list[Vote]
    project_columns: tuple[str, ...] = ()
    """the PROJECTS header as read; empty: :func:`write` derives it"""
    vote_columns: tuple[str, ...] = ()
    """the VOTES header as read; empty: :func:`write` derives it"""
    warnings: tuple[str, ...] = ()
    """what was read but not as written (a project named twice in one ballot), in Dutch"""

    @property
    def budget(self) -> Decimal:
        return amount(self.meta.get("budget", ""), 0, "budget")

    @property
    def vote_type(self) -> VoteType:
        value = self.meta.get("vote_type", "").strip().lower()
        for vote_type in VOTE_TYPES:
            if value == vote_type:
                return vote_type
        raise ValueError(f"unknown vote_type {value!r}")

    @property
    def threshold(self) -> Number | None:
        text = self.meta.get("min_project_score_threshold", "").strip()
        return _number(text, 0, "min_project_score_threshold") if text else None


# -- reading -------------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """The text of a file's bytes (UTF-8, a byte-order mark allowed)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise PabulibError(line, "geen geldige UTF-8-tekst") from exc


def _fields(text: str, line: int) -> list[str]:
    try:
        rows = list(csv.reader([text], delimiter=";", strict=True))
    except csv.Error as exc:
        raise PabulibError(line, f"onleesbare regel ({exc})") from exc
    return [value.strip() for value in rows[0]] if rows else []


def _whole(text: str, line: int, column: str) -> int:
    match = _WHOLE.fullmatch(text.strip())
    if not match:
        raise PabulibError(line, f"{column}: {text!r} is geen geheel getal van 0 of meer")
    return int(match.group(1))


def amount(text: str, line: int, column: str) -> Decimal:
    """An amount of money in the file's currency: 0 or more, decimals kept exactly."""
    text = text.strip()
    if not _AMOUNT.fullmatch(text):
        raise PabulibError(
            line, f"{column}: {text!r} is geen bedrag (een getal van 0 of meer, zoals 1200 of "
            "921012.06)"
        )  # fmt: skip
    return Decimal(text.replace(",", "."))


def amount_text(given: Decimal | int) -> str:
    """An amount as a pabulib file writes it: ``1200``, ``30798.5`` → ``30798.50``."""
    value = Decimal(given)
    if value == value.to_integral_value():
        return str(int(value))
    return f"{value:.2f}" if value == value.quantize(Decimal("0.01")) else str(value)


def _number(text: str, line: int, column: str) -> Number:
    text = text.strip()
    if _INTEGER.fullmatch(text):
        return int(text)
    if _NUMBER.fullmatch(text):
        value = float(text)
        if math.isfinite(value):
            return value
    raise PabulibError(line, f"{column}: {text!r} is geen getal")


class _Reader:
    """One pass over the lines; each section's rows are checked as they come."""

    def __init__(self) -> None:
        self.section: str | None = None
        self.header: list[str] | None = None
        self.header_line = 0
        self.seen: dict[str, int] = {}  # section -> line of its title
        self.meta: dict[str, str] = {}
        self.meta_lines: dict[str, int] = {}
        self.projects: list[Project] = []
        self.project_ids: set[str] = set()
        self.votes: list[Vote] = []
        self.voter_ids: set[str] = set()
        self.project_columns: tuple[str, ...] = ()
        self.vote_columns: tuple[str, ...] = ()
        self.vote_type: VoteType | None = None
        self.warnings: list[str] = []

    def title(self, name: str, line: int) -> None:
        if self.section is not None and self.header is None:
            raise PabulibError(line, f"sectie {self.section} heeft geen kopregel")
        if name in self.seen:
            raise PabulibError(line, f"sectie {name} staat er voor de tweede keer in")
        expected = SECTIONS[len(self.seen)]
        if name != expected:
            raise PabulibError(
                line, f"sectie {expected} ontbreekt: verwacht vóór {name} (volgorde META, "
                "PROJECTS, VOTES)"
            )  # fmt: skip
        if name == "PROJECTS":
            self.end_meta()
        self.seen[name] = line
        self.section, self.header = name, None

    def end_meta(self) -> None:
        line = self.seen["META"]
        for key in ("budget", "vote_type"):
            if key not in self.meta:
                raise PabulibError(line, f"META mist de verplichte sleutel {key}")

    def read_header(self, fields: list[str], line: int) -> None:
        names = [name.lower() for name in fields]
        while names and not names[-1]:
            names.pop()  # a stray ';' at the end
        if "" in names:
            raise PabulibError(line, f"lege kolomnaam in de kopregel van {self.section}")
        if len(set(names)) != len(names):
            raise PabulibError(line, f"kolomnaam dubbel in de kopregel van {self.section}")
        if self.section == "META":
            if names[:2] != ["key", "value"] or any(names[2:]):
                raise PabulibError(line, "de kopregel van META moet 'key;value' zijn")
            names = names[:2]
        else:
            projects = self.section == "PROJECTS"
            required = ("project_id", "cost") if projects else ("voter_id", "vote")
            for name in required:
                if name not in names:
                    raise PabulibError(
                        line, f"kolom {name} ontbreekt in de kopregel van {self.section}"
                    )
            if projects:
                self.project_columns = tuple(names)
            else:
                self.vote_columns = tuple(names)
                if self.vote_type in ("cumulative", "scoring") and "points" not in names:
                    raise PabulibError(
                        line, f"kolom points ontbreekt: nodig bij vote_type {self.vote_type}"
                    )
        self.header, self.header_line = names, line

    def row(self, fields: list[str], line: int) -> dict[str, str]:
        assert self.header is not None
        width = len(self.header)
        if len(fields) > width and not any(fields[width:]):
            fields = fields[:width]  # trailing empty fields: a stray ';' at the end
        if len(fields) != width:
            raise PabulibError(
                line, f"{len(fields)} velden, maar de kopregel (regel {self.header_line}) "
                f"heeft er {width}"
            )  # fmt: skip
        return dict(zip(self.header, fields, strict=True))

    def meta_row(self, fields: list[str], line: int) -> None:
        values = self.row(fields, line)
        key = values["key"].lower()
        value = values["value"]
        if not key:
            raise PabulibError(line, "sleutel ontbreekt")
        if key in self.meta:
            raise PabulibError(line, f"sleutel {key} staat er al (regel {self.meta_lines[key]})")
        if key == "budget":
            amount(value, line, "budget")
        elif key == "vote_type":
            kind = value.lower()
            if kind not in VOTE_TYPES:
                raise PabulibError(
                    line, f"onbekend vote_type {value!r}: kies uit {', '.join(VOTE_TYPES)}"
                )
            self.vote_type = next(t for t in VOTE_TYPES if t == kind)
        elif key == "min_project_score_threshold" and value:
            _number(value, line, key)
        self.meta[key] = value
        self.meta_lines[key] = line

    def project_row(self, fields: list[str], line: int) -> None:
        values = self.row(fields, line)
        project_id = values.pop("project_id")
        if not project_id:
            raise PabulibError(line, "project_id is leeg")
        if project_id in self.project_ids:
            raise PabulibError(line, f"project {project_id} staat er al")
        cost = amount(values.pop("cost"), line, "cost")
        votes_text = values.pop("votes", "")
        score_text = values.pop("score", "")
        name = values.pop("name", "")
        self.project_ids.add(project_id)
        self.projects.append(
            Project(
                id=project_id,
                cost=cost,
                votes=_whole(votes_text, line, "votes") if votes_text else None,
                score=_number(score_text, line, "score") if score_text else None,
                name=name,
                extra=values,
            )
        )

    def vote_row(self, fields: list[str], line: int) -> None:
        values = self.row(fields, line)
        voter_id = values.pop("voter_id")
        if not voter_id:
            raise PabulibError(line, "voter_id is leeg")
        if voter_id in self.voter_ids:
            raise PabulibError(line, f"stemmer {voter_id} staat er al")
        vote_text = values.pop("vote")
        projects = tuple(p.strip() for p in vote_text.split(",")) if vote_text else ()
        for project in projects:
            if project not in self.project_ids:
                raise PabulibError(line, f"stem op onbekend project {project!r}")
        points_text = values.pop("points", None)
        points: tuple[Number, ...] | None = None
        if points_text:
            parts = [p.strip() for p in points_text.split(",")]
            points = tuple(_number(p, line, "points") for p in parts)
            if len(points) != len(projects):
                raise PabulibError(
                    line, f"{len(points)} punten bij {len(projects)} projecten in de stem"
                )
        elif self.vote_type in ("cumulative", "scoring") and projects:
            raise PabulibError(line, f"punten ontbreken: nodig bij vote_type {self.vote_type}")
        if len(set(projects)) != len(projects):
            # pabulib's own tools count such a project once: so do we, and say so.
            twice = sorted({p for p in projects if projects.count(p) > 1})
            first = {p: projects.index(p) for p in projects}
            keep = sorted(first.values())
            projects = tuple(projects[i] for i in keep)
            if points is not None:
                points = tuple(points[i] for i in keep)
            self.warnings.append(
                f"regel {line}: stemmer {voter_id} noemt project {', '.join(twice)} meer dan "
                "eens; één keer geteld"
            )
        self.voter_ids.add(voter_id)
        self.votes.append(Vote(voter_id, projects, points, values))


def parse(text: str) -> PabulibInstance:
    """Read a pabulib file; :class:`PabulibError` names the first line that is wrong."""
    reader = _Reader()
    lines = text.removeprefix("\ufeff").split("\n")
    last = 1
    for number, raw in enumerate(lines, start=1):
        content = raw.rstrip("\r")
        if not content.strip():
            continue
        last = number
        fields = _fields(content, number)
        first = fields[0].upper() if fields else ""
        if first in SECTIONS and not any(fields[1:]):
            reader.title(first, number)
        elif reader.section is None:
            raise PabulibError(number, "het bestand moet beginnen met de sectie META")
        elif reader.header is None:
            reader.read_header(fields, number)
        elif reader.section == "META":
            reader.meta_row(fields, number)
        elif reader.section == "PROJECTS":
            reader.project_row(fields, number)
        else:
            reader.vote_row(fields, number)
    if reader.section is None:
        raise PabulibError(last, "sectie META ontbreekt: het bestand is leeg")
    for name in SECTIONS:
        if name not in reader.seen:
            raise PabulibError(last, f"sectie {name} ontbreekt (einde van het bestand)")
    if reader.header is None:
        raise PabulibError(last, f"sectie {reader.section} heeft geen kopregel")
    return PabulibInstance(
        meta=reader.meta,
        projects=reader.projects,
        votes=reader.votes,
        project_columns=reader.project_columns,
        vote_columns=reader.vote_columns,
        warnings=tuple(reader.warnings),
    )


# -- writing -------------------------------------------------------------------------------


def _text(value: Number) -> str:
    return str(value) if isinstance(value, int) else repr(value)


def _project_columns(instance: PabulibInstance) -> tuple[str, ...]:
    if instance.project_columns:
        return instance.project_columns
    columns = ["project_id", "cost"]
    if any(p.votes is not None for p in instance.projects):
        columns.append("votes")
    if any(p.score is not None for p in instance.projects):
        columns.append("score")
    if any(p.name for p in instance.projects):
        columns.append("name")
    for p in instance.projects:
        columns += [key for key in p.extra if key not in columns]
    return tuple(columns)


def _vote_columns(instance: PabulibInstance) -> tuple[str, ...]:
    if instance.vote_columns:
        return instance.vote_columns
    columns = ["voter_id", "vote"]
    kind = instance.meta.get("vote_type", "").strip().lower()
    if kind in ("cumulative", "scoring") or any(v.points is not None for v in instance.votes):
        columns.append("points")
    for v in instance.votes:
        columns += [key for key in v.extra if key not in columns]
    return tuple(columns)


def _project_value(project: Project, column: str) -> str:
    if column == "project_id":
        return project.id
    if column == "cost":
        return amount_text(project.cost)
    if column == "votes":
        return "" if project.votes is None else str(project.votes)
    if column == "score":
        return "" if project.score is None else _text(project.score)
    if column == "name":
        return project.name
    return project.extra.get(column, "")


def _vote_value(vote: Vote, column: str) -> str:
    if column == "voter_id":
        return vote.voter_id
    if column == "vote":
        return ",".join(vote.projects)
    if column == "points":
        return "" if vote.points is None else ",".join(_text(p) for p in vote.points)
    return vote.extra.get(column, "")


def write(instance: PabulibInstance) -> str:
    """The instance as pabulib text (``\\n`` line ends); :func:`parse` reads it back equal."""
    buffer = io.StringIO()
    out = csv.writer(buffer, delimiter=";", lineterminator="\n")
    out.writerow(["META"])
    out.writerow(["key", "value"])
    for key, value in instance.meta.items():
        out.writerow([key, value])
    out.writerow(["PROJECTS"])
    columns = _project_columns(instance)
    out.writerow(columns)
    for project in instance.projects:
        out.writerow([_project_value(project, c) for c in columns])
    out.writerow(["VOTES"])
    columns = _vote_columns(instance)
    out.writerow(columns)
    for vote in instance.votes:
        out.writerow([_vote_value(vote, c) for c in columns])
    return buffer.getvalue()
