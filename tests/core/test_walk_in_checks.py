"""What the walk-in form checks before it registers someone: look-alikes in any kern, and names
that cannot be stored as typed."""

from __future__ import annotations

import pytest
from core_support import CALLER
from people_support import festival, person

from festival.core.errors import ValidationErrors
from festival.domain.registration import DuplicateFound, PersonInput, register
from festival.store.database import Database


@pytest.fixture
def fid(db: Database) -> int:
    return festival(db).id


@pytest.mark.parametrize(
    ("typed", "kern", "organisation"),
    [
        ("eva van leeuwen", "Zoelen", ""),
        ("Eva  Van Leeuwen", "", "Dorpsraad Ingen"),
        ("Eva Leeuwen", "Erichem", ""),
    ],
)
def test_a_walk_in_like_someone_registered_in_any_kern_is_a_duplicate(
    db: Database, fid: int, typed: str, kern: str, organisation: str
) -> None:
    eva = person(db, fid, "Eva van Leeuwen", kern="Erichem")
    with pytest.raises(DuplicateFound) as found:
        register(
            db,
            CALLER,
            fid,
            PersonInput(name=typed, roles="bezoeker", kern=kern, organisation=organisation),
        )
    assert [m.id for m in found.value.matches] == [eva.id]


def test_the_same_e_mail_under_another_name_is_a_duplicate_first(db: Database, fid: int) -> None:
    person(db, fid, "Chloé Vos", kern="Ingen")
    mail = person(db, fid, "C. Jansen", kern="Buren", email="chloe@example.org")
    with pytest.raises(DuplicateFound) as found:
        register(
            db,
            CALLER,
            fid,
            PersonInput(name="Chloe Vos", roles="bezoeker", kern="Asch", email="Chloe@example.org"),
        )
    assert found.value.matches[0].id == mail.id and len(found.value.matches) == 2


def test_a_name_too_long_is_refused_with_its_length_not_cut(db: Database, fid: int) -> None:
    with pytest.raises(ValidationErrors) as refused:
        register(db, CALLER, fid, PersonInput(name="A" * 2000, roles="bezoeker", kern="Asch"))
    assert refused.value.errors["name"] == "Naam is te lang (2000 tekens; maximaal 80)."


@pytest.mark.parametrize("mark", ["\u200f", "\u200e", "\u061c", "\u202e"])
def test_an_invisible_direction_mark_is_refused_with_a_message(
    db: Database, fid: int, mark: str
) -> None:
    with pytest.raises(ValidationErrors) as refused:
        register(
            db, CALLER, fid, PersonInput(name=f"Sara{mark} Amrani", roles="bezoeker", kern="Asch")
        )
    assert "richtingsteken" in refused.value.errors["name"]
