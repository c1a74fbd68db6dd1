"""The festival's allocation as the coordinator runs it: settings, the pot, the draft with its
what-ifs and overrides, locking with a verifiable record, publishing and superseding.

The pot is computed, never typed: the year's budget − granted − reserve from the ledger,
recorded as it stands at the moment of locking.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from datetime import datetime

from pydantic import BaseModel

from festival.core.errors import InvalidInput, NotAllowed, NotFound, ValidationErrors
from festival.core.money import format_money_whole, parse_amount
from festival.core.text import clean_text
from festival.domain import budget, jury
from festival.domain.accounts import Role, User
from festival.domain.allocation.ballots import ballots
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
from festival.domain.festivals import Festival
from festival.store.database import Actor, Database, Row, Transaction, utc_now

DEFAULT_MAX_AWARD_CENTS = 250_000


class PotComputation(BaseModel):
    year: int
    budget_cents: int
    granted_cents: int
    reserve_cents: int
    pot_cents: int

    @property
    def sentence(self) -> str:
        return (
            f"Pot {format_money_whole(self.pot_cents)} = leefbaarheidsbudget {self.year} "
            f"{format_money_whole(self.budget_cents)} − al toegekend "
            f"{format_money_whole(self.granted_cents)} − reserve "
            f"{format_money_whole(self.reserve_cents)}"
        )


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


class Override(BaseModel):
    initiative_id: int
    amount_cents: int
    reason: str
    made_by: str
    made_at: str


class Draft(BaseModel):
    """What the rule gives now, with the coordinator's overrides applied."""

    model_config = {"arbitrary_types_allowed": True}

    festival_id: int
    pot: PotComputation
    config: AllocationConfig
    candidates: list[Candidate]
    result: Result
    overrides: dict[int, Override]
    amounts: dict[int, int]
    """initiative → cents after overrides"""
    ballots: list[list[str]] = []
    """the audience's approval ballots (anonymous), so Equal Shares can be re-checked"""

    @property
    def total(self) -> int:
        return sum(self.amounts.values())


class LockedAllocation(BaseModel):
    id: int
    festival_id: int
    locked_at: datetime
    locked_by: str
    sha256: str
    record: dict[str, object]
    published_at: datetime | None
    superseded_by: int | None
    supersede_reason: str | None

    def verify(self) -> bool:
        """Whether the stored record still hashes to the stored hash."""
        return _digest(self.record) == self.sha256


def _digest(record: dict[str, object]) -> str:
    canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _require_coordinator(by: User | None, what: str) -> None:
    if by is not None and by.role is not Role.COORDINATOR:
        raise NotAllowed(f"{what} mag alleen de coördinator.")


# -- the pot and the settings ----------------------------------------------------------------


def pot(db: Database, festival: Festival) -> PotComputation:
    summary = budget.summary(db, festival.date.year)
    return PotComputation(
        year=festival.date.year,
        budget_cents=summary.budget.budget_cents,
        granted_cents=summary.granted_cents,
        reserve_cents=summary.budget.reserve_cents,
        pot_cents=max(0, summary.pot_cents),
    )


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


def set_config(
    db: Database, actor: Actor, festival: Festival, data: ConfigInput, *, by: User | None = None
) -> AllocationConfig:
    """Fix the settings before the day; refused once frozen (when the jury's scoring locks)."""
    _require_coordinator(by, "De verdeelregels vastleggen")
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
    with db.write(actor) as tx:
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


# -- the draft -------------------------------------------------------------------------------


def candidates(db: Database, festival_id: int, config: AllocationConfig) -> list[Candidate]:
    """Every pitched initiative, in programme order, with its final score and capped cost."""
    ranked, _ = jury.ranking(db, festival_id)
    by_id = {r.initiative_id: r for r in ranked}
    votes = {
        r["initiative_id"]: r["votes"]
        for r in db.fetchall("SELECT initiative_id, votes FROM audience_votes")
    }
    return [
        Candidate(
            id=str(p.initiative_id),
            title=p.title,
            cost=min(p.requested_cents, config.max_award_cents),
            requested=p.requested_cents,
            score=by_id[p.initiative_id].final_score,
            jury_score=by_id[p.initiative_id].jury_score,
            kern=p.kern_name,
            approvals=votes.get(p.initiative_id, 0),
        )
        for p in jury.list_pitches(db, festival_id)
    ]


