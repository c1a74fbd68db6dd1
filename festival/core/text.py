"""Free text from users: stored literally, but never control characters or invisible tricks."""

from __future__ import annotations

import re
import unicodedata

from festival.core.errors import InvalidInput, ValidationErrors

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


_APOSTROPHES = str.maketrans({"’": "", "‘": "", "`": "", "´": "", "'": ""})


def fold(text: str) -> str:
    """A key for comparing names: no case, accents, hyphens, apostrophes or double spaces.

    ``Zoë van ’t Hof``, ``zoe van 't hof`` and ``Zoe van t Hof`` fold to the same key.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("-", " ").lower().split())


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def clean_email(value: str, field: str = "email") -> str | None:
    """An optional e-mail address, lower-cased; refused when it cannot be one."""
    text = clean_text(value, field, "E-mailadres", max_length=254, required=False).lower()
    if not text:
        return None
    if not _EMAIL.match(text):
        raise InvalidInput(f"{value.strip()!r} is geen e-mailadres.", field)
    return text


def clean_phone(value: str, field: str = "phone") -> str | None:
    """An optional phone number: digits, spaces, +, -, ( and ); at least 8 digits."""
    text = clean_text(value, field, "Telefoonnummer", max_length=30, required=False)
    if not text:
        return None
    if not re.fullmatch(r"[0-9 +\-()]+", text) or sum(c.isdigit() for c in text) < 8:
        raise InvalidInput(f"{value.strip()!r} is geen telefoonnummer.", field)
    return text


def clean_reason(reason: str) -> str:
    """A required reason for a correction (undo a check-in, unlock, a conflict …), at most 200
    characters; a problem comes back as the form's error for the field ``reason``."""
    try:
        return clean_text(reason, "reason", "Reden", max_length=200)
    except InvalidInput as exc:
        raise ValidationErrors({"reason": exc.message}) from exc


# Escape sequences as terminals read them: CSI (ESC [ or U+009B, parameters, one final
# character), OSC and the other strings (ESC ] P X ^ _ or their C1 forms, up to BEL or the string
# terminator), and the two-character escapes.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d-\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -~]?"
)


def printable(text: str) -> str:
    """``text`` from a file, safe to print on one terminal line: escape sequences, control
    characters (C0 with tab and newline, DEL, C1) and bidirectional overrides removed."""
    text = _ESCAPE_SEQUENCE.sub("", text)
    return "".join(c for c in text if unicodedata.category(c) != "Cc" and c not in _BIDI_CONTROLS)
