"""Who runs a subcommand: the app user who logged in, a bootstrap stand-in, or nobody.

A subcommand that reads personal data, reads unpublished results or changes anything acts as
a named app user: ``--als NAAM`` or ``FESTIVAL_USER``, with the PIN asked at a hidden prompt
or read from ``FESTIVAL_PIN`` (for scripts). The login goes through
:func:`festival.domain.accounts.login`, so lockout and the same answer for every wrong name or
PIN apply as on the screens. The audit log names the app user and, as context, the
operating-system account of the process's real uid.
"""

from __future__ import annotations

import argparse
import getpass
import os
import pwd
from dataclasses import dataclass

from festival.cli.common import Bootstrap
from festival.core.errors import NotAllowed
from festival.domain.permissions import Caller, SystemCaller
from festival.domain.roles import User
from festival.store.database import Actor, Database

NO_USER = (
    "Dit subcommando vraagt een gebruiker van Kerngericht: geef --als NAAM (of zet "
    "FESTIVAL_USER); de PIN wordt daarna gevraagd (scripts: zet FESTIVAL_PIN)."
)

_current: list[Caller] = []


def os_account() -> str:
    """The operating-system account of the process's real uid. Never read from environment
    variables such as LOGNAME or USER: anyone can set those."""
    uid = os.getuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


@dataclass(frozen=True)
class CliUser(User):
    """An app user logged in on the command line; the audit line also names the host account
    it ran under, inside the actor's name so the audit chain covers it."""

    os_account: str = ""

    @property
    def actor(self) -> Actor:
        return Actor(name=f"{self.name} (cli: {self.os_account})", user_id=self.id)


def _pin(name: str) -> str:
    pin = os.environ.get("FESTIVAL_PIN")
    if pin is not None:
        return pin
    try:
        return getpass.getpass(f"PIN van {name}: ")
    except (EOFError, OSError, KeyboardInterrupt) as exc:
        raise NotAllowed(
            "Geen PIN gelezen: typ de PIN als erom gevraagd wordt, of zet FESTIVAL_PIN."
        ) from exc


def log_in(args: argparse.Namespace, db: Database) -> Caller:
    """The caller a subcommand runs as, after a login; raises NotAllowed (a Dutch message,
    nothing changed) without a valid user."""
    from dataclasses import fields

    from festival.domain.accounts import LoginFailed, login

    name = (getattr(args, "als", None) or os.environ.get("FESTIVAL_USER") or "").strip()
    if not name:
        raise NotAllowed(NO_USER)
    try:
        user = login(db, name, _pin(name))
    except LoginFailed as exc:
        raise NotAllowed(exc.message) from exc
    fields_of_user = {f.name: getattr(user, f.name) for f in fields(user)}
    return CliUser(**fields_of_user, os_account=os_account())


def caller_for(args: argparse.Namespace, db: Database) -> Caller | None:
    """None for a public subcommand, a bootstrap stand-in where the subcommand allows one on
    this database, else the logged-in user."""
    if getattr(args, "public", False):
        return None
    bootstrap: Bootstrap | None = getattr(args, "bootstrap", None)
    if bootstrap is not None and bootstrap(args, db):
        return SystemCaller(f"beheerder zonder login (cli: {os_account()})")
    return log_in(args, db)


def check_role(args: argparse.Namespace, caller: Caller | None) -> None:
    """Refuse a user whose role may never do the subcommand's action, before it starts."""
    key: str | None = getattr(args, "needs", None)
    if caller is None or key is None:
        return
    from festival.domain.permissions import find, role_may
    from festival.features import load_actions

    load_actions()
    act = find(key)
    if not role_may(caller, act):
        raise NotAllowed(act.refusal.replace("{kern}", "deze kern"))


def begin(caller: Caller | None) -> None:
    _current.clear()
    if caller is not None:
        _current.append(caller)


def end() -> None:
    _current.clear()


def current() -> Caller:
    """The caller of the running subcommand; NotAllowed when it runs without one."""
    if not _current:
        raise NotAllowed(NO_USER)
    return _current[0]