def rule_settings(config: AllocationConfig, pot_cents: int) -> Settings:
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


class RuleUnavailable(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def apply_rule(
    rule: Rule,
    items: list[Candidate],
    settings: Settings,
    votes: list[frozenset[str]] | None = None,
) -> Result:
    """Run one rule. A minimum final score (``settings.threshold``) applies to every rule:
    who scores below it is not eligible, whatever the rule (the threshold rule is exactly
    greedy over the eligible ones)."""
    minimum = settings.threshold
    if minimum is None or rule is Rule.GREEDY_THRESHOLD:
        return _apply_rule(rule, items, settings, votes)
    below = [c for c in items if c.score is not None and c.score < minimum]
    eligible = [c for c in items if c not in below]
    result = _apply_rule(rule, eligible, settings, votes)
    decisions = list(result.decisions)
    for c in sorted(below, key=lambda c: -(c.score or 0.0)):
        decisions.append(
            Decision(
                candidate_id=c.id,
                rank=len(decisions) + 1,
                outcome=Outcome.NOT_FUNDED,
                amount=0,
                reason=Reason.BELOW_THRESHOLD,
                remaining_before=settings.pot - result.total,
                funded_before=len(result.funded),
                details={
                    "score": c.score or 0.0,
                    "drempel": minimum,
                    "gevraagd": c.requested,
                    "kosten": c.cost,
                },
            )
        )
    return Result(rule=result.rule, settings=result.settings, decisions=decisions)


def _apply_rule(
    rule: Rule,
    items: list[Candidate],
    settings: Settings,
    votes: list[frozenset[str]] | None = None,
) -> Result:
    """Run one rule (the rule modules are imported here, where they are needed)."""
    if rule is Rule.GREEDY:
        from festival.domain.allocation.greedy import greedy

        return greedy(items, settings, skip=True)
    if rule is Rule.GREEDY_NO_SKIP:
        from festival.domain.allocation.greedy import greedy

        return greedy(items, settings, skip=False)
    if rule is Rule.GREEDY_THRESHOLD:
        from festival.domain.allocation.greedy import greedy_threshold

        if settings.threshold is None:
            raise RuleUnavailable("De drempelregel heeft een drempel nodig.")
        return greedy_threshold(items, settings)
    if rule is Rule.KNAPSACK:
        from festival.domain.allocation.knapsack import knapsack

        return knapsack(items, settings)
    if not votes:
        raise RuleUnavailable(
            "Equal Shares verdeelt naar goedkeuringsstemmen van het publiek; lees die eerst in "
            "met: festival jury ballots BESTAND (stemmer;initiatief)."
        )
    from festival.domain.allocation.equal_shares import equal_shares

    return equal_shares(items, votes, settings.pot, tie_seed=settings.seed)


def overrides(db: Database | Transaction, festival_id: int) -> dict[int, Override]:
    return {
        r["initiative_id"]: Override(
            initiative_id=r["initiative_id"],
            amount_cents=r["amount_cents"],
            reason=r["reason"],
            made_by=r["made_by"],
            made_at=r["made_at"],
        )
        for r in db.fetchall(
            "SELECT * FROM allocation_overrides WHERE festival_id = ?", (festival_id,)
        )
    }


def draft(db: Database, festival: Festival, rule: Rule | None = None) -> Draft:
    config = get_config(db, festival.id)
    computed = pot(db, festival)
    items = candidates(db, festival.id, config)
    votes = ballots(db, festival.id)
    result = apply_rule(
        rule or config.rule, items, rule_settings(config, computed.pot_cents), votes
    )
    made = overrides(db, festival.id)
    amounts = {int(d.candidate_id): d.amount for d in result.decisions}
    for initiative_id, override in made.items():
        amounts[initiative_id] = override.amount_cents
    return Draft(
        festival_id=festival.id,
        pot=computed,
        config=config,
        candidates=items,
        result=result,
        overrides=made,
        amounts=amounts,
        ballots=[sorted(b) for b in votes],
    )


def what_if(db: Database, festival: Festival) -> dict[Rule, Result | str]:
    """Every rule on the same inputs: a comparison, never saved as the outcome."""
    config = get_config(db, festival.id)
    computed = pot(db, festival)
    items = candidates(db, festival.id, config)
    settings = rule_settings(config, computed.pot_cents)
    votes = ballots(db, festival.id)
    out: dict[Rule, Result | str] = {}
    for rule in Rule:
        try:
            out[rule] = apply_rule(rule, items, settings, votes)
        except RuleUnavailable as exc:
            out[rule] = exc.message
    return out


def set_override(
    db: Database,
    actor: Actor,
    festival: Festival,
    initiative_id: int,
    amount: str,
    reason: str,
    *,
    by: User | None = None,
) -> None:
    """Fund, don't fund or change an amount by hand, with a required reason; never beyond
    the pot in total."""
    _require_coordinator(by, "Een toekenning aanpassen")
    errors: dict[str, str] = {}
    cents = 0
    try:
        cents = parse_amount(amount if amount.strip() else "0", "amount")
    except InvalidInput as exc:
        errors["amount"] = exc.message
    try:
        why = clean_text(reason, "reason", "Reden", max_length=300)
    except InvalidInput as exc:
        errors["reason"] = exc.message
    if errors:
        raise ValidationErrors(errors)
    current = draft(db, festival)
    if str(initiative_id) not in {c.id for c in current.candidates}:
        raise NotFound("Dit initiatief staat niet op het programma.")
    requested = next(c.requested for c in current.candidates if c.id == str(initiative_id))
    if cents > requested:
        raise ValidationErrors({"amount": f"Meer dan gevraagd ({format_money_whole(requested)})."})
    new_total = current.total - current.amounts.get(initiative_id, 0) + cents
    if new_total > current.pot.pot_cents:
        raise ValidationErrors(
            {
                "amount": (
                    f"Dan wordt in totaal {format_money_whole(new_total)} verdeeld, meer dan "
                    f"de pot van {format_money_whole(current.pot.pot_cents)}."
                )
            }
        )
    if _active(db, festival.id) is not None:
        raise NotAllowed("De verdeling is vastgesteld; een nieuwe vervangt haar (met reden).")
    with db.write(actor) as tx:
        tx.execute(
            "INSERT INTO allocation_overrides (festival_id, initiative_id, amount_cents, reason,"
            " made_by, made_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (festival_id, initiative_id)"
            " DO UPDATE SET amount_cents = excluded.amount_cents, reason = excluded.reason,"
            " made_by = excluded.made_by, made_at = excluded.made_at",
            (festival.id, initiative_id, cents, why, actor.name, utc_now()),
        )
        tx.audit(
            "toekenning handmatig aangepast",
            "initiative",
            initiative_id,
            {"bedrag": current.amounts.get(initiative_id, 0)},
            {"bedrag": cents, "reden": why},
        )


def clear_override(
    db: Database, actor: Actor, festival: Festival, initiative_id: int, *, by: User | None = None
) -> None:
    _require_coordinator(by, "Een aanpassing terugdraaien")
    with db.write(actor) as tx:
        tx.execute(
            "DELETE FROM allocation_overrides WHERE festival_id = ? AND initiative_id = ?",
            (festival.id, initiative_id),
        )
        tx.audit("handmatige aanpassing teruggedraaid", "initiative", initiative_id)


# -- locking, publishing, superseding --------------------------------------------------------


def _locked(r: Row) -> LockedAllocation:
    published = r["published_at"]
    return LockedAllocation(
        id=r["id"],
        festival_id=r["festival_id"],
        locked_at=datetime.fromisoformat(r["locked_at"]),
        locked_by=r["locked_by"],
        sha256=r["sha256"],
        record=json.loads(r["record"]),
        published_at=datetime.fromisoformat(published) if published else None,
        superseded_by=r["superseded_by"],
        supersede_reason=r["supersede_reason"],
    )


def _active(db: Database | Transaction, festival_id: int) -> LockedAllocation | None:
    row = db.fetchone(
        "SELECT * FROM allocations WHERE festival_id = ? AND superseded_by IS NULL"
        " ORDER BY id DESC LIMIT 1",
        (festival_id,),
    )
    return _locked(row) if row else None


def active_allocation(db: Database, festival_id: int) -> LockedAllocation | None:
    return _active(db, festival_id)


def history(db: Database, festival_id: int) -> list[LockedAllocation]:
    return [
        _locked(r)
        for r in db.fetchall(
            "SELECT * FROM allocations WHERE festival_id = ? ORDER BY id", (festival_id,)
        )
    ]


def _record(current: Draft) -> dict[str, object]:
    decisions = []
    for d in current.result.decisions:
        amount = current.amounts[int(d.candidate_id)]
        override = current.overrides.get(int(d.candidate_id))
        decisions.append(
            {
                **asdict(d),
                "outcome": d.outcome.value
                if override is None
                else (Outcome.NOT_FUNDED.value if amount == 0 else Outcome.FUNDED.value),
                "reason": d.reason.value if override is None else Reason.OVERRIDE.value,
                "amount": amount,
                "override": override.model_dump() if override else None,
            }
        )
    return {
        "festival_id": current.festival_id,
        "pot": current.pot.model_dump(),
        "config": current.config.model_dump(mode="json"),
        "rule": current.result.rule.value,
        "settings": {
            **asdict(current.result.settings),
            "tie_break": [t.value for t in current.result.settings.tie_break],
        },
        "candidates": [asdict(c) for c in current.candidates],
        "decisions": decisions,
        "ballots": current.ballots,
        "total": current.total,
    }


def lock_allocation(
    db: Database,
    actor: Actor,
    festival: Festival,
    *,
    by: User | None = None,
    supersede_reason: str | None = None,
) -> LockedAllocation:
    """Vaststellen: store inputs, settings, rule, seed and outcome with their SHA-256."""
    _require_coordinator(by, "De verdeling vaststellen")
    if jury.get_state(db, festival.id).status is not jury.JuryStatus.LOCKED:
        raise NotAllowed("Vergrendel eerst het scoren van de jury.")
    current = draft(db, festival)
    if current.total > current.pot.pot_cents:
        raise NotAllowed(
            f"De verdeling ({format_money_whole(current.total)}) is groter dan de "
            f"pot ({format_money_whole(current.pot.pot_cents)})."
        )
    record = _record(current)
    digest = _digest(record)
    with db.write(actor) as tx:
        previous = _active(tx, festival.id)
        if previous is not None and not supersede_reason:
            raise NotAllowed("Er is al een vastgestelde verdeling; vervang haar met een reden.")
        why = (
            clean_text(supersede_reason, "reason", "Reden", max_length=300)
            if supersede_reason
            else None
        )
        allocation_id = tx.insert(
            "allocations",
            {
                "festival_id": festival.id,
                "locked_at": utc_now(),
                "locked_by": actor.name,
                "record": json.dumps(record, sort_keys=True, ensure_ascii=False),
                "sha256": digest,
            },
        )
        if previous is not None:
            tx.execute(
                "UPDATE allocations SET superseded_by = ?, supersede_reason = ? WHERE id = ?",
                (allocation_id, why, previous.id),
            )
        tx.execute(
            "INSERT OR IGNORE INTO allocation_settings (festival_id, year) VALUES (?, ?)",
            (festival.id, festival.date.year),
        )
        tx.execute(
            "UPDATE allocation_settings SET frozen = 1 WHERE festival_id = ?", (festival.id,)
        )
        tx.audit(
            "verdeling vastgesteld",
            "allocation",
            allocation_id,
            None,
            {
                "sha256": digest,
                "totaal": current.total,
                "vervangt": previous.id if previous else None,
                "reden": why,
            },
        )
    found = _active(db, festival.id)
    assert found is not None
    return found


def publish_allocation(
    db: Database, actor: Actor, festival: Festival, *, by: User | None = None
) -> LockedAllocation:
    _require_coordinator(by, "De verdeling publiceren")
    with db.write(actor) as tx:
        active = _active(tx, festival.id)
        if active is None:
            raise NotAllowed("Stel de verdeling eerst vast.")
        tx.execute("UPDATE allocations SET published_at = ? WHERE id = ?", (utc_now(), active.id))
        tx.audit("verdeling gepubliceerd", "allocation", active.id, None, {"sha256": active.sha256})
    found = _active(db, festival.id)
    assert found is not None
    return found
