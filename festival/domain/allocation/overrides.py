"""The coordinator's overrides: fund, don't fund or change an amount by hand, with a reason,
never beyond the pot in total; and undoing one.

The checks read the draft inside the override's own ``BEGIN IMMEDIATE`` transaction, so the
pot and the other amounts they compare against are the ones at the moment it is stored.
"""

from __future__ import annotations

from festival.core.errors import InvalidInput, NotAllowed, NotFound, ValidationErrors
from festival.core.money import format_money_whole, parse_amount
from festival.core.text import clean_text
from festival.domain import permissions
from festival.domain.allocation.inputs import read_inputs
from festival.domain.allocation.locking import active_allocation
from festival.domain.allocation.proposal import draft_from
from festival.domain.festivals import Festival
from festival.domain.permissions import Caller
from festival.store.database import Database, utc_now


def set_override(
    db: Database,
    caller: Caller,
    festival: Festival,
    initiative_id: int,
    amount: str,
    reason: str,
) -> None:
    """Fund, don't fund or change an amount by hand, with a required reason; never beyond
    the pot in total."""
    permissions.require(caller, permissions.ALLOCATION_OVERRIDE)
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
    actor = caller.actor
    with db.write(actor) as tx:
        current = draft_from(read_inputs(tx, festival))
        if str(initiative_id) not in {c.id for c in current.candidates}:
            raise NotFound("Dit initiatief staat niet op het programma.")
        requested = next(c.requested for c in current.candidates if c.id == str(initiative_id))
        if cents > requested:
            raise ValidationErrors(
                {"amount": f"Meer dan gevraagd ({format_money_whole(requested)})."}
            )
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
        if active_allocation(tx, festival.id) is not None:
            raise NotAllowed("De verdeling is vastgesteld; een nieuwe vervangt haar (met reden).")
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


def clear_override(db: Database, caller: Caller, festival: Festival, initiative_id: int) -> None:
    """Undo a hand-made amount: the rule's amount counts again."""
    permissions.require(caller, permissions.ALLOCATION_UNDO_OVERRIDE)
    with db.write(caller.actor) as tx:
        tx.execute(
            "DELETE FROM allocation_overrides WHERE festival_id = ? AND initiative_id = ?",
            (festival.id, initiative_id),
        )
        tx.audit("handmatige aanpassing teruggedraaid", "initiative", initiative_id)
