"""The kernagenda subcommands: import, export, progress and working on items and versions."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from cli_support import ensure_coordinator, run
from core_support import count
from kernagenda_support import (
    COORDINATOR,
    KernId,
    agenda_with_items,
    application,
    item,
    pilot_kernen,  # noqa: F401  (every kern a pilot)
)

from festival.core.money import format_money
from festival.store.database import Database
from kernagenda.domain.agendas import agenda_for_kern, create_agenda, get_agenda
from kernagenda.domain.item_edits import add_item, remove_item, set_status, update_item
from kernagenda.domain.items import get_item, list_items
from kernagenda.domain.links import link_item, list_links
from kernagenda.domain.models import Agenda, AgendaStatus, Item, ItemStatus
from kernagenda.domain.progress import add_progress, item_history, list_progress
from kernagenda.domain.versions import fix_version, list_versions

CSV = (
    "thema;onderwerp;omschrijving;prioriteit;trekker;status;streefdatum\n"
    "Wonen;Starters;;speerpunt 2;samen;gepland;31-12-2026\n"
    "Wonen;Hofje;Voor ouderen;speerpunt 1;samen;gepland;31-12-2026\n"
    "Jeugd;JOP;;overig;inwoners;idee;\n"
)


def test_import_export_progress(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "agenda.csv"
    source.write_text(CSV, encoding="utf-8")
    db = ["--db", str(db_path)]
    assert run([*db, "import", "Zoelen", str(source)], prog="kernagenda") == 0
    assert "3 agendapunten" in capsys.readouterr().out
    # A second import adds nothing twice: each item is skipped and named.
    assert run([*db, "import", "Zoelen", str(source)], prog="kernagenda") == 0
    assert "0 agendapunten geïmporteerd. 3 stonden al op de agenda en zijn overgeslagen: " in (
        capsys.readouterr().out
    )

    assert run([*db, "export", "zoelen", "--format", "md", "--concept"], prog="kernagenda") == 0
    text = capsys.readouterr().out
    assert text.index("Hofje") < text.index("Starters") < text.index("JOP")
    target = tmp_path / "zoelen.pdf"
    export = [*db, "agenda", "export", "Zoelen", "--format", "pdf", "--concept"]
    assert run([*export, "--out", str(target)]) == 0
    # A concept's file name says so.
    assert (tmp_path / "zoelen-concept.pdf").read_bytes().startswith(b"%PDF")
    assert not target.exists()

    assert run([*db, "kernen", "pilot", "Zoelen"]) == 0
    assert run([*db, "progress", "--since", "01-01-2020"], prog="kernagenda") == 0
    report = capsys.readouterr().out
    assert "Zoelen" in report and "gepland: 2" in report and "Nieuw: Hofje, Starters, JOP" in report


def test_top_level_forms_only_for_kernagenda(db_path: Path) -> None:
    with pytest.raises(SystemExit):
        run(["--db", str(db_path), "progress"])
    assert run(["--db", str(db_path), "agenda", "progress"]) == 0


def test_unknown_kern(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--db", str(db_path), "export", "Atlantis"], prog="kernagenda") == 1
    assert "Onbekende kern 'Atlantis'" in capsys.readouterr().err


# -- working on items and versions from the command line -----------------------------------


def kg(db_path: Path, *args: str) -> int:
    return run(["--db", str(db_path), *args], prog="kernagenda")


@pytest.fixture
def zoelen(db: Database, kern_id: KernId) -> Agenda:
    """Zoelen's agenda: Seniorenhofje (speerpunt 1), Starterswoningen (2), two overig."""
    return agenda_with_items(db, COORDINATOR, kern_id("Zoelen"))


