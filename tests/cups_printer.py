"""A real CUPS print server for the tests, with one printer that writes PDFs (cups-pdf).

The tests start their own ``cupsd`` with a private configuration in a fresh folder and a Unix
socket of its own (``CUPS_SERVER``), so it runs whether or not the machine's cupsd runs, and a
second run starts clean. The printer is Debian's cups-pdf: what is printed on it comes out as a
PDF file in :attr:`PdfPrinter.out`, which the tests read back (the QR code must still decode).
cups-pdf reads its settings from ``/etc/cups/cups-pdf-QUEUE.conf`` only: the server writes one
for its own uniquely named queue and removes it when it stops. cupsd runs its backend as root
(the backend is 0700 root), which is how CI runs the tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CUPSD = "/usr/sbin/cupsd"
CUPS_PDF = "/usr/lib/cups/backend/cups-pdf"
PPD = "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd"
CUPS_PDF_CONFIG = Path("/etc/cups")

_CUPSD_CONF = """\
Listen {socket}
LogLevel info
WebInterface No
Browsing No
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow all
</Location>
"""
_FILES_CONF = """\
ServerRoot {root}/etc
RequestRoot {root}/spool
TempDir {root}/spool/tmp
CacheDir {root}/cache
StateDir {root}/state
ErrorLog {root}/log/error_log
AccessLog {root}/log/access_log
PageLog {root}/log/page_log
SystemGroup root
"""
_CUPS_PDF_CONF = """\
Out {root}/out
AnonDirName {root}/out
Spool {root}/cups-pdf-spool
UserPrefix
Log {root}/log
"""


class PrinterUnavailable(RuntimeError):
    """What is missing for a real print server here, said precisely."""


@dataclass(frozen=True)
class PdfPrinter:
    """A running print server (``server`` for ``CUPS_SERVER``) with the PDF printer ``name``."""

    name: str
    server: str
    out: Path
    log: Path

    def printed(self, job: str, timeout: float = 30.0) -> bytes:
        """The PDF cups-pdf wrote for ``job`` ("queue-12"), once it is there."""
        number = job.rsplit("-", 1)[-1]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for path in self.out.glob(f"*job_{number}.pdf"):
                data = path.read_bytes()
                if data.rstrip().endswith(b"%%EOF"):
                    return data
            time.sleep(0.1)
        raise AssertionError(f"job {job} did not come out of {self.name}; log:\n{self.log_text()}")

    def log_text(self) -> str:
        path = self.log / "error_log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else "(no log)"


def _missing() -> list[str]:
    needed = [CUPSD, CUPS_PDF, PPD]
    return [p for p in needed if not Path(p).exists()] + [
        tool for tool in ("lp", "lpadmin") if shutil.which(tool) is None
    ]


def _run(*args: str, server: str) -> None:
    env = {**os.environ, "CUPS_SERVER": server}
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=30, check=False)
    if done.returncode != 0:
        raise PrinterUnavailable(f"{' '.join(args)} failed: {done.stderr or done.stdout}")


@contextmanager
def pdf_printer() -> Iterator[PdfPrinter]:
    """Start a private cupsd with a cups-pdf queue; stop it and clean up afterwards."""
    missing = _missing()
    if missing:
        raise PrinterUnavailable(
            f"CUPS with cups-pdf is not installed ({', '.join(missing)}): run `make tools`."
        )
    if os.geteuid() != 0:
        raise PrinterUnavailable("cups-pdf's backend runs only as root: run the tests as root.")
    # Not under pytest's tmp_path: cupsd's filters run as the user lp, which must reach the
    # spool, and tmp_path's parents are private to root.
    root = Path(tempfile.mkdtemp(prefix="kerngericht-cups-"))
    root.chmod(0o755)
    for sub in ("etc", "spool/tmp", "cache", "state", "log", "out", "cups-pdf-spool"):
        (root / sub).mkdir(parents=True)
    socket = root / "cups.sock"
    (root / "cupsd.conf").write_text(_CUPSD_CONF.format(socket=socket))
    (root / "cups-files.conf").write_text(_FILES_CONF.format(root=root))
    name = f"kerngericht-test-{os.getpid()}"
    config = CUPS_PDF_CONFIG / f"cups-pdf-{name}.conf"
    config.write_text(_CUPS_PDF_CONF.format(root=root))
    daemon = subprocess.Popen(
        [CUPSD, "-f", "-c", str(root / "cupsd.conf"), "-s", str(root / "cups-files.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 15
        while not socket.exists():
            if daemon.poll() is not None or time.monotonic() > deadline:
                said = daemon.stderr.read().decode() if daemon.stderr else ""
                raise PrinterUnavailable(f"cupsd did not start: {said}")
            time.sleep(0.05)
        server = str(socket)
        _run("lpadmin", "-p", name, "-E", "-v", f"cups-pdf:/{name}", "-P", PPD, server=server)
        yield PdfPrinter(name=name, server=server, out=root / "out", log=root / "log")
    finally:
        daemon.terminate()
        try:
            daemon.wait(timeout=10)
        except subprocess.TimeoutExpired:
            daemon.kill()
            daemon.wait()
        config.unlink(missing_ok=True)
        shutil.rmtree(root, ignore_errors=True)
