"""Change one initiative's amount by hand (0 = not funded), with a required reason."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Input, Static

from festival.core.errors import NotAllowed, NotFound, ValidationErrors
from festival.core.money import format_money
from festival.domain.allocation.overrides import set_override
from festival.domain.festivals import Festival
from festival.session import Session
from festival.ui.dialogs.form_dialog import FormDialog
from festival.ui.widgets.form_field import FormField


class OverrideDialog(FormDialog[bool]):
    AUTO_FOCUS = "#amount"

    def __init__(
        self,
        session: Session,
        festival: Festival,
        initiative_id: int,
        title: str,
        amount_cents: int,
    ) -> None:
        super().__init__()
        self.session = session
        self.festival = festival
        self.initiative_id = initiative_id
        self.title_text = title
        self.amount_cents = amount_cents

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                f"Toekenning aanpassen: {self.title_text}", classes="dialog-title", markup=False
            )
            yield Static(
                "0 = niet toekennen. De aanpassing en de reden staan in het besluit.",
                classes="dialog-help",
            )
            yield FormField(
                "Bedrag €",
                Input(
                    format_money(self.amount_cents).replace("€\xa0", ""), id="amount", compact=True
                ),
                name="amount",
            )
            yield FormField(
                "Reden", Input(id="reason", compact=True, max_length=300), name="reason"
            )
            yield from self.form_footer()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        try:
            set_override(
                self.session.db,
                self.session.user,
                self.festival,
                self.initiative_id,
                self.query_one("#amount", Input).value,
                self.query_one("#reason", Input).value,
            )
        except ValidationErrors as exc:
            self.show_errors(exc.errors)
            return
        except (NotAllowed, NotFound) as exc:
            self.show_errors({}, exc.message)
            return
        self.dismiss(True)
