"""The demo kernagenda's of the pilot kernen Ingen and Zoelen: invented, village-scale.

Made through the domain functions, as the demo kernregisseur, so the history, the progress log,
the fixed version and the links are the real thing. Ingen's agenda ends vastgesteld; Zoelen's
was vastgesteld and then edited, so it is a concept "+1" with a comparison to show. One open
item per kern has a target date well in the past (overdue). Invented people only.
"""

from __future__ import annotations

from festival.core.text import fold
from festival.domain.accounts import list_users
from festival.domain.kernen import list_kernen
from festival.domain.permissions import Caller, require
from festival.domain.roles import Role, User
from festival.store.database import Database
from kernagenda.domain.agendas import create_agenda
from kernagenda.domain.demo_items import (
    DEMO_REGISSEUR,
    INGEN,
    ZOELEN,
    ZOELEN_NEW,
    ZOELEN_PROGRESS,
    ZOELEN_REMOVED,
    DemoItem,
)
from kernagenda.domain.item_edits import add_item, remove_item
from kernagenda.domain.items import list_items
from kernagenda.domain.links import link_item, linkable
from kernagenda.domain.permissions import AGENDA_CREATE
from kernagenda.domain.progress import add_progress
from kernagenda.domain.versions import fix_version

VERSION = "eerste versie 2025"
PERIOD = "2025-2028"


def demo_regisseur(db: Database, caller: Caller) -> User:
    """The demo kernregisseur as stored (with id and kernen), who makes the demo agenda's."""
    for user in list_users(db, caller):
        if user.name == DEMO_REGISSEUR and user.role is Role.KERNREGISSEUR:
            return user
    raise LookupError(f"De demogebruiker {DEMO_REGISSEUR!r} ontbreekt.")


def _link(db: Database, by: User, item_id: int, plan: DemoItem) -> None:
    options = [link for link in linkable(db, item_id) if link.kind == plan.link]
    if not options:
        return
    chosen = next(
        (o for o in options if any(fold(w) in fold(o.title) for w in plan.link_words)),
        options[0],
    )
    link_item(db, by, item_id, plan.link, chosen.target_id)


def _fill(db: Database, by: User, kern_id: int, review: str, plans: tuple[DemoItem, ...]) -> int:
    agenda = create_agenda(db, by, kern_id, VERSION, period=PERIOD, review_date=review)
    for plan in plans:
        item = add_item(db, by, agenda.id, plan.item)
        for text, status in plan.progress:
            # Reports meant for residents and the council; the later Zoelen note is internal.
            add_progress(db, by, item.id, text, new_status=status, public=True)
        if plan.link:
            _link(db, by, item.id, plan)
    return agenda.id


def fill_demo_agendas(db: Database, caller: Caller) -> None:
    """The agenda's of Ingen (vastgesteld) and Zoelen (vastgesteld, then a concept +1).

    ``caller`` fills the database and must be allowed to make both agenda's; the agenda's
    themselves are written as the demo kernregisseur, so their history reads as a
    kernregisseur's work.
    """
    kernen = {k.name: k.id for k in list_kernen(db, include_inactive=True)}
    for name in ("Ingen", "Zoelen"):
        require(caller, AGENDA_CREATE, kern_id=kernen[name], kern_name=name)
    by = demo_regisseur(db, caller)
    ingen = _fill(db, by, kernen["Ingen"], "15-03-2027", INGEN)
    fix_version(db, by, ingen)
    zoelen = _fill(db, by, kernen["Zoelen"], "01-02-2027", ZOELEN)
    fix_version(db, by, zoelen)
    add_item(db, by, zoelen, ZOELEN_NEW)
    titles = {i.title: i.id for i in list_items(db, zoelen)}
    title, text, status = ZOELEN_PROGRESS
    add_progress(db, by, titles[title], text, new_status=status)
    title, reason = ZOELEN_REMOVED
    remove_item(db, by, titles[title], reason)
