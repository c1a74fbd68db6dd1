"""Every package folder is in pyproject.toml, and the seed data installs as festival.data."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _setuptools() -> dict[str, object]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    section: dict[str, object] = config["tool"]["setuptools"]
    return section


def _package_folders() -> set[str]:
    found = set()
    for top in ("festival", "kernagenda", "matchmaking"):
        for init in (ROOT / top).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT)
            if "__pycache__" not in relative.parts:
                found.add(".".join(relative.parts))
    # data/ installs as festival.data, so its sub-folders are festival.data.<name>.
    for init in (ROOT / "data").rglob("__init__.py"):
        relative = init.parent.relative_to(ROOT / "data")
        found.add(".".join(("festival", "data", *relative.parts)))
    return found


def test_every_package_folder_is_listed() -> None:
    listed = set(_setuptools()["packages"])
    folders = _package_folders()
    assert {"festival", "festival.domain", "festival.store", "kernagenda"} <= folders
    missing = folders - listed
    assert not missing, f"add to [tool.setuptools] packages: {sorted(missing)}"


def test_listed_packages_exist() -> None:
    listed = set(_setuptools()["packages"])
    stale = listed - _package_folders()
    assert not stale, f"listed but no folder with __init__.py: {sorted(stale)}"


def test_data_folder_installs_as_festival_data() -> None:
    section = _setuptools()
    assert "festival.data" in section["packages"]
    assert section["package-dir"] == {"festival.data": "data"}
    assert (ROOT / "data" / "__init__.py").is_file()
    assert (ROOT / "data" / "kernen.csv").is_file()
    package_data = section["package-data"]
    assert "*.csv" in package_data["festival.data"]


def test_festival_data_is_importable_and_holds_the_kernen() -> None:
    from festival.domain.kernen import seed_names

    names = seed_names()
    assert "Zoelen" in names
    assert len(names) == len(set(names)) >= 15


def test_no_bench_module_shadows_a_package_of_the_app() -> None:
    # The bench starts helper scripts from its own folder, where a module named like one of the
    # app's packages (matchmaking.py) would be imported instead of that package.
    tops = {name.split(".")[0] for name in _setuptools()["packages"]}  # type: ignore[attr-defined]
    modules = {path.stem for path in (ROOT / "bench").glob("*.py")}
    assert not modules & tops, sorted(modules & tops)
