"""A closed screen is let go of: a terminal that runs all festival day must not keep (and keep
refreshing) every screen it ever opened."""

from __future__ import annotations

import gc
import weakref

from festival.app import KerngerichtApp
from festival.ui.screens.budget import BudgetScreen
from kernagenda.ui.agenda_screen import KernagendaScreen
from tests.ui.helpers import KERNREGISSEUR, log_in, wait_until


async def test_closed_screens_are_freed_and_no_longer_refreshed(app: KerngerichtApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, *KERNREGISSEUR)
        closed: list[weakref.ref[object]] = []
        for key, kind in (("k", KernagendaScreen), ("b", BudgetScreen), ("k", KernagendaScreen)):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, kind)
            closed.append(weakref.ref(app.screen))
            await pilot.press("escape")
            await pilot.pause()
        # The change poll lets go of screens that have closed.
        await pilot.pause(3 * app.settings.poll_interval)

        def all_freed() -> bool:
            gc.collect()
            return all(ref() is None for ref in closed)

        await wait_until(pilot, all_freed)
        # Only the screens still open follow the database.
        assert all(node.is_running for node in app._followers)
