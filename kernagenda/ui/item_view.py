"""How an agenda item reads on screen: status colours, the overdue mark, the detail panel.

Every piece of user text goes in as a plain ``Text``: an onderwerp such as ``[b]hek[/b]`` shows
as typed, never as markup.
"""

from __future__ import annotations

from datetime import date

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from festival.core.dates import format_date, format_moment
from festival.core.money import format_money
from kernagenda.domain.links import funded_cents
from kernagenda.domain.models import Item, ItemStatus, Link, Priority, ProgressUpdate

STATUS_STYLE = {
    ItemStatus.IDEA: "cyan",
    ItemStatus.PLANNED: "blue",
    ItemStatus.IN_PROGRESS: "yellow",
    ItemStatus.DONE: "green",
    ItemStatus.PARKED: "dim",
    ItemStatus.NOT_FEASIBLE: "red",
}

#: How many progress lines the detail panel shows; the log screen (h) shows them all.
RECENT_PROGRESS = 3


def status_text(status: ItemStatus) -> Text:
    return Text(status.value, style=STATUS_STYLE[status])


def priority_text(item: Item) -> Text:
    if item.priority is Priority.SPEARHEAD:
        return Text(f"★ {item.rank}", style="bold")
    return Text("·", style="dim")


def target_text(item: Item, today: date) -> Text:
    """The target date; a passed one on open work in bold red with a warning word."""
    if item.target_date is None:
        return Text("")
    if item.is_overdue(today):
        return Text(f"{format_date(item.target_date)} verlopen", style="bold red")
    return Text(format_date(item.target_date))


def _progress_line(update: ProgressUpdate) -> Text:
    line = Text(f"{format_moment(update.at)}  ", style="dim")
    line.append(update.who, style="bold")
    if update.new_status:
        line.append(f"  [{update.old_status} → {update.new_status}]", style="yellow")
    if update.public:  # a working note is the rule; a public one may reach documents
        line.append("  openbaar", style="green")
    line.append("\n  ")
    line.append(update.text)
    return line


def progress_lines(updates: list[ProgressUpdate]) -> list[Text]:
    return [_progress_line(u) for u in updates]


def link_line(link: Link) -> Text:
    line = Text(f"{link.kind} ", style="dim")
    line.append(link.title, style="bold")
    line.append(f"  gevraagd {format_money(link.requested_cents)}")
    if link.granted_cents is not None:
        line.append(f", toegekend {format_money(link.granted_cents)}")
    line.append(f"  ({link.status})", style="dim")
    return line


def _fields(item: Item, today: date) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column()
    status = status_text(item.status)
    if item.is_overdue(today):
        status.append("   streefdatum verlopen", style="bold red")
    grid.add_row("Status", status)
    if item.start_date or item.target_date:
        dates = Text(format_date(item.start_date) or "–")
        dates.append(" tot ")
        dates.append_text(target_text(item, today) if item.target_date else Text("–"))
        grid.add_row("Periode", dates)
    owner = Text(item.owner.value)
    if item.partners:
        owner.append(f" met {item.partners}")
    grid.add_row("Trekker", owner)
    grid.add_row("Rol gemeente", Text(item.municipality_role.value))
    if item.kernregisseur:
        grid.add_row("Kernregisseur", Text(item.kernregisseur))
    if item.problem:
        grid.add_row("Knelpunt/wens", Text(item.problem))
    if item.desired_result:
        grid.add_row("Gewenst resultaat", Text(item.desired_result))
    if item.feasibility:
        grid.add_row("Haalbaarheid", Text(item.feasibility))
    if item.source:
        grid.add_row("Bron", Text(item.source))
    if item.last_discussed:
        grid.add_row("Besproken", Text(f"met inwoners op {format_date(item.last_discussed)}"))
    return grid


def _budget(item: Item, links: list[Link]) -> Text:
    funded = funded_cents(links)
    if not item.budget_cents and not funded:
        return Text("Budget: geen", style="dim")
    line = Text(f"Budget: {format_money(item.budget_cents)}")
    if item.budget_source.value:
        line.append(f" ({item.budget_source.value})")
    line.append(" · al gefinancierd ")
    line.append(format_money(funded), style="bold green" if funded else "")
    if item.budget_cents and funded < item.budget_cents:
        line.append(f" · nog open {format_money(item.budget_cents - funded)}")
    return line


def item_detail(
    item: Item, links: list[Link], progress: list[ProgressUpdate], today: date
) -> RenderableType:
    """Everything about one item that fits a side panel."""
    heading = Text(item.title, style="bold")
    kind = f"{item.theme} · {item.kind.value} · "
    kind += f"speerpunt {item.rank}" if item.priority is Priority.SPEARHEAD else "overig"
    parts: list[RenderableType] = [heading, Text(kind, style="dim")]
    if item.removed_at is not None:
        removed = Text(f"Van de agenda gehaald op {format_moment(item.removed_at)}", style="red")
        if item.removed_by:
            removed.append(f" door {item.removed_by}", style="red")
        if item.removed_reason:
            removed.append(": ")
            removed.append(item.removed_reason)
        parts.append(removed)
    parts.append(_fields(item, today))
    parts.append(_budget(item, links))
    if links:
        parts.append(Text("Koppelingen", style="bold"))
        parts += [link_line(link) for link in links]
    if progress:
        shown = progress[-RECENT_PROGRESS:]
        title = "Voortgang" + (
            f" (laatste {len(shown)} van {len(progress)}; h toont alles)"
            if len(progress) > len(shown)
            else ""
        )
        parts.append(Text(title, style="bold"))
        parts += progress_lines(list(reversed(shown)))
    else:
        parts.append(Text("Nog geen voortgang vastgelegd.", style="dim"))
    return Group(*parts)
