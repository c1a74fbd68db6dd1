"""The coordinator divides the pot on screen: outcome, reasons, what-if, override, lock."""

from __future__ import annotations

import asyncio
import threading

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static
from textual.worker import WorkerCancelled

from festival.app import KerngerichtApp
from festival.core.money import format_money_whole
from festival.domain import jury, permissions
from festival.domain.accounts import list_users
from festival.domain.allocation import config as allocation_config
from festival.domain.allocation import inputs, locking, overrides, proposal
from festival.domain.allocation.inputs import Inputs
from festival.domain.allocation.model import Rule
from festival.domain.festivals import current_festival
from festival.domain.permissions import SystemCaller
from festival.store import database as store_database
from festival.store.database import Database
from festival.ui.dialogs.allocation_settings_dialog import AllocationSettingsDialog
from festival.ui.dialogs.confirm_dialog import ConfirmDialog
from festival.ui.dialogs.override_dialog import OverrideDialog
from festival.ui.screens import allocation as allocation_screen
from festival.ui.screens.allocation import AllocationScreen
from tests.ui.helpers import COORDINATOR, click, log_in, static_text


def dialog_text(dialog: ConfirmDialog) -> str:
    return " ".join(str(s.content) for s in dialog.query(Static)).replace("\xa0", " ")


async def settle(pilot: Pilot[None]) -> None:
    """Let the screen's recomputing worker finish and its answer arrive."""
    while True:
        try:
            await pilot.app.workers.wait_for_complete()
            break
        except WorkerCancelled:  # a newer reload replaced one; wait for the newer one
            continue
    await pilot.pause()


def score_everything(db: Database) -> None:
    festival = current_festival(db)
    assert festival is not None
    criteria = jury.list_criteria(db, festival.id)
    for juror in (u for u in list_users(db, permissions.SYSTEM) if u.role.value == "jury"):
        for rank, pitch in enumerate(jury.list_pitches(db, festival.id)):
            jury.save_scores(
                db,
                juror,
                festival.id,
                juror,
                pitch.initiative_id,
                {c.id: max(1, 10 - rank) for c in criteria},
            )
    jury.lock(db, SystemCaller("test"), festival.id)


async def test_allocate_override_and_lock_on_screen(app: KerngerichtApp) -> None:
    score_everything(app.db)
    festival = current_festival(app.db)
    assert festival is not None
    async with app.run_test(size=(160, 45)) as pilot:
        await log_in(pilot, *COORDINATOR)
        await pilot.press("v")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AllocationScreen)
        assert "Pot €" in static_text(pilot, "#allocation-pot")
        assert "concept" in static_text(pilot, "#allocation-state")
        assert "Wat andere regels zouden geven" in static_text(pilot, "#what-if")
        draft = screen.current
        assert draft is not None
        assert "oegekend" in static_text(pilot, "#allocation-reason")
        await pilot.press("a")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, OverrideDialog)
        dialog.query_one("#amount", Input).value = "0"
        dialog.query_one("#reason", Input).value = "aanvrager trekt zich terug"
        dialog.query_one("#reason", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        first = int(draft.result.decisions[0].candidate_id)
        assert inputs.overrides(app.db, festival.id)[first].amount_cents == 0
        assert "aanvrager trekt zich terug" in static_text(pilot, "#allocation-reason")
        await pilot.press("v")
        await settle(pilot)
        question = app.screen
        assert isinstance(question, ConfirmDialog)
        assert app.focused is not None and app.focused.id == "cancel"  # Enter cancels
        total = format_money_whole(screen.current.total).replace("\xa0", " ")
        assert f"Vaststellen: {total} aan" in dialog_text(question)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert locking.active_allocation(app.db, festival.id) is None
        await pilot.press("v")
        await settle(pilot)
        await click(pilot, "#confirm")
        await settle(pilot)
        locked = locking.active_allocation(app.db, festival.id)
        assert locked is not None and locked.verify()
        assert "vastgesteld" in static_text(pilot, "#allocation-state")
        assert locked.sha256 in static_text(pilot, "#allocation-state")
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "Publiceren: " in dialog_text(app.screen)
        await click(pilot, "#confirm")
        await settle(pilot)
        assert "gepubliceerd" in static_text(pilot, "#allocation-state")


async def test_the_rules_are_fixed_on_screen_before_the_jury_locks(app: KerngerichtApp) -> None:
    festival = current_festival(app.db)
    assert festival is not None
    async with app.run_test(size=(160, 45)) as pilot:
        await log_in(pilot, *COORDINATOR)
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AllocationSettingsDialog)
        dialog.query_one("#rule", Select).value = "knapsack"
        dialog.query_one("#max-award", Input).value = "3.000"
        dialog.query_one("#max-awards", Input).value = "nul"
        dialog.query_one("#max-award", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog  # "nul" is refused beside its field
        assert "heel getal" in dialog.query_one("#field-max_awards").error
        dialog.query_one("#max-awards", Input).value = "4"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AllocationScreen)
        config = allocation_config.get_config(app.db, festival.id)
        assert (config.rule.value, config.max_award_cents, config.max_awards) == (
            "knapsack",
            300_000,
            4,
        )
        assert "hoogste totale score binnen de pot" in static_text(pilot, "#allocation-pot")


