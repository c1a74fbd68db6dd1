"""Add or edit a leefbaarheidsbudget application, with errors beside the fields."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Button, Input, Select, Static

from festival.core.errors import NotAllowed, NotFound, ValidationErrors
from festival.domain import budget
from festival.domain.budget import Application, ApplicationInput, ApplicationStatus
from festival.domain.kernen import Kern
from festival.session import Session
from festival.ui.dialogs.form_dialog import FormDialog
from festival.ui.widgets.form_field import FormField


class ApplicationDialog(FormDialog[Application]):
    """Returns the stored :class:`Application`, or None when cancelled."""

    AUTO_FOCUS = "#kern"

    def __init__(
        self,
        session: Session,
        kernen: list[Kern],
        *,
        year: int,
        application: Application | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.kernen = kernen
        self.year = year
        self.application = application

    def compose(self) -> ComposeResult:
        a = self.application.as_input() if self.application else None
        title = "Aanvraag wijzigen" if self.application else "Nieuwe aanvraag"
        kern_options = [(k.name, k.name) for k in self.kernen]
        with VerticalScroll(classes="dialog"):
            yield Static(title, classes="dialog-title")
            yield FormField(
                "Jaar",
                Input(
                    a.year if a else str(self.year), id="year", compact=True, restrict=r"\d{0,4}"
                ),
                name="year",
            )
            yield FormField(
                "Kern",
                Select(
                    kern_options,
                    id="kern",
                    compact=True,
                    prompt="kies een kern",
                    value=a.kern if a and a.kern in dict(kern_options) else Select.NULL,
                ),
                name="kern_id",
            )
            yield FormField(
                "Titel",
                Input(a.title if a else "", id="title", compact=True, max_length=200),
                name="title",
            )
            yield FormField(
                "Aanvrager",
                Input(
                    a.applicant if a else "",
                    id="applicant",
                    compact=True,
                    max_length=120,
                    placeholder="organisatie of groep, geen privépersoon",
                ),
                name="applicant",
            )
            yield FormField(
                "Gevraagd €",
                Input(
                    a.requested if a else "",
                    id="requested",
                    compact=True,
                    placeholder="bijv. 1.234,50",
                ),
                name="requested_cents",
            )
            yield FormField(
                "Toegekend €",
                Input(a.granted if a else "0", id="granted", compact=True),
                name="granted_cents",
            )
            yield FormField(
                "Status",
                Select(
                    [(s.label, s.value) for s in ApplicationStatus],
                    id="status",
                    compact=True,
                    allow_blank=False,
                    value=a.status if a else ApplicationStatus.PENDING.value,
                ),
                name="status",
            )
            yield FormField(
                "Besluitdatum",
                Input(
                    a.decision_date if a else "",
                    id="decision",
                    compact=True,
                    placeholder="dd-mm-jjjj",
                ),
                name="decision_date",
            )
            yield from self.form_footer()

    def _value(self, selector: str) -> str:
        return self.query_one(selector, Input).value

    def collect(self) -> ApplicationInput:
        kern = self.query_one("#kern", Select).value
        status = self.query_one("#status", Select).value
        return ApplicationInput(
            year=self._value("#year"),
            kern="" if kern == Select.NULL else str(kern),
            title=self._value("#title"),
            applicant=self._value("#applicant"),
            requested=self._value("#requested"),
            granted=self._value("#granted"),
            status=str(status),
            decision_date=self._value("#decision"),
        )

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        data = self.collect()
        try:
            if self.application is None:
                stored = budget.add_application(self.session.db, self.session.user, data)
            else:
                stored = budget.update_application(
                    self.session.db, self.session.user, self.application.id, data
                )
        except ValidationErrors as exc:
            self.show_errors(exc.errors)
            return
        except (NotAllowed, NotFound) as exc:
            self.show_errors({}, exc.message)
            return
        self.dismiss(stored)
