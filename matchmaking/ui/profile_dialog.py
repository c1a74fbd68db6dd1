"""Edit what a funder offers or what an initiative needs, with an optional wish."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Input, Static

from festival.core.errors import InvalidInput, NotAllowed, NotFound, ValidationErrors
from festival.core.money import format_money
from festival.session import Session
from festival.ui.dialogs.form_dialog import FormDialog
from festival.ui.widgets.form_field import FormField
from matchmaking.domain.models import KIND_LIST, Need, Offer, kinds_text
from matchmaking.domain.profiles import (
    WISH,
    NeedInput,
    OfferInput,
    find_funder,
    set_need,
    set_offer,
    set_preference,
)


def _amount(cents: int | None) -> str:
    return "" if not cents else format_money(cents).replace("€\xa0", "")


class ProfileDialog(FormDialog[str]):
    """For a funder (``offer``) or an initiative (``need``); returns a line to show."""

    AUTO_FOCUS = "#steun"

    def __init__(
        self,
        session: Session,
        festival_id: int,
        *,
        title: str,
        target_id: int,
        offer: Offer | None = None,
        need: Need | None = None,
        is_funder: bool,
    ) -> None:
        super().__init__()
        self.session = session
        self.festival_id = festival_id
        self.title_text = title
        self.target_id = target_id
        self.offer = offer
        self.need = need
        self.is_funder = is_funder

    def compose(self) -> ComposeResult:
        o, n = self.offer, self.need
        with Vertical(classes="dialog dialog-wide"):
            what = "Aanbod" if self.is_funder else "Behoefte"
            yield Static(f"{what}: {self.title_text}", classes="dialog-title", markup=False)
            kinds = kinds_text(o.kinds) if o else kinds_text(n.kinds) if n else ""
            yield FormField(
                "Soort steun",
                Input(kinds, id="steun", compact=True, placeholder=KIND_LIST),
                name="steun",
            )
            if self.is_funder:
                values = {
                    "thema": ", ".join(o.themes) if o else "",
                    "kern": ", ".join(o.kernen) if o else "",
                    "bedrag_min": _amount(o.min_cents) if o else "",
                    "bedrag_max": _amount(o.max_cents) if o else "",
                    "gesprekken": str(o.capacity) if o else "6",
                }
                labels = {
                    "thema": "Thema's",
                    "kern": "Kernen",
                    "bedrag_min": "Vanaf (€)",
                    "bedrag_max": "Tot en met (€)",
                    "gesprekken": "Gesprekken",
                }
            else:
                values = {
                    "thema": n.theme if n else "",
                    "kern": n.kern if n else "",
                    "gevraagd": _amount(n.amount_cents) if n else "",
                    "wens": "",
                }
                labels = {
                    "thema": "Thema",
                    "kern": "Kern",
                    "gevraagd": "Bedrag (€)",
                    "wens": "Wens",
                }
            hints = {
                "thema": "leeg: alle thema's" if self.is_funder else "",
                "kern": "leeg: hele gemeente" if self.is_funder else "",
                "wens": "naam of organisatie van een subsidieverlener (mag leeg)",
            }
            for field, label in labels.items():
                control = Input(
                    values[field], id=field, compact=True, placeholder=hints.get(field, "")
                )
                yield FormField(label, control, name=field)
            yield from self.form_footer()

    def _value(self, field: str) -> str:
        return self.query_one(f"#{field}", Input).value

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        db, user = self.session.db, self.session.user
        try:
            if self.is_funder:
                offer = set_offer(
                    db,
                    user,
                    self.festival_id,
                    self.target_id,
                    OfferInput(
                        kinds=self._value("steun"),
                        themes=self._value("thema"),
                        kernen=self._value("kern"),
                        min_amount=self._value("bedrag_min"),
                        max_amount=self._value("bedrag_max"),
                        capacity=self._value("gesprekken"),
                    ),
                )
                self.dismiss(f"Aanbod van {offer.label} opgeslagen.")
                return
            wish = self._value("wens").strip()
            if wish:  # checked first: an unknown name stores nothing
                find_funder(db, self.festival_id, wish)
            need = set_need(
                db,
                user,
                self.festival_id,
                self.target_id,
                NeedInput(
                    kinds=self._value("steun"),
                    theme=self._value("thema"),
                    kern=self._value("kern"),
                    amount=self._value("gevraagd"),
                ),
            )
            if wish:
                set_preference(
                    db, user, self.festival_id, str(self.target_id), wish, WISH, "initiatief"
                )
        except ValidationErrors as exc:
            self.show_errors(exc.errors)
            return
        except InvalidInput as exc:
            if exc.field:
                self.show_errors({exc.field: exc.message})
            else:
                self.show_errors({}, exc.message)
            return
        except (NotAllowed, NotFound) as exc:
            self.show_errors({}, getattr(exc, "message", str(exc)))
            return
        self.dismiss(f"Behoefte van {need.title} opgeslagen" + (" met wens." if wish else "."))