async def test_jurors_see_the_amounts_only_once_the_allocation_is_published(
    app: KerngerichtApp,
) -> None:
    from festival.ui.screens.jury_ranking import JuryRankingScreen
    from tests.ui.helpers import JURY

    score_everything(app.db)
    festival = current_festival(app.db)
    assert festival is not None
    jury.publish(app.db, SystemCaller("test"), festival.id)
    locking.lock_allocation(app.db, SystemCaller("test"), festival)
    async with app.run_test(size=(160, 45)) as pilot:
        await log_in(pilot, *JURY)
        await pilot.press("f5")
        await pilot.pause()
        ranking = app.screen
        assert isinstance(ranking, JuryRankingScreen)
        assert ranking.awards is None  # locked, not yet published
        await pilot.press("escape")
        locking.publish_allocation(app.db, SystemCaller("test"), festival)
        await pilot.press("f5")
        await pilot.pause()
        ranking = app.screen
        assert isinstance(ranking, JuryRankingScreen)
        assert ranking.awards is not None
        locked = locking.active_allocation(app.db, festival.id)
        assert locked is not None
        assert sum(ranking.awards.values()) == locked.record.total


async def test_the_screen_computes_every_rule_once_per_change_in_a_worker(
    app: KerngerichtApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    score_everything(app.db)
    threads: list[threading.Thread] = []
    rules: list[Rule] = []
    original = proposal.apply_rule

    def counted(rule: Rule, *args: object, **kwargs: object) -> object:
        threads.append(threading.current_thread())
        rules.append(rule)
        return original(rule, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(proposal, "apply_rule", counted)
    async with app.run_test(size=(160, 45)) as pilot:
        await log_in(pilot, *COORDINATOR)
        await pilot.press("v")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AllocationScreen)
        assert screen.current is not None
        assert "Wat andere regels zouden geven" in static_text(pilot, "#what-if")
        assert rules and len(rules) % len(Rule) == 0
        for start in range(0, len(rules), len(Rule)):
            assert sorted(rules[start : start + len(Rule)]) == sorted(Rule)  # each rule once
        assert threading.main_thread() not in threads  # never on the UI thread


async def test_a_stale_recomputation_never_overwrites_a_newer_one(
    app: KerngerichtApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    score_everything(app.db)
    festival = current_festival(app.db)
    assert festival is not None
    async with app.run_test(size=(160, 45)) as pilot:
        await log_in(pilot, *COORDINATOR)
        await pilot.press("v")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AllocationScreen) and screen.current is not None
        first = int(screen.current.result.decisions[0].candidate_id)
        entered, release = threading.Event(), threading.Event()
        original = allocation_screen.compare
        held: list[bool] = []

        def slow_first(given: Inputs) -> object:
            if not held:  # the first recomputation waits until the test lets it go
                held.append(True)
                entered.set()
                release.wait(10)
            return original(given)

        monkeypatch.setattr(allocation_screen, "compare", slow_first)
        screen.reload()
        assert await asyncio.to_thread(entered.wait, 10)
        (stale,) = [w for w in app.workers if w.group == "allocation-recompute"]
        overrides.set_override(app.db, SystemCaller("test"), festival, first, "0", "ingetrokken")
        screen.reload()
        assert stale.is_cancelled  # exclusive: the newer recomputation replaces it
        release.set()
        await settle(pilot)
        assert screen.current is not None and first in screen.current.overrides
        # An answer to an older reload that still arrives is dropped.
        shown = static_text(pilot, "#allocation-pot")
        screen.post_message(AllocationScreen.Recomputed(0, "verouderd", {}, None))
        await pilot.pause()
        assert static_text(pilot, "#allocation-pot") == shown
        assert first in screen.current.overrides


async def test_a_database_error_in_the_recomputation_is_a_dutch_notice_not_a_crash(
    app: KerngerichtApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> Inputs:
        raise store_database.Error("disk I/O error")

    async with app.run_test(size=(160, 45)) as pilot:
        await log_in(pilot, *COORDINATOR)
        monkeypatch.setattr(allocation_screen, "read_inputs", broken)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, AllocationScreen)  # the app runs on, on this screen
        notices = [n.message for n in app._notifications]
        assert any("kon niet worden bijgewerkt" in n and "database" in n for n in notices)
        assert not any("disk I/O" in n for n in notices)  # SQLite's English stays in the log
