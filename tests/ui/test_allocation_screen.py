"""The coordinator divides the pot on screen: outcome, reasons, what-if, override, lock."""

from __future__ import annotations

from textual.widgets import Input, Select

from festival.app import KerngerichtApp
from festival.domain import jury
from festival.domain.accounts import list_users
from festival.domain.allocation import service
from festival.domain.festivals import current_festival
from festival.domain.permissions import SystemCaller
from festival.store.database import Actor, Database
from festival.ui.dialogs.allocation_settings_dialog import AllocationSettingsDialog
from festival.ui.dialogs.override_dialog import OverrideDialog
from festival.ui.screens.allocation import AllocationScreen
from tests.ui.helpers import COORDINATOR, log_in, static_text


def score_everything(db: Database) -> None:
    festival = current_festival(db)
    assert festival is not None
    criteria = jury.list_criteria(db, festival.id)
    for juror in (u for u in list_users(db) if u.role.value == "jury"):
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
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AllocationScreen)
        assert "Pot €" in static_text(pilot, "#allocation-pot")
        assert "concept" in static_text(pilot, "#allocation-state")
        assert "Wat andere regels zouden geven" in static_text(pilot, "#what-if")
        draft = screen.current
        assert draft is not None
        assert "oegekend" in static_text(pilot, "#allocation-reason")
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, OverrideDialog)
        dialog.query_one("#amount", Input).value = "0"
        dialog.query_one("#reason", Input).value = "aanvrager trekt zich terug"
        dialog.query_one("#reason", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        first = int(draft.result.decisions[0].candidate_id)
        assert service.overrides(app.db, festival.id)[first].amount_cents == 0
        assert "aanvrager trekt zich terug" in static_text(pilot, "#allocation-reason")
        await pilot.press("v")
        await pilot.pause()
        locked = service.active_allocation(app.db, festival.id)
        assert locked is not None and locked.verify()
        assert "vastgesteld" in static_text(pilot, "#allocation-state")
        await pilot.press("p")
        await pilot.pause()
        assert "gepubliceerd" in static_text(pilot, "#allocation-state")


async def test_the_rules_are_fixed_on_screen_before_the_jury_locks(app: KerngerichtApp) -> None:
    festival = current_festival(app.db)
    assert festival is not None
    async with app.run_test(size=(160, 45)) as pilot:
        await log_in(pilot, *COORDINATOR)
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AllocationSettingsDialog)
        dialog.query_one("#rule", Select).value = "knapsack"
        dialog.query_one("#max-award", Input).value = "3.000"
        dialog.query_one("#max-awards", Input).value = "nul"
        dialog.query_one("#max-award", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog  # "nul" is refused beside its field
        assert "heel getal" in dialog.query_one("#field-max_awards").error
        dialog.query_one("#max-awards", Input).value = "4"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AllocationScreen)
        config = service.get_config(app.db, festival.id)
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
    service.lock_allocation(app.db, Actor(name="test"), festival)
    async with app.run_test(size=(160, 45)) as pilot:
        await log_in(pilot, *JURY)
        await pilot.press("f5")
        await pilot.pause()
        ranking = app.screen
        assert isinstance(ranking, JuryRankingScreen)
        assert ranking.awards is None  # locked, not yet published
        await pilot.press("escape")
        service.publish_allocation(app.db, Actor(name="test"), festival)
        await pilot.press("f5")
        await pilot.pause()
        ranking = app.screen
        assert isinstance(ranking, JuryRankingScreen)
        assert ranking.awards is not None
        locked = service.active_allocation(app.db, festival.id)
        assert locked is not None
        assert sum(ranking.awards.values()) == locked.record["total"]
