"""The base of every screen that follows what other terminals commit.

A live screen subscribes to the app's change signal when it mounts and calls :meth:`reload`
whenever the database changed (here or on another terminal). An error that a reload can meet
without a bug (the data changed under the screen, the database is busy or gone) becomes a Dutch
notice. An error whose cause the notice cannot name (a database error in SQLite's own
English) goes with its traceback to the owner-only error log, and the notice gives its
reference; nothing technical reaches the screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual import events, on
from textual.screen import Screen

from festival.core.errors import InvalidInput, NotAllowed, NotFound, ValidationErrors
from festival.store.database import Error
from festival.store.errors import DatabaseError, store_error

if TYPE_CHECKING:
    from festival.app import KerngerichtApp

ResultType = TypeVar("ResultType")

#: What a reload may meet without a bug. Anything else is a bug and shows as one.
RELOAD_ERRORS = (InvalidInput, ValidationErrors, NotAllowed, NotFound, DatabaseError, Error)

RELOAD_FAILED = "Dit scherm kon niet worden bijgewerkt"


def is_named(exc: Exception) -> bool:
    """Whether :func:`reload_failed_message` names the cause in Dutch (nothing to log)."""
    if isinstance(exc, ValidationErrors | InvalidInput | NotAllowed | NotFound | DatabaseError):
        return True
    return store_error(exc) is not None


def reload_failed_message(exc: Exception) -> str:
    """The Dutch notice for an error met while reading a screen's data again."""
    if isinstance(exc, ValidationErrors):
        return f"{RELOAD_FAILED}: {'; '.join(exc.errors.values())}"
    if isinstance(exc, InvalidInput | NotAllowed | NotFound):
        return f"{RELOAD_FAILED}: {exc.message}"
    if isinstance(exc, DatabaseError):
        return f"{RELOAD_FAILED}: {exc}"  # written in Dutch for the user
    mapped = store_error(exc)
    if mapped is not None:  # a busy database or a full disk, named as such
        return f"{RELOAD_FAILED}: {mapped}"
    # A database error's own text is English and technical; the log has it.
    return f"{RELOAD_FAILED}: de database gaf een fout. Probeer het zo nog eens."


class LiveScreen(Screen[ResultType]):
    """A screen that reads its data again (:meth:`reload`) when the database changes."""

    @property
    def kerngericht_app(self) -> KerngerichtApp:
        """The running app, typed (``self.app`` is any Textual app to the type checker)."""
        return cast("KerngerichtApp", self.app)

    @property
    def follows_changes(self) -> bool:
        """Whether to follow changes; checked once, after the screen's own ``on_mount``."""
        return True

    def reload(self) -> None:
        """Read what the screen shows again. Screens override this."""

    @on(events.Mount)
    def _follow_changes(self) -> None:
        # Runs after the subclass's on_mount (handlers run down the class hierarchy), so a
        # screen can decide in on_mount whether there is anything to follow.
        if self.follows_changes:
            self.kerngericht_app.follow_changes(self, self._data_changed)

    def failure_message(self, exc: Exception, what: str = RELOAD_FAILED) -> str:
        """The Dutch notice for ``exc`` ("``what``: why"); an error it cannot name is written
        to the error log first and the notice gives its reference. Safe from a worker."""
        message = reload_failed_message(exc).replace(RELOAD_FAILED, what)
        if is_named(exc):
            return message
        reference = self.kerngericht_app.record_error(exc, context=what)
        if reference is None:
            return message
        return f"{message} (foutcode {reference}; details in het logbestand)"

    def _data_changed(self, _: None) -> None:
        try:
            self.reload()
        except RELOAD_ERRORS as exc:
            # Textual's crash screen would show local variables; the error log keeps them.
            self.notify(self.failure_message(exc), severity="error", markup=False)
