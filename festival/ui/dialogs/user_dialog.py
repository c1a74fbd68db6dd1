"""Add a user: name, role, first PIN, and the kernen of a kernregisseur."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Button, Input, Select, SelectionList, Static

from festival.core.errors import InvalidInput, NotAllowed
from festival.domain import accounts as users
from festival.domain.accounts import MAX_PIN_LENGTH, min_pin_length
from festival.domain.kernen import Kern
from festival.domain.pin_key import PinKeyError
from festival.domain.roles import ROLE_LABELS, Role, User
from festival.session import Session
from festival.ui.dialogs.form_dialog import FormDialog
from festival.ui.widgets.form_field import FormField


def pin_placeholder(role: Role) -> str:
    """The PIN field's hint: how many digits the role's PIN has."""
    return f"{min_pin_length(role)} tot {MAX_PIN_LENGTH} cijfers"


def pin_field(label: str, role: Role) -> FormField:
    """A PIN input: ASCII digits only, hidden, as long as the role's PIN may be."""
    return FormField(
        label,
        Input(
            id="pin",
            compact=True,
            password=True,
            restrict=r"[0-9]*",  # \d would let other scripts' digits in
            max_length=MAX_PIN_LENGTH,
            placeholder=pin_placeholder(role),
        ),
        name="pin",
    )


class UserDialog(FormDialog[User]):
    def __init__(self, session: Session, kernen: list[Kern]) -> None:
        super().__init__()
        self.session = session
        self.kernen = kernen

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static("Nieuwe gebruiker", classes="dialog-title")
            yield FormField("Naam", Input(id="name", compact=True, max_length=60), name="name")
            yield FormField(
                "Rol",
                Select(
                    [(label, role.value) for role, label in ROLE_LABELS.items()],
                    id="role",
                    compact=True,
                    allow_blank=False,
                    value=Role.DESK.value,
                ),
                name="role",
            )
            yield pin_field("PIN", Role.DESK)
            yield FormField(
                "Kernen",
                SelectionList[int](
                    *((k.name, k.id) for k in self.kernen), id="kernen", compact=True
                ),
                name="kernen",
            )
            yield from self.form_footer()

    def on_mount(self) -> None:
        self._role_changed()

    @on(Select.Changed, "#role")
    def _role_changed(self) -> None:
        role = Role(str(self.query_one("#role", Select).value))
        self.query_one("#field-kernen").display = role is Role.KERNREGISSEUR
        # A coordinator's PIN is longer: the hint says so before the form is sent.
        self.query_one("#pin", Input).placeholder = pin_placeholder(role)

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        role = Role(str(self.query_one("#role", Select).value))
        kern_ids = frozenset(self.query_one("#kernen", SelectionList).selected)
        try:
            user = users.add_user(
                self.session.db,
                self.session.user,
                name=self.query_one("#name", Input).value,
                role=role,
                pin=self.query_one("#pin", Input).value,
                kern_ids=kern_ids if role is Role.KERNREGISSEUR else frozenset(),
            )
        except InvalidInput as exc:
            self.show_errors({exc.field or "": exc.message})
            return
        except (NotAllowed, PinKeyError) as exc:
            self.show_errors({}, exc.message)
            return
        self.dismiss(user)


class PinDialog(FormDialog[bool]):
    """Set a new PIN for a user (lifts a lockout)."""

    def __init__(self, session: Session, user: User) -> None:
        super().__init__()
        self.session = session
        self.user = user

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(f"Nieuwe PIN voor {self.user.name}", classes="dialog-title", markup=False)
            yield pin_field("Nieuwe PIN", self.user.role)
            yield from self.form_footer()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        try:
            users.reset_pin(
                self.session.db,
                self.session.user,
                self.user.id,
                self.query_one("#pin", Input).value,
            )
        except InvalidInput as exc:
            self.show_errors({"pin": exc.message})
            return
        except (NotAllowed, PinKeyError) as exc:
            self.show_errors({}, exc.message)
            return
        self.dismiss(True)
