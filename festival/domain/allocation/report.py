"""The decision document for the college, built only from a locked allocation's record.

Everything here reads :attr:`LockedAllocation.record` — the JSON that was hashed when the
allocation was locked — and nothing from the live database, so the document shows exactly what
was locked: the ranking, amounts, outcomes and reasons, the pot and how it was computed, the
settings, the overrides and the SHA-256 to check it against.

* :func:`export_decision`: CSV (``;``, decimal comma, as Excel with Dutch settings opens it) or
  XLSX when the name ends in ``.xlsx``, with the parts "Besluit", "Instellingen" and
  "Aanpassingen".
* :func:`decision_pdf`: the A4 report for the college.
* :func:`pabulib_instance`: the outcome in the open pabulib format (whole euros; the ``selected``
  column says what was funded), for :func:`festival.domain.allocation.pabulib.write`.

The reason sentences come from :func:`festival.domain.allocation.reasons.explain` on decisions
and candidates rebuilt from the record, so they are the sentences the coordinator saw.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from festival.core.money import format_money_whole
from festival.core.sheets import Cell, Section, sections_csv, sections_xlsx
from festival.domain.allocation.model import (
    Candidate,
    Decision,
    Outcome,
    Reason,
    Result,
    Rule,
    Settings,
    TieBreak,
)
from festival.domain.allocation.pabulib import WITHDRAWN_COST, PabulibInstance, Project
from festival.domain.allocation.reasons import explain

if TYPE_CHECKING:
    from festival.domain.allocation.service import Draft, LockedAllocation, PotComputation
    from festival.domain.festivals import Festival


VERIFY_COMMAND = "festival allocation verify"


# -- the record, read back -------------------------------------------------------------------


def _only_fields(cls: type, values: Mapping[str, Any]) -> dict[str, Any]:
    """The keys a dataclass takes (a newer record may hold more)."""
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in values.items() if k in names}


def _settings(record: Mapping[str, Any]) -> Settings:
    stored = dict(record.get("settings") or {})
    chain = stored.pop("tie_break", None)
    values = _only_fields(Settings, stored)
    if chain is not None:
        values["tie_break"] = tuple(TieBreak(t) for t in chain)
    return Settings(**values)


def _candidate(values: Mapping[str, Any]) -> Candidate:
    return Candidate(**_only_fields(Candidate, values))


def _decision(values: Mapping[str, Any]) -> Decision:
    """The decision as locked: outcome, reason and amount after any override, and for an
    override its reason as the ``toelichting`` the sentence quotes."""
    data = _only_fields(Decision, values)
    data["outcome"] = Outcome(data["outcome"])
    data["reason"] = Reason(data["reason"])
    details = dict(data.get("details") or {})
    override = values.get("override")
    if override and data["reason"] is Reason.OVERRIDE:
        details["toelichting"] = str(override.get("reason", ""))
    data["details"] = details
    return Decision(**data)


def _stamp(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _local(value: datetime | None) -> datetime | None:
    """A stored moment as local time without a zone (what a spreadsheet shows)."""
    return value.astimezone().replace(tzinfo=None) if value else None


def _when(value: datetime | None) -> str:
    return value.astimezone().strftime("%d-%m-%Y %H:%M") if value else ""


@dataclass(frozen=True)
class DecisionRow:
    """One initiative's line in the decision document. Amounts in cents."""

    rank: int
    initiative_id: str
    title: str
    kern: str
    score: float | None
    """the final score the rule ranked by"""
    jury_score: float | None
    requested: int
    cost: int
    """the requested amount capped at the maximum award"""
    amount: int
    outcome: str
    reason_code: str
    reason: str
    """the Dutch sentence"""
    override_amount: int | None = None
    override_reason: str = ""
    override_by: str = ""
    override_at: datetime | None = None

    @property
    def overridden(self) -> bool:
        return self.override_amount is not None


