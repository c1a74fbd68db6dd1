"""``kernagenda``: the same application, opened at the kernagenda, plus its subcommands."""

from __future__ import annotations

import sys

from festival.cli import run


def main() -> None:
    sys.exit(run(sys.argv[1:], prog="kernagenda", start="kernagenda"))


if __name__ == "__main__":
    main()
