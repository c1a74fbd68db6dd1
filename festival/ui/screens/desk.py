"""The registration desk: one input that always holds focus, for a scanner or a typed name.

No single-key bindings: a scanner types letters and digits into whatever has focus, so every
command here is a function key, Ctrl-key, arrow, Enter or Escape.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from festival.core.errors import InvalidInput, NotAllowed, ValidationErrors
from festival.core.files import os_error_text
from festival.core.printer import PrinterError
from festival.domain import checkin, codes, permissions, registration, registration_search
from festival.domain.badges import Unprintable, last_print, print_badge, unprintable
from festival.domain.checkin import CheckInOutcome, CheckInResult
from festival.domain.festivals import Festival
from festival.domain.kernen import list_kernen
from festival.domain.registration import Registration
from festival.domain.roles import Role
from festival.domain.scan_guard import ScanGuard
from festival.session import Session
from festival.store.errors import DatabaseError
from festival.ui.dialogs.badge_name_dialog import BadgeNameDialog, Choice
from festival.ui.dialogs.desk_name_dialog import DeskNameDialog
from festival.ui.dialogs.scan_wins import DeskReasonDialog
from festival.ui.dialogs.walk_in_dialog import WalkInDialog
from festival.ui.screens.desk_words import (
    MORE_MATCHES,
    OUTCOME_CLASS,
    SEVERITY,
    match_option,
    result_text,
)
from festival.ui.screens.live_screen import (
    RELOAD_ERRORS,
    LiveScreen,
)
from festival.ui.widgets.desk_counts import DeskCounts
from festival.ui.widgets.qr_code import QrCode
from festival.ui.widgets.scan_input import ScanInput
from festival.ui.widgets.title_bar import TitleBar


class DeskScreen(LiveScreen[None]):
    """Scan or search, check in, add walk-ins; counts follow every desk live."""

    BINDINGS = [
        Binding("f2", "walk_in", "Walk-in"),
        Binding("f4", "badge", "Badge printen"),
        Binding("f8", "undo", "Check-in ongedaan"),
        Binding("escape", "clear", "Wissen / terug"),
        Binding("down", "move(1)", "Volgende", show=False),
        Binding("up", "move(-1)", "Vorige", show=False),
        Binding("ctrl+l", "app.logout", "Uitloggen"),
    ]
    AUTO_FOCUS = "#scan"

    def __init__(self, session: Session, festival: Festival | None) -> None:
        super().__init__()
        self.session = session
        self._festival = festival
        self.guard = ScanGuard()
        self.matches: list[Registration] = []
        #: Whether staff picked a match with the arrows (Enter then checks that one in); with
        #: several matches and no pick, Enter shows the choices instead.
        self.picked = False
        #: The field's value the matches on screen are for.
        self._searched = ""
        self.last: CheckInResult | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="desk"):
            yield Static(id="desk-title")
            yield DeskCounts(id="desk-counts")
            yield ScanInput(
                id="scan",
                placeholder="Scan de badge of typ een naam (2+ letters), Enter = inchecken",
            )
            with Horizontal(id="desk-body"):
                yield OptionList(id="matches")
                yield Static(id="result", markup=False)
                yield QrCode(id="result-qr")
        yield Footer()

    @property
    def festival(self) -> Festival:
        assert self._festival is not None
        return self._festival

    @property
    def desk(self) -> str:
        return self.session.desk or "?"

    def on_mount(self) -> None:
        scan = self.query_one("#scan", ScanInput)
        scan.on_typed = self.typed
        scan.on_entered = self.entered
        self.query_one("#matches", OptionList).can_focus = False
        self.query_one("#matches").display = False
        self.query_one("#result").display = False
        if self._festival is None:
            self.query_one("#scan", Input).disabled = True
            self.query_one("#desk-title", Static).update(
                "Er is nog geen festival. De coördinator legt het vast met: "
                "festival festivals add --naam ... --datum ... --bewaren-tot ..."
            )
            return
        self._show_title()
        self.refresh_counts()
        if self.session.desk is None:
            dialog = DeskNameDialog(checkin.live_desks(self.session.db))
            self.app.push_screen(dialog, self._desk_named)

    def _desk_named(self, name: str | None) -> None:
        self.session.desk = name or "Balie"
        if name:
            try:
                checkin.claim_desk(self.session.db, self.session.user, name)
            except DatabaseError as exc:
                # The desk works without it; only another terminal cannot see the name taken.
                self.notify(str(exc), severity="warning", markup=False)
        # Kept for the next login on this terminal (Ctrl+L): the desk is the same table.
        settings = getattr(self.app, "settings", None)
        if settings is not None:
            self.app.settings = replace(settings, desk=self.session.desk)  # type: ignore[attr-defined]
        self._show_title()
        self.query_one("#scan", Input).focus()

    def _show_title(self) -> None:
        self.query_one("#desk-title", Static).update(
            Text.assemble((self.desk, "bold"), f"  ·  {self.festival.name}")
        )

    @property
    def follows_changes(self) -> bool:
        return self._festival is not None

    def reload(self) -> None:
        self.refresh_counts()

    def on_screen_resume(self) -> None:
        self.query_one("#scan", Input).focus()
        if self._festival is not None:
            self.refresh_counts()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self._festival is None and action in ("walk_in", "badge", "undo"):
            return False
        if action == "undo":
            user = self.session.user
            return permissions.allowed(user, permissions.CHECK_IN_UNDO) or permissions.allowed(
                user, permissions.CHECK_IN_UNDO_OWN
            )
        return True

    # -- counts ------------------------------------------------------------------------------
    def refresh_counts(self) -> None:
        """Read the counts again (another desk, a walk-in, an undo) and show them."""
        db = self.session.db
        present, expected = registration.totals(db, self.festival.id)
        counts = registration.counts(db, self.festival.id)
        self.query_one("#desk-counts", DeskCounts).show(present, expected, counts)

    # -- typing and scanning -----------------------------------------------------------------
    @on(Input.Changed, "#scan")
    def _changed(self, event: Input.Changed) -> None:
        # Typed characters were searched at once (ScanInput.on_typed); this catches the rest:
        # backspace, delete, a paste, the field emptied.
        if event.value != self._searched:
            self.typed(event.value)

    def typed(self, value: str) -> None:
        """Search what is in the field and show the matches."""
        self._searched = value
        self.picked = False
        # A scanner types a code in capitals without spaces; staff type names in lower case.
        # So a code being scanned neither searches ten thousand names at every character nor
        # hides the outcome still on screen.
        if value.isupper() and " " not in value:
            self.show_matches([])
            return
        found = registration_search.search(
            self.session.db,
            self.session.user,
            self.festival.id,
            value,
            limit=registration_search.MAX_MATCHES + 1,
        )
        self.show_matches(
            found[: registration_search.MAX_MATCHES],
            more=len(found) > len(found[: registration_search.MAX_MATCHES]),
        )

    def show_matches(self, matches: list[Registration], *, more: bool = False) -> None:
        if not matches and not self.matches:
            return  # nothing shown, nothing to show: no repaint (a scanner's burst)
        self.matches = matches
        options = self.query_one("#matches", OptionList)
        prompts: list[Option] = [match_option(m) for m in matches]
        if more:
            prompts.append(Option(Text(MORE_MATCHES, style="italic"), disabled=True))
        options.set_options(prompts)
        options.display = bool(matches)
        if matches:
            options.highlighted = 0
            # The last outcome is old news once staff look up the next person.
            self._hide_result()

    def _hide_result(self) -> None:
        self.query_one("#result").display = False
        self.query_one("#result-qr", QrCode).display = False

    def action_move(self, step: int) -> None:
        options = self.query_one("#matches", OptionList)
        if self.matches:
            current = options.highlighted or 0
            options.highlighted = max(0, min(len(self.matches) - 1, current + step))
            self.picked = True

    @on(ScanInput.Scanned, "#scan")
    def _entered(self, event: ScanInput.Scanned) -> None:
        self.entered(event.value)

    def entered(self, raw: str) -> None:
        """Enter in the field: check in the code scanned or typed, or the name chosen."""
        scan = self.query_one("#scan", ScanInput)
        code = codes.normalise(raw)
        if not codes.is_code(code) and len(self.matches) > 1 and not self.picked:
            # "Daan" + Enter with three Daans: staff choose, the desk does not guess.
            scan.handled(raw, keep=True)
            self.picked = True  # a second Enter takes the highlighted one
            self.notify(
                f"{len(self.matches)} treffers: kies met ↑/↓ en Enter, of typ verder.",
                timeout=4,
            )
            return
        scan.handled(raw)
        if codes.is_code(code):
            if not self.guard.should_handle(code):
                self.notify("Dubbele scan genegeerd.", timeout=2)
                if self.last is not None:
                    self.show_result(self.last)  # the outcome stays in view
                return
            self._check_in(
                lambda: checkin.check_in_code(
                    self.session.db,
                    self.session.user,
                    raw,
                    self.desk,
                    festival_id=self.festival.id,
                )
            )
        elif self.matches:
            chosen = self.matches[self.query_one("#matches", OptionList).highlighted or 0]
            self._check_in(
                lambda: checkin.check_in(self.session.db, self.session.user, chosen.id, self.desk)
            )
        elif raw.strip():
            self._check_in(
                lambda: checkin.check_in_code(
                    self.session.db,
                    self.session.user,
                    raw,
                    self.desk,
                    festival_id=self.festival.id,
                )
            )
        self.show_matches([])
        scan.focus()

    def _check_in(self, attempt: Callable[[], CheckInResult]) -> None:
        """Show the outcome of a check-in, or say in Dutch why it was not stored (a busy
        database, a full disk) and leave the desk ready for the next try."""
        try:
            result = attempt()
        except DatabaseError as exc:
            # A DatabaseError is already Dutch and named (busy, full, damaged): nothing to log.
            self.guard.forget()  # not stored: scanning the same badge again must count
            # The previous person's outcome must not look like this one's.
            self.last = None
            self._hide_result()
            self.notify(str(exc), severity="error", markup=False)
            return
        self.show_result(result)

    def show_result(self, result: CheckInResult) -> None:
        self.last = result
        panel = self.query_one("#result", Static)
        text = result_text(result)
        if result.registration is not None:
            # What installed features tell this person (e.g. where their table talks are).
            from festival.features import person_lines

            registration_id = result.registration.id
            for line in person_lines(self.session.db, self.session.user, registration_id):
                text.append(f"\n{line}")
        # The panel has a fixed height (app.tcss): new words are a repaint, not a new layout.
        panel.update(text, layout=not panel.display)
        for css_class in OUTCOME_CLASS.values():
            panel.remove_class(css_class)
        panel.add_class(OUTCOME_CLASS[result.outcome])
        panel.display = True
        qr = self.query_one("#result-qr", QrCode)
        code = result.registration.code if result.registration else ""
        if qr.display and code and qr.code != code and len(qr.code) == len(code):
            # Drawing a QR code takes a few milliseconds: the outcome goes on screen first,
            # the previous visitor's code off it at once, the new code in the next frame.
            qr.blank()
            self.call_after_refresh(setattr, qr, "code", code)
        else:
            qr.code = code
        qr.display = result.registration is not None
        counts = self.query_one("#desk-counts", DeskCounts)
        welcomed = result.outcome is CheckInOutcome.WELCOME
        if welcomed and result.registration and not counts.count_welcome(result.registration):
            self.refresh_counts()

    # -- walk-ins and corrections ------------------------------------------------------------
    def action_walk_in(self) -> None:
        dialog = WalkInDialog(self.session, self.festival, list_kernen(self.session.db))
        dialog.on_scan = self.scanned_in_dialog
        self.app.push_screen(dialog, self._walked_in)

    def scanned_in_dialog(self, raw: str) -> None:
        """A badge scanned while a dialog is open: check in as from the field, and say the
        outcome over the dialog (which stays open with what was typed)."""
        code = codes.normalise(raw)
        if not self.guard.should_handle(code):
            self.notify("Dubbele scan genegeerd.", timeout=2)
            return
        self._check_in(
            lambda: checkin.check_in_code(
                self.session.db, self.session.user, raw, self.desk, festival_id=self.festival.id
            )
        )
        if self.last is not None and self.last.code_as_read == code:
            self.notify(
                self.last.message,
                title=self.last.outcome.value,
                severity=SEVERITY[self.last.outcome],  # type: ignore[arg-type]
                markup=False,
                timeout=8,
            )

    def _walked_in(self, chosen: Registration | None) -> None:
        if chosen is not None:
            chosen_id = chosen.id
            self._check_in(
                lambda: checkin.check_in(self.session.db, self.session.user, chosen_id, self.desk)
            )
            self.refresh_counts()  # a new person: one more expected too
            from festival.features import after_walk_in

            # What the features ask of a new person (a funder's offer for the table talks).
            for form in after_walk_in(self.session, chosen_id):
                self.app.push_screen(form, self._feature_form_done)
                return
        self.query_one("#scan", Input).focus()

    def _feature_form_done(self, message: object) -> None:
        if isinstance(message, str) and message:
            self.notify(message, markup=False)
        self.query_one("#scan", Input).focus()

    def action_clear(self) -> None:
        scan = self.query_one("#scan", Input)
        if scan.value:
            scan.value = ""
            self.show_matches([])
        elif self.session.user.role is not Role.DESK and len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            # The previous visitor's outcome and QR code go, together.
            self.last = None
            self._hide_result()

    def _subject(self) -> Registration | None:
        """The person the last outcome was about."""
        return self.last.registration if self.last else None

    def action_badge(self) -> None:
        """F4: print the badge of the person on screen. The first print needs nothing more,
        whenever it happens; a badge printed before is a reprint (coordinator, with reason)."""
        subject = self._subject()
        if subject is None:
            self.notify("Check eerst iemand in; dan kan de badge geprint worden.")
            return
        try:
            before = last_print(self.session.db, self.session.user, subject.id)
        except (NotAllowed, DatabaseError) as exc:
            self.notify(getattr(exc, "message", str(exc)), severity="error", markup=False)
            return
        if before is None:
            self._print_badge(subject)
            return
        when = before.at.astimezone().strftime("%H:%M")
        if not permissions.allowed(self.session.user, permissions.BADGE_REPRINT):
            self.notify(
                f"De badge van {subject.name} is al geprint (om {when}). Opnieuw printen mag "
                "alleen de coördinator, met een reden.",
                severity="warning",
                markup=False,
            )
            return
        dialog = DeskReasonDialog(
            f"Badge opnieuw printen: {subject.name}",
            f"Deze badge is om {when} al geprint. Waarom opnieuw? Dit wordt vastgelegd.",
        )
        dialog.on_scan = self.scanned_in_dialog  # a scan in the reason field checks in, as ever
        self.app.push_screen(
            dialog, lambda reason: self._print_badge(subject, reason) if reason else None
        )

    def _print_badge(
        self,
        subject: Registration,
        reason: str | None = None,
        printed_name: str | None = None,
        *,
        checked: bool = False,
    ) -> None:
        self.notify(f"Badge van {subject.name} wordt gemaakt…", markup=False, timeout=2)
        self._make_badge(subject, reason, printed_name, checked)

    @work(thread=True, group="badges")
    def _make_badge(
        self, subject: Registration, reason: str | None, printed_name: str | None, checked: bool
    ) -> None:
        # Font checks and PDF work take 0.1 s (a second for a Chinese name, whose font is
        # large), lp may wait for the print server: off the UI thread, with its own connection.
        settings = self.session.settings
        try:
            problem = None if checked else unprintable(subject)
            if problem is not None:
                # Asked before anything is printed: in Latin letters, as typed, or not at all.
                self.app.call_from_thread(self._ask_name, subject, reason, problem)
                return
            with self.session.db.reopen() as db:
                done = print_badge(
                    db,
                    self.session.user,
                    subject.id,
                    desk=self.desk,
                    printer=settings.printer,
                    folder=settings.badge_folder,
                    reason=reason,
                    printed_name=printed_name,
                )
        except PrinterError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error", markup=False)
            return
        except OSError as exc:
            message = f"Badge niet geschreven: {os_error_text(exc)}"
            self.app.call_from_thread(self.notify, message, severity="error", markup=False)
            return
        except RELOAD_ERRORS as exc:
            # A worker's exception would end the app: the desk hears it in Dutch instead.
            message = self.failure_message(exc, "Badge niet gemaakt")
            self.app.call_from_thread(self.notify, message, severity="error", markup=False)
            return
        self.app.call_from_thread(self.notify, done.message, markup=False, timeout=12)

    def _ask_name(self, subject: Registration, reason: str | None, problem: Unprintable) -> None:
        def chosen(choice: Choice | None) -> None:
            if choice is None:
                self.notify(f"Badge van {subject.name} niet geprint.", markup=False)
            else:
                latin = problem.latin if choice == "latin" else None
                self._print_badge(subject, reason, latin, checked=True)
            self.query_one("#scan", Input).focus()

        self.app.push_screen(BadgeNameDialog(problem), chosen)

    def action_undo(self) -> None:
        subject = self._subject()
        if subject is None or subject.checked_in_at is None:
            self.notify("Zoek eerst de persoon op (scan of naam) van wie de check-in weg moet.")
            return
        if not permissions.allowed(self.session.user, permissions.CHECK_IN_UNDO):
            refusal = checkin.own_undo_refusal(subject, self.session.user)
            if refusal:
                self.notify(refusal, severity="warning", markup=False)
                return
        dialog = DeskReasonDialog(
            f"Check-in ongedaan maken: {subject.name}",
            "Waarom moet deze check-in weg? Dit wordt vastgelegd.",
        )
        dialog.on_scan = self.scanned_in_dialog
        self.app.push_screen(dialog, lambda reason: self._undo(subject, reason))

    def _undo(self, subject: Registration, reason: str | None) -> None:
        if not reason:
            return
        try:
            anyone = permissions.allowed(self.session.user, permissions.CHECK_IN_UNDO)
            undo = checkin.undo_check_in if anyone else checkin.undo_own_check_in
            undone = undo(self.session.db, self.session.user, subject.id, reason, self.desk)
        except (NotAllowed, ValidationErrors, InvalidInput, DatabaseError) as exc:
            self.notify(getattr(exc, "message", str(exc)), severity="error", markup=False)
            return
        self.last = None
        self._hide_result()
        self.refresh_counts()
        self.notify(f"Check-in van {undone.name} is ongedaan gemaakt.", markup=False)