def rows_from_record(record: Mapping[str, Any]) -> list[DecisionRow]:
    """The initiatives in the rule's order, each with its outcome and reason sentence."""
    settings = _settings(record)
    decisions = [_decision(d) for d in record.get("decisions") or []]
    result = Result(rule=Rule(str(record["rule"])), settings=settings, decisions=decisions)
    candidates = {str(c["id"]): _candidate(c) for c in record.get("candidates") or []}
    overrides = {str(d["candidate_id"]): d.get("override") for d in record.get("decisions") or []}
    rows = []
    for decision in sorted(decisions, key=lambda d: d.rank):
        candidate = candidates[decision.candidate_id]
        override = overrides.get(decision.candidate_id) or None
        rows.append(
            DecisionRow(
                rank=decision.rank,
                initiative_id=decision.candidate_id,
                title=candidate.title,
                kern=candidate.kern or "",
                score=candidate.score,
                jury_score=candidate.jury_score,
                requested=candidate.requested,
                cost=candidate.cost,
                amount=decision.amount,
                outcome=decision.outcome.value,
                reason_code=decision.reason.value,
                reason=explain(decision, candidate, result),
                override_amount=int(override["amount_cents"]) if override else None,
                override_reason=str(override.get("reason", "")) if override else "",
                override_by=str(override.get("made_by", "")) if override else "",
                override_at=_stamp(override.get("made_at")) if override else None,
            )
        )
    return rows


def decision_rows(locked: LockedAllocation) -> list[DecisionRow]:
    """Per initiative in rank order, exactly as locked."""
    return rows_from_record(locked.record)


def draft_rows(current: Draft) -> list[DecisionRow]:
    """The same rows for a draft: what locking it now would record."""
    from festival.domain.allocation.service import _record

    return rows_from_record(_record(current))


def pot_of(record: Mapping[str, Any]) -> PotComputation:
    from festival.domain.allocation.service import PotComputation

    return PotComputation(**record["pot"])


def pot_sentence(record: Mapping[str, Any]) -> str:
    return pot_of(record).sentence


def rule_of(record: Mapping[str, Any]) -> Rule:
    return Rule(str(record["rule"]))


def recomputed_sha256(locked: LockedAllocation) -> str:
    """The SHA-256 of the stored record as it is now (what ``verify`` compares)."""
    from festival.domain.allocation.service import _digest

    return _digest(locked.record)


def _chain(settings: Settings) -> str:
    return ", dan ".join(t.value for t in settings.tie_break)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}".replace(".", ",")


def _max_award(record: Mapping[str, Any]) -> int | None:
    config = record.get("config") or {}
    value = config.get("max_award_cents")
    return int(value) if value is not None else None


def status_sentence(locked: LockedAllocation) -> str:
    said = f"Vastgesteld op {_when(locked.locked_at)} door {locked.locked_by}"
    if locked.published_at is not None:
        said += f"; gepubliceerd op {_when(locked.published_at)}"
    else:
        said += "; nog niet gepubliceerd"
    if locked.superseded_by is not None:
        said += f"; vervangen door verdeling {locked.superseded_by}"
        if locked.supersede_reason:
            said += f" ({locked.supersede_reason})"
    return said + "."


# -- CSV and XLSX ----------------------------------------------------------------------------


def _euros(cents: int | None) -> float | None:
    return None if cents is None else cents / 100


