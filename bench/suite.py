"""The figures ``make bench`` prints, in order. Add a row by adding an entry here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.agenda import kernagenda_figures
from bench.allocation import allocation_time
from bench.badges import badge_pdf_time
from bench.busy_desk import busy_desk
from bench.changes import cross_process_change
from bench.desk import desk_latency
from bench.equal_shares import equal_shares_time
from bench.figures import Row
from bench.jury import jury_latency
from bench.login import login_time
from bench.pabulib_run import pabulib_run_time
from bench.serve import serve_figures
from bench.startup import first_frame
from bench.table_talks import matchmaking_times
from bench.writes import audited_write_latency

#: A benchmark gets a fresh scratch directory and returns its rows.
Measure = Callable[[Path], list[Row]]


@dataclass(frozen=True)
class Bench:
    key: str
    measure: Measure


SUITE: tuple[Bench, ...] = (
    Bench("startup", first_frame),
    Bench("login", login_time),
    Bench("write", audited_write_latency),
    Bench("change", cross_process_change),
    Bench("badges", badge_pdf_time),
    Bench("desk", desk_latency),
    Bench("busydesk", busy_desk),
    Bench("jury", jury_latency),
    Bench("equalshares", equal_shares_time),
    Bench("allocation", allocation_time),
    Bench("pabulib", pabulib_run_time),
    Bench("agenda", kernagenda_figures),
    Bench("matchmaking", matchmaking_times),
    Bench("serve", serve_figures),
)
