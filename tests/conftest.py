"""Shared by every tier: the installed features are loaded first, as the shell does at start,
so their schema tracks migrate in every database a test opens. Also: a real print server."""

from collections.abc import Iterator

import pytest

from festival.features import installed
from tests.cups_printer import PdfPrinter, pdf_printer

installed()


@pytest.fixture(scope="session")
def cups_server() -> Iterator[PdfPrinter]:
    """A private cupsd with a cups-pdf printer, started once for the session that needs it."""
    with pdf_printer() as printer:
        yield printer


@pytest.fixture
def pdf_queue(cups_server: PdfPrinter, monkeypatch: pytest.MonkeyPatch) -> PdfPrinter:
    """The PDF printer, with ``lp`` in this process talking to its print server."""
    monkeypatch.setenv("CUPS_SERVER", cups_server.server)
    return cups_server
