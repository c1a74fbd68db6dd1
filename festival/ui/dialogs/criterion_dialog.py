"""Add or change a jury criterion: name, what it asks, weight, scale and level descriptions."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Button, Input, Static

from festival.core.errors import InvalidInput, NotAllowed, NotFound, ValidationErrors
from festival.domain import jury
from festival.domain.festivals import Festival
from festival.domain.jury import Criterion, CriterionInput
from festival.session import Session
from festival.ui.dialogs.form_dialog import FormDialog
from festival.ui.widgets.form_field import FormField


class CriterionDialog(FormDialog[Criterion]):
    AUTO_FOCUS = "#name"

    def __init__(
        self, session: Session, festival: Festival, criterion: Criterion | None = None
    ) -> None:
        super().__init__()
        self.session = session
        self.festival = festival
        self.criterion = criterion

    def compose(self) -> ComposeResult:
        c = self.criterion
        levels = "; ".join(f"{k}={v}" for k, v in sorted(c.levels.items())) if c else ""
        with VerticalScroll(classes="dialog dialog-wide"):
            yield Static("Criterium wijzigen" if c else "Nieuw criterium", classes="dialog-title")
            yield FormField(
                "Naam",
                Input(c.name if c else "", id="name", compact=True, max_length=60),
                name="name",
            )
            yield FormField(
                "Omschrijving",
                Input(c.description if c else "", id="description", compact=True, max_length=300),
                name="description",
            )
            yield FormField(
                "Gewicht",
                Input(str(c.weight) if c else "1", id="weight", compact=True, restrict=r"\d{0,3}"),
                name="weight",
            )
            yield FormField(
                "Schaal van",
                Input(
                    str(c.scale_min) if c else "1",
                    id="scale-min",
                    compact=True,
                    restrict=r"\d{0,3}",
                ),
                name="scale_min",
            )
            yield FormField(
                "Schaal tot",
                Input(
                    str(c.scale_max) if c else "10",
                    id="scale-max",
                    compact=True,
                    restrict=r"\d{0,3}",
                ),
                name="scale_max",
            )
            yield FormField(
                "Niveaus",
                Input(
                    levels,
                    id="levels",
                    compact=True,
                    max_length=800,
                    placeholder="1=nauwelijks; 5=redelijk; 10=uitstekend",
                ),
                name="levels",
            )
            yield Static(
                "Juryleden zien de omschrijving van het niveau terwijl ze scoren.",
                classes="dialog-help",
            )
            yield from self.form_footer()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        data = CriterionInput(
            name=self.query_one("#name", Input).value,
            description=self.query_one("#description", Input).value,
            weight=self.query_one("#weight", Input).value,
            scale_min=self.query_one("#scale-min", Input).value,
            scale_max=self.query_one("#scale-max", Input).value,
            levels=self.query_one("#levels", Input).value,
        )
        db, caller = self.session.db, self.session.user
        try:
            if self.criterion is None:
                stored = jury.add_criterion(db, caller, self.festival.id, data)
            else:
                stored = jury.update_criterion(
                    db, caller, self.festival.id, self.criterion.id, data
                )
        except ValidationErrors as exc:
            self.show_errors(exc.errors)
            return
        except (NotAllowed, NotFound, InvalidInput) as exc:
            self.show_errors({}, exc.message)
            return
        self.dismiss(stored)
