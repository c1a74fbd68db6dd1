"""The decision as a spreadsheet: CSV (``;``, decimal comma, as Excel with Dutch settings opens
it) or XLSX, with the parts "Besluit", "Instellingen" and "Aanpassingen"; built only from the
locked allocation's record."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from festival.core.files import write_private
from festival.core.sheets import Cell, Section, sections_csv, sections_xlsx
from festival.domain.allocation.record import LockedAllocation
from festival.domain.allocation.report_text import (
    VERIFY_COMMAND,
    VERIFY_HASH_COMMAND,
    chain,
    decision_rows,
    local,
    pot_sentence,
    rule_settings_of,
)

if TYPE_CHECKING:
    from festival.domain.festivals import Festival


def _euros(cents: int | None) -> float | None:
    return None if cents is None else cents / 100


def _settings_rows(locked: LockedAllocation, festival: Festival | None) -> list[tuple[Cell, ...]]:
    record = locked.record
    pot = record.pot
    settings = rule_settings_of(record)
    rule = record.rule
    total = sum(r.amount for r in decision_rows(locked))
    rows: list[tuple[Cell, ...]] = []
    if festival is not None:
        rows.append(("Festival", festival.name))
    rows += [
        ("Verdeling", locked.id),
        ("Verdeelregel", f"{rule.value}: {rule.label}"),
        ("Pot", pot_sentence(record)),
        (f"Leefbaarheidsbudget {pot.year}", _euros(pot.budget_cents)),
        ("Al toegekend", _euros(pot.granted_cents)),
        ("Reserve", _euros(pot.reserve_cents)),
        ("Pot (bij vaststellen)", _euros(pot.pot_cents)),
        ("Maximum per initiatief", _euros(record.config.max_award_cents)),
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
        ("Bij gelijke score", chain(settings)),
        ("Startgetal loting (seed)", settings.seed),
        ("Totaal toegekend", _euros(total)),
        ("Over", _euros(pot.pot_cents - total)),
        ("Vastgesteld op", local(locked.locked_at)),
        ("Vastgesteld door", locked.locked_by),
        ("Gepubliceerd", local(locked.published_at) if locked.published_at else "nee"),
        (
            "Vervangen",
            f"door verdeling {locked.superseded_by}"
            + (f": {locked.supersede_reason}" if locked.supersede_reason else "")
            if locked.superseded_by is not None
            else "nee",
        ),
        ("SHA-256", locked.sha256),
        (
            "Controleren",
            f"met '{VERIFY_HASH_COMMAND} {locked.sha256[:16]}': zegt of dit besluit nog klopt "
            f"(of met '{VERIFY_COMMAND}')",
        ),
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
                    local(r.override_at),
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
    write_private(path, decision_file(locked, xlsx=is_xlsx, festival=festival))
    return "xlsx" if is_xlsx else "csv"
