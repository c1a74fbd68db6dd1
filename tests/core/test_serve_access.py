"""festival serve's rules without a server: the token, the Origin, the QR code, the child's
environment and command."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

from festival.serve import access
from festival.serve.qr import terminal_qr
from festival.serve.server import SESSION_ENV, SessionProcess, app_command

HOSTS = frozenset({"localhost", "127.0.0.1", "192.168.1.20"})


def test_a_new_token_every_start() -> None:
    tokens = {access.new_token() for _ in range(50)}
    assert len(tokens) == 50
    assert all(len(t) >= 20 for t in tokens)


@pytest.mark.parametrize(
    ("given", "ok"),
    [("geheim-123", True), ("geheim-12", False), ("", False), (None, False), ("GEHEIM-123", False)],
)
def test_token_must_match_exactly(given: str | None, ok: bool) -> None:
    assert access.token_matches("geheim-123", given) is ok


@pytest.mark.parametrize(
    ("origin", "ok"),
    [
        ("http://192.168.1.20:8000", True),
        ("http://localhost:8000", True),
        ("http://127.0.0.1:8000", True),
        ("http://evil.example", False),
        ("http://evil.example:8000", False),  # DNS rebinding: our port, a foreign name
        ("http://192.168.1.20:8001", False),  # another server on this host
        ("https://192.168.1.20:8000", False),  # another scheme
        ("http://192.168.1.20", False),
        ("null", False),  # a sandboxed frame or a file:// page
        ("", False),
        (None, False),
        ("http://192.168.1.20:notaport", False),
    ],
)
def test_origin_must_be_the_servers_own(origin: str | None, ok: bool) -> None:
    assert access.origin_allowed(origin, "http", 8000, HOSTS) is ok


def test_own_hosts_hold_the_public_url_and_not_every_interface() -> None:
    hosts = access.own_hosts("0.0.0.0", "http://festival.local:8000")
    assert "festival.local" in hosts
    assert "0.0.0.0" not in hosts
    assert "evil.example" not in hosts


def test_the_printed_link_never_names_every_interface() -> None:
    assert access.display_host("0.0.0.0") != "0.0.0.0"
    assert access.display_host("192.168.1.20") == "192.168.1.20"
    assert access.display_host("::1") == "[::1]"


def test_the_terminal_qr_code_reads_back_as_the_link() -> None:
    import zxingcpp
    from PIL import Image

    link = "http://192.168.1.20:8000/?token=" + access.new_token()
    lines = terminal_qr(link).splitlines()
    # Each character is two modules, one above the other; a drawn half is light.
    light_top = {"█": True, "▀": True, "▄": False, " ": False}
    light_bottom = {"█": True, "▄": True, "▀": False, " ": False}
    width, height = len(lines[0]), len(lines) * 2
    scale = 8
    image = Image.new("L", (width * scale, height * scale), 255)
    for y, line in enumerate(lines):
        for x, char in enumerate(line):
            for half, light in ((0, light_top[char]), (1, light_bottom[char])):
                if not light:
                    for dy in range(scale):
                        for dx in range(scale):
                            image.putpixel((x * scale + dx, (2 * y + half) * scale + dy), 0)
    # A light frame around it, as the terminal's text colour gives on a dark background.
    framed = Image.new("L", (image.width + 8 * scale, image.height + 8 * scale), 255)
    framed.paste(image, (4 * scale, 4 * scale))
    results = zxingcpp.read_barcodes(framed)
    assert [r.text for r in results] == [link]


def test_a_tab_never_inherits_the_servers_login(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FESTIVAL_USER", "Carla Coördinator")
    monkeypatch.setenv("FESTIVAL_PIN", "111111")
    monkeypatch.setenv("FESTIVAL_NEW_PIN", "222222")
    monkeypatch.setenv("FESTIVAL_DESK", "Balie 1")
    monkeypatch.setenv("FESTIVAL_DB", "/elders/k.db")

    async def nothing(*_: object) -> None:
        return None

    process = SessionProcess(
        "abc123",
        "true",
        write_bytes=nothing,
        write_str=nothing,
        close=nothing,
        download_manager=None,
    )
    env = process._build_environment(100, 30)
    for name in ("FESTIVAL_USER", "FESTIVAL_PIN", "FESTIVAL_NEW_PIN", "FESTIVAL_DESK"):
        assert name not in env
    assert env[SESSION_ENV] == "abc123"
    assert env["FESTIVAL_DB"] == "/elders/k.db"  # the rest of the environment stays
    assert env["COLUMNS"] == "100"


def test_the_app_command_leaves_no_shell_and_quotes_the_path() -> None:
    command = app_command(Path("/tmp/met spatie/k; rm -rf x.db"))
    assert command.startswith("exec ")
    assert shlex.split(command[len("exec ") :]) == [
        sys.executable,
        "-m",
        "festival.serve.child",
        "--db",
        "/tmp/met spatie/k; rm -rf x.db",
        "--scherm",
        "app",
    ]


def test_a_tabs_app_process_loads_no_web_server() -> None:
    """Each tab is its own process: aiohttp and textual-serve would cost memory in every one."""
    import subprocess

    code = (
        "import sys, festival.serve.child; "
        "print(sorted(m for m in ('aiohttp', 'textual_serve', 'jinja2') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
