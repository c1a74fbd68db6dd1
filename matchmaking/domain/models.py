"""Matchmaking's models: what funders offer, what initiatives need, settings and talks."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel

from festival.core.errors import InvalidInput
from festival.core.text import fold


class SupportKind(StrEnum):
    """The kinds of support a funder offers and an initiative needs."""

    MONEY = "geld"
    ADVICE = "advies"
    MATERIAL = "materiaal"
    NETWORK = "netwerk"
    SPACE = "ruimte"

    @classmethod
    def parse_list(cls, text: str, field: str = "steun") -> tuple[SupportKind, ...]:
        """``"geld, advies"`` (also ``;`` ``/`` ``+`` ``|`` between); at least one kind."""
        words = [w for w in _split(text) if w]
        if not words:
            raise InvalidInput(
                f"Geef minstens één soort steun: {KIND_LIST}.",
                field,
            )
        kinds: list[SupportKind] = []
        for word in words:
            wanted = fold(word)
            match = next((k for k in cls if k.value == wanted), None)
            if match is None:
                raise InvalidInput(f"Onbekende soort steun {word!r}; kies uit: {KIND_LIST}.", field)
            if match not in kinds:
                kinds.append(match)
        return tuple(kinds)


KIND_LIST = "geld, advies, materiaal, netwerk, ruimte"


def _split(text: str) -> list[str]:
    for sep in ";/+|":
        text = text.replace(sep, ",")
    return [part.strip() for part in text.split(",")]


def split_list(text: str) -> list[str]:
    """The non-empty parts of a list typed with ``,`` ``;`` ``/`` ``+`` or ``|`` between."""
    return [p for p in _split(text) if p]


def kinds_text(kinds: tuple[SupportKind, ...]) -> str:
    return ", ".join(k.value for k in kinds)


class Offer(BaseModel):
    """What a funder (a registration with the role subsidieverlener) offers."""

    registration_id: int
    name: str
    organisation: str
    kinds: tuple[SupportKind, ...]
    themes: tuple[str, ...]
    #: Kernen it funds; empty means the whole municipality.
    kernen: tuple[str, ...]
    min_cents: int
    max_cents: int | None
    capacity: int

    @property
    def label(self) -> str:
        """How the schedule names a funder: organisation first, the person after."""
        return f"{self.organisation} ({self.name})" if self.organisation else self.name


class Need(BaseModel):
    """What an initiative needs."""

    initiative_id: int
    title: str
    kinds: tuple[SupportKind, ...]
    theme: str
    kern: str
    amount_cents: int


class Settings(BaseModel):
    """The schedule's shape: rounds of ``minutes`` at ``tables`` tables from ``start``."""

    festival_id: int
    rounds: int
    minutes: int
    tables: int
    start: str  # "HH:MM"
    #: Round number -> minutes of break after that round.
    breaks: dict[int, int]
    min_talks: int
    auto_replan: bool = False

    def round_times(self) -> dict[int, tuple[str, str]]:
        """Start and end ("13:30", "13:45") of every round, breaks included."""
        hours, minutes = (int(p) for p in self.start.split(":"))
        at = hours * 60 + minutes
        times: dict[int, tuple[str, str]] = {}
        for r in range(1, self.rounds + 1):
            times[r] = (_clock(at), _clock(at + self.minutes))
            at += self.minutes + self.breaks.get(r, 0)
        return times


def _clock(minutes: int) -> str:
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


class Talk(BaseModel):
    """One planned table talk, as the screens, the desk and the slips show it."""

    id: int
    round: int
    table: int
    start: str
    end: str
    initiative_id: int
    initiative: str
    funder_id: int
    funder: str
    fit: int
    reason: str
    wish: bool


class Quality(BaseModel):
    """How good a schedule is: what the coordinator's screen shows after a run."""

    talks: int
    initiatives: int
    min_per_initiative: int
    median_per_initiative: float
    wishes_honoured: int
    wishes_possible: int
    total_fit: int
    optimal: bool
    seconds: float
    #: Why a rule could not be met, and by how much (empty: every rule met).
    unmet: list[str]
    kept: int = 0
    moved_or_dropped: int = 0

    def summary(self) -> str:
        median = f"{self.median_per_initiative:g}".replace(".", ",")
        text = (
            f"{self.talks} gesprekken; per initiatief minimaal {self.min_per_initiative}, "
            f"mediaan {median}; wensen {self.wishes_honoured} van {self.wishes_possible}; "
            f"totale fit {self.total_fit}"
        )
        return text + ("" if self.optimal else " (beste gevonden binnen de tijd)")