def _settings_rows(locked: LockedAllocation, festival: Festival | None) -> list[tuple[Cell, ...]]:
    record: Mapping[str, Any] = locked.record
    pot: Mapping[str, Any] = record["pot"]
    settings = _settings(record)
    rule = rule_of(record)
    total = sum(r.amount for r in decision_rows(locked))
    rows: list[tuple[Cell, ...]] = []
    if festival is not None:
        rows.append(("Festival", festival.name))
    rows += [
        ("Verdeling", locked.id),
        ("Verdeelregel", f"{rule.value}: {rule.label}"),
        ("Pot", pot_sentence(record)),
        (f"Leefbaarheidsbudget {pot['year']}", _euros(int(pot["budget_cents"]))),
        ("Al toegekend", _euros(int(pot["granted_cents"]))),
        ("Reserve", _euros(int(pot["reserve_cents"]))),
        ("Pot (bij vaststellen)", _euros(int(pot["pot_cents"]))),
        ("Maximum per initiatief", _euros(_max_award(record))),
        (
            "Maximum aantal toekenningen",
            settings.max_awards if settings.max_awards is not None else "geen",
        ),
        (
            "Minimale eindscore (drempel)",
            settings.threshold if settings.threshold is not None else "geen",
        ),
        (
            "Maximum aantal per kern",
            settings.kern_max_awards if settings.kern_max_awards is not None else "geen",
        ),
        (
            "Maximum bedrag per kern",
            _euros(settings.kern_max_amount) if settings.kern_max_amount is not None else "geen",
        ),
        (
            "Deels financieren van het eerste dat niet past",
            "ja" if settings.partial_last else "nee",
        ),
        ("Bij gelijke score", _chain(settings)),
        ("Startgetal loting (seed)", settings.seed),
        ("Totaal toegekend", _euros(total)),
        ("Over", _euros(int(pot["pot_cents"]) - total)),
        ("Vastgesteld op", _local(locked.locked_at)),
        ("Vastgesteld door", locked.locked_by),
        ("Gepubliceerd", _local(locked.published_at) if locked.published_at else "nee"),
        (
            "Vervangen",
            f"door verdeling {locked.superseded_by}"
            + (f": {locked.supersede_reason}" if locked.supersede_reason else "")
            if locked.superseded_by is not None
            else "nee",
        ),
        ("SHA-256", locked.sha256),
        ("Controleren", f"met '{VERIFY_COMMAND}': rekent de SHA-256 opnieuw uit"),
    ]
    return rows


def _sections(locked: LockedAllocation, festival: Festival | None) -> list[Section]:
    rows = decision_rows(locked)
    return [
        Section(
            "Besluit",
            (
                "positie",
                "initiatief",
                "titel",
                "kern",
                "eindscore",
                "juryscore",
                "gevraagd",
                "kosten",
                "bedrag",
                "uitkomst",
                "reden_code",
                "reden",
                "aangepast",
            ),
            [
                (
                    r.rank,
                    int(r.initiative_id) if r.initiative_id.isdigit() else r.initiative_id,
                    r.title,
                    r.kern,
                    r.score,
                    r.jury_score,
                    _euros(r.requested),
                    _euros(r.cost),
                    _euros(r.amount),
                    r.outcome,
                    r.reason_code,
                    r.reason,
                    "ja" if r.overridden else "nee",
                )
                for r in rows
            ],
        ),
        Section("Instellingen", ("onderwerp", "waarde"), _settings_rows(locked, festival)),
        Section(
            "Aanpassingen",
            ("initiatief", "titel", "bedrag", "reden", "door", "op"),
            [
                (
                    int(r.initiative_id) if r.initiative_id.isdigit() else r.initiative_id,
                    r.title,
                    _euros(r.override_amount),
                    r.override_reason,
                    r.override_by,
                    _local(r.override_at),
                )
                for r in rows
                if r.overridden
            ],
        ),
    ]


def decision_file(
    locked: LockedAllocation, *, xlsx: bool, festival: Festival | None = None
) -> bytes:
    sections = _sections(locked, festival)
    return sections_xlsx(sections) if xlsx else sections_csv(sections)


def export_decision(
    locked: LockedAllocation, path: Path, *, festival: Festival | None = None
) -> str:
    """Write the decision as CSV, or XLSX when ``path`` ends in ``.xlsx``; returns the format."""
    is_xlsx = path.suffix.lower() == ".xlsx"
    path.write_bytes(decision_file(locked, xlsx=is_xlsx, festival=festival))
    return "xlsx" if is_xlsx else "csv"


# -- the PDF for the college -----------------------------------------------------------------

_LEFT, _TOP, _BOTTOM = 15.0, 14.0, 280.0
_WIDTH = 180.0
# (heading, width in mm, align) of the ranking table: 180 mm between the margins.
_COLUMNS = (
    ("Nr", 9.0, "L"),
    ("Initiatief", 79.0, "L"),
    ("Score", 16.0, "R"),
    ("Gevraagd", 22.0, "R"),
    ("Bedrag", 22.0, "R"),
    ("Uitkomst", 32.0, "L"),
)


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}".replace(".", ",")


