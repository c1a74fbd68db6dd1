"""Files of several parts that a spreadsheet opens: one CSV with the parts one after another,
or an XLSX workbook with one sheet per part. Used by the jury and the allocation exports."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from festival.core.csv_io import write_csv

Cell = str | int | float | datetime | None
_WIDEST = 70


@dataclass(frozen=True)
class Section:
    title: str
    header: tuple[str, ...]
    rows: list[tuple[Cell, ...]]


def csv_cell(value: Cell) -> str:
    """Dutch spreadsheet conventions: decimal comma, dd-mm-jjjj (formulas are guarded by
    :func:`write_csv`)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d-%m-%Y %H:%M:%S")
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, int):
        return str(value)
    return value


def sections_csv(sections: Sequence[Section]) -> bytes:
    """One file, one part after the other: a title line, the column names, the rows."""
    rows: list[Sequence[str]] = []
    for index, section in enumerate(sections):
        if index:
            rows.extend([[], [section.title], list(section.header)])
        rows.extend([csv_cell(v) for v in row] for row in section.rows)
    first = sections[0]
    # write_csv writes its header first: the first part's title, then its column names.
    return write_csv([first.title], [list(first.header), *rows])


def sections_xlsx(sections: Sequence[Section]) -> bytes:
    """One sheet per part: bold header, numbers as numbers, text never run as a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    bold = Font(bold=True)
    for section in sections:
        sheet = book.create_sheet(section.title)
        sheet.append(list(section.header))
        for cell in sheet[1]:
            cell.font = bold
        widths = [len(h) for h in section.header]
        for row in section.rows:
            sheet.append(list(row))
            for column, value in enumerate(row):
                widths[column] = max(widths[column], min(len(csv_cell(value)), _WIDEST))
        for row_cells in sheet.iter_rows(min_row=2):
            for cell in row_cells:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text, never a formula
                elif isinstance(cell.value, float):
                    cell.number_format = "0.00"
                elif isinstance(cell.value, datetime):
                    cell.number_format = "dd-mm-yyyy hh:mm:ss"
                elif isinstance(cell.value, str) and len(cell.value) > _WIDEST:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        for column, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = width + 2
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
