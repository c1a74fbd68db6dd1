"""The kernagenda screen fills in every hook its actions mixin leaves to it."""

from __future__ import annotations

import pytest

from kernagenda.ui.agenda_actions import AgendaActions
from kernagenda.ui.agenda_screen import KernagendaScreen


@pytest.mark.parametrize("hook", ["reload", "fill", "current_item"])
def test_the_screen_implements_each_hook_of_its_actions(hook: str) -> None:
    assert getattr(KernagendaScreen, hook) is not getattr(AgendaActions, hook)
