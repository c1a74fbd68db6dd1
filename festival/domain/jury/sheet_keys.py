"""Which initiative a keyed-in paper line means: by pitch number, by code, by title, or by more
than one of them at once, which must then agree.

A number is always the pitch number printed in the sheet's "Nr" column, never an initiative's
id: keying "8 Dorpsfeest" where pitch 8 is another initiative is refused, not stored on either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from festival.core.errors import InvalidInput
from festival.core.text import fold
from festival.domain.jury.codes import initiative_code, initiative_id_of, looks_like_code
from festival.domain.jury.models import Pitch

_NUMBERED = re.compile(r"^(\d+)\s*[.:·\-–]?\s*(.*)$", re.DOTALL)
_CODE_FIRST = re.compile(r"^([A-Za-z]{3,6})(?:\s*[.:·\-–]\s*|\s+|$)(.*)$", re.DOTALL)
_ELLIPSIS = ("…", "...")


def _without_ellipsis(text: str) -> str:
    raw = text.strip()
    for ending in _ELLIPSIS:
        if raw.endswith(ending):
            return raw[: -len(ending)]
    return raw


@dataclass(frozen=True)
class SheetKeys:
    """The programme as the sheet prints it, to look keyed-in lines up in."""

    pitches: list[Pitch]
    titles: dict[int, str]
    """every initiative of the festival, pitched or not: id → title"""

    def label(self, initiative_id: int) -> str:
        """``"4 · AHQ · Dorpsfeest"`` as the sheet prints the row (the title alone if off the
        programme)."""
        pitch = next((p for p in self.pitches if p.initiative_id == initiative_id), None)
        code = initiative_code(initiative_id)
        title = self.titles.get(initiative_id, "")
        if pitch is None:
            return f"{code} · {title}"
        return f"{pitch.position} · {code} · {title}"

    def by_number(self, number: int) -> int:
        found = [p.initiative_id for p in self.pitches if p.position == number]
        if not found:
            last = max((p.position for p in self.pitches), default=0)
            raise InvalidInput(
                f"er is geen pitch nummer {number} (het programma loopt van 1 tot {last})"
            )
        if len(found) > 1:
            names = " en ".join(repr(self.titles[i]) for i in found)
            raise InvalidInput(
                f"pitch nummer {number} is niet eenduidig ({names}); gebruik de code"
            )
        return found[0]

    def by_code(self, text: str) -> int:
        found = initiative_id_of(text)
        if found is None or found not in self.titles:
            raise InvalidInput(f"onbekende code {text.strip().upper()!r} (tikfout?)")
        return found

    def by_title(self, text: str) -> int | None:
        """The initiative with this title, else the one whose title begins so (a title shortened
        on the sheet ends in …); None if none. Several → refused."""
        key = fold(_without_ellipsis(text))
        if not key:
            return None
        ids = [i for i, t in self.titles.items() if fold(t) == key]
        if not ids and len(key) >= 3:
            ids = [i for i, t in self.titles.items() if fold(t).startswith(key)]
        if len(ids) > 1:
            raise InvalidInput(
                f"meerdere initiatieven heten {text.strip()!r}; gebruik het nummer of de code"
            )
        return ids[0] if ids else None

    def _title_fits(self, initiative_id: int, text: str) -> bool:
        key = fold(_without_ellipsis(text))
        return bool(key) and fold(self.titles[initiative_id]).startswith(key)

    def find(self, initiative: str, number: str = "", code: str = "") -> int:
        """The initiative a line means. ``initiative`` is the ``initiatief`` column (a number,
        a code, a title, or "nr code title" as printed); ``number`` and ``code`` the optional
        separate columns. Everything given must point at the same initiative."""
        named: list[tuple[str, int]] = []
        text = initiative.strip()
        if re.match(r"^#\s*\d", text):
            raise InvalidInput(
                f"{text!r}: een nummer met # lijkt een initiatiefnummer; gebruik het pitchnummer"
                " uit de kolom Nr of de code"
            )
        if number.strip():
            if not number.strip().isdigit():
                raise InvalidInput(f"nr {number.strip()!r} is geen pitchnummer")
            value = int(number.strip())
            named.append((f"nr {value}", self.by_number(value)))
        if code.strip():
            named.append((f"code {code.strip().upper()}", self.by_code(code)))
        whole = self.by_title(text) if text else None
        if whole is not None:
            named.append((repr(text), whole))
        elif text:
            numbered = _NUMBERED.match(text)
            rest = text
            if numbered:
                value = int(numbered.group(1))
                named.append((f"nr {value}", self.by_number(value)))
                rest = numbered.group(2).strip()
            if rest:
                named.append(self._rest(rest, named[-1][1] if numbered else None))
        if not named:
            raise InvalidInput("vul het pitchnummer, de code of de titel in")
        what, found = named[0]
        for other, other_id in named[1:]:
            if other_id != found:
                raise InvalidInput(
                    f"{what} is {self.label(found)!r}, maar {other} is "
                    f"{self.label(other_id)!r}: die spreken elkaar tegen"
                )
        return found

    def _rest(self, rest: str, numbered: int | None) -> tuple[str, int]:
        """What follows a pitch number (or stands alone): a title, a code, or a code and a
        title. With a number before it, the title of that pitch is tried first."""
        if numbered is not None and self._title_fits(numbered, rest):
            return repr(rest), numbered
        coded = _CODE_FIRST.match(rest)
        if coded and looks_like_code(coded.group(1)):
            found = initiative_id_of(coded.group(1))
            if found is not None and found in self.titles:
                title = coded.group(2).strip()
                if title and not self._title_fits(found, title):
                    raise InvalidInput(
                        f"code {coded.group(1).upper()} is {self.label(found)!r}, niet {title!r}"
                    )
                return f"code {coded.group(1).upper()}", found
            if not coded.group(2).strip() and self.by_title(rest) is None:
                return f"code {coded.group(1).upper()}", self.by_code(coded.group(1))
        found_title = self.by_title(rest)
        if found_title is None:
            raise InvalidInput(f"onbekend initiatief {rest!r}")
        return repr(rest), found_title
