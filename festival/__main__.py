"""``festival``: the app at the festival (desk, jury, coordinator), plus subcommands."""

from __future__ import annotations

import sys

from festival.cli import run


def main() -> None:
    sys.exit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
