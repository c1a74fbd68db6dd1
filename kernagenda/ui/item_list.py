"""A keyboard list of prepared one-line rows that draws only the lines on screen.

The kernagenda filters its items on every keystroke. A DataTable re-adds every row on each
change and runs its cursor watchers per row (measured: ~100 ms for 500 items); here a change
swaps a Python list and repaints the visible lines, so a keystroke costs the same for 50 or
5,000 items. Rows are :class:`rich.text.Text` made once by the screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip


@dataclass(frozen=True)
class ListRow:
    """``key`` names the record (or a group heading); ``text`` is the whole line."""

    key: str
    text: Text
    #: A heading between groups; the cursor may rest on it, but it is not a record.
    heading: bool = False


class ItemList(ScrollView, can_focus=True):
    BINDINGS = [
        Binding("up", "cursor(-1)", "Omhoog", show=False),
        Binding("down", "cursor(1)", "Omlaag", show=False),
        Binding("pageup", "page(-1)", "Pagina omhoog", show=False),
        Binding("pagedown", "page(1)", "Pagina omlaag", show=False),
        Binding("home", "jump(0)", "Begin", show=False),
        Binding("end", "jump(-1)", "Einde", show=False),
        Binding("enter", "select", "Kiezen", show=False),
    ]
    COMPONENT_CLASSES = {"item-list--cursor"}
    DEFAULT_CSS = """
    ItemList { height: 1fr; }
    ItemList > .item-list--cursor { background: $block-cursor-blurred-background; }
    ItemList:focus > .item-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True)

    class Highlighted(Message):
        """The cursor is on another row (``key`` None: the list is empty)."""

        def __init__(self, item_list: ItemList, key: str | None) -> None:
            super().__init__()
            self.item_list = item_list
            self.key = key

        @property
        def control(self) -> ItemList:
            return self.item_list

    class Selected(Highlighted):
        """Enter, or a click on the row under the cursor."""

        key: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[ListRow] = []
        self._index: dict[str, int] = {}

    # -- content -----------------------------------------------------------------------------
    def set_rows(self, rows: list[ListRow], keep: str | None = None) -> None:
        """Show ``rows``; the cursor stays on ``keep`` if it is still there, else the first
        record (not a heading)."""
        self.rows = rows
        self._index = {row.key: i for i, row in enumerate(rows)}
        width = max((row.text.cell_len for row in rows), default=0)
        self.virtual_size = Size(width, len(rows))
        if keep is not None and keep in self._index:
            target = self._index[keep]
        else:
            target = next((i for i, row in enumerate(rows) if not row.heading), 0)
        self.cursor = target
        self.refresh()

    @property
    def keys(self) -> list[str]:
        return [row.key for row in self.rows]

    @property
    def current(self) -> ListRow | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def neighbour(self, key: str) -> str | None:
        """The record after ``key`` (or before it, at the end): where the cursor goes when
        ``key`` leaves the list."""
        index = self._index.get(key)
        if index is None:
            return None
        found = self._record_near(index + 1, 1)
        if found is None:
            found = self._record_near(index - 1, -1)
        return self.rows[found].key if found is not None else None

    def select_key(self, key: str) -> bool:
        """Put the cursor on ``key``; False when it is not shown."""
        if key not in self._index:
            return False
        self.cursor = self._index[key]
        return True

    # -- cursor ------------------------------------------------------------------------------
    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.rows) - 1)) if self.rows else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_lines(old)
        self.refresh_lines(new)
        if self.rows:
            # The heading above the cursor comes into view with it (Home shows "Wonen (2)").
            top = new - 1 if new > 0 and self.rows[new - 1].heading else new
            self.scroll_to_region(Region(0, top, 1, new - top + 1), animate=False, immediate=True)
        current = self.current
        self.post_message(self.Highlighted(self, current.key if current else None))

    def _record_near(self, index: int, step: int) -> int | None:
        """The first record (not a heading) from ``index`` on in the direction of ``step``."""
        while 0 <= index < len(self.rows):
            if not self.rows[index].heading:
                return index
            index += 1 if step > 0 else -1
        return None

    def _move_to(self, index: int, step: int) -> None:
        # Headings are passed over; at either end the cursor stays on the last record.
        index = max(0, min(index, len(self.rows) - 1))
        found = self._record_near(index, step)
        if found is None:
            found = self._record_near(index, -step)
        if found is not None:
            self.cursor = found

    def action_cursor(self, step: int) -> None:
        self._move_to(self.cursor + step, step)

    def action_page(self, step: int) -> None:
        self._move_to(self.cursor + step * max(1, self.size.height - 1), step)

    def action_jump(self, where: int) -> None:
        if where >= 0:
            self._move_to(where, 1)
        else:
            self._move_to(len(self.rows) - 1, -1)

    def action_select(self) -> None:
        current = self.current
        if current is not None:
            self.post_message(self.Selected(self, current.key))

    def on_click(self, event: events.Click) -> None:
        row = int(self.scroll_offset.y) + event.y
        if not 0 <= row < len(self.rows):
            return
        if row == self.cursor:
            self.action_select()
        else:
            self._move_to(row, 1)

    # -- drawing -----------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.size.width
        base = self.rich_style
        if not 0 <= index < len(self.rows):
            return Strip([Segment(" " * width, base)], width)
        segments = list(self.rows[index].text.render(self.app.console))
        strip = Strip(segments).crop_extend(scroll_x, scroll_x + width, None)
        strip = strip.apply_style(base)
        if index == self.cursor:
            cursor = self.get_component_rich_style("item-list--cursor")
            strip = Strip(
                [Segment(text, (style or Style()) + cursor) for text, style, _ in strip],
                width,
            )
        return strip
