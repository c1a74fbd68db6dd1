"""A walk-in in under thirty seconds: name, role, kern or organisation, e-mail, consent.

Duplicates are checked before saving (the same e-mail, or the same name however it is spelled,
in any kern): staff either check in the person already registered or add the walk-in anyway.
The dialog returns the registration to check in. A badge scanned while the form is open checks
that person in at the desk; the form keeps what was typed (:class:`ScanWins`).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Select, Static

from festival.core.errors import ValidationErrors
from festival.domain import registration
from festival.domain.festivals import Festival
from festival.domain.kernen import Kern
from festival.domain.registration import DuplicateFound, FestivalRole, PersonInput, Registration
from festival.session import Session
from festival.ui.dialogs.form_dialog import FormDialog
from festival.ui.dialogs.scan_wins import ScanWins
from festival.ui.widgets.form_field import FormField
from festival.ui.widgets.scan_input import GuardedInput


class WalkInDialog(ScanWins, FormDialog[Registration]):
    AUTO_FOCUS = "#name"

    def __init__(self, session: Session, festival: Festival, kernen: list[Kern]) -> None:
        super().__init__()
        self.session = session
        self.festival = festival
        self.kernen = kernen
        self.duplicates: list[Registration] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static("Walk-in aanmelden", classes="dialog-title")
            # No max_length: a pasted name that is too long is refused with a message, not cut.
            yield FormField("Naam", GuardedInput(id="name", compact=True), name="name")
            yield FormField(
                "Rol",
                Select(
                    [(r.label, r.value) for r in FestivalRole],
                    id="role",
                    compact=True,
                    allow_blank=False,
                    value=FestivalRole.VISITOR.value,
                ),
                name="roles",
            )
            yield FormField(
                "Kern",
                Select(
                    [(k.name, k.name) for k in self.kernen],
                    id="kern",
                    compact=True,
                    prompt="kies een kern",
                ),
                name="kern_id",
            )
            yield FormField(
                "Organisatie",
                GuardedInput(
                    id="organisation",
                    compact=True,
                    placeholder="als iemand niet uit een kern komt",
                ),
                name="organisation",
            )
            yield FormField(
                "E-mail",
                GuardedInput(id="email", compact=True, placeholder="niet verplicht"),
                name="email",
            )
            yield Checkbox("Naam op de badge", value=True, id="consent-badge", compact=True)
            yield Checkbox("Mag na afloop benaderd worden", id="consent-contact", compact=True)
            yield Static("", id="duplicates", markup=False)
            with Horizontal(id="duplicate-buttons", classes="dialog-buttons"):
                yield Button("Bestaande inchecken", id="use-existing", variant="success")
                yield Button("Toch nieuw toevoegen", id="add-anyway", variant="warning")
            yield from self.form_footer("Aanmelden en inchecken")

    def on_mount(self) -> None:
        self._warned(False)

    def collect(self) -> PersonInput:
        kern = self.query_one("#kern", Select).value
        return PersonInput(
            name=self.query_one("#name", Input).value,
            roles=str(self.query_one("#role", Select).value),
            kern="" if kern == Select.NULL else str(kern),
            organisation=self.query_one("#organisation", Input).value,
            email=self.query_one("#email", Input).value,
            consent_badge=self.query_one("#consent-badge", Checkbox).value,
            consent_contact=self.query_one("#consent-contact", Checkbox).value,
        )

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        self._register(allow_duplicate=False)

    @on(Button.Pressed, "#add-anyway")
    def add_anyway(self) -> None:
        self._register(allow_duplicate=True)

    @on(Button.Pressed, "#use-existing")
    def use_existing(self) -> None:
        if self.duplicates:
            self.dismiss(self.duplicates[0])

    def _register(self, *, allow_duplicate: bool) -> None:
        try:
            stored = registration.register(
                self.session.db,
                self.session.user,
                self.festival.id,
                self.collect(),
                source="walk-in",
                allow_duplicate=allow_duplicate,
            )
        except ValidationErrors as exc:
            self.show_errors(exc.errors)
            return
        except DuplicateFound as exc:
            self.show_errors({})
            self.duplicates = exc.matches
            lines = [Text("Lijkt al aangemeld:", style="bold yellow")]
            for i, match in enumerate(exc.matches[:3]):
                state = "ingecheckt" if match.checked_in_at else "nog niet ingecheckt"
                mark = "→ " if i == 0 else "  "  # the one "Bestaande inchecken" takes
                lines.append(
                    Text(f"{mark}{match.name} · {match.role_labels} · {match.origin} · {state}")
                )
            self.query_one("#duplicates", Static).update(Text("\n").join(lines))
            self._warned(True)
            self.query_one("#use-existing", Button).focus()
            return
        self.dismiss(stored)

    def _warned(self, shown: bool) -> None:
        """Show or take away the duplicate warning. While it shows, its two buttons stand in
        for the form's own (Esc still cancels), so on a small terminal the buttons to press
        stay in view."""
        self.query_one("#duplicates").display = shown
        self.query_one("#duplicate-buttons").display = shown
        save_buttons = self.query_one("#save", Button).parent
        if save_buttons is not None:
            save_buttons.display = not shown
        if shown:
            self.call_after_refresh(self.query_one("#duplicate-buttons").scroll_visible)

    @on(Input.Changed)
    @on(Select.Changed)
    def _edited(self) -> None:
        # The warning was about what was typed then: after an edit, the form checks again.
        if self.duplicates:
            self.duplicates = []
            self._warned(False)
