"""What making a document in a worker may meet without a bug, and the Dutch line for each."""

from __future__ import annotations

from festival.core.errors import InvalidInput, NotAllowed, NotFound, ValidationErrors
from festival.store.database import Error
from festival.store.errors import DatabaseError

#: The errors a worker hands back to its dialog (the data changed underneath, the database is
#: busy or gone). Anything else is a bug and shows as one.
MAKE_ERRORS = (InvalidInput, ValidationErrors, NotAllowed, NotFound, DatabaseError, Error)


def make_failed_message(exc: Exception) -> str:
    """The Dutch text a dialog shows for an error met while making its document."""
    if isinstance(exc, ValidationErrors):
        return "\n".join(exc.errors.values())
    if isinstance(exc, InvalidInput | NotAllowed | NotFound):
        return exc.message
    if isinstance(exc, DatabaseError):
        return str(exc)  # written in Dutch for the user
    # A database error's own text is English and technical; the log has it.
    return "De database gaf een fout; er is niets gemaakt. Probeer het zo nog eens."
