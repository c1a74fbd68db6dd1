"""The kernagenda's actions walked through the real services, for every role.

The expected roles come from the hand-written matrix in test_permissions.py; per-kern actions
are tried on the caller's own kern and on another one, so a rule that ignored the kern (or
the role) would give a different answer here.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from kernagenda_support import (
    COORDINATOR,
    agenda_with_items,
    item,
    make_pilots,
    pilot_kernen,  # noqa: F401  (every kern a pilot)
)
from test_permissions import EXPECTED, PER_KERN, ROLE_OF

from festival.core.errors import NotAllowed
from festival.domain.roles import User
from festival.store import audit
from festival.store.database import Database
from kernagenda.domain.agendas import create_agenda
from kernagenda.domain.item_edits import add_item
from kernagenda.domain.items import list_items
from kernagenda.domain.publication import record_publication
from kernagenda.domain.settings import QUIET_MONTHS, set_setting
from kernagenda.domain.themes import add_theme
from kernagenda.domain.versions import fix_version

Service = Callable[[Database, User, dict[str, int]], object]


def _create(db: Database, caller: User, kernen: dict[str, int]) -> object:
    return create_agenda(db, caller, kernen["target_new"], "eerste versie")


def _add_item(db: Database, caller: User, kernen: dict[str, int]) -> object:
    return add_item(db, caller, kernen["agenda"], item("Wonen", "Bankje bij de kerk"))


def _fix(db: Database, caller: User, kernen: dict[str, int]) -> object:
    return fix_version(db, caller, kernen["agenda"])


def _theme(db: Database, caller: User, kernen: dict[str, int]) -> object:
    return add_theme(db, caller, "Ontmoeting")


def _publish(db: Database, caller: User, kernen: dict[str, int]) -> object:
    return record_publication(
        db,
        caller,
        kernen["agenda"],
        version_id=None,
        version_label="eerste versie 2024",
        fmt="pdf",
        recipient="dorpsraad",
    )


def _setting(db: Database, caller: User, kernen: dict[str, int]) -> object:
    return set_setting(db, caller, QUIET_MONTHS, "4")


SERVICES: list[tuple[str, str, Service]] = [
    ("agenda.create", "create_agenda", _create),
    ("agenda.edit", "add_item", _add_item),
    ("agenda.edit", "fix_version", _fix),
    ("agenda.themes", "add_theme", _theme),
    ("agenda.publish", "record_publication", _publish),
    ("agenda.settings", "set_setting", _setting),
]


def test_every_kernagenda_action_is_walked() -> None:
    walked = {key for key, _, _ in SERVICES}
    # Reading is every role's (no service refuses anyone); the command line's walk through
    # every subcommand (test_cli_roles) checks its subcommands name it.
    assert walked | {"agenda.read"} == {key for key in EXPECTED if key.startswith("agenda.")}


@pytest.mark.parametrize("own_kern", [True, False], ids=["eigen kern", "andere kern"])
@pytest.mark.parametrize("letter", sorted(ROLE_OF))
@pytest.mark.parametrize(
    ("key", "service"), [(k, s) for k, _, s in SERVICES], ids=[n for _, n, _ in SERVICES]
)
def test_each_role_against_the_real_service(
    db: Database, kern_id: Callable[[str], int], key: str, service: Service, letter: str,
    own_kern: bool,
) -> None:  # fmt: skip
    make_pilots(db, "Zoelen", "Ingen", "Erichem", "Maurik")
    zoelen, ingen = kern_id("Zoelen"), kern_id("Ingen")
    target_kern = zoelen if own_kern else ingen
    existing = agenda_with_items(db, COORDINATOR, target_kern)
    # A new agenda is made for a kern without one: Erichem (own) or Maurik (another's).
    kernen = {
        "agenda": existing.id,
        "target_new": kern_id("Erichem") if own_kern else kern_id("Maurik"),
    }
    own = {zoelen, kern_id("Erichem")}
    caller = User(id=950, name=f"Test {letter}", role=ROLE_OF[letter], active=True,
                  kern_ids=frozenset(own))  # fmt: skip
    audit_before = audit.count(db)
    items_before = len(list_items(db, existing.id))

    may = letter in EXPECTED[key] and (own_kern or key not in PER_KERN or letter != "K")
    if may:
        service(db, caller, kernen)
        assert audit.count(db) > audit_before  # it acted, and the audit log says by whom
        assert audit.entries(db, limit=1)[0].actor == caller.name
    else:
        with pytest.raises(NotAllowed):
            service(db, caller, kernen)
        assert audit.count(db) == audit_before  # a refusal writes nothing
        assert len(list_items(db, existing.id)) == items_before
