"""What is left of the year's budget for the festival to divide: computed, never typed.

The pot is the year's budget − what is already granted − the reserve, from the ledger as it
stands at the moment it is read (when locking: inside the lock's own transaction).
"""

from __future__ import annotations

from pydantic import BaseModel

from festival.core.money import format_money_whole
from festival.domain import budget
from festival.domain.festivals import Festival
from festival.store.database import Database, Transaction


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


def pot(db: Database | Transaction, festival: Festival) -> PotComputation:
    summary = budget.summary(db, festival.date.year)
    return PotComputation(
        year=festival.date.year,
        budget_cents=summary.budget.budget_cents,
        granted_cents=summary.granted_cents,
        reserve_cents=summary.budget.reserve_cents,
        pot_cents=max(0, summary.pot_cents),
    )