def test_export_defaults_to_the_fixed_version(
    db: Database,
    db_path: Path,
    zoelen: Agenda,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Never fixed: refused, unless asked for as a concept (and then marked as one).
    assert kg(db_path, "export", "Zoelen") == 1
    assert "nog nooit vastgesteld" in capsys.readouterr().err
    assert kg(db_path, "export", "Zoelen", "--concept") == 0
    captured = capsys.readouterr()
    assert "Seniorenhofje" in captured.out and "CONCEPT" in captured.out
    assert "Let op: dit is de conceptversie" in captured.err
    version = fix_version(db, COORDINATOR, zoelen.id)
    add_item(db, COORDINATOR, zoelen.id, item("Jeugd", "Skatebaan"))

    assert kg(db_path, "export", "Zoelen") == 0
    captured = capsys.readouterr()
    assert "Seniorenhofje" in captured.out and "Skatebaan" not in captured.out
    assert "eerste versie 2024 · vastgesteld op" in captured.out
    assert re.search(
        r"^Vastgestelde versie 'eerste versie 2024' \(\d+ \w+ \d{4}\) geëxporteerd\.",
        captured.err,
        re.MULTILINE,
    ), captured.err

    assert kg(db_path, "export", "Zoelen", "--concept") == 0
    captured = capsys.readouterr()
    assert "Skatebaan" in captured.out and "Let op: dit is de conceptversie" in captured.err

    target = tmp_path / "versie.md"
    assert kg(db_path, "export", "Zoelen", "--versie", str(version.id), "--out", str(target)) == 0
    assert "Skatebaan" not in target.read_text(encoding="utf-8")
    with pytest.raises(SystemExit):
        kg(db_path, "export", "Zoelen", "--versie", str(version.id), "--concept")
    capsys.readouterr()
    assert kg(db_path, "export", "Zoelen", "--versie", "999") == 1
    assert "Versie 999 bestaat niet" in capsys.readouterr().err


def _item(db: Database, agenda: Agenda, title: str) -> Item:
    return next(i for i in list_items(db, agenda.id) if i.title == title)


def _line(text: str, title: str) -> str:
    return next(line for line in text.splitlines() if line.rstrip().endswith(title))


def test_items_lists_ids_priorities_and_overdue(
    db: Database, db_path: Path, zoelen: Agenda, capsys: pytest.CaptureFixture[str]
) -> None:
    hofje = _item(db, zoelen, "Seniorenhofje")
    late = hofje.as_input().model_copy(update={"target_date": "01-01-2020"})
    update_item(db, COORDINATOR, hofje.id, late)
    cafe = add_item(db, COORDINATOR, zoelen.id, item("Jeugd", "Dorpscafé", status="gepland"))

    assert kg(db_path, "items", "zoelen") == 0
    text = capsys.readouterr().out
    first = _line(text, "Seniorenhofje  (verlopen)")
    assert first.split()[:3] == [str(hofje.id), "speerpunt", "1"]
    assert "Wonen" in first and "idee" in first and "01-01-2020" in first
    assert _line(text, "Dorpscafé").split()[:2] == [str(cafe.id), "overig"]
    assert text.count("(verlopen)") == 1
    assert text.index("Seniorenhofje") < text.index("Starterswoningen") < text.index("Dorpscafé")

    assert run(["--db", str(db_path), "agenda", "items", "Zoelen", "--status", "gepland"]) == 0
    planned = capsys.readouterr().out
    assert "Dorpscafé" in planned and "Seniorenhofje" not in planned
    assert kg(db_path, "items", "Zoelen", "--zoek", "DORPSCAFE") == 0
    found = capsys.readouterr().out
    assert "Dorpscafé" in found and "Seniorenhofje" not in found


def test_items_of_a_kern_without_agenda_or_with_a_bad_status(
    db_path: Path, zoelen: Agenda, capsys: pytest.CaptureFixture[str]
) -> None:
    assert kg(db_path, "items", "Ingen") == 1
    assert "Ingen heeft nog geen kernagenda" in capsys.readouterr().err
    assert kg(db_path, "items", "Zoelen", "--status", "bezig") == 1
    assert "Onbekende status 'bezig'" in capsys.readouterr().err


def test_show_prints_fields_links_funding_progress_and_history(
    db: Database,
    db_path: Path,
    kern_id: KernId,
    zoelen: Agenda,
    capsys: pytest.CaptureFixture[str],
) -> None:
    hofje = _item(db, zoelen, "Seniorenhofje")
    granted = application(db, kern_id("Zoelen"), "Bankjes hofje", 50_000)
    link_item(db, COORDINATOR, hofje.id, "aanvraag", granted)
    add_progress(db, COORDINATOR, hofje.id, "Locatie gevonden", new_status="gepland")

    assert kg(db_path, "show", str(hofje.id)) == 0
    text = capsys.readouterr().out
    assert text.startswith(f"Agendapunt {hofje.id}: Seniorenhofje\n")
    assert "Zoelen" in text and "speerpunt 1" in text
    assert f"aanvraag {granted}: Bankjes hofje" in text
    assert f"toegekend {format_money(50_000)}" in text
    assert f"Gefinancierd: {format_money(50_000)}" in text
    assert "Locatie gevonden (idee → gepland)" in text
    assert "status: idee → gepland" in text  # the history, in Dutch
    assert re.search(r"\d\d-\d\d-\d{4} \d\d:\d\d  Carla Coördinator: aangemaakt", text)


def test_log_status_move_and_remove_change_the_database(
    db: Database, db_path: Path, zoelen: Agenda, capsys: pytest.CaptureFixture[str]
) -> None:
    hofje = _item(db, zoelen, "Seniorenhofje")
    starters = _item(db, zoelen, "Starterswoningen")
    assert kg(db_path, "log", str(hofje.id), "Gesprek", "met", "woningcorporatie") == 0
    assert [p.text for p in list_progress(db, hofje.id)] == ["Gesprek met woningcorporatie"]
    assert kg(db_path, "log", str(hofje.id), "Locatie rond", "--status", "gepland") == 0
    assert "Status: idee → gepland" in capsys.readouterr().out
    assert get_item(db, hofje.id).status is ItemStatus.PLANNED

    assert kg(db_path, "status", str(hofje.id), "in", "uitvoering") == 0
    assert get_item(db, hofje.id).status is ItemStatus.IN_PROGRESS
    assert "idee → gepland" not in capsys.readouterr().out

    assert kg(db_path, "move", str(starters.id), "omhoog") == 0
    assert "'Starterswoningen' is nu speerpunt 1" in capsys.readouterr().out
    assert (get_item(db, starters.id).rank, get_item(db, hofje.id).rank) == (1, 2)
    assert kg(db_path, "move", str(starters.id), "down") == 0
    assert get_item(db, starters.id).rank == 2

    assert kg(db_path, "remove", str(hofje.id), "--reden", "Dubbel met Starterswoningen") == 0
    assert "Seniorenhofje" not in [i.title for i in list_items(db, zoelen.id)]
    last = item_history(db, hofje.id)[-1]
    assert (last.field, last.new) == ("verwijderd", "Dubbel met Starterswoningen")


def test_bad_input_is_refused_in_dutch_and_stores_nothing(
    db: Database, db_path: Path, zoelen: Agenda, capsys: pytest.CaptureFixture[str]
) -> None:
    hofje = _item(db, zoelen, "Seniorenhofje")
    overig = _item(db, zoelen, "Trapveldje opknappen")
    fix_version(db, COORDINATOR, zoelen.id)
    refused = [
        (("status", "999", "gepland"), "Agendapunt 999 bestaat niet"),
        (("show", "999"), "Agendapunt 999 bestaat niet"),
        (("status", str(hofje.id), "afgerond"), "kan niet van 'idee' naar 'afgerond'"),
        (("log", str(hofje.id), "Klaar", "--status", "afgerond"), "kan niet van 'idee'"),
        (("log", str(hofje.id), " "), "Voortgang is verplicht"),
        (("move", str(overig.id), "omhoog"), "Alleen een speerpunt heeft een volgorde"),
        (("remove", str(hofje.id), "--reden", " "), "Reden is verplicht"),
        (("link", str(hofje.id), "--aanvraag", "999"), "aanvraag 999 bestaat niet"),
        (("unlink", str(hofje.id), "--aanvraag", "999"), "niet aan dit agendapunt gekoppeld"),
        (("compare", "Zoelen", "--van", "999"), "Versie 999 bestaat niet"),
        (("compare", "Zoelen", "--tot", "998"), "Versie 998 bestaat niet"),
        (("set", "Zoelen", "--versie", "tweede versie"), "is vastgesteld"),
        (("set", "Zoelen", "--herziening", "31-02-2026"), "bestaat niet als datum"),
        (("fix", "Zoelen"), "is al vastgesteld"),
    ]
    tables = ("agenda_items", "item_history", "progress_updates", "item_links", "audit_log")
    ensure_coordinator(db_path)  # the coordinator who runs the commands, added beforehand
    before = {t: count(db, t) for t in tables}
    logged_in = "SELECT count(*) FROM audit_log WHERE action = 'ingelogd'"
    logins_before = db.scalar(logged_in)
    for args, message in refused:
        assert kg(db_path, *args) == 1, args
        captured = capsys.readouterr()
        assert message in captured.err, args
        assert captured.out == "", args
    # Each run logged in first: that, and nothing else, is in the audit log.
    logins = db.scalar(logged_in) - logins_before
    assert logins == len(refused)
    assert {t: count(db, t) for t in tables} == before | {"audit_log": before["audit_log"] + logins}
    agenda = get_agenda(db, zoelen.id)  # still fixed: a refusal starts no new concept
    assert (agenda.status, agenda.version_label) == (AgendaStatus.FIXED, "eerste versie 2024")
    assert agenda.review_date is None
    assert list_items(db, zoelen.id)[0] == hofje


def test_link_lists_links_and_unlinks(
    db: Database,
    db_path: Path,
    kern_id: KernId,
    zoelen: Agenda,
    capsys: pytest.CaptureFixture[str],
) -> None:
    hofje = _item(db, zoelen, "Seniorenhofje")
    bankjes = application(db, kern_id("Zoelen"), "Bankjes hofje", 50_000)
    tuin = application(db, kern_id("Zoelen"), "Tuin hofje", 0)
    application(db, kern_id("Ingen"), "Ingen speeltuin", 10_000)

    assert kg(db_path, "link", str(hofje.id)) == 0
    listed = capsys.readouterr().out
    amounts = f"gevraagd {format_money(80_000)}, toegekend {format_money(50_000)}"
    assert f"aanvraag {bankjes}: Bankjes hofje — {amounts}" in listed
    assert f"aanvraag {tuin}: Tuin hofje" in listed and "in behandeling" in listed
    assert "Ingen speeltuin" not in listed

    assert kg(db_path, "link", str(hofje.id), "--aanvraag", str(bankjes)) == 0
    assert f"Gefinancierd: {format_money(50_000)}" in capsys.readouterr().out
    assert [link.target_id for link in list_links(db, hofje.id)] == [bankjes]
    assert kg(db_path, "link", str(hofje.id)) == 0
    assert "Bankjes hofje" not in capsys.readouterr().out
    assert kg(db_path, "link", str(hofje.id), "--aanvraag", str(bankjes)) == 1
    assert "al gekoppeld" in capsys.readouterr().err

    assert kg(db_path, "unlink", str(hofje.id), "--aanvraag", str(bankjes)) == 0
    assert list_links(db, hofje.id) == []
    assert kg(db_path, "unlink", str(hofje.id), "--aanvraag", str(bankjes)) == 1
    assert "niet aan dit agendapunt gekoppeld" in capsys.readouterr().err


def test_fix_versions_and_compare(
    db: Database,
    db_path: Path,
    kern_id: KernId,
    zoelen: Agenda,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert kg(db_path, "compare", "Zoelen") == 1
    assert "geen eerdere vastgestelde versie" in capsys.readouterr().err
    assert kg(db_path, "versions", "Zoelen") == 0
    assert "nog geen vastgestelde versie" in capsys.readouterr().out

    assert kg(db_path, "fix", "Zoelen") == 0
    assert "vastgesteld als versie 'eerste versie 2024'" in capsys.readouterr().out
    first = list_versions(db, zoelen.id)[0]
    hofje = _item(db, zoelen, "Seniorenhofje")
    set_status(db, COORDINATOR, hofje.id, "gepland")
    update_item(
        db,
        COORDINATOR,
        hofje.id,
        get_item(db, hofje.id).as_input().model_copy(update={"budget": "1.250"}),
    )
    add_item(db, COORDINATOR, zoelen.id, item("Duurzaamheid", "Zonnedak dorpshuis"))
    trap = _item(db, zoelen, "Trapveldje opknappen")
    remove_item(db, COORDINATOR, trap.id, "Gemeente doet het al")

    assert kg(db_path, "compare", "Zoelen") == 0
    text = capsys.readouterr().out
    assert "versie 'eerste versie 2024 +1' (concept)" in text
    assert "Toegevoegd:\n  + Zonnedak dorpshuis\n" in text
    assert "Verwijderd:\n  - Trapveldje opknappen\n" in text
    assert "  Seniorenhofje\n" in text
    assert "    status: idee → gepland\n" in text
    assert f"    budget: {format_money(0)} → {format_money(125_000)}\n" in text

    assert kg(db_path, "fix", "Zoelen") == 0
    capsys.readouterr()
    second = list_versions(db, zoelen.id)[1]
    assert kg(db_path, "versions", "Zoelen") == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == [str(first.id), str(second.id)]
    when = r"\d\d-\d\d-\d{4} \d\d:\d\d"
    assert re.search(rf"eerste versie 2024 \+1 +{when}  Carla Coördinator \(cli: ", lines[1])
    assert kg(db_path, "compare", "Zoelen", "--tot", str(second.id)) == 0  # van: the one before
    assert "    status: idee → gepland\n" in capsys.readouterr().out
    assert kg(db_path, "compare", "Zoelen", "--van", str(second.id)) == 0
    assert "Geen verschillen." in capsys.readouterr().out

    ingen = create_agenda(db, COORDINATOR, kern_id("Ingen"), "eerste versie")
    other = fix_version(db, COORDINATOR, ingen.id)
    assert kg(db_path, "compare", "Zoelen", "--van", str(other.id)) == 1
    assert "hoort niet bij de kernagenda van Zoelen" in capsys.readouterr().err


def test_set_creates_an_agenda_then_changes_only_what_is_given(
    db: Database, db_path: Path, kern_id: KernId, capsys: pytest.CaptureFixture[str]
) -> None:
    assert kg(db_path, "set", "Ingen", "--periode", "2025-2028") == 1
    assert "geef --versie" in capsys.readouterr().err
    assert agenda_for_kern(db, kern_id("Ingen")) is None

    assert kg(db_path, "set", "Ingen", "--versie", "eerste versie", "--periode", "2025") == 0
    assert "Kernagenda Ingen gemaakt" in capsys.readouterr().out
    made = agenda_for_kern(db, kern_id("Ingen"))
    assert made is not None
    assert (made.version_label, made.period, made.review_date) == ("eerste versie", "2025", None)

    assert kg(db_path, "agenda", "set", "Ingen", "--herziening", "01-06-2026") == 0
    changed = get_agenda(db, made.id)
    assert (changed.version_label, changed.period) == ("eerste versie", "2025")
    assert changed.review_date == date(2026, 6, 1)
    assert kg(db_path, "set", "Ingen", "--versie", "tweede versie", "--periode", "") == 0
    renamed = get_agenda(db, made.id)
    assert (renamed.version_label, renamed.period) == ("tweede versie", "")
    assert renamed.review_date == date(2026, 6, 1)
