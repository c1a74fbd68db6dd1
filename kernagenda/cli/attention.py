"""``kernagenda attention`` (what needs attention in my kernen) and ``kernagenda instelling``
(the kernagenda's settings)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from festival.cli.common import EXIT_OK, SubParsers, cli_caller, out
from kernagenda.cli.common import agenda_of, command

if TYPE_CHECKING:
    from festival.store.database import Database


def add_parsers(sub: SubParsers) -> None:
    a = command(
        sub,
        "attention",
        "wat aandacht vraagt: verlopen, stil, herziening, wacht op de gemeente",
        cmd_attention,
        needs="agenda.read",
    )
    a.add_argument("--kern", metavar="KERN", help="alleen deze kern (standaard: uw kernen)")
    a = command(
        sub,
        "instelling",
        "instellingen van de kernagenda tonen of wijzigen",
        cmd_setting,
        needs="agenda.read",
    )
    a.add_argument("sleutel", nargs="?", metavar="SLEUTEL", help="bijv. stil_maanden")
    a.add_argument("waarde", nargs="?", metavar="WAARDE", help="nieuwe waarde")


def cmd_attention(args: argparse.Namespace, db: Database) -> int:
    from kernagenda.domain.attention import attention, my_agendas

    agendas = [agenda_of(db, args.kern)] if args.kern else my_agendas(db, cli_caller())
    lines = attention(db, agendas)
    if not agendas:
        out("U heeft geen kern met een kernagenda.")
        return EXIT_OK
    for agenda in agendas:
        own = [line for line in lines if line.kern_id == agenda.kern_id]
        out(f"{agenda.kern_name}: {len(own) or 'niets'} dat aandacht vraagt")
        for line in own:
            number = f"#{line.item_id}" if line.item_id is not None else "agenda"
            rank = f"speerpunt {line.rank} · " if line.rank is not None else ""
            signals = ", ".join(s.value for s in line.signals)
            out(f"  {number:>7}  {rank}{line.title}  [{signals}]  {line.detail}")
    return EXIT_OK


def cmd_setting(args: argparse.Namespace, db: Database) -> int:
    from kernagenda.domain.settings import DEFAULTS, get_setting, set_setting

    if args.sleutel is None:
        for key, (_, meaning) in DEFAULTS.items():
            out(f"{key} = {get_setting(db, key)}  ({meaning})")
        return EXIT_OK
    if args.waarde is None:
        out(f"{args.sleutel} = {get_setting(db, args.sleutel)}")
        return EXIT_OK
    value = set_setting(db, cli_caller(), args.sleutel, args.waarde)
    out(f"{args.sleutel} = {value}")
    return EXIT_OK
