"""Set a year's liveability budget, the reserve kept back, and the maximum per application."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Button, Input, Static

from festival.core.errors import NotAllowed, ValidationErrors
from festival.core.money import format_money
from festival.domain import budget
from festival.domain.budget import BudgetYear, BudgetYearInput
from festival.session import Session
from festival.ui.dialogs.form_dialog import FormDialog
from festival.ui.widgets.form_field import FormField


def _amount(cents: int) -> str:
    return format_money(cents).replace("€\xa0", "")


class BudgetYearDialog(FormDialog[BudgetYear]):
    def __init__(self, session: Session, current: BudgetYear) -> None:
        super().__init__()
        self.session = session
        self.current = current

    def compose(self) -> ComposeResult:
        c = self.current
        with VerticalScroll(classes="dialog"):
            yield Static(f"Jaarbudget {c.year}", classes="dialog-title")
            yield Static(
                "De pot voor het festival = budget − toegekend − reserve.",
                classes="dialog-help",
            )
            yield FormField(
                "Budget €",
                Input(
                    _amount(c.budget_cents) if c.is_set else "",
                    id="budget",
                    compact=True,
                    placeholder="bijv. 50.000",
                ),
                name="budget_cents",
            )
            yield FormField(
                "Reserve €",
                Input(_amount(c.reserve_cents), id="reserve", compact=True),
                name="reserve_cents",
            )
            yield FormField(
                "Max. per aanvraag",
                Input(_amount(c.max_grant_cents), id="max", compact=True),
                name="max_grant_cents",
            )
            yield from self.form_footer()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        data = BudgetYearInput(
            year=str(self.current.year),
            budget=self.query_one("#budget", Input).value,
            reserve=self.query_one("#reserve", Input).value or "0",
            max_grant=self.query_one("#max", Input).value,
        )
        try:
            stored = budget.set_budget_year(self.session.db, self.session.user, data)
        except ValidationErrors as exc:
            self.show_errors(exc.errors)
            return
        except NotAllowed as exc:
            self.show_errors({}, exc.message)
            return
        self.dismiss(stored)
