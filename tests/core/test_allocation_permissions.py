"""Every allocation action walked through the real service for every role: the service refuses
exactly the roles the permissions table refuses, with the action's Dutch sentence, and a
refusal writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from jury_support import COORDINATOR, DESK, JULIA, OPERATOR, REGISSEUR, demo_festival, user

from festival.core.errors import NotAllowed
from festival.domain import jury, permissions
from festival.domain.allocation import ballots, config, locking, overrides
from festival.domain.festivals import Festival, list_festivals
from festival.domain.permissions import Action, Caller
from festival.store.database import Database

ROLES = (COORDINATOR, DESK, JULIA, REGISSEUR)


def _festival(db: Database) -> Festival:
    fid = demo_festival(db)
    return next(f for f in list_festivals(db) if f.id == fid)


def _first(db: Database, festival: Festival) -> int:
    return jury.list_pitches(db, festival.id)[0].initiative_id


def _jury_locked(db: Database, festival: Festival) -> None:
    if jury.get_state(db, festival.id).status is not jury.JuryStatus.LOCKED:
        jury.lock(db, OPERATOR, festival.id)


def _allocation_locked(db: Database, festival: Festival) -> None:
    _jury_locked(db, festival)
    locking.lock_allocation(db, OPERATOR, festival)


def _overridden(db: Database, festival: Festival) -> None:
    overrides.set_override(db, OPERATOR, festival, _first(db, festival), "0", "past niet")


@dataclass(frozen=True)
class Case:
    name: str
    action: Action
    call: Callable[[Database, Festival, Caller], object]
    before: Callable[[Database, Festival], None] | None = None


CASES = (
    Case(
        "set_config",
        permissions.ALLOCATION_CONFIGURE,
        lambda db, f, by: config.set_config(db, by, f, config.ConfigInput(max_award="1.000")),
    ),
    Case(
        "set_override",
        permissions.ALLOCATION_OVERRIDE,
        lambda db, f, by: overrides.set_override(db, by, f, _first(db, f), "0", "dubbel"),
    ),
    Case(
        "clear_override",
        permissions.ALLOCATION_UNDO_OVERRIDE,
        lambda db, f, by: overrides.clear_override(db, by, f, _first(db, f)),
        _overridden,
    ),
    Case(
        "import_ballots",
        permissions.ALLOCATION_BALLOTS,
        lambda db, f, by: ballots.import_ballots(
            db, by, f.id, f"stemmer;initiatief\n1;{_first(db, f)}\n".encode()
        ),
    ),
    Case(
        "lock_allocation",
        permissions.ALLOCATION_LOCK,
        lambda db, f, by: locking.lock_allocation(db, by, f),
        _jury_locked,
    ),
    Case(
        "publish_allocation",
        permissions.ALLOCATION_PUBLISH,
        lambda db, f, by: locking.publish_allocation(db, by, f),
        _allocation_locked,
    ),
    Case(
        "allocation_for_export",
        permissions.ALLOCATION_EXPORT,
        lambda db, f, by: locking.allocation_for_export(db, by, f.id),
        _allocation_locked,
    ),
)


def test_every_allocation_action_in_the_table_is_walked() -> None:
    keys = {a.key for a in permissions.table() if a.key.startswith("allocation.")}
    assert keys == {case.action.key for case in CASES}


@pytest.mark.parametrize("name", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_the_service_refuses_exactly_the_roles_the_table_refuses(
    demo_db: Database, case: Case, name: str
) -> None:
    festival = _festival(demo_db)
    if case.before is not None:
        case.before(demo_db, festival)
    caller = user(demo_db, name)
    if permissions.allowed(caller, case.action):
        case.call(demo_db, festival, caller)
        return
    audit_before = demo_db.scalar("SELECT count(*) FROM audit_log")
    with pytest.raises(NotAllowed) as refused:
        case.call(demo_db, festival, caller)
    assert refused.value.message == case.action.refusal
    assert demo_db.scalar("SELECT count(*) FROM audit_log") == audit_before
