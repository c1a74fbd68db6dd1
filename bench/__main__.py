"""``python -m bench``: run the suite and print the table."""

from bench.cli import main

raise SystemExit(main())
