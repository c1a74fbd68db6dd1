"""Errors the user can act on; every message is Dutch and names the field or line."""

from __future__ import annotations


class InvalidInput(ValueError):
    """A value a user typed or imported is not acceptable.

    ``field`` names the form field (code name) so a form can show the message beside it.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationErrors(ValueError):
    """Several invalid fields at once, keyed by field name."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class NotAllowed(PermissionError):
    """The logged-in user's role does not allow this action."""

    def __init__(self, message: str = "Dat mag uw rol niet.") -> None:
        super().__init__(message)
        self.message = message


class NotFound(LookupError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
