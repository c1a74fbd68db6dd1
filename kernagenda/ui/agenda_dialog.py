"""Start a kern's agenda, or change its version name, period and next review date, and the
head of the residents' document (village association, contact point, kernavond)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Button, Input, Static

from festival.core.dates import format_date, parse_optional_date
from festival.core.errors import InvalidInput, NotAllowed, NotFound, ValidationErrors
from festival.domain.kernen import Kern
from festival.session import Session
from festival.ui.dialogs.form_dialog import FormDialog
from festival.ui.widgets.form_field import FormField
from kernagenda.domain.agendas import create_agenda, update_agenda
from kernagenda.domain.models import Agenda, AgendaStatus
from kernagenda.domain.publication import set_document_head


class AgendaDialog(FormDialog[Agenda]):
    """Returns the stored agenda, or None when cancelled."""

    AUTO_FOCUS = "#version-label"

    def __init__(self, session: Session, kern: Kern, agenda: Agenda | None = None) -> None:
        super().__init__()
        self.session = session
        self.kern = kern
        self.agenda = agenda

    def compose(self) -> ComposeResult:
        a = self.agenda
        title = f"Kernagenda {self.kern.name}" + (" wijzigen" if a else " aanmaken")
        with VerticalScroll(classes="dialog", id="agenda-form"):
            yield Static(title, classes="dialog-title", markup=False)
            if a is not None and a.status is AgendaStatus.FIXED:
                yield Static(
                    "Vastgesteld: de naam blijft tot de volgende conceptversie.",
                    classes="dialog-help",
                )
            yield FormField(
                "Versie",
                Input(
                    a.version_label if a else "",
                    id="version-label",
                    compact=True,
                    max_length=80,
                    placeholder="bijv. eerste versie 2025",
                ),
                name="version_label",
            )
            yield FormField(
                "Periode",
                Input(
                    a.period if a else "",
                    id="period",
                    compact=True,
                    max_length=80,
                    placeholder="bijv. 2025-2028",
                ),
                name="period",
            )
            yield FormField(
                "Herziening",
                Input(
                    format_date(a.review_date) if a else "",
                    id="review-date",
                    compact=True,
                    placeholder="dd-mm-jjjj",
                ),
                name="review_date",
            )
            yield FormField(
                "Vereniging",
                Input(
                    a.association if a else "",
                    id="association",
                    compact=True,
                    max_length=200,
                    placeholder="bijv. Dorpsbelang Zoelen",
                ),
                name="association",
            )
            yield FormField(
                "Contactpunt",
                Input(
                    a.contact if a else "",
                    id="contact",
                    compact=True,
                    max_length=300,
                    placeholder="openbaar, bijv. de kernregisseur via de gemeente",
                ),
                name="contact",
            )
            yield FormField(
                "Kernavond",
                Input(
                    format_date(a.kernavond_date) if a else "",
                    id="kernavond-date",
                    compact=True,
                    placeholder="dd-mm-jjjj",
                ),
                name="kernavond_date",
            )
            yield from self.form_footer()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        label = self.query_one("#version-label", Input).value
        period = self.query_one("#period", Input).value
        review = self.query_one("#review-date", Input).value
        db, user = self.session.db, self.session.user
        try:
            # Checked first: a new agenda must not be made when the rest of the form is wrong.
            parse_optional_date(self.query_one("#kernavond-date", Input).value, "kernavond_date")
            if self.agenda is None:
                stored = create_agenda(
                    db, user, self.kern.id, label, period=period, review_date=review
                )
            else:
                stored = update_agenda(
                    db, user, self.agenda.id, version_label=label, period=period, review_date=review
                )
            stored = set_document_head(
                db,
                user,
                stored.id,
                association=self.query_one("#association", Input).value,
                contact=self.query_one("#contact", Input).value,
                kernavond_date=self.query_one("#kernavond-date", Input).value,
            )
        except ValidationErrors as exc:
            self.show_errors(exc.errors)
            return
        except InvalidInput as exc:
            # A field this form has shows the message beside it; any other goes below.
            self.show_errors({exc.field or "": exc.message})
            return
        except (NotAllowed, NotFound) as exc:
            self.show_errors({}, exc.message)
            return
        self.dismiss(stored)
