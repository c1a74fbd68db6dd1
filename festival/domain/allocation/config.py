"""The allocation's rule settings, fixed in advance: which rule, the maximum award, caps, the
tie-break chain and the seed of the lot. Frozen once the jury's scoring locks."""

from __future__ import annotations

import json

from pydantic import BaseModel

from festival.core.errors import InvalidInput, NotAllowed, ValidationErrors
from festival.core.money import parse_amount
from festival.domain import jury, permissions
from festival.domain.allocation.model import Rule, Settings, TieBreak
from festival.domain.festivals import Festival
from festival.domain.permissions import Caller
from festival.store.database import Database, Transaction

DEFAULT_MAX_AWARD_CENTS = 250_000


class AllocationConfig(BaseModel):
    rule: Rule
    max_award_cents: int
    max_awards: int | None
    threshold: float | None
    kern_max_awards: int | None
    kern_max_amount: int | None
    partial_last: bool
    tie_break: tuple[TieBreak, ...]
    seed: int
    frozen: bool


class ConfigInput(BaseModel):
    """The settings form, as text."""

    rule: str = Rule.GREEDY.value
    max_award: str = "2.500"
    max_awards: str = ""
    threshold: str = ""
    kern_max_awards: str = ""
    kern_max_amount: str = ""
    partial_last: bool = False
    tie_break: str = "hogere juryscore, lager bedrag, loting"


def get_config(db: Database | Transaction, festival_id: int) -> AllocationConfig:
    row = db.fetchone("SELECT * FROM allocation_settings WHERE festival_id = ?", (festival_id,))
    stored = json.loads(row["settings"]) if row else {}
    chain = stored.get("tie_break") or [t.value for t in Settings(pot=0).tie_break]
    return AllocationConfig(
        rule=Rule(row["rule"]) if row else Rule.GREEDY,
        max_award_cents=row["max_award_cents"] if row else DEFAULT_MAX_AWARD_CENTS,
        max_awards=stored.get("max_awards"),
        threshold=stored.get("threshold"),
        kern_max_awards=stored.get("kern_max_awards"),
        kern_max_amount=stored.get("kern_max_amount"),
        partial_last=bool(stored.get("partial_last", False)),
        tie_break=tuple(TieBreak(t) for t in chain),
        seed=int(stored.get("seed", festival_id * 7919)),
        frozen=bool(row["frozen"]) if row else False,
    )


def rule_settings(config: AllocationConfig, pot_cents: int) -> Settings:
    """What the rule modules take: the settings with the pot."""
    return Settings(
        pot=pot_cents,
        max_awards=config.max_awards,
        threshold=config.threshold,
        kern_max_awards=config.kern_max_awards,
        kern_max_amount=config.kern_max_amount,
        partial_last=config.partial_last,
        tie_break=config.tie_break,
        seed=config.seed,
    )


def _optional_int(text: str, field: str, label: str) -> int | None:
    raw = text.strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) == 0:
        raise InvalidInput(f"{label} is een heel getal groter dan 0 (of leeg).", field)
    return int(raw)


def _parse_chain(text: str) -> tuple[TieBreak, ...]:
    chain = []
    for part in (p.strip().lower() for p in text.split(",")):
        if not part:
            continue
        match = next((t for t in TieBreak if t.value == part), None)
        if match is None:
            choices = ", ".join(t.value for t in TieBreak)
            raise InvalidInput(f"Onbekende beslisregel {part!r}; kies uit: {choices}.", "tie_break")
        chain.append(match)
    if not chain:
        raise InvalidInput("Geef minstens één beslisregel bij gelijke score.", "tie_break")
    return tuple(chain)


def _parse(data: ConfigInput) -> dict[str, object]:
    """The form's values, or :class:`ValidationErrors` naming every field that is wrong."""
    errors: dict[str, str] = {}
    values: dict[str, object] = {}
    for field, parse in (
        ("rule", lambda: Rule(data.rule.strip())),
        ("max_award_cents", lambda: parse_amount(data.max_award, "max_award_cents")),
        (
            "max_awards",
            lambda: _optional_int(data.max_awards, "max_awards", "Het maximum aantal toekenningen"),
        ),
        (
            "threshold",
            lambda: float(data.threshold.replace(",", ".")) if data.threshold.strip() else None,
        ),
        (
            "kern_max_awards",
            lambda: _optional_int(data.kern_max_awards, "kern_max_awards", "Het maximum per kern"),
        ),
        (
            "kern_max_amount",
            lambda: (
                parse_amount(data.kern_max_amount, "kern_max_amount")
                if data.kern_max_amount.strip()
                else None
            ),
        ),
        ("tie_break", lambda: _parse_chain(data.tie_break)),
    ):
        try:
            values[field] = parse()
        except (InvalidInput, ValueError) as exc:
            errors[field] = getattr(exc, "message", None) or f"Ongeldige waarde: {exc}"
    if values.get("max_award_cents") == 0:
        errors["max_award_cents"] = "Het maximum per initiatief moet groter zijn dan € 0."
    threshold = values.get("threshold")
    if isinstance(threshold, float) and not 0 <= threshold <= 100:
        errors["threshold"] = "De drempel ligt tussen 0 en 100."
    if values.get("rule") is Rule.GREEDY_THRESHOLD and threshold is None:
        errors["threshold"] = "De drempelregel heeft een drempel nodig."
    if errors:
        raise ValidationErrors(errors)
    return values


def set_config(
    db: Database, caller: Caller, festival: Festival, data: ConfigInput
) -> AllocationConfig:
    """Fix the settings before the day; refused once frozen (when the jury's scoring locks)."""
    permissions.require(caller, permissions.ALLOCATION_CONFIGURE)
    values = _parse(data)
    with db.write(caller.actor) as tx:
        current = get_config(tx, festival.id)
        if current.frozen or jury.get_state(tx, festival.id).status is jury.JuryStatus.LOCKED:
            raise NotAllowed("De verdeelregels liggen vast sinds de jury vergrendelde.")
        stored = {
            "max_awards": values["max_awards"],
            "threshold": values["threshold"],
            "kern_max_awards": values["kern_max_awards"],
            "kern_max_amount": values["kern_max_amount"],
            "partial_last": data.partial_last,
            "tie_break": [t.value for t in values["tie_break"]],  # type: ignore[attr-defined]
            "seed": current.seed,
        }
        tx.execute(
            "INSERT INTO allocation_settings (festival_id, rule, max_award_cents, settings, year)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (festival_id) DO UPDATE SET rule = excluded.rule,"
            " max_award_cents = excluded.max_award_cents, settings = excluded.settings",
            (
                festival.id,
                str(values["rule"]),
                values["max_award_cents"],
                json.dumps(stored),
                festival.date.year,
            ),
        )
        tx.audit(
            "verdeelregels vastgelegd",
            "allocation",
            festival.id,
            current.model_dump(mode="json"),
            {"rule": str(values["rule"]), **stored, "max_award_cents": values["max_award_cents"]},
        )
    return get_config(db, festival.id)
