"""The kernagenda's actions in the one role × action table, and the checks built on them.

The role part of every rule is in the table (:mod:`festival.domain.permissions`); what depends
on the data (a theme used by an agenda the caller only reads) stays in the services, which ask
:func:`~festival.domain.permissions.allowed` per kern.
"""

from __future__ import annotations

from festival.core.errors import InvalidInput, NotAllowed, NotFound
from festival.domain.kernen import get_kern, list_kernen
from festival.domain.permissions import Caller, action, allowed, require
from festival.domain.roles import Role, User
from festival.store.database import Database
from kernagenda.domain.models import Agenda

C, K = Role.COORDINATOR, Role.KERNREGISSEUR

AGENDA_EDIT = action(
    "agenda.edit",
    "Alleen de kernregisseur van {kern} of de coördinator wijzigt deze agenda; u kunt hem wel "
    "lezen.",
    C,
    K,
    per_kern=True,
)
AGENDA_CREATE = action(
    "agenda.create",
    "Alleen de kernregisseur van {kern} of de coördinator maakt deze agenda.",
    C,
    K,
    per_kern=True,
)
#: The theme list is shared by every kern: a kernregisseur or the coordinator keeps it.
AGENDA_THEMES = action(
    "agenda.themes", "Alleen een kernregisseur of de coördinator beheert de thema's.", C, K
)

#: Reading an item with its progress notes and history, the fixed versions and the council
#: summary: every role, as on the home screen (its section follows this action).
AGENDA_READ = action(
    "agenda.read",
    "De kernagenda inzien mag alleen een gebruiker van Kerngericht.",
    *Role,
)

#: Recording that a document went to residents (or the village association) is the
#: kernregisseur's of that kern, or the coordinator's.
AGENDA_PUBLISH = action(
    "agenda.publish",
    "Alleen de kernregisseur van {kern} of de coördinator publiceert deze agenda.",
    C,
    K,
    per_kern=True,
)
#: The kernagenda's settings (the municipality's name, when an item counts as "stil").
AGENDA_SETTINGS = action(
    "agenda.settings", "Alleen de coördinator wijzigt de instellingen van de kernagenda.", C
)


def _pilot_regisseur(db: Database, caller: Caller) -> bool:
    """A kernregisseur of at least one pilot kern (or anyone who is no kernregisseur)."""
    if not isinstance(caller, User) or caller.role is not Role.KERNREGISSEUR:
        return True
    return any(
        k.is_pilot for k in list_kernen(db, include_inactive=True) if k.id in caller.kern_ids
    )


def may_manage_themes(db: Database, caller: Caller) -> bool:
    """Whether ``caller`` keeps the shared theme list: the coordinator, or a kernregisseur
    with a pilot kern (the themes serve every kern's agenda)."""
    return allowed(caller, AGENDA_THEMES) and _pilot_regisseur(db, caller)


def require_themes(db: Database, caller: Caller) -> None:
    require(caller, AGENDA_THEMES)
    if not _pilot_regisseur(db, caller):
        raise NotAllowed(
            "Alleen de coördinator of een kernregisseur van een pilotkern beheert de thema's."
        )


def require_edit(caller: Caller, agenda: Agenda) -> None:
    require(caller, AGENDA_EDIT, kern_id=agenda.kern_id, kern_name=agenda.kern_name)


def require_publish(caller: Caller, agenda: Agenda) -> None:
    require(caller, AGENDA_PUBLISH, kern_id=agenda.kern_id, kern_name=agenda.kern_name)


def require_create(db: Database, caller: Caller, kern_id: int) -> str:
    """The name of the kern, if it exists and ``caller`` may make its agenda."""
    try:
        kern = get_kern(db, kern_id)
    except NotFound:
        raise InvalidInput(f"Onbekende kern {kern_id}.", "kern_id") from None
    require(caller, AGENDA_CREATE, kern_id=kern_id, kern_name=kern.name)
    if not kern.is_pilot:
        # The kernagenda is a pilot: only the kernen the council chose get one.
        raise InvalidInput(
            f"{kern.name} is geen pilotkern; alleen pilotkernen krijgen een kernagenda. De "
            "coördinator maakt een kern pilot bij Kernen.",
            "kern_id",
        )
    return kern.name
