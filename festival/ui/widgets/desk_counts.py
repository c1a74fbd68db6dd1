"""The desk's line "Aanwezig 14 / 80 · init 2/31 · …": present and expected, per role."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from festival.domain.registration import Registration, RoleCount


class DeskCounts(Static):
    """Shows the counts it is given (:meth:`show`) and counts a welcome itself
    (:meth:`count_welcome`): reading the counts again takes ~10 ms with ten thousand people,
    which the welcome on screen would wait for. The screen reads them again when another
    terminal changed something."""

    #: Narrower than this, the role names shrink to four letters.
    NARROW = 110

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        #: present, expected and per role, as last shown.
        self.counts: tuple[int, int, list[RoleCount]] | None = None

    def show(self, present: int, expected: int, per_role: list[RoleCount]) -> None:
        self.counts = (present, expected, per_role)
        self._render_counts()

    def count_welcome(self, welcomed: Registration) -> bool:
        """One more present (in each of the person's roles); False when there is nothing to
        count on yet, so the screen reads the counts instead."""
        if self.counts is None:
            return False
        present, expected, per_role = self.counts
        per_role = [
            c.model_copy(update={"present": c.present + 1}) if c.role in welcomed.roles else c
            for c in per_role
        ]
        self.show(present + 1, expected, per_role)
        return True

    def on_resize(self) -> None:
        self._render_counts()

    def _render_counts(self) -> None:
        if self.counts is None:
            return
        present, expected, per_role = self.counts
        pieces = [
            Text.assemble(("Aanwezig ", "bold"), (f"{present}", "bold green"), f" / {expected}")
        ]
        # On a narrow terminal the role names shrink so the line (and the QR below) still fits.
        narrow = self.app.size.width < self.NARROW
        for count in per_role:
            if count.expected:
                label = count.role.label[:4] if narrow else count.role.label
                pieces.append(Text(f"· {label} {count.present}/{count.expected}"))
        width = self.content_region.width or self.app.size.width
        # Broken into rows here, between two counts: Rich would break inside one ("bezo" on
        # one row, "14/50" on the next), as it breaks at any space, a no-break space too.
        line = Text()
        row = 0
        for piece in pieces:
            if row and row + 2 + piece.cell_len > width:
                line.append("\n")
                row = 0
            elif row:
                line.append("  ")
                row += 2
            line.append_text(piece)
            row += piece.cell_len
        # The same number of rows as before: a repaint, not a new layout (which costs the
        # welcome a few milliseconds).
        rows = line.plain.count("\n") + 1
        self.update(line, layout=rows != self.content_region.height)
