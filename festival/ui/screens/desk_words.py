"""What the desk says: the outcome panel's words and colour class, a match's line, and how
loud each outcome's notice is (kept apart from the screen, which only places them)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets.option_list import Option

from festival.domain.checkin import CheckInOutcome, CheckInResult
from festival.domain.registration import Registration

OUTCOME_CLASS = {
    CheckInOutcome.WELCOME: "-welcome",
    CheckInOutcome.ALREADY: "-already",
    CheckInOutcome.UNKNOWN: "-unknown",
}


def result_text(result: CheckInResult) -> Text:
    """The result panel: the outcome in big words, then what staff need to say and do."""
    r = result.registration
    text = Text(result.outcome.value.upper(), style="bold")
    if result.outcome is CheckInOutcome.WELCOME and r:
        text.append(f"\n\n{r.name}", style="bold")
        text.append(f"\n{r.role_labels}")
        if r.origin:
            text.append(f" · {r.origin}")
        text.append("\n\nBadge printen: F4")
    elif result.outcome is CheckInOutcome.ALREADY and r:
        since = r.checked_in_at.astimezone().strftime("%H:%M") if r.checked_in_at else "?"
        text.append(f"\n\n{r.name}", style="bold")
        text.append(f"\n{r.role_labels}" + (f" · {r.origin}" if r.origin else ""))
        text.append(f"\n\nsinds {since} aan {r.checked_in_desk}, door {r.checked_in_by}")
        text.append("\nBadge printen: F4")
    else:
        text.append("\n\ngelezen: ")
        text.append(result.code_as_read or "(leeg)", style="bold")
        if result.reason:
            text.append(f"\n{result.reason}")
        text.append("\n\nTyp een naam om te zoeken, of F2 voor een walk-in.")
    return text


def match_option(r: Registration) -> Option:
    label = Text(r.name, style="bold")
    label.append(f"  {r.role_labels}")
    if r.origin:
        label.append(f" · {r.origin}", style="dim")
    if r.checked_in_at:
        label.append(f"  ✓ {r.checked_in_at.astimezone():%H:%M}", style="yellow")
    return Option(label, id=str(r.id))


#: The last line of a list cut at :data:`registration_search.MAX_MATCHES`.
MORE_MATCHES = "meer treffers: typ verder"

SEVERITY = {
    CheckInOutcome.WELCOME: "information",
    CheckInOutcome.ALREADY: "warning",
    CheckInOutcome.UNKNOWN: "error",
}