def settings_sentences(record: Mapping[str, Any]) -> list[str]:
    """The rule and the settings in plain Dutch, one sentence each."""
    settings = _settings(record)
    rule = rule_of(record)
    maximum = _max_award(record)
    said = [f"Verdeelregel: {rule.label} ({rule.value})."]
    if maximum is not None:
        said.append(
            f"Een initiatief krijgt ten hoogste {format_money_whole(maximum)}; wie meer vraagt, "
            "dingt mee met dat maximum."
        )
    if settings.max_awards is not None:
        said.append(f"Ten hoogste {settings.max_awards} initiatieven krijgen geld.")
    else:
        said.append("Er is geen maximum aantal toekenningen.")
    if settings.threshold is not None:
        said.append(f"Alleen een eindscore van {_number(settings.threshold)} of meer telt mee.")
    per_kern = []
    if settings.kern_max_awards is not None:
        per_kern.append(f"ten hoogste {settings.kern_max_awards} toekenning(en)")
    if settings.kern_max_amount is not None:
        per_kern.append(f"ten hoogste {format_money_whole(settings.kern_max_amount)}")
    if per_kern:
        said.append(f"Per kern: {' en '.join(per_kern)}.")
    said.append(
        "Het eerste initiatief dat niet meer past, krijgt wat er over is."
        if settings.partial_last
        else "Een initiatief dat niet meer past, wordt niet gedeeltelijk gefinancierd."
    )
    said.append(
        f"Bij gelijke score beslist: {_chain(settings)}"
        + (
            f" (startgetal van de loting: {settings.seed})."
            if TieBreak.LOT in settings.tie_break
            else "."
        )
    )
    return said


