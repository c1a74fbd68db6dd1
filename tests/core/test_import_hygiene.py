"""The domain, the store and the command line load without Textual or rich."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

MODULES = (
    "festival.domain.budget",
    "festival.domain.budget_io",
    "festival.domain.demo",
    "festival.domain.badges",
    "festival.domain.attendance",
    "festival.core.printing",
    "festival.domain.registration_io",
    "festival.domain.duplicates",
    "festival.domain.privacy",
    "festival.domain.jury",
    "festival.domain.jury.paper",
    "festival.domain.accounts",
    "festival.cli",
    "kernagenda.domain",
    "matchmaking.domain.schedule",
    "matchmaking.domain.profiles_io",
    "matchmaking.domain.slips",
)

SCRIPT = f"""
import sys
import {", ".join(MODULES)}
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))
assert {list(MODULES)!r}[0] in sys.modules
print("\\n".join(loaded))
"""


def test_no_textual_or_rich_behind_the_domain() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    loaded = result.stdout.split()
    assert "textual" not in loaded
    assert "rich" not in loaded
    assert loaded == [], f"loaded without need: {loaded}"


def test_the_check_itself_notices_textual() -> None:
    # Guards against a script that could never see the import it looks for.
    script = SCRIPT.replace("import sys\n", "import sys\nimport textual\n", 1)
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "textual" in result.stdout.split()


#: Loaded by a subcommand's handler only, never by building the parser on every start.
HANDLER_ONLY = (
    "festival.domain",
    "kernagenda.domain",
    "matchmaking.domain",
    "ortools",
    "sqlite_utils",
    "textual",
    "rich",
)

PARSER_SCRIPT = f"""
import sys
from festival.cli import build_parser
build_parser("festival")
build_parser("kernagenda")
assert "festival.cli.jury" in sys.modules and "kernagenda.cli.items" in sys.modules
assert "matchmaking.cli.schedule" in sys.modules
heavy = {HANDLER_ONLY!r}
print("\\n".join(sorted(m for m in sys.modules if m.startswith(heavy))))
"""


def test_building_the_parser_loads_no_domain_module() -> None:
    """``festival`` without a subcommand builds the parser before the first frame: the command
    groups import their domain modules inside the handlers."""
    result = subprocess.run(
        [sys.executable, "-c", PARSER_SCRIPT],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded = result.stdout.split()
    for module in ("festival.domain.jury", "festival.domain.allocation", "sqlite_utils", "textual"):
        assert module not in loaded
    assert loaded == [], f"loaded by building the parser: {loaded}"


def test_the_parser_check_itself_notices_a_domain_import() -> None:
    script = PARSER_SCRIPT.replace("import sys\n", "import sys\nimport festival.domain.jury\n", 1)
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "festival.domain.jury" in result.stdout.split()


APP_PATH_SCRIPT = """
import sys, types
opened = []
fake = types.ModuleType("festival.app")
class App:
    def run(self):
        opened.append(True)
fake.make_app = lambda settings, db: App()
sys.modules["festival.app"] = fake  # stands in for the screen: Textual is not the question here
from festival.cli import run
assert run(["--db", sys.argv[1]]) == 0 and opened
loaded = (m for m in sys.modules if m.startswith(("festival.cli.", "kernagenda.cli")))
print("\\n".join(sorted(loaded)))
"""


def test_the_app_path_builds_no_command_group(tmp_path: Path) -> None:
    """``festival`` without a subcommand reads its options without loading the command groups."""
    db = tmp_path / "festival.db"
    result = subprocess.run(
        [sys.executable, "-c", APP_PATH_SCRIPT, str(db)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["festival.cli.common", "festival.cli.main"]
