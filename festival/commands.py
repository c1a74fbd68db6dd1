"""The subcommands' work: each handler gets the parsed arguments and an open database.

Kept apart from :mod:`festival.cli` so that opening the screen does not import every domain
module first (the first frame comes sooner); :func:`festival.cli.run` loads this on demand.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from festival.cli import EXIT_FAILED, EXIT_OK, err
from festival.core.csv_io import ImportFailed
from festival.core.errors import InvalidInput, NotFound
from festival.core.files import os_error_text
from festival.core.money import format_money
from festival.domain import accounts as users
from festival.domain import budget, budget_io, demo, kernen
from festival.domain.permissions import SystemCaller
from festival.store import audit
from festival.store.database import Actor, Database

if TYPE_CHECKING:
    from festival.domain.allocation.config import AllocationConfig
    from festival.domain.allocation.record import LockedAllocation
    from festival.domain.festivals import Festival
    from festival.domain.registration import Registration


def cli_actor() -> Actor:
    """Command-line changes are attributed to the operating-system user."""
    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = "onbekend"
    return Actor(name=f"cli:{who}")


def cli_caller() -> SystemCaller:
    """The command line's caller until it logs in: a named system caller (the host's operator),
    attributed to the operating-system user."""
    return SystemCaller(cli_actor().name)


def out(text: str = "") -> None:
    print(text)


# -- demo ----------------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace, db: Database) -> int:
    if not demo.is_empty(db):
        if args.if_empty:
            return EXIT_OK
        err("De database bevat al gebruikers; demodata gaat alleen in een lege database.")
        return EXIT_FAILED
    added = demo.fill_demo(db)
    out(f"Demodata geladen: {added} aanvragen, {len(demo.DEMO_LOGINS)} gebruikers.")
    for login in demo.DEMO_LOGINS:
        out(f"  {login.name:<20} {login.role.label:<14} PIN {login.pin}")
    return EXIT_OK


# -- users ---------------------------------------------------------------------------------


def _find_user(db: Database, name: str) -> users.User:
    for user in users.list_users(db):
        if user.name.casefold() == name.strip().casefold():
            return user
    raise NotFound(f"Geen gebruiker met de naam {name!r}.")


def _pin(args: argparse.Namespace) -> str:
    if args.pin:
        return str(args.pin)
    if not sys.stdin.isatty():
        raise InvalidInput("Geef een PIN met --pin.", "pin")
    first = getpass.getpass("PIN: ")
    if getpass.getpass("PIN nogmaals: ") != first:
        raise InvalidInput("De twee PIN's verschillen.", "pin")
    return first


def _kern_ids(db: Database, names: Sequence[str]) -> frozenset[int]:
    index = kernen.KernIndex(kernen.list_kernen(db, include_inactive=True))
    return frozenset(index.find(n).id for n in names)


def cmd_users_list(args: argparse.Namespace, db: Database) -> int:
    names = {k.id: k.name for k in kernen.list_kernen(db, include_inactive=True)}
    for user in users.list_users(db):
        state = "actief" if user.active else "gedeactiveerd"
        kern_list = ", ".join(sorted(names[k] for k in user.kern_ids))
        out(f"{user.name:<24} {user.role.label:<14} {state:<14} {kern_list}")
    return EXIT_OK


def cmd_users_add(args: argparse.Namespace, db: Database) -> int:
    role = users.role_from_label(args.rol)
    user = users.add_user(
        db,
        cli_caller(),
        name=args.naam,
        role=role,
        pin=_pin(args),
        kern_ids=_kern_ids(db, args.kern or []),
    )
    out(f"Gebruiker {user.name} ({user.role.label}) toegevoegd.")
    return EXIT_OK


def cmd_users_reset_pin(args: argparse.Namespace, db: Database) -> int:
    user = _find_user(db, args.naam)
    users.reset_pin(db, cli_caller(), user.id, _pin(args))
    out(f"Nieuwe PIN ingesteld voor {user.name}; een blokkade is opgeheven.")
    return EXIT_OK


def _set_active(args: argparse.Namespace, db: Database, active: bool) -> int:
    user = _find_user(db, args.naam)
    users.set_active(db, cli_caller(), user.id, active)
    out(f"{user.name} is {'geactiveerd' if active else 'gedeactiveerd'}.")
    return EXIT_OK


def cmd_users_deactivate(args: argparse.Namespace, db: Database) -> int:
    return _set_active(args, db, False)


def cmd_users_activate(args: argparse.Namespace, db: Database) -> int:
    return _set_active(args, db, True)


# -- kernen --------------------------------------------------------------------------------


def cmd_kernen_list(args: argparse.Namespace, db: Database) -> int:
    for kern in kernen.list_kernen(db, include_inactive=True):
        marks = [
            m
            for m, on in (("pilot kernagenda", kern.is_pilot), ("inactief", not kern.active))
            if on
        ]
        out(f"{kern.name:<18} {', '.join(marks)}".rstrip())
    return EXIT_OK


def cmd_kernen_add(args: argparse.Namespace, db: Database) -> int:
    kern = kernen.add_kern(db, cli_caller(), args.naam)
    out(f"Kern {kern.name} toegevoegd.")
    return EXIT_OK


def cmd_kernen_pilot(args: argparse.Namespace, db: Database) -> int:
    index = kernen.KernIndex(kernen.list_kernen(db, include_inactive=True))
    kern = kernen.update_kern(db, cli_caller(), index.find(args.naam).id, is_pilot=not args.uit)
    out(f"{kern.name} is {'een' if kern.is_pilot else 'geen'} pilotkern voor de kernagenda.")
    return EXIT_OK


# -- budget --------------------------------------------------------------------------------


def _year_arg(text: str) -> int:
    if not text.strip().isdigit():
        raise InvalidInput(f"{text!r} is geen geldig jaar.", "year")
    return int(text)


def _year(args: argparse.Namespace, db: Database) -> int:
    if args.jaar:
        return _year_arg(args.jaar)
    known = budget.years(db)
    if not known:
        raise NotFound("Er is nog geen begrotingsjaar; gebruik 'festival budget set'.")
    return known[0]


def cmd_budget_summary(args: argparse.Namespace, db: Database) -> int:
    s = budget.summary(db, _year(args, db))
    if args.json:
        out(json.dumps(s.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return EXIT_OK
    b = s.budget
    out(f"Leefbaarheidsbudget {b.year}")
    out(
        f"  budget                 {format_money(b.budget_cents):>14}"
        + ("" if b.is_set else "  (nog niet vastgesteld)")
    )
    out(f"  aanvragen ontvangen    {s.received:>14}")
    out(f"    gehonoreerd          {s.honoured:>14}")
    out(f"    afgewezen            {s.rejected:>14}")
    out(f"    ingetrokken          {s.withdrawn:>14}")
    out(f"    doorgeschoven        {s.deferred:>14}")
    out(f"    in behandeling       {s.pending:>14}")
    out(f"  totaal gevraagd        {format_money(s.requested_cents):>14}")
    out(f"  totaal toegekend       {format_money(s.granted_cents):>14}")
    out(f"  maximum ({format_money(b.max_grant_cents)}) toegekend {s.at_maximum:>6} keer")
    out(f"  reserve                {format_money(b.reserve_cents):>14}")
    out(f"  pot festival           {format_money(s.pot_cents):>14}")
    return EXIT_OK


def cmd_budget_set(args: argparse.Namespace, db: Database) -> int:
    current = budget.get_budget_year(db, _year_arg(args.jaar))
    year = budget.set_budget_year(
        db,
        cli_caller(),
        budget.BudgetYearInput(
            year=str(args.jaar),
            budget=args.budget,
            reserve=args.reserve if args.reserve is not None else str(current.reserve_cents / 100),
            max_grant=args.max if args.max is not None else str(current.max_grant_cents / 100),
        ),
    )
    out(
        f"Budget {year.year}: {format_money(year.budget_cents)}, reserve "
        f"{format_money(year.reserve_cents)}, maximum per aanvraag "
        f"{format_money(year.max_grant_cents)}."
    )
    return EXIT_OK


def cmd_budget_import(args: argparse.Namespace, db: Database) -> int:
    path = Path(args.bestand)
    data = _read_file(path)
    if data is None:
        return EXIT_FAILED
    try:
        report = budget_io.import_applications(db, cli_caller(), data)
    except ImportFailed as exc:
        return _import_failed(exc, path)
    years = ", ".join(map(str, report.years))
    out(f"{report.imported} aanvragen geïmporteerd ({years}).")
    return EXIT_OK


def cmd_budget_export(args: argparse.Namespace, db: Database) -> int:
    data = budget_io.export_applications(db, _year_arg(args.jaar) if args.jaar else None)
    path = Path(args.bestand)
    try:
        path.write_bytes(data)
    except OSError as exc:
        err(f"Kan {path} niet schrijven: {os_error_text(exc)}.")
        return EXIT_FAILED
    lines = data.count(b"\r\n") - 1
    out(f"{lines} aanvragen geschreven naar {path}.")
    return EXIT_OK


# -- festivals, registrations and privacy --------------------------------------------------
# Imported inside the handlers: the other subcommands need none of these modules.


def cmd_festivals_list(args: argparse.Namespace, db: Database) -> int:
    from festival.core.dates import format_date
    from festival.domain.festivals import list_festivals

    festivals = list_festivals(db)
    if not festivals:
        out("Nog geen festivals; leg er een vast met 'festival festivals add'.")
    for f in festivals:
        state = "  (persoonsgegevens gewist)" if f.purged else ""
        place = f", {f.place}" if f.place else ""
        out(
            f"{f.id:>4}  {format_date(f.date)}  {f.name}{place}"
            f"  — bewaren tot {format_date(f.retention_date)}{state}"
        )
    return EXIT_OK


def cmd_festivals_add(args: argparse.Namespace, db: Database) -> int:
    from festival.core.dates import format_date
    from festival.domain.festivals import add_festival

    festival = add_festival(
        db,
        cli_caller(),
        name=args.naam,
        day=args.datum,
        place=args.plaats,
        retention=args.bewaren_tot,
    )
    out(
        f"Festival {festival.id} vastgelegd: {festival.name} op {format_date(festival.date)}; "
        f"persoonsgegevens bewaren tot {format_date(festival.retention_date)}."
    )
    return EXIT_OK


def _festival_id(args: argparse.Namespace, db: Database) -> int:
    from festival.domain.festivals import current_festival, list_festivals

    if args.festival is not None:
        if not any(f.id == args.festival for f in list_festivals(db)):
            raise NotFound(f"Festival {args.festival} bestaat niet; zie 'festival festivals list'.")
        return int(args.festival)
    festival = current_festival(db)
    if festival is None:
        raise NotFound("Er is nog geen festival; leg er een vast met 'festival festivals add'.")
    return festival.id


def _who(r: Registration) -> str:
    state = ", ingecheckt" if r.checked_in_at else ""
    return f"#{r.id} {r.name} ({r.origin or 'geen kern'}; {r.role_labels}{state})"


def cmd_registrations_import(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import registration_io

    path = Path(args.bestand)
    data = _read_file(path)
    if data is None:
        return EXIT_FAILED
    festival_id = _festival_id(args, db)
    try:
        report = registration_io.import_registrations(db, cli_caller(), festival_id, data)
    except ImportFailed as exc:
        return _import_failed(exc, path)
    out(
        f"{report.imported} aanmeldingen geïmporteerd ({report.initiatives} initiatieven, "
        f"{report.funders} subsidieverleners)."
    )
    if report.duplicates:
        out(f"{len(report.duplicates)} mogelijk dubbel (beoordeel met 'registrations duplicates'):")
        for pair in report.duplicates:
            out(f"  {_who(pair.a)}  ↔  {_who(pair.b)}: {pair.reason}")
    return EXIT_OK


def cmd_registrations_duplicates(args: argparse.Namespace, db: Database) -> int:
    from festival.domain.duplicates import duplicate_pairs

    pairs = duplicate_pairs(db, cli_caller(), _festival_id(args, db))
    if not pairs:
        out("Geen mogelijk dubbele aanmeldingen.")
        return EXIT_OK
    for pair in pairs:
        out(f"{_who(pair.a)}  ↔  {_who(pair.b)}: {pair.reason}")
    out("")
    out("Samenvoegen: festival registrations merge HOUDEN WEG")
    out("Twee personen: festival registrations keep-both A B")
    return EXIT_OK


def cmd_registrations_merge(args: argparse.Namespace, db: Database) -> int:
    from festival.domain.duplicates import merge

    merged = merge(db, cli_caller(), args.houden, args.weg)
    out(f"Samengevoegd: registratie {args.weg} is opgegaan in {_who(merged)}, code {merged.code}.")
    return EXIT_OK


def cmd_registrations_keep_both(args: argparse.Namespace, db: Database) -> int:
    from festival.domain.duplicates import keep_both

    keep_both(db, cli_caller(), args.a, args.b)
    out(f"Registraties {args.a} en {args.b} blijven allebei; het paar wordt niet meer getoond.")
    return EXIT_OK


def cmd_privacy_export(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import privacy

    data = privacy.export_person(db, cli_caller(), privacy.find_person(db, args.persoon))
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if not args.out:
        out(text.rstrip("\n"))
        return EXIT_OK
    path = Path(args.out)
    try:
        # Personal data: readable by the owner of the file only.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        err(f"Kan {path} niet schrijven: {os_error_text(exc)}.")
        return EXIT_FAILED
    out(f"Gegevens van persoon {data['persoon']['id']} geschreven naar {path}.")
    return EXIT_OK


def cmd_privacy_purge(args: argparse.Namespace, db: Database) -> int:
    from festival.core.dates import format_date
    from festival.domain import privacy

    done = privacy.purge(db, cli_caller(), dry_run=args.dry_run)
    if not done:
        out("Geen festival voorbij zijn bewaartermijn: niets gewist.")
        return EXIT_OK
    verb = "Zou wissen" if args.dry_run else "Gewist"
    for f in done:
        out(
            f"{verb}: {f.name} (bewaren tot {format_date(f.retention_date)}): "
            f"{f.people} personen met hun registratie, rollen en check-ins; "
            f"{f.initiatives_kept} initiatieven blijven zonder naam."
        )
        figures = ", ".join(f"{t.role} {t.present}/{t.expected}" for t in f.counts if t.expected)
        out(f"  bewaard (aanwezig/verwacht): {figures or 'geen aanmeldingen'}")
    if args.dry_run:
        out("Proefdraai: er is niets gewist.")
    return EXIT_OK


# -- backup and audit ----------------------------------------------------------------------


def cmd_backup(args: argparse.Namespace, db: Database) -> int:
    db.backup(Path(args.pad))
    out(f"Kopie gemaakt: {args.pad}")
    return EXIT_OK


def cmd_audit(args: argparse.Namespace, db: Database) -> int:
    for entry in reversed(audit.entries(db, limit=args.aantal)):
        target = f"{entry.entity} {entry.entity_id or ''}".strip()
        out(f"{entry.at}  {entry.actor:<22} {entry.action} ({target})")
    return EXIT_OK


# -- desk ------------------------------------------------------------------------------------

EXIT_ALREADY, EXIT_UNKNOWN = 3, 4


def cmd_checkin(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import checkin
    from festival.domain.festivals import current_festival

    desk = (args.checkin_desk or args.desk or os.environ.get("FESTIVAL_DESK", "")).strip()
    if not desk:
        err("Geef de naam van de balie met --desk.")
        return EXIT_FAILED
    if current_festival(db) is None:
        err("Er is nog geen festival vastgelegd.")
        return EXIT_FAILED
    result = checkin.check_in_code(db, cli_caller(), args.code, desk)
    out(result.message)
    return {
        checkin.CheckInOutcome.WELCOME: EXIT_OK,
        checkin.CheckInOutcome.ALREADY: EXIT_ALREADY,
        checkin.CheckInOutcome.UNKNOWN: EXIT_UNKNOWN,
    }[result.outcome]


# -- badges and attendance -------------------------------------------------------------------
# The PDF library takes about 0.2 s to load: only these commands load it.


def _write_file(path: Path, data: bytes) -> bool:
    try:
        path.write_bytes(data)
    except OSError as exc:
        err(f"Kan {path} niet schrijven: {os_error_text(exc)}.")
        return False
    return True


def cmd_badges(args: argparse.Namespace, db: Database) -> int:
    from festival.domain.badges import badges_pdf
    from festival.domain.festivals import current_festival
    from festival.domain.registration import FestivalRole, list_registrations

    festival = current_festival(db)
    if festival is None:
        err("Er is nog geen festival vastgelegd.")
        return EXIT_FAILED
    role = FestivalRole.parse(args.role) if args.role else None
    people = list_registrations(db, cli_caller(), festival.id, role=role)
    if not people:
        who = f"met de rol {role.label}" if role else "aangemeld"
        err(f"Niemand {who} voor {festival.name}: geen badges gemaakt.")
        return EXIT_FAILED
    if not _write_file(args.out, badges_pdf(people, festival, args.layout)):
        return EXIT_FAILED
    layout = "A6" if args.layout == "a6" else "vier per A4"
    out(f"{len(people)} badges ({layout}) geschreven naar {args.out}.")
    return EXIT_OK


def cmd_attendance_export(args: argparse.Namespace, db: Database) -> int:
    from festival.domain.attendance import attendance_csv
    from festival.domain.festivals import current_festival
    from festival.domain.registration import totals

    festival = current_festival(db)
    if festival is None:
        err("Er is nog geen festival vastgelegd.")
        return EXIT_FAILED
    present, expected = totals(db, festival.id)
    if not expected:
        err(f"Niemand aangemeld voor {festival.name}: geen aanwezigheidslijst geschreven.")
        return EXIT_FAILED
    path = Path(args.bestand)
    if not _write_file(path, attendance_csv(db, cli_caller(), festival.id)):
        return EXIT_FAILED
    out(f"Aanwezigheid geschreven naar {path}: {present} van {expected} ingecheckt.")
    return EXIT_OK


def cmd_attendance_fallback(args: argparse.Namespace, db: Database) -> int:
    from festival.domain.attendance import fallback_list_pdf
    from festival.domain.festivals import current_festival
    from festival.domain.registration import list_registrations

    festival = current_festival(db)
    if festival is None:
        err("Er is nog geen festival vastgelegd.")
        return EXIT_FAILED
    people = list_registrations(db, cli_caller(), festival.id)
    if not people:
        err(f"Niemand aangemeld voor {festival.name}: geen noodlijst gemaakt.")
        return EXIT_FAILED
    if not _write_file(args.out, fallback_list_pdf(people, festival)):
        return EXIT_FAILED
    out(f"Noodlijst met {len(people)} namen geschreven naar {args.out}.")
    return EXIT_OK


# -- initiatives and the jury ----------------------------------------------------------------
# The command line has no logged-in user: it acts as the coordinator (``by=None``).


def _read_file(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError as exc:
        err(f"Kan {path} niet lezen: {os_error_text(exc)}.")
        return None


def _import_failed(exc: ImportFailed, path: Path) -> int:
    err(f"Niets geïmporteerd: {len(exc.problems)} regel(s) afgekeurd in {path.name}.")
    for problem in exc.problems:
        err(f"  {problem}")
    return EXIT_FAILED


def cmd_initiatives_import(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import jury

    path = Path(args.bestand)
    data = _read_file(path)
    if data is None:
        return EXIT_FAILED
    festival_id = _festival_id(args, db)
    try:
        report = jury.import_initiatives(db, cli_caller(), festival_id, data)
    except ImportFailed as exc:
        return _import_failed(exc, path)
    out(
        f"{report.imported} initiatieven geïmporteerd ({report.linked} gekoppeld aan de "
        "aanmelding van hun initiatiefnemer)."
    )
    if report.unlinked:
        out("Zonder koppeling aan een aanmelding opgeslagen:")
        for title, initiator, why in report.unlinked:
            out(f"  {title}: {initiator} ({why})")
    return EXIT_OK


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}".replace(".", ",")


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def cmd_jury_ranking(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import jury

    festival_id = _festival_id(args, db)
    state = jury.get_state(db, festival_id)
    ranked, note = jury.read_ranking(db, cli_caller(), festival_id)
    if args.json:
        rows = [
            {
                "initiative": r.initiative_id,
                "title": r.title,
                "jury_score": _rounded(r.jury_score),
                "normalised_score": _rounded(r.normalised_score),
                "audience_score": _rounded(r.audience_score),
                "final_score": _rounded(r.final_score),
                "jurors": r.jurors,
            }
            for r in ranked
        ]
        out(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not ranked:
        out("Er staan nog geen pitches op het programma.")
        return EXIT_OK
    normalised = state.normalise and not note
    # (heading, width); the title is left-aligned, the figures right-aligned.
    columns = [("positie", 7), ("initiatief", 10), ("titel", -40), ("jury", 7)]
    if normalised:
        columns.append(("genormaliseerd", 14))
    columns += [("publiek", 7), ("eind", 7), ("juryleden", 9)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            cell.ljust(-width) if width < 0 else cell.rjust(width)
            for cell, (_, width) in zip(cells, columns, strict=True)
        ).rstrip()

    out(line([heading for heading, _ in columns]))
    position = 0
    for r in ranked:
        if r.final_score is not None:
            position += 1
        title = r.title if len(r.title) <= 40 else r.title[:39] + "…"
        cells = [str(position) if r.final_score is not None else "–", str(r.initiative_id)]
        cells += [title, _score(r.jury_score)]
        if normalised:
            cells.append(_score(r.normalised_score))
        cells += [_score(r.audience_score), _score(r.final_score), str(r.jurors)]
        out(line(cells))
    out("")
    out(
        f"Eindscore = {100 - state.audience_weight} % jury + {state.audience_weight} % publiek; "
        "juryleden = op hoeveel juryleden de juryscore rust."
    )
    if note:
        out(note)
    return EXIT_OK


def cmd_jury_sheets(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import jury

    festival_id = _festival_id(args, db)
    data = jury.score_sheets_pdf(db, festival_id)
    if not _write_file(args.out, data):
        return EXIT_FAILED
    jurors = len(jury.list_jurors(db, festival_id))
    out(f"Scoreformulieren voor {jurors} juryleden geschreven naar {args.out}.")
    return EXIT_OK


def cmd_jury_import(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import jury

    path = Path(args.bestand)
    data = _read_file(path)
    if data is None:
        return EXIT_FAILED
    festival_id = _festival_id(args, db)
    try:
        report = jury.import_paper_scores(db, cli_caller(), festival_id, data)
    except ImportFailed as exc:
        return _import_failed(exc, path)
    out(
        f"{report.scores} papieren scores geïmporteerd: {report.saves} formulier(en) van "
        f"{report.jurors} jurylid/juryleden, gelogd als papier."
    )
    return EXIT_OK


def cmd_jury_export(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import jury

    path = Path(args.bestand)
    festival_id = _festival_id(args, db)
    try:
        report = jury.export_scores(db, cli_caller(), festival_id, path)
    except OSError as exc:
        err(f"Kan {path} niet schrijven: {os_error_text(exc)}.")
        return EXIT_FAILED
    out(
        f"{report.scores} scores, {report.conflicts} gemelde belangenverstrengeling(en), "
        f"{report.remarks} opmerking(en) en de rangschikking van {report.initiatives} "
        f"initiatieven geschreven naar {path} ({report.format.upper()})."
    )
    return EXIT_OK


def cmd_jury_lock(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import jury

    jury.lock(db, cli_caller(), _festival_id(args, db))
    out("Het scoren is vergrendeld.")
    return EXIT_OK


def cmd_jury_unlock(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import jury

    jury.unlock(db, cli_caller(), _festival_id(args, db), args.reden)
    out("Het scoren is weer open; de reden staat in het auditlog.")
    return EXIT_OK


def cmd_jury_ballots(args: argparse.Namespace, db: Database) -> int:
    from festival.domain.allocation.ballots import import_ballots

    path = Path(args.bestand)
    data = _read_file(path)
    if data is None:
        return EXIT_FAILED
    try:
        report = import_ballots(db, cli_caller(), _festival_id(args, db), data)
    except ImportFailed as exc:
        return _import_failed(exc, path)
    out(f"{report.approvals} stemmen van {report.voters} stemmers ingelezen.")
    return EXIT_OK


def cmd_jury_settings(args: argparse.Namespace, db: Database) -> int:
    from festival.core.text import fold
    from festival.domain import jury

    festival_id = _festival_id(args, db)
    by_title = {fold(p.title): p.initiative_id for p in jury.list_pitches(db, festival_id)}
    pitch_ids = set(by_title.values())
    votes: dict[int, int] = {}
    for item in args.stemmen or []:
        name, _, count = item.rpartition("=")
        if not name or not count.strip().isdigit():
            raise InvalidInput(f"{item!r}: schrijf INITIATIEF=AANTAL, bijvoorbeeld 12=40.")
        key = int(name) if name.strip().isdigit() else by_title.get(fold(name))
        if key is None or key not in pitch_ids:
            raise NotFound(f"{name.strip()!r} staat niet op het programma.")
        votes[key] = int(count)
    jury.set_audience(
        db,
        cli_caller(),
        festival_id,
        weight=args.publiek,
        votes=votes or None,
        normalise=None if args.normaliseren is None else args.normaliseren == "aan",
    )
    state = jury.get_state(db, festival_id)
    out(
        f"Publieksstem {state.audience_weight}%, normaliseren "
        f"{'aan' if state.normalise else 'uit'}; {len(votes)} initiatief/initiatieven met stemmen."
    )
    return EXIT_OK


def cmd_jury_publish(args: argparse.Namespace, db: Database) -> int:
    from festival.domain import jury

    jury.publish(db, cli_caller(), _festival_id(args, db))
    out("De uitslag is gepubliceerd: de juryleden zien nu de rangschikking.")
    return EXIT_OK


# -- the allocation --------------------------------------------------------------------------
# The command line acts as a named system caller (``cli_caller()``).


def _festival(args: argparse.Namespace, db: Database) -> Festival:
    from festival.domain.festivals import list_festivals

    festival_id = _festival_id(args, db)
    return next(f for f in list_festivals(db) if f.id == festival_id)


def _locked_or_refuse(db: Database, festival: Festival) -> LockedAllocation | None:
    from festival.domain.allocation.locking import active_allocation

    locked = active_allocation(db, festival.id)
    if locked is None:
        err(
            f"Er is nog geen vastgestelde verdeling voor {festival.name}; stel haar eerst vast "
            "met 'festival allocation lock'."
        )
    return locked


def cmd_allocation_show(args: argparse.Namespace, db: Database) -> int:
    from festival.core.money import format_money_whole
    from festival.domain import jury
    from festival.domain.allocation import report_text
    from festival.domain.allocation.locking import active_allocation
    from festival.domain.allocation.proposal import RuleUnavailable, draft

    festival = _festival(args, db)
    locked = active_allocation(db, festival.id)
    if locked is not None:
        rows = report_text.decision_rows(locked)
        pot = report_text.pot_of(locked.record)
        rule = report_text.rule_of(locked.record)
        out(f"Verdeling {locked.id} van {festival.name}. {report_text.status_sentence(locked)}")
    else:
        try:
            current = draft(db, festival)
        except RuleUnavailable as exc:
            err(exc.message)
            return EXIT_FAILED
        rows = report_text.draft_rows(current)
        pot, rule = current.pot, current.result.rule
        state = jury.get_state(db, festival.id).status
        note = "" if state is jury.JuryStatus.LOCKED else "; de jury scoort nog"
        out(f"Concept voor {festival.name} (nog niet vastgesteld{note}).")
    out(f"Regel: {rule.label} ({rule.value}).")
    out(pot.sentence + ".")
    if not rows:
        out("Er staan nog geen pitches op het programma.")
        return EXIT_OK
    out("")
    columns = (("nr", 3), ("score", 6), ("gevraagd", 11), ("bedrag", 11), ("uitkomst", -16))
    out("  ".join(h.rjust(w) if w > 0 else h.ljust(-w) for h, w in columns) + "  initiatief")
    for r in rows:
        score = "–" if r.score is None else f"{r.score:.1f}".replace(".", ",")
        cells = (
            str(r.rank),
            score,
            format_money_whole(r.requested),
            format_money_whole(r.amount),
            r.outcome + (" *" if r.overridden else ""),
        )
        line = "  ".join(
            c.rjust(w) if w > 0 else c.ljust(-w) for c, (_, w) in zip(cells, columns, strict=True)
        )
        out(f"{line}  {r.title} (#{r.initiative_id}{', ' + r.kern if r.kern else ''})")
        out(f"     {r.reason}")
    total = sum(r.amount for r in rows)
    out("")
    out(
        f"Verdeeld: {format_money_whole(total)} over {sum(1 for r in rows if r.amount)} "
        f"initiatieven; over: {format_money_whole(pot.pot_cents - total)}."
    )
    if any(r.overridden for r in rows):
        out("* = handmatig aangepast.")
    return EXIT_OK


def _config_lines(config: AllocationConfig) -> list[str]:
    from festival.core.money import format_money_whole

    def maybe(value: object) -> str:
        return "geen" if value is None else str(value)

    return [
        f"Regel: {config.rule.label} ({config.rule.value})",
        f"Maximum per initiatief: {format_money_whole(config.max_award_cents)}",
        f"Maximum aantal toekenningen: {maybe(config.max_awards)}",
        f"Drempel (minimale eindscore): {maybe(config.threshold)}",
        f"Maximum aantal per kern: {maybe(config.kern_max_awards)}",
        "Maximum bedrag per kern: "
        + (
            "geen" if config.kern_max_amount is None else format_money_whole(config.kern_max_amount)
        ),
        f"Restant deels toekennen: {'ja' if config.partial_last else 'nee'}",
        f"Bij gelijke score: {', '.join(t.value for t in config.tie_break)}",
    ]


def cmd_allocation_settings(args: argparse.Namespace, db: Database) -> int:
    from festival.core.money import cents_to_plain
    from festival.domain.allocation.config import ConfigInput, get_config, set_config

    festival = _festival(args, db)
    now = get_config(db, festival.id)

    def keep(given: str | None, current: object) -> str:
        if given is not None:
            return given
        return "" if current is None else str(current)

    data = ConfigInput(
        rule=args.regel or now.rule.value,
        max_award=keep(args.max_toekenning, cents_to_plain(now.max_award_cents)),
        max_awards=keep(args.max_aantal, now.max_awards),
        threshold=keep(args.drempel, now.threshold),
        kern_max_awards=keep(args.kern_max_aantal, now.kern_max_awards),
        kern_max_amount=keep(
            args.kern_max_bedrag,
            None if now.kern_max_amount is None else cents_to_plain(now.kern_max_amount),
        ),
        partial_last=now.partial_last if args.deels is None else args.deels,
        tie_break=keep(args.gelijk, ", ".join(t.value for t in now.tie_break)),
    )
    config = set_config(db, cli_caller(), festival, data)
    out(f"Verdeelregels vastgelegd voor {festival.name}:")
    for line in _config_lines(config):
        out(f"  {line}")
    return EXIT_OK


def cmd_allocation_override(args: argparse.Namespace, db: Database) -> int:
    from festival.core.money import format_money_whole
    from festival.domain.allocation.inputs import overrides
    from festival.domain.allocation.overrides import set_override

    festival = _festival(args, db)
    set_override(db, cli_caller(), festival, args.initiatief, args.bedrag, args.reden)
    made = overrides(db, festival.id)[args.initiatief]
    out(
        f"Initiatief {args.initiatief} aangepast naar {format_money_whole(made.amount_cents)} "
        f"(reden: {made.reason}); zichtbaar als aanpassing tot het vaststellen."
    )
    return EXIT_OK


def cmd_allocation_lock(args: argparse.Namespace, db: Database) -> int:
    from festival.core.money import format_money_whole
    from festival.domain.allocation.locking import lock_allocation
    from festival.domain.allocation.report_text import decision_rows

    festival = _festival(args, db)
    locked = lock_allocation(db, cli_caller(), festival, supersede_reason=args.vervangt_reden)
    rows = decision_rows(locked)
    total = sum(r.amount for r in rows)
    out(
        f"Verdeling {locked.id} vastgesteld: {format_money_whole(total)} aan "
        f"{sum(1 for r in rows if r.amount)} van {len(rows)} initiatieven."
    )
    out(f"SHA-256: {locked.sha256}")
    return EXIT_OK


def cmd_allocation_publish(args: argparse.Namespace, db: Database) -> int:
    from festival.domain.allocation.locking import publish_allocation

    locked = publish_allocation(db, cli_caller(), _festival(args, db))
    out(f"Verdeling {locked.id} is gepubliceerd.")
    return EXIT_OK


def cmd_allocation_verify(args: argparse.Namespace, db: Database) -> int:
    from festival.domain.allocation.record import recomputed_sha256

    locked = _locked_or_refuse(db, _festival(args, db))
    if locked is None:
        return EXIT_FAILED
    if locked.verify():
        out(f"Verdeling {locked.id}: de SHA-256 klopt ({locked.sha256}).")
        return EXIT_OK
    out(
        f"Verdeling {locked.id}: de SHA-256 klopt NIET. Vastgelegd: {locked.sha256}; "
        f"nu: {recomputed_sha256(locked)}. Het verslag is na het vaststellen veranderd."
    )
    return EXIT_FAILED


def cmd_allocation_export(args: argparse.Namespace, db: Database) -> int:
    from festival.domain.allocation.report_pdf import decision_pdf
    from festival.domain.allocation.report_sheets import decision_file
    from festival.domain.allocation.report_text import decision_rows

    path = Path(args.bestand)
    kind = path.suffix.lower().lstrip(".")
    if kind not in ("csv", "xlsx", "pdf"):
        err(f"{path.name}: kies een bestandsnaam die eindigt op .csv, .xlsx of .pdf.")
        return EXIT_FAILED
    festival = _festival(args, db)
    locked = _locked_or_refuse(db, festival)
    if locked is None:
        return EXIT_FAILED
    if kind == "pdf":
        data = decision_pdf(locked, festival)
    else:
        data = decision_file(locked, xlsx=kind == "xlsx", festival=festival)
    if not _write_file(path, data):
        return EXIT_FAILED
    rows = decision_rows(locked)
    out(
        f"Besluit over verdeling {locked.id} ({len(rows)} initiatieven) geschreven naar {path} "
        f"({kind.upper()})."
    )
    return EXIT_OK


# -- pabulib -------------------------------------------------------------------------------


def cmd_pabulib_run(args: argparse.Namespace, db: Database) -> int:
    """Run a rule on a pabulib file (the database is not used). A malformed file: exit 2."""
    from festival.cli import EXIT_USAGE
    from festival.domain.allocation import pabulib
    from festival.domain.allocation.model import Rule
    from festival.domain.allocation.pabulib_run import run

    path = Path(args.bestand)
    data = _read_file(path)
    if data is None:
        return EXIT_FAILED
    try:
        instance = pabulib.parse(pabulib.decode(data))
    except pabulib.PabulibError as exc:
        err(f"{path.name}, regel {exc.line}: {exc.message}")
        return EXIT_USAGE
    selection = run(instance, Rule(args.rule))
    if args.json:
        out(json.dumps({"selected": selection.selected, "cost": selection.cost}))
        return EXIT_OK
    out(f"Gekozen ({selection.rule.value}): {', '.join(selection.selected) or 'geen'}")
    out(f"Totale kosten: {selection.cost} (budget {instance.budget})")
    return EXIT_OK


def cmd_pabulib_export(args: argparse.Namespace, db: Database) -> int:
    """The active locked allocation as a pabulib file, to re-check with any pabulib tool."""
    from festival.domain.allocation import pabulib
    from festival.domain.allocation.pabulib_export import pabulib_instance

    path = Path(args.bestand)
    festival = _festival(args, db)
    locked = _locked_or_refuse(db, festival)
    if locked is None:
        return EXIT_FAILED
    instance = pabulib_instance(locked, festival)
    if not _write_file(path, pabulib.write(instance).encode("utf-8")):
        return EXIT_FAILED
    out(
        f"Verdeling {locked.id} als pabulib geschreven naar {path}: {len(instance.projects)} "
        f"projecten, budget {instance.budget}. Narekenen: festival pabulib run {path} "
        f"--rule {instance.meta['rule']}"
    )
    return EXIT_OK
