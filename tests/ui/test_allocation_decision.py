"""The allocation screen keeps to a locked decision and says when it is stale; it fits 80 and
120 columns without cutting a euro amount; the what-if names initiatives in Dutch; the rules
can only be read after the lock."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from festival.app import KerngerichtApp, make_app
from festival.core.money import format_money_whole
from festival.domain import jury, permissions
from festival.domain.accounts import list_users
from festival.domain.allocation import config as allocation_config
from festival.domain.allocation import locking
from festival.domain.allocation.model import Rule
from festival.domain.allocation.record import LockedAllocation
from festival.domain.festivals import Festival, current_festival
from festival.domain.permissions import SystemCaller
from festival.settings import Settings
from festival.store.database import Database
from festival.ui.dialogs.allocation_settings_dialog import AllocationSettingsDialog
from festival.ui.screens import allocation as allocation_screen
from festival.ui.screens.allocation import AllocationScreen
from festival.ui.widgets.record_table import RecordTable
from tests.ui.helpers import COORDINATOR, log_in, static_text
from tests.ui.test_allocation_screen import settle

TEST = SystemCaller("test")


def score(db: Database, festival: Festival, last_gets: int | None = None) -> None:
    """Every juror scores every pitch, earlier pitches higher (the last one ``last_gets``)."""
    criteria = jury.list_criteria(db, festival.id)
    order = jury.list_pitches(db, festival.id)
    for juror in (u for u in list_users(db, permissions.SYSTEM) if u.role.value == "jury"):
        for rank, pitch in enumerate(order):
            value = max(1, 10 - rank)
            if last_gets is not None and pitch is order[-1]:
                value = last_gets
            values = {c.id: value for c in criteria}
            jury.save_scores(db, juror, festival.id, juror, pitch.initiative_id, values)


def locked_then_rescored(db: Database) -> tuple[Festival, str]:
    """Locked with a partial award (cents) and the last pitch lowest; then the jury unlocks,
    the last pitch is rescored to the top and the jury locks again."""
    festival = current_festival(db)
    assert festival is not None
    now = allocation_config.get_config(db, festival.id)
    allocation_config.set_config(
        db,
        TEST,
        festival,
        allocation_config.ConfigInput(
            rule=now.rule.value,
            max_award="5.000",
            partial_last=True,
            tie_break=", ".join(t.value for t in now.tie_break),
        ),
    )
    score(db, festival)
    jury.lock(db, TEST, festival.id)
    locking.lock_allocation(db, TEST, festival)
    jury.unlock(db, TEST, festival.id, "Joke had de laatste pitch op het verkeerde formulier")
    score(db, festival, last_gets=10)
    jury.lock(db, TEST, festival.id)
    return festival, jury.list_pitches(db, festival.id)[-1].title


async def open_allocation(pilot: Pilot[None]) -> AllocationScreen:
    await log_in(pilot, *COORDINATOR)
    await pilot.press("v")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AllocationScreen)
    return screen


async def test_the_screen_shows_the_locked_decision_and_says_it_is_stale(
    app: KerngerichtApp,
) -> None:
    festival, title = locked_then_rescored(app.db)
    locked = locking.active_allocation(app.db, festival.id)
    assert locked is not None
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_allocation(pilot)
        state = static_text(pilot, "#allocation-state")
        assert f"vastgesteld #{locked.id}" in state
        assert "verouderd: 1 score gewijzigd na vaststellen" in state
        assert f"{title}: eindscore 22,2 → 100,0" in state
        assert "Vervang de verdeling met V" in state
        # The rows are the locked record's: the rescored pitch is last and got nothing.
        table = screen.query_one("#allocation", RecordTable)
        last_key = str(jury.list_pitches(app.db, festival.id)[-1].initiative_id)
        assert table.get_row_index(last_key) == table.row_count - 1
        assert str(table.get_row(last_key)[4]) == "–"
        assert sum(r.amount for r in screen.rows) == locked.record.total
        assert screen.current is not None and screen.current.total != 0
        # What the draft would give now differs, and the what-if names who would change.
        what_if = static_text(pilot, "#what-if")
        assert f"+ {title}" in what_if
        assert "vergeleken met de vastgestelde verdeling" in what_if
        for rule in Rule:
            assert rule.label in what_if
            assert f"\n{rule.value}\n" not in what_if


async def test_the_rules_can_only_be_read_after_the_lock(app: KerngerichtApp) -> None:
    locked_then_rescored(app.db)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_allocation(pilot)
        await pilot.press("i")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AllocationSettingsDialog)
        assert "alleen te lezen" in static_text(pilot, "#read-only")
        assert all(w.disabled for w in dialog.query("Input, Select, Checkbox"))
        assert not dialog.query("#save")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AllocationScreen)


async def _every_amount_whole(app: KerngerichtApp, size: tuple[int, int]) -> None:
    locked_then_rescored(app.db)
    async with app.run_test(size=size) as pilot:
        screen = await open_allocation(pilot)
        table = screen.query_one("#allocation", RecordTable)
        await pilot.pause()
        # No horizontal scrolling: every column is in view.
        assert table.virtual_size.width <= table.scrollable_content_region.width, size
        labels = [str(c.label) for c in table.ordered_columns]
        amount = labels.index("Toekenning")
        widths = [c.width for c in table.ordered_columns]
        for row in screen.rows:
            shown = str(table.get_row(row.initiative_id)[amount])
            assert shown == (format_money_whole(row.amount) if row.amount else "–")
            assert len(shown) <= widths[amount]
        assert any(r.amount % 100 for r in screen.rows)  # a partial award, with cents


async def test_every_amount_is_whole_at_80_columns(app: KerngerichtApp) -> None:
    await _every_amount_whole(app, (80, 24))


async def test_every_amount_is_whole_at_120_columns(app: KerngerichtApp) -> None:
    await _every_amount_whole(app, (120, 36))


# -- snapshots -------------------------------------------------------------------------------


def _app(db_path: Path) -> KerngerichtApp:
    # A long poll interval: nothing else writes, and the screenshot must not race a refresh.
    return make_app(Settings(db=db_path, poll_interval=5))


async def _open(pilot: Pilot[None]) -> None:
    await open_allocation(pilot)


#: The hash the snapshots show: the real one covers the audit chain, whose timestamps differ
#: in every run (the demo database is made anew for each test session).
SHOWN_HASH = "5eed" * 16


def _prepared(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> KerngerichtApp:
    with Database(db_path) as db:
        locked_then_rescored(db)

    def fixed_hash(db: Database, festival_id: int) -> LockedAllocation | None:
        found = locking.active_allocation(db, festival_id)
        return found.model_copy(update={"sha256": SHOWN_HASH}) if found else None

    monkeypatch.setattr(allocation_screen, "active_allocation", fixed_hash)
    return _app(db_path)


def test_allocation_screen_locked_and_stale_80x24(
    snap_compare, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _prepared(db_path, monkeypatch)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_open)


def test_allocation_screen_locked_and_stale_120x36(
    snap_compare, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _prepared(db_path, monkeypatch)
    assert snap_compare(app, terminal_size=(120, 36), run_before=_open)


async def test_replacing_a_stale_decision_asks_a_reason_then_confirms_with_the_names(
    app: KerngerichtApp,
) -> None:
    from textual.widgets import Input

    from festival.ui.dialogs.confirm_dialog import ConfirmDialog
    from festival.ui.dialogs.reason_dialog import ReasonDialog
    from tests.ui.helpers import click

    festival, title = locked_then_rescored(app.db)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_allocation(pilot)
        await pilot.press("v")
        await settle(pilot)
        reason = app.screen
        assert isinstance(reason, ReasonDialog)
        reason.query_one("#reason", Input).value = "herscoord na ontgrendelen"
        await pilot.press("enter")
        await settle(pilot)
        question = app.screen
        assert isinstance(question, ConfirmDialog)
        assert f"+ {title}" in question.explanation
        assert app.focused is not None and app.focused.id == "cancel"
        await click(pilot, "#confirm")
        await settle(pilot)
        assert app.screen is screen
        history = locking.history(app.db, festival.id)
        assert len(history) == 2
        assert history[0].supersede_reason == "herscoord na ontgrendelen"
        assert "verouderd" not in static_text(pilot, "#allocation-state")
        assert f"vastgesteld #{history[1].id}" in static_text(pilot, "#allocation-state")


async def test_at_80_columns_the_other_rules_are_one_key_away(app: KerngerichtApp) -> None:
    locked_then_rescored(app.db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_allocation(pilot)
        table = screen.query_one("#allocation", RecordTable)
        box = screen.query_one("#what-if-box")
        assert table.display and not box.display
        assert "Gevraagd" not in [str(c.label) for c in table.ordered_columns]
        await pilot.press("o")
        await pilot.pause()
        assert box.display and not table.display
        assert "Wat andere regels zouden geven" in static_text(pilot, "#what-if")
        await pilot.press("o")
        await pilot.pause()
        assert table.display and not box.display
