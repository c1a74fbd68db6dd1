"""The role × action table: every role against every action, allowed and refused.

The expected matrix is written out here by hand, from DOMAIN.md's roles, so that a change to
the table in the code shows up as a failing row, not as a silently different rule.
"""

from __future__ import annotations

import pytest

import kernagenda.domain  # noqa: F401  (the kernagenda declares its actions when it loads)
import matchmaking.domain  # noqa: F401  (matchmaking declares its actions when it loads)
from festival.core.errors import NotAllowed
from festival.domain import permissions
from festival.domain.permissions import SystemCaller
from festival.domain.roles import Role, User
from kernagenda.domain import permissions as agenda_permissions

C, D, J, K = "C", "D", "J", "K"
ROLE_OF = {C: Role.COORDINATOR, D: Role.DESK, J: Role.JURY, K: Role.KERNREGISSEUR}

#: action key -> the roles that may do it (C coördinator, D balie, J jury, K kernregisseur).
EXPECTED: dict[str, set[str]] = {
    "users.manage": {C},
    "users.list": {C},
    "desk.search": {C, D},
    "jury.board": {C},
    "kernen.manage": {C},
    "festival.manage": {C},
    "budget.set": {C},
    "budget.application": {C, K},
    "registrations.import": {C},
    "desk.checkin": {C, D},
    "desk.walk_in": {C, D},
    "desk.undo": {C},
    "desk.reprint": {C},
    "registrations.duplicates": {C},
    "registrations.merge": {C},
    "privacy.export": {C},
    "privacy.purge": {C},
    "jury.criteria": {C},
    "jury.programme": {C},
    "jury.stage": {C},
    "jury.score": {J},
    "jury.paper": {C},
    "jury.lock": {C},
    "jury.publish": {C},
    "allocation.configure": {C},
    "allocation.override": {C},
    "allocation.lock": {C},
    "allocation.publish": {C},
    "allocation.undo_override": {C},
    "allocation.ballots": {C},
    "serve.start": {C},
    "serve.terminals": {C},
    "serve.own_terminal": {C, D, J, K},
    "kiosk.run": {C, D},
    "kiosk.voting": {C},
    # the kernagenda's actions (kernagenda.domain.permissions)
    "agenda.edit": {C, K},
    "agenda.create": {C, K},
    "agenda.themes": {C, K},
    "agenda.publish": {C, K},
    "agenda.settings": {C},
    "jury.jurors": {C},
    "jury.unlock": {C},
    "jury.settings": {C},
    "jury.ranking": {C, J},
    "jury.export": {C},
    "initiatives.import": {C},
    "registrations.search": {C},
    "desk.badge": {C, D},
    "budget.import": {C},
    "registrations.list": {C},
    "attendance.export": {C},
    "budget.export": {C, K},
    "jury.sheets": {C},
    "allocation.export": {C},
    "agenda.read": {C, D, J, K},
    "jury.conflict_withdraw": {C},
    # matchmaking's actions (matchmaking.domain.permissions)
    "match.profiles": {C, D},
    "match.schedule": {C},
    "match.read": {C, D},
    "match.followup": {C},
    "desk.undo_own": {C, D},
}

#: Actions a kernregisseur may do only for the kernen assigned to them.
PER_KERN = {"budget.application", "agenda.edit", "agenda.create", "agenda.publish"}

MY_KERN, OTHER_KERN = 3, 4


def user(role: Role, *, active: bool = True) -> User:
    return User(id=7, name="Test", role=role, active=active, kern_ids=frozenset({MY_KERN}))


def test_the_table_holds_exactly_the_expected_actions() -> None:
    declared = {a.key for a in permissions.table()}
    assert declared - set(EXPECTED) == set(), "an action without a row in EXPECTED"
    assert set(EXPECTED) - declared == set(), "a row in EXPECTED without an action"


@pytest.mark.parametrize("key", sorted(EXPECTED))
@pytest.mark.parametrize("letter", [C, D, J, K])
def test_every_role_against_every_action(key: str, letter: str) -> None:
    act = next(a for a in permissions.table() if a.key == key)
    caller = user(ROLE_OF[letter])
    kern = MY_KERN if key in PER_KERN else None
    if letter in EXPECTED[key]:
        permissions.require(caller, act, kern_id=kern)
        assert permissions.allowed(caller, act, kern_id=kern)
    else:
        with pytest.raises(NotAllowed) as refused:
            permissions.require(caller, act, kern_id=kern)
        assert refused.value.args[0]  # a Dutch sentence, never an empty refusal
        assert not permissions.allowed(caller, act, kern_id=kern)


@pytest.mark.parametrize("key", sorted(PER_KERN))
def test_a_kernregisseur_acts_only_for_their_own_kernen(key: str) -> None:
    act = next(a for a in permissions.table() if a.key == key)
    regisseur = user(Role.KERNREGISSEUR)
    assert permissions.allowed(regisseur, act, kern_id=MY_KERN)
    assert not permissions.allowed(regisseur, act, kern_id=OTHER_KERN)
    assert not permissions.allowed(regisseur, act)  # no kern named: refused, not assumed
    # The coordinator's right is not limited to kernen.
    assert permissions.allowed(user(Role.COORDINATOR), act, kern_id=OTHER_KERN)


def test_a_deactivated_user_may_do_nothing() -> None:
    coordinator = user(Role.COORDINATOR, active=False)
    assert not any(
        permissions.allowed(coordinator, a, kern_id=MY_KERN) for a in permissions.table()
    )


def test_a_named_system_caller_may_do_everything_and_is_audited_by_name() -> None:
    system = SystemCaller("systeem (demodata)")
    assert all(permissions.allowed(system, a) for a in permissions.table())
    assert system.actor.name == "systeem (demodata)"
    assert system.actor.user_id is None


def test_an_action_is_declared_once() -> None:
    with pytest.raises(ValueError, match="twice"):
        permissions.action("users.manage", "dubbel", Role.COORDINATOR)


def test_the_kernagenda_declares_its_actions_with_their_refusals() -> None:
    keys = {
        agenda_permissions.AGENDA_EDIT.key,
        agenda_permissions.AGENDA_CREATE.key,
        agenda_permissions.AGENDA_THEMES.key,
        agenda_permissions.AGENDA_READ.key,
    }
    assert keys == {"agenda.edit", "agenda.create", "agenda.themes", "agenda.read"}
    with pytest.raises(NotAllowed) as refused:
        permissions.require(
            user(Role.KERNREGISSEUR),
            agenda_permissions.AGENDA_EDIT,
            kern_id=OTHER_KERN,
            kern_name="Ingen",
        )
    assert refused.value.args[0] == (
        "Alleen de kernregisseur van Ingen of de coördinator wijzigt deze agenda; "
        "u kunt hem wel lezen."
    )
