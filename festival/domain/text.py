"""Free text from users: stored literally, but never control characters or invisible tricks."""

from __future__ import annotations

import unicodedata

from festival.domain.errors import InvalidInput

# Bidirectional overrides and isolates can make text display in another order than it is stored.
_BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def clean_text(
    value: str, field: str, label: str, *, max_length: int = 200, required: bool = True
) -> str:
    """Trim ``value`` and refuse what cannot be shown safely, with a Dutch message.

    Markup characters such as ``[`` are allowed: screens always render user text as plain text.
    """
    text = value.strip()
    if required and not text:
        raise InvalidInput(f"{label} is verplicht.", field)
    if len(text) > max_length:
        raise InvalidInput(
            f"{label} is te lang ({len(text)} tekens; maximaal {max_length}).", field
        )
    for char in text:
        if char in _BIDI_CONTROLS:
            raise InvalidInput(
                f"{label} bevat een onzichtbaar richtingsteken; typ de tekst opnieuw.", field
            )
        if unicodedata.category(char) == "Cc":
            raise InvalidInput(
                f"{label} bevat een stuurteken (zoals tab, NUL of escape); typ de tekst opnieuw.",
                field,
            )
    return unicodedata.normalize("NFC", text)
