"""Every module below the screen loads without Textual or rich, found by walking the packages
(so a new module is checked without being listed anywhere)."""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import festival.core
import festival.domain
import festival.store
import kernagenda.domain
import kernagenda.store

PACKAGES = (festival.core, festival.store, festival.domain, kernagenda.domain, kernagenda.store)


def below_the_screen() -> list[str]:
    names: list[str] = []
    for package in PACKAGES:
        names.append(package.__name__)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}."):
            names.append(info.name)
    return sorted(names)


def test_the_walk_finds_the_modules_of_every_layer() -> None:
    found = below_the_screen()
    # One known module per layer: a walk that silently found nothing would pass vacuously.
    for known in (
        "festival.core.money",
        "festival.store.database",
        "festival.domain.permissions",
        "festival.domain.jury.scoring",
        "festival.domain.allocation.locking",
        "kernagenda.domain.items",
        "kernagenda.store.schema",
    ):
        assert known in found


def test_no_module_below_the_screen_loads_textual_or_rich() -> None:
    modules = below_the_screen()
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == []


#: The festival's own tables: another feature reads them through festival.domain functions.
FESTIVAL_TABLES = (
    "applications|initiatives|allocations|allocation_\\w+|kernen|users|user_kernen|people"
    "|registrations|registration_roles|festivals|jury_\\w+|criteria|pitches|jurors|audit_log"
)


def test_the_kernagenda_never_queries_the_festivals_tables() -> None:
    query = re.compile(rf"\b(?:FROM|JOIN|INTO|UPDATE)\s+(?:{FESTIVAL_TABLES})\b", re.IGNORECASE)
    root = Path(kernagenda.domain.__file__).parent.parent
    offenders = [
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in sorted(root.rglob("*.py"))
        if path.parent.name != "store"  # its schema's foreign keys name festival tables
        for match in query.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    # The check sees such a query where there is one.
    assert query.search('db.fetchall("SELECT a.* FROM applications a")')
