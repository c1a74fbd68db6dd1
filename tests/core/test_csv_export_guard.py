"""One CSV writer for every export, and it guards every cell against spreadsheet formulas:
the kern column of the budget export too, which once slipped through."""

from __future__ import annotations

import csv
import io

from core_support import CALLER
from hypothesis import given
from hypothesis import strategies as st

from festival.core.csv_io import read_csv, write_csv
from festival.domain.budget import (
    ApplicationInput,
    BudgetYearInput,
    add_application,
    set_budget_year,
)
from festival.domain.budget_io import export_applications
from festival.domain.kernen import list_kernen, update_kern
from festival.domain.permissions import SYSTEM
from festival.store.database import Database

FORMULA = '=HYPERLINK("https://example.org/x";"Klik")'
_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cells(data: bytes) -> list[list[str]]:
    text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_the_kern_column_of_the_budget_export_is_guarded(db: Database) -> None:
    zoelen = next(k for k in list_kernen(db) if k.name == "Zoelen")
    update_kern(db, CALLER, zoelen.id, name=FORMULA)
    set_budget_year(db, CALLER, BudgetYearInput(year="2026", budget="50.000"))
    add_application(
        db,
        CALLER,
        ApplicationInput(year="2026", kern=FORMULA, title="Speeltuin", applicant="Club",
                         requested="400"),
    )  # fmt: skip
    header, row = _cells(export_applications(db, SYSTEM))
    assert row[header.index("kern")] == "'" + FORMULA
    # And the import reads the name back as it was typed.
    [line] = read_csv(export_applications(db, SYSTEM), ["kern"])
    assert line.values["kern"] == FORMULA


def test_every_cell_and_the_header_are_guarded_and_negative_numbers_stay_numbers() -> None:
    data = write_csv(["=kop", "bedrag"], [["@naam", "-12,50"], ["+31 6", "-3"]])
    assert _cells(data) == [["'=kop", "bedrag"], ["'@naam", "-12,50"], ["'+31 6", "-3"]]


@given(
    st.lists(
        st.lists(st.text(alphabet=st.sampled_from("'=+-@1,a\t;\""), max_size=5), min_size=2,
                 max_size=2),
        max_size=4,
    )
)  # fmt: skip
def test_no_written_cell_starts_a_formula_and_every_cell_reads_back(
    rows: list[list[str]],
) -> None:
    # A third column that is never blank: a blank line would be skipped on reading.
    data = write_csv(["a", "b", "n"], [[*row, "x"] for row in rows])
    for cells in _cells(data)[1:]:
        for cell in cells:
            number = cell.startswith("-") and cell[1:2].isdigit() and "+" not in cell
            assert number or not cell.startswith(_STARTS), cell
    lines = read_csv(data, ["a", "b"])
    assert [[line.values["a"], line.values["b"]] for line in lines] == rows