def decision_pdf(locked: LockedAllocation, festival: Festival) -> bytes:
    """The A4 report for the college: status, the pot and how it was computed, the rule and
    settings, the ranking with a reason per initiative, the overrides with their reasons, and
    the SHA-256 with how to check it; every page numbered."""
    from festival.core.dates import format_date_long
    from festival.core.printing import A4, FONT, new_document, shorten, to_bytes

    record: Mapping[str, Any] = locked.record
    rows = decision_rows(locked)
    pot: Mapping[str, Any] = record["pot"]
    pot_cents = int(pot["pot_cents"])
    total = sum(r.amount for r in rows)
    pdf = new_document(A4, title=f"Verdeling festivalpot {festival.name}")
    pdf.alias_nb_pages()
    y = 0.0

    def footer() -> None:
        pdf.set_font(FONT, "", 7.5)
        pdf.set_text_color(90, 90, 90)
        pdf.set_xy(_LEFT, 287)
        pdf.cell(130, 4, f"Verdeling {locked.id} · SHA-256 {locked.sha256[:16]}…")
        pdf.set_xy(_LEFT + 130, 287)
        pdf.cell(50, 4, f"Pagina {pdf.page_no()} van {{nb}}", align="R")
        pdf.set_text_color(0, 0, 0)

    def new_page() -> None:
        nonlocal y
        pdf.add_page()
        footer()
        y = _TOP

    def room(height: float) -> None:
        if y + height > _BOTTOM:
            new_page()

    def lines(text: str, width: float, size: float, style: str = "") -> list[str]:
        pdf.set_font(FONT, style, size)
        found = pdf.multi_cell(width, size * 0.45, text, dry_run=True, output="LINES")
        return list(found) if isinstance(found, list) else [text]

    def paragraph(
        text: str, size: float = 9.5, style: str = "", gap: float = 1.2, indent: float = 0.0
    ) -> None:
        nonlocal y
        height = size * 0.45
        found = lines(text, _WIDTH - indent, size, style)
        room(height * len(found))
        pdf.set_font(FONT, style, size)
        for line in found:
            pdf.set_xy(_LEFT + indent, y)
            pdf.cell(_WIDTH - indent, height, line)
            y += height
        y += gap

    def heading(text: str) -> None:
        nonlocal y
        room(16)
        y += 3
        paragraph(text, 12, "B", gap=1.5)

    new_page()
    pdf.set_font(FONT, "B", 16)
    pdf.set_xy(_LEFT, y)
    pdf.cell(_WIDTH, 8, "Verdeling van de festivalpot")
    y += 9
    paragraph(festival.name, 12, "B", gap=0.5)
    about = " · ".join(p for p in (format_date_long(festival.date), festival.place) if p)
    paragraph(about, 9.5, gap=3)
    paragraph(status_sentence(locked), 9.5, "B", gap=1)
    paragraph(
        f"Verdeeld: {format_money_whole(total)} over "
        f"{sum(1 for r in rows if r.amount > 0)} van {len(rows)} initiatieven; "
        f"over in de pot: {format_money_whole(pot_cents - total)}.",
        9.5,
    )

    heading("De pot")
    paragraph(pot_sentence(record) + ".", 9.5, gap=1)
    paragraph(
        "De pot volgt uit het budgetoverzicht: het leefbaarheidsbudget van het jaar, min wat "
        "al is toegekend, min de reserve, zoals het stond op het moment van vaststellen.",
        9,
    )

    heading("Regel en instellingen")
    for sentence in settings_sentences(record):
        paragraph(sentence, 9.5, gap=0.8)
    paragraph(
        "Deze instellingen liggen vast sinds de jury het scoren vergrendelde.",
        9,
    )

    heading("Rangschikking en uitkomst")
    paragraph(
        "In de volgorde van de regel: de eindscore, het gevraagde bedrag, wat het "
        "initiatief krijgt, en waarom. * = handmatig aangepast (zie Aanpassingen).",
        9,
        gap=2,
    )

    def table_header() -> None:
        nonlocal y
        pdf.set_font(FONT, "B", 8.5)
        x = _LEFT
        for index, (title, width, align) in enumerate(_COLUMNS):
            figure = index >= 2  # the figures sit 2.5 mm apart, as in the rows
            pdf.set_xy(x + (2.5 if figure and align == "L" else 0.0), y)
            pdf.cell(width - (2.5 if figure else 0.0), 5, title, align=align)
            x += width
        pdf.set_draw_color(0, 0, 0)
        pdf.set_line_width(0.3)
        pdf.line(_LEFT, y + 5.5, _LEFT + _WIDTH, y + 5.5)
        y += 6.5

    room(20)
    table_header()
    title_width = _COLUMNS[1][1] - 2
    for row in rows:
        title_lines = lines(row.title, title_width, 9, "B")
        if len(title_lines) > 3:  # a very long title: three lines, the last one cut with "…"
            title_lines = [*title_lines[:2], shorten(pdf, " ".join(title_lines[2:]), title_width)]
        reason_lines = lines(row.reason, _WIDTH - _COLUMNS[0][1], 8)
        kern_height = 3.6 if row.kern else 0.0
        height = 4.3 * len(title_lines) + kern_height + 3.8 * len(reason_lines) + 2.2
        if y + height > _BOTTOM:
            new_page()
            table_header()
        top = y
        pdf.set_font(FONT, "B", 9)
        pdf.set_xy(_LEFT, top)
        pdf.cell(_COLUMNS[0][1], 4.3, str(row.rank))
        for number, line in enumerate(title_lines):
            pdf.set_xy(_LEFT + _COLUMNS[0][1], top + number * 4.3)
            pdf.cell(_COLUMNS[1][1], 4.3, line)
        y = top + 4.3 * len(title_lines)
        if row.kern:
            pdf.set_font(FONT, "", 7.5)
            pdf.set_text_color(80, 80, 80)
            pdf.set_xy(_LEFT + _COLUMNS[0][1], y)
            pdf.cell(_COLUMNS[1][1], 3.6, shorten(pdf, row.kern, title_width))
            pdf.set_text_color(0, 0, 0)
            y += kern_height
        outcome = row.outcome + (" *" if row.overridden else "")
        figures = (
            _score(row.score),
            format_money_whole(row.requested),
            format_money_whole(row.amount),
            outcome,
        )
        x = _LEFT + _COLUMNS[0][1] + _COLUMNS[1][1]
        for column, (text, (_, width, align)) in enumerate(zip(figures, _COLUMNS[2:], strict=True)):
            pdf.set_font(FONT, "B" if column == 2 and row.amount else "", 9)
            inset = 2.5 if align == "L" else 0.0
            pdf.set_xy(x + inset, top)
            shown = shorten(pdf, text, width - 2.5)
            pdf.cell(width - 2.5, 4.3, shown, align=align)
            x += width
        pdf.set_font(FONT, "", 8)
        pdf.set_text_color(40, 40, 40)
        for line in reason_lines:
            pdf.set_xy(_LEFT + _COLUMNS[0][1], y)
            pdf.cell(_WIDTH - _COLUMNS[0][1], 3.8, line)
            y += 3.8
        pdf.set_text_color(0, 0, 0)
        y += 1.0
        pdf.set_draw_color(190, 190, 190)
        pdf.set_line_width(0.2)
        pdf.line(_LEFT, y, _LEFT + _WIDTH, y)
        y += 1.2
    pdf.set_font(FONT, "B", 9)
    room(6)
    pdf.set_xy(_LEFT, y + 0.5)
    pdf.cell(_COLUMNS[0][1] + _COLUMNS[1][1], 5, "Totaal")
    pdf.set_xy(_LEFT + sum(w for _, w, _ in _COLUMNS[:4]), y + 0.5)
    pdf.cell(_COLUMNS[4][1] - 2.5, 5, format_money_whole(total), align="R")
    y += 7

    heading("Aanpassingen")
    changed = [r for r in rows if r.overridden]
    if not changed:
        paragraph("Geen: elk bedrag is wat de regel gaf.", 9.5)
    for r in changed:
        assert r.override_amount is not None
        paragraph(
            f"{r.title}: {format_money_whole(r.override_amount)}, aangepast door "
            f"{r.override_by} op {_when(r.override_at)}.",
            9.5,
            "B",
            gap=0.3,
        )
        paragraph(f"Reden: {r.override_reason}", 9.5, gap=1.5, indent=4)

    heading("Controle")
    paragraph(
        "SHA-256 van het vastgelegde verslag (invoer, instellingen, regel, startgetal en "
        "uitkomst):",
        9.5,
        gap=0.8,
    )
    paragraph(locked.sha256, 9, "B", gap=1.5)
    paragraph(
        f"Controleren: '{VERIFY_COMMAND}' rekent de SHA-256 opnieuw uit over het vastgelegde "
        "verslag en meldt 'klopt' als het sinds het vaststellen niet is veranderd. Dezelfde "
        "uitkomst staat in het open pabulib-formaat met 'festival pabulib export BESTAND.pb'; "
        f"'festival pabulib run BESTAND.pb --rule {rule_of(record).value}' rekent de regel "
        "daarop na" + (" (zonder de handmatige aanpassingen)." if changed else "."),
        9,
    )
    return to_bytes(pdf)


