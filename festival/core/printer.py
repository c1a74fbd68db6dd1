"""Send a PDF to a printer through CUPS (``lp``), and say in Dutch why when that fails.

CUPS is the print system of Linux and macOS; ``lp -d PRINTER`` hands it a file. The PDF goes
to ``lp`` on its standard input, so no copy with personal data is left in a temporary file, and
the job's title is what the caller gives (a badge code, never a name: every user of the print
server can list the queue). ``CUPS_SERVER`` in the environment chooses another print server.
"""

from __future__ import annotations

import re
import shutil
import subprocess

#: Seconds ``lp`` may take to accept a job; a print server that does not answer in this time
#: is reported, and the desk goes on.
LP_TIMEOUT = 20.0

_JOB = re.compile(r"request id is (\S+)")


class PrinterError(Exception):
    """The job did not reach the printer; the message (Dutch) says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def valid_printer_name(name: str) -> bool:
    """A CUPS queue name: printable, no spaces, no "/" or "#", at most 127 characters."""
    return (
        0 < len(name) <= 127
        and name.isprintable()
        and not any(c.isspace() or c in "/#" for c in name)
    )


def send_to_printer(
    printer: str,
    data: bytes,
    *,
    title: str,
    media: str | None = None,
    timeout: float = LP_TIMEOUT,
) -> str:
    """Print ``data`` (a PDF) on the CUPS queue ``printer``; returns the job id ("Balie-12").

    ``media`` names the paper ("A6", "A4"): a badge printer loaded with A6 prints the badge
    full size on it; a printer without that paper prints it at its real size on its own.

    Raises :class:`PrinterError` when the name cannot be a queue, ``lp`` is missing, does not
    answer within ``timeout`` seconds, or refuses the job (unknown printer, no print server).
    """
    if not valid_printer_name(printer):
        raise PrinterError(
            f"{printer!r} kan geen printernaam zijn (geen spaties, '/' of '#'); "
            "kijk met 'lpstat -p' welke printers er zijn."
        )
    lp = shutil.which("lp")
    if lp is None:
        raise PrinterError(
            "Printen kan niet: het programma 'lp' (CUPS) ontbreekt op deze computer. "
            "Installeer CUPS (Debian: apt install cups-client) of stel geen printer in; "
            "dan komt de badge als PDF in de badgemap."
        )
    try:
        done = subprocess.run(
            [lp, "-d", printer, "-t", title, *(["-o", f"media={media}"] if media else []), "-"],
            input=data,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise PrinterError(
            f"De printserver antwoordt niet (na {timeout:.0f} seconden); de badge is niet "
            f"geprint. Kijk of CUPS draait en printer {printer} aanstaat."
        ) from exc
    except OSError as exc:
        raise PrinterError(f"Printen kan niet: 'lp' start niet ({exc.strerror}).") from exc
    said = (done.stderr or done.stdout).decode("utf-8", "replace").strip()
    if done.returncode != 0:
        # lp's own words (in the language of the system) follow, without control characters.
        detail = "".join(c for c in said if c.isprintable())[:300]
        raise PrinterError(
            f"Printer {printer} heeft de badge niet aangenomen; de badge is niet geprint. "
            f"Kijk met 'lpstat -p' of de printer bestaat en aanstaat. (lp: {detail})"
        )
    found = _JOB.search(done.stdout.decode("utf-8", "replace"))
    return found.group(1) if found else printer
