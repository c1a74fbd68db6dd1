"""A DataTable whose rows are records keyed by their database id."""

from __future__ import annotations

from textual.widgets import DataTable


class RecordTable(DataTable[object]):
    """Rows are added with ``key=str(record.id)``; the cursor is read and set by id."""

    @property
    def selected_id(self) -> int | None:
        """The id of the record under the cursor, or None for an empty table."""
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    def select_id(self, record_id: int | None) -> None:
        """Put the cursor on that record, if it is (still) shown."""
        if record_id is not None and str(record_id) in self.rows:
            self.move_cursor(row=self.get_row_index(str(record_id)))
