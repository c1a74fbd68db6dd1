"""The command line run in-process as a logged-in user, for tests about what a subcommand does.

:func:`run` is :func:`festival.cli.run` with a login: unless the test set ``FESTIVAL_USER``
itself, the subcommand runs as the coordinator, who is added first to a database without
users by that name (except for public subcommands such as ``festival demo``, which wants
an empty database and adds the same coordinator). Tests about the login itself call
:func:`festival.cli.run` directly.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from festival.cli import run as run_cli
from festival.domain.demo import DEMO_LOGINS
from festival.domain.roles import Role

COORDINATOR = DEMO_LOGINS[0]
assert COORDINATOR.role is Role.COORDINATOR
_VALUED = {"--db", "--desk", "--als"}


def _split(argv: Sequence[str]) -> tuple[Path | None, str | None]:
    """The ``--db`` path and the subcommand named in ``argv``."""
    db: Path | None = None
    rest = list(argv)
    while rest and rest[0].startswith("-"):
        option = rest.pop(0)
        name, _, value = option.partition("=")
        if name in _VALUED:
            value = value or (rest.pop(0) if rest else "")
            if name == "--db":
                db = Path(value)
    return db, (rest[0] if rest else None)


def ensure_coordinator(db_path: Path) -> None:
    """Add the demo coordinator (same name and PIN) to a database that lacks that user."""
    from festival.domain import accounts
    from festival.domain.permissions import SYSTEM
    from festival.store.database import Database
    from festival.store.errors import DatabaseError

    try:
        db = Database(db_path)
    except DatabaseError:
        return  # not a database: the run itself says so
    with db:
        if not db.scalar("SELECT count(*) FROM users WHERE name = ?", (COORDINATOR.name,)):
            accounts.add_user(
                db, SYSTEM, name=COORDINATOR.name, role=Role.COORDINATOR, pin=COORDINATOR.pin
            )


@contextlib.contextmanager
def logged_in(name: str, pin: str) -> Iterator[None]:
    """``FESTIVAL_USER`` and ``FESTIVAL_PIN`` set for the duration of the block."""
    before = {key: os.environ.get(key) for key in ("FESTIVAL_USER", "FESTIVAL_PIN")}
    os.environ.update(FESTIVAL_USER=name, FESTIVAL_PIN=pin)
    try:
        yield
    finally:
        for key, value in before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _needs_login(argv: Sequence[str], prog: str) -> bool:
    """Whether the subcommand in ``argv`` asks for a login (a mistake is left to the run)."""
    from festival.cli import build_parser

    try:
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            args = build_parser(prog).parse_args(argv)
    except SystemExit:
        return False
    return args.command is not None and not args.public


def run(argv: Sequence[str], **kwargs: str) -> int:
    """:func:`festival.cli.run` as the coordinator (see the module's docstring)."""
    if "FESTIVAL_USER" in os.environ or "--als" in argv:
        return run_cli(argv, **kwargs)
    db, _ = _split(argv)
    if db is None and os.environ.get("FESTIVAL_DB"):
        db = Path(os.environ["FESTIVAL_DB"])
    if db is not None and _needs_login(argv, kwargs.get("prog", "festival")):
        ensure_coordinator(db)
    with logged_in(COORDINATOR.name, COORDINATOR.pin):
        return run_cli(argv, **kwargs)
