"""Roles and the user as every layer sees it: who someone is, not what they may do.

What a role may do is in :mod:`festival.domain.permissions`; accounts, PINs and login are in
:mod:`festival.domain.accounts`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from festival.core.errors import InvalidInput
from festival.store.database import Actor


class Role(StrEnum):
    COORDINATOR = "coordinator"
    DESK = "desk"
    JURY = "jury"
    KERNREGISSEUR = "kernregisseur"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.COORDINATOR: "coördinator",
    Role.DESK: "balie",
    Role.JURY: "jury",
    Role.KERNREGISSEUR: "kernregisseur",
}


def role_from_label(text: str) -> Role:
    wanted = text.strip().lower()
    for role, label in ROLE_LABELS.items():
        if wanted in (role.value, label, label.replace("ö", "o")):
            return role
    labels = ", ".join(ROLE_LABELS.values())
    raise InvalidInput(f"Onbekende rol {text!r}; kies uit: {labels}.", "role")


@dataclass(frozen=True)
class User:
    """A user as the screens see it (a dataclass: the login path stays free of pydantic)."""

    id: int
    name: str
    role: Role
    active: bool
    kern_ids: frozenset[int] = frozenset()
    locked_until: datetime | None = None

    @property
    def actor(self) -> Actor:
        return Actor(name=self.name, user_id=self.id)
