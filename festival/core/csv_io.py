"""CSV as Dutch offices exchange it: ``;`` or ``,``, UTF-8 (BOM or not) or Windows-1252.

Reading reports every broken line with its number; writing produces what Excel with Dutch
settings opens correctly (UTF-8 with BOM, ``;``, CRLF, decimal comma).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from pydantic import BaseModel

#: Told (lines done, lines in all) while an import stores its lines, for a progress bar.
Progress = Callable[[int, int], None]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_DUTCH_NUMBER = re.compile(r"-\d+(?:[.,]\d+)*")

#: The largest file an import reads, in lines below the header and in bytes. All of a file is
#: stored in one transaction, and while it is stored no other terminal can write: at 75,000
#: registrations that takes some 3 to 5 seconds, so the desks wait, well within the database's
#: busy timeout, instead of failing.
MAX_IMPORT_LINES = 75_000
MAX_IMPORT_BYTES = 10_000_000

_TOO_LARGE = (
    f"het bestand is groter dan {MAX_IMPORT_LINES:,} regels of {MAX_IMPORT_BYTES // 1_000_000} MB"
    "; splits het in kleinere bestanden en importeer die na elkaar"
).replace(",", ".")


class CsvProblem(BaseModel):
    """One refused line: its row in the spreadsheet (the header is row 1) and why."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"regel {self.line}: {self.message}"


class ImportFailed(Exception):
    """Nothing was stored; ``problems`` lists every bad line."""

    def __init__(self, problems: list[CsvProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class CsvLine:
    number: int
    values: dict[str, str]


def decode(data: bytes) -> str:
    """UTF-8 with or without BOM; anything that is not valid UTF-8 is read as Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def read_csv(
    data: bytes,
    required: Sequence[str],
    optional: Sequence[str] = (),
    *,
    problems: list[CsvProblem] | None = None,
) -> list[CsvLine]:
    """The lines of a CSV file as dicts keyed by lower-case header.

    Headers match case-insensitively and in any order. Raises :class:`ImportFailed` for missing
    headers or lines with the wrong number of fields; other columns are ignored.

    With ``problems``, unreadable lines are appended to that list instead and the readable lines
    are returned, so a caller that checks the values too can report every bad line at once.
    """
    collect = problems is not None
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportFailed([CsvProblem(line=1, message=_TOO_LARGE)])
    text = decode(data)
    if not text.strip():
        raise ImportFailed([CsvProblem(line=1, message="het bestand is leeg")])
    first_line = text.splitlines()[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except csv.Error as exc:
        raise ImportFailed([CsvProblem(line=1, message=f"onleesbare kopregel ({exc})")]) from exc
    missing = [h for h in required if h not in header]
    if missing:
        raise ImportFailed(
            [
                CsvProblem(
                    line=1,
                    message="kolom(men) ontbreken: "
                    + ", ".join(missing)
                    + f" (verwacht: {';'.join(required)})",
                )
            ]
        )
    wanted = [*required, *(h for h in optional if h in header)]
    lines: list[CsvLine] = []
    if problems is None:
        problems = []
    # Records are numbered as the spreadsheet numbers its rows (the header is row 1), not by
    # line in the file: a cell with a line break (Alt+Enter) is one row but several lines.
    number = 1
    while True:
        number += 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(CsvProblem(line=number, message=f"onleesbare regel ({exc})"))
            break
        if number > MAX_IMPORT_LINES + 1:
            raise ImportFailed([CsvProblem(line=number, message=_TOO_LARGE)])
        if not any(cell.strip() for cell in row):
            continue
        # Spreadsheets often pad lines with empty trailing cells; those are harmless.
        while len(row) > len(header) and not row[-1].strip():
            row = row[:-1]
        if len(row) != len(header):
            problems.append(
                CsvProblem(
                    line=number,
                    message=f"{len(row)} velden, verwacht {len(header)}",
                )
            )
            continue
        values = dict(zip(header, row, strict=True))
        lines.append(CsvLine(number=number, values={h: unquote_formula(values[h]) for h in wanted}))
    if problems and not collect:
        raise ImportFailed(problems)
    return lines


def _looks_like_formula(value: str) -> bool:
    # Apostrophes in front count too, so text that itself starts with "'=" survives a round trip.
    return value.lstrip("'").startswith(_FORMULA_START)


def unquote_formula(value: str) -> str:
    """Undo :func:`quote_formula` so an exported file imports back unchanged."""
    if value.startswith("'") and _looks_like_formula(value[1:]):
        return value[1:]
    return value


def quote_formula(value: str) -> str:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe.

    Text that already looks quoted (``'=``) gets one too, so :func:`unquote_formula` gives it
    back unchanged.
    """
    return f"'{value}" if _looks_like_formula(value) else value


def _cell(value: str) -> str:
    # A negative number in Dutch notation is a number to a spreadsheet, never a formula.
    return value if _DUTCH_NUMBER.fullmatch(value) else quote_formula(value)


def write_csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """UTF-8 with BOM, ``;`` separated, CRLF: what Excel with Dutch settings expects.

    The one CSV writer of every export: each cell is guarded here with :func:`quote_formula`
    (a negative number such as ``-1,50`` stays a number), so callers pass plain text and no
    column can be forgotten.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([_cell(value) for value in header])
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")
