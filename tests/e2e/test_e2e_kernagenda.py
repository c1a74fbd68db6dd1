"""The kernagenda in a real terminal: a kernregisseur logs in with the ``kernagenda`` command,
adds an item, writes a progress update and exports the agenda as Markdown for residents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from e2e_support import KERNAGENDA, Terminal, log_in

from festival.domain.demo_logins import DEMO_LOGINS
from festival.store.database import Database

pytestmark = pytest.mark.e2e

KARIN, KARIN_PIN = "Karin Regisseur", "4444"
KERN = "Ingen"
#: The theme the new item should get: that of the row under the cursor when ``n`` is pressed.
THEME = "Groen & openbare ruimte"
TITLE = "Bankje bij de kerk"
#: The placeholder of the list's filter field.
FILTER = "filter op onderwerp"
#: In the footer only while the list has focus.
LIST_KEYS = "n Nieuw"
#: With a phone number, which the document for residents must leave out.
PHONE = "06-12345678"
PROGRESS = f"Offerte gevraagd; bel smid {PHONE}"
#: The list's rows: an item row starts with its priority mark, a group heading does not.
_ITEM_ROW = re.compile(r"^\s+[·★]")


@pytest.fixture(autouse=True)
def _kernagenda_installed() -> None:
    if not KERNAGENDA.exists():
        pytest.fail(
            f"{KERNAGENDA} is missing: install the project into this environment "
            "(`pip install -e .`, or `make test`).",
            pytrace=False,
        )


def list_column(screen: str) -> list[str]:
    """The rows of the list, the left part of the screen (the detail panel starts at ▏)."""
    return [row.split("▏")[0] for row in screen.splitlines()]


def group_rows(screen: str, heading: str) -> list[str]:
    """The item rows of the list under the group heading that starts with ``heading``."""
    rows = list_column(screen)
    start = next((i for i, row in enumerate(rows) if row.strip().startswith(heading)), None)
    members: list[str] = []
    if start is None:
        return members
    for row in rows[start + 1 :]:
        if not _ITEM_ROW.match(row):
            break
        members.append(row)
    return members


def list_ready(term: Terminal) -> None:
    """Wait until the list has focus: only then does the footer offer the letter keys (a
    focused text field takes letters, so the footer leaves them out)."""
    term.wait_for(LIST_KEYS)


def cursor_to_theme(term: Terminal, theme: str) -> None:
    """Put the cursor on an item of ``theme`` the way a user finds one: ``/``, type the theme
    (the filter searches themes too), then Escape clears the filter, the cursor staying on the
    item, and a second Escape goes back to the list.

    (Walking with ↓ cannot be followed on screen: with the cursor on a group heading every
    heading looks the same in plain text.)"""
    in_panel = rf"▏ {re.escape(theme)} · "  # the panel's second line: "THEME · soort · prio"
    list_ready(term)
    term.keys("/")
    term.wait_gone(LIST_KEYS)  # the filter has focus: letters typed now land in it
    term.type(theme)
    term.wait_match(rf"(?m)^ {re.escape(theme)}\s+▏")  # in the filter, above the list
    term.wait_match(r"\d+ van \d+ punten")
    term.wait_match(in_panel)
    term.keys("Escape")
    term.wait_for(FILTER)  # empty again: the placeholder shows
    term.wait_match(r"(?m)^ \d+ punten · per")
    term.wait_match(in_panel)
    term.keys("Escape")
    list_ready(term)


def add_item(term: Terminal, title: str, theme: str) -> None:
    """``n``, the subject, Enter: the form opens in the theme of the row under the cursor."""
    term.keys("n")
    term.wait_for(f"Nieuw agendapunt — {KERN}")
    term.wait_match(rf"Thema\s+{re.escape(theme)}\s")  # the default, no need to choose
    term.type(title)  # focus starts in Onderwerp
    term.wait_match(rf"Onderwerp\s+{re.escape(title)}\s")
    term.keys("Enter")  # Enter in a field saves
    term.wait_gone("Nieuw agendapunt")
    term.wait_for(f"Agendapunt {title} toegevoegd.")


def add_progress(term: Terminal, title: str, text: str) -> None:
    """``p`` on the item under the cursor, the text, Enter."""
    list_ready(term)
    term.keys("p")
    term.wait_for("Voortgang vastleggen")
    term.wait_for(title)  # the dialog names the item it writes to
    term.type(text)  # focus starts in the text field
    term.wait_match(rf"Voortgang\s+{re.escape(text)}\s")
    term.keys("Enter")
    term.wait_gone("Voortgang vastleggen")
    term.wait_for("Voortgang vastgelegd.")


def export_markdown(term: Terminal, path: Path) -> None:
    """``x``; Versie (the field above Bestand) to the concept and Formaat (above Versie) to
    Markdown with the keyboard; the file name cleared with Ctrl+U and typed; Enter."""
    list_ready(term)
    term.keys("x")
    term.wait_for(f"Kernagenda {KERN} voor inwoners")
    term.wait_match(r"Formaat\s+PDF \(om te printen of te mailen\)\s+▼")
    term.wait_match(r"Bestand\s+\S+\.pdf\s")  # the suggested file, focused
    # The demo agenda is fixed, so the latest fixed version is chosen; the new item and its
    # progress are only in the concept (the last choice).
    term.wait_match(r"Versie\s+\S.*\(vastgesteld \d")
    term.press_moving_focus("BTab", "Voor")  # for whom the publication is recorded
    term.press_moving_focus("BTab", "Versie")
    term.keys("Enter")
    term.wait_match(r"Versie\s.*▲")  # the list of versions is open
    term.keys("End", "Enter")
    term.wait_match(r"Versie\s+huidige concept \(nog niet vastgesteld\)\s+▼")
    term.press_moving_focus("BTab", "Formaat")
    term.keys("Enter")
    term.wait_match(r"Formaat\s.*▲")  # the list of formats is open, on PDF
    term.keys("Down", "Down", "Down", "Enter")  # PDF, Word, HTML, Markdown
    term.wait_match(r"Formaat\s+Markdown \(tekst\)\s+▼")
    term.wait_match(r"Bestand\s+\S+\.md\s")  # the suggested name follows the format
    term.press_moving_focus("Tab", "Versie")
    term.press_moving_focus("Tab", "Voor")
    term.press_moving_focus("Tab", "Bestand")
    term.keys("C-u")  # Textual's Input: delete everything left of the cursor
    term.wait_match(r"Bestand {20,}")
    term.type(str(path))
    # A long path scrolls in the field: its end shows, after the emptied field's start.
    term.wait_match(rf"Bestand\s+\S*/{re.escape(path.name)}\s")
    term.keys("Enter")  # Enter in the file name writes
    term.wait_for("Geschreven naar")
    term.wait_gone("voor inwoners")


def theme_sections(markdown: str) -> dict[str, str]:
    """The Markdown per ``## theme`` heading."""
    parts = re.split(r"^## (.+)$", markdown, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_kernregisseur_adds_item_writes_progress_and_exports_markdown(
    demo_db: Path, terminal: Terminal, tmp_path: Path
) -> None:
    terminal.start(demo_db, "--db", str(demo_db), program=KERNAGENDA)
    log_in(terminal, KARIN, KARIN_PIN)
    # The agenda at once, no home screen; the title line ends in "k: andere kern".
    opened = terminal.wait_match(rf"Kernagenda {KERN} .*k: andere kern")
    assert "alleen lezen" not in opened, "Karin is the kernregisseur of Ingen: she edits"

    cursor_to_theme(terminal, THEME)
    add_item(terminal, TITLE, THEME)
    # The new item is in the list, in its theme's group (matched on the heading's start: a
    # narrow title column may cut it off), and under the cursor: the panel on the right shows it.
    terminal.wait_until(
        lambda s: any(TITLE in row for row in group_rows(s, THEME[:18])),
        f"{TITLE!r} in the list under {THEME!r}",
    )
    terminal.wait_match(rf"(?m)▏ {re.escape(TITLE)}\s*$")
    terminal.wait_match(rf"▏ {re.escape(THEME)} · idee · overig")
    terminal.wait_for("Nog geen voortgang vastgelegd.")

    add_progress(terminal, TITLE, PROGRESS)
    # The panel's log: date, time and who, then the text indented; still the same item.
    logged = rf"▏ \d\d-\d\d-\d{{4}} \d\d:\d\d +{KARIN} *\n"
    terminal.wait_match(logged + rf"[^\n]*▏   {re.escape(PROGRESS)}")
    terminal.wait_match(rf"(?m)▏ {re.escape(TITLE)}\s*$")
    terminal.wait_gone("Nog geen voortgang vastgelegd.")

    # Another name than the suggested kernagenda-ingen.md, so the field must show the typed one.
    typed = tmp_path / "ingen-voor-inwoners.md"
    export_markdown(terminal, typed)
    terminal.quit()
    target = tmp_path / "ingen-voor-inwoners-concept.md"  # a concept's name says so

    # What was stored: the item in Ingen's agenda, made by Karin, with her progress line.
    with Database(demo_db) as db:
        items = db.fetchall(
            "SELECT i.id, i.theme, i.status FROM agenda_items i"
            " JOIN agendas a ON a.id = i.agenda_id JOIN kernen k ON k.id = a.kern_id"
            " WHERE k.name = ? AND i.title = ?",
            (KERN, TITLE),
        )
        assert len(items) == 1, [dict(r) for r in items]
        item = items[0]
        assert (item["theme"], item["status"]) == (THEME, "idee")
        history = db.fetchall(
            "SELECT field, who FROM item_history WHERE item_id = ?", (item["id"],)
        )
        assert ("aangemaakt", KARIN) in [(h["field"], h["who"]) for h in history]
        progress = db.fetchall(
            "SELECT who, text, at FROM progress_updates WHERE item_id = ?", (item["id"],)
        )
        assert [(p["who"], p["text"]) for p in progress] == [(KARIN, PROGRESS)]
        contacts = [
            value
            for row in db.fetchall("SELECT email, phone FROM people")
            for value in (row["email"], row["phone"])
            if value
        ]

    # The document for residents: the item under its theme, marked as a concept; the progress
    # note was written as an internal working note, so it stays out; nobody's PIN, phone
    # number or e-mail address.
    assert target.exists(), f"{target} was not written"
    markdown = target.read_text(encoding="utf-8")
    assert markdown.startswith(f"# Kernagenda {KERN}\n"), markdown[:200]
    sections = theme_sections(markdown)
    assert THEME in sections, f"no '## {THEME}' in:\n{markdown}"
    assert f"### {TITLE}\n" in sections[THEME], sections[THEME]
    assert [name for name, text in sections.items() if TITLE in text] == [THEME]
    block = sections[THEME].split(f"### {TITLE}\n", 1)[1].split("\n### ", 1)[0]
    assert "- **Status:** Idee: nog niet gepland" in block, block
    assert "CONCEPT" in markdown.split("\n## ", 1)[0]
    assert "Laatste voortgang" not in block and "Offerte gevraagd" not in markdown, block
    assert PHONE not in markdown
    assert not re.search(r"[^@\s]+@[^@\s]+\.\w", markdown), "an e-mail address in the export"
    leaked = [c for c in contacts if c in markdown]
    assert not leaked, f"contact details in the export: {leaked}"
    for login in DEMO_LOGINS:
        assert not re.search(rf"\b{login.pin}\b", markdown), f"PIN of {login.name} in export"