# -- pabulib ---------------------------------------------------------------------------------


def _whole_up(cents: int) -> int:
    return -(-cents // 100)


def pabulib_instance(locked: LockedAllocation, festival: Festival) -> PabulibInstance:
    """The locked outcome as a pabulib file: the projects in the rule's order (so equal scores
    keep that order), cost = the capped cost in whole euros rounded up, score = the final
    score, ``selected`` 1 for what got money; the budget is the pot in whole euros."""
    record: Mapping[str, Any] = locked.record
    rows = decision_rows(locked)
    candidates = {str(c["id"]): c for c in record.get("candidates") or []}
    pot: Mapping[str, Any] = record["pot"]
    meta = {
        "description": (
            f"Verdeling van de festivalpot, {festival.name}; vastgesteld op "
            f"{_when(locked.locked_at)}, SHA-256 {locked.sha256}"
        ),
        "country": "Nederland",
        "unit": "Buren",
        "instance": festival.name,
        "num_projects": str(len(rows)),
        "num_votes": "0",
        "budget": str(int(pot["pot_cents"]) // 100),
        "currency": "EUR",
        "vote_type": "scoring",
        "rule": rule_of(record).value,
        "date_begin": festival.date.strftime("%d.%m.%Y"),
        "date_end": festival.date.strftime("%d.%m.%Y"),
    }
    projects = [
        Project(
            id=r.initiative_id,
            cost=(
                WITHDRAWN_COST
                if candidates.get(r.initiative_id, {}).get("withdrawn")
                else _whole_up(r.cost)
            ),
            score=None if r.score is None else round(r.score, 4),
            name=r.title,
            extra={"selected": "1" if r.amount > 0 else "0"},
        )
        for r in rows
    ]
    return PabulibInstance(meta=meta, projects=projects, votes=[])
