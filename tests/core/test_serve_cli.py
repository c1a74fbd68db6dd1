"""``festival serve`` on the command line: who may start it, its options, and what it prints."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from cli_support import logged_in, run
from serve_support import free_port

from festival.store.database import Database


def test_only_the_coordinator_opens_the_hall_network(
    demo_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    with logged_in("Bas Balie", "2222"):
        code = run(["--db", str(demo_db.path), "serve", "--port", str(free_port())])
    assert code == 1
    assert "openzetten mag alleen de coördinator" in capsys.readouterr().err
    assert not demo_db.scalar(
        "SELECT count(*) FROM audit_log WHERE action = 'festivaldag-server gestart'"
    )


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["--cert", "c.pem"], "Geef --cert en --key samen"),
        (["--port", "70000"], "Poort 70000 bestaat niet"),
        (["--max-sessies", "0"], "--max-sessies moet minstens 1 zijn"),
        (["--url", "festival.local"], "--url moet met http:// of https:// beginnen"),
    ],
)
def test_wrong_options_are_named(
    demo_db: Database, capsys: pytest.CaptureFixture[str], options: list[str], words: str
) -> None:
    assert run(["--db", str(demo_db.path), "serve", *options]) == 2
    assert words in capsys.readouterr().err


def test_a_certificate_that_cannot_be_read_is_said_in_dutch(
    demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "c.pem").write_text("geen certificaat")
    code = run(
        [
            "--db",
            str(demo_db.path),
            "serve",
            "--cert",
            str(tmp_path / "c.pem"),
            "--key",
            str(tmp_path / "k.pem"),
        ]
    )
    assert code == 1
    assert "TLS-certificaat of de sleutel is niet te gebruiken" in capsys.readouterr().err


def _start(db: Path, tmp_path: Path, *options: str) -> tuple[subprocess.Popen[str], list[str]]:
    env = {
        **os.environ,
        "FESTIVAL_USER": "Carla Coördinator",
        "FESTIVAL_PIN": "111111",
        "FESTIVAL_LOG": str(tmp_path / "k.log"),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "festival", "--db", str(db), "serve", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert server.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        line = server.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if line.startswith("De toegangscode is nieuw"):
            return server, lines
    server.kill()
    raise AssertionError(
        f"no link printed: {lines} {server.stderr.read() if server.stderr else ''}"
    )


def _stop(server: subprocess.Popen[str]) -> str:
    server.send_signal(signal.SIGINT)
    out, _ = server.communicate(timeout=20)
    assert server.returncode == 0
    return out


def _links(lines: list[str]) -> list[str]:
    """The terminals' link (the hall screen's and the kiosk's links are left out)."""
    found = [m.group(0) for line in lines for m in re.finditer(r"https?://\S+", line)]
    assert sum("/zaal?token=" in link for link in found) == 1  # the projector's link
    assert sum("/stemzuil?token=" in link for link in found) == 1  # the kiosk's link
    return [link for link in found if "/zaal?" not in link and "/stemzuil?" not in link]


def test_serve_prints_a_link_with_a_new_token_each_start(demo_db: Database, tmp_path: Path) -> None:
    port = free_port()
    first, lines = _start(demo_db.path, tmp_path, "--port", str(port))
    try:
        (link,) = _links(lines)
        assert link.startswith(f"http://127.0.0.1:{port}/?token=")
        assert any("█" in line for line in lines)  # the QR code
        with urllib.request.urlopen(link, timeout=10) as page:
            assert page.status == 200
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10)
        assert refused.value.code == 403
    finally:
        assert "De server is gestopt" in _stop(first)
    second, lines = _start(demo_db.path, tmp_path, "--port", str(port))
    try:
        (second_link,) = _links(lines)
        assert second_link != link
        with pytest.raises(urllib.error.HTTPError) as old:
            urllib.request.urlopen(link, timeout=10)  # yesterday's link opens nothing
        assert old.value.code == 403
    finally:
        _stop(second)
    starts = demo_db.fetchall(
        "SELECT actor, after FROM audit_log WHERE action = 'festivaldag-server gestart'"
    )
    assert all(row["actor"].startswith("Carla Coördinator") for row in starts)
    assert len(starts) == 2
    assert all(link.split("token=")[1] not in row["after"] for row in starts)


def test_binding_to_every_interface_says_so(demo_db: Database, tmp_path: Path) -> None:
    server, lines = _start(demo_db.path, tmp_path, "--host", "0.0.0.0", "--port", str(free_port()))
    try:
        text = "\n".join(lines)
        assert "luistert op alle netwerkaansluitingen" in text
        assert "PIN's onversleuteld" in text
        (link,) = _links(lines)
        assert "0.0.0.0" not in link  # a browser cannot open that address
    finally:
        _stop(server)


def test_a_port_in_use_is_said_in_dutch(
    demo_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = run(["--db", str(demo_db.path), "serve", "--port", str(port)])
    assert code == 1
    assert f"De server kan niet starten op 127.0.0.1:{port}" in capsys.readouterr().err


def test_the_stage_and_the_voting_from_the_command_line(
    demo_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    from festival.domain import jury, kiosk, stage
    from festival.domain.festivals import current_festival

    festival = current_festival(demo_db)
    assert festival is not None
    db = ["--db", str(demo_db.path)]
    assert run([*db, "podium", "timer", "--pitch", "5", "--vragen", "1"]) == 0
    assert run([*db, "podium", "timer", "--pitch", "vijf", "--vragen", "1"]) == 1
    assert "typ een heel getal" in capsys.readouterr().err
    timer = stage.read_timer(demo_db, festival.id)
    assert (timer.pitch_minutes, timer.question_minutes) == (5, 1)
    jury.set_current(demo_db, stage_caller(demo_db), festival.id, None)
    assert run([*db, "podium", "volgende"]) == 0
    first = jury.list_pitches(demo_db, festival.id)[0]
    assert f"Op het podium: 1. {first.title}" in capsys.readouterr().out
    # A number is the pitch number (1 here), as on the board: never the initiative's id.
    assert first.initiative_id != 1
    assert run([*db, "podium", "sluit", "1"]) == 0
    assert stage.closed_pitches(demo_db, festival.id) == {first.initiative_id}
    assert run([*db, "podium", "sluit", "99"]) == 1
    assert run([*db, "stemmen", "open", "--max", "2"]) == 0
    assert "hooguit 2 keuzes" in capsys.readouterr().out
    assert kiosk.voting_state(demo_db, festival.id).open
    assert run([*db, "stemmen", "sluiten"]) == 0
    assert "0 stemmen van de stemzuil" in capsys.readouterr().out
    with logged_in("Bas Balie", "2222"):
        assert run([*db, "stemmen", "open"]) == 1
    assert "alleen de coördinator" in capsys.readouterr().err


def stage_caller(db: Database):  # type: ignore[no-untyped-def]
    from festival.domain import permissions
    from festival.domain.accounts import list_users

    return next(u for u in list_users(db, permissions.SYSTEM) if u.name == "Carla Coördinator")
