"""Worker processes for the reliability tests; every wait has a timeout."""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pytest

from festival.domain.permissions import SystemCaller
from festival.store.database import Actor

WORKER = Path(__file__).with_name("_worker.py")
#: No single step of a reliability test may take longer than this; a hang fails the test.
STEP_TIMEOUT = 30.0
#: Who seeds the test databases.
SEEDER = Actor(name="test")
#: The same seeder as a caller of the services that check permissions.
SEEDER_CALLER = SystemCaller(SEEDER.name)


class Worker:
    """A worker process whose output is read by threads, so every wait can time out."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.proc = proc
        self.lines: queue.Queue[str | None] = queue.Queue()
        self._stdout: list[str] = []
        self._stderr: list[str] = []
        self._readers = [
            threading.Thread(target=self._read, args=(proc.stdout, self._stdout, True)),
            threading.Thread(target=self._read, args=(proc.stderr, self._stderr, False)),
        ]
        for reader in self._readers:
            reader.daemon = True
            reader.start()

    def _read(self, pipe: IO[str] | None, into: list[str], queue_lines: bool) -> None:
        assert pipe is not None
        for line in pipe:
            into.append(line)
            if queue_lines:
                self.lines.put(line.rstrip("\n"))
        if queue_lines:
            self.lines.put(None)  # end of output

    @property
    def stderr(self) -> str:
        return "".join(self._stderr)

    def readline(self, timeout: float = STEP_TIMEOUT) -> str | None:
        """The next line of output, None at its end; fails the test after ``timeout``."""
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            self.proc.kill()
            pytest.fail(f"worker printed nothing for {timeout} s:\n{self.stderr}")

    def wait_ready(self, timeout: float = STEP_TIMEOUT) -> None:
        """Block until the worker printed ``ready``."""
        line = self.readline(timeout)
        if line != "ready":
            self.finish()
            pytest.fail(f"worker did not get ready (got {line!r}):\n{self.stderr}")

    def finish(self, timeout: float = STEP_TIMEOUT) -> tuple[int, str, str]:
        """Wait for the exit; kill and fail on a hang. Returns (exit code, stdout, stderr)."""
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            pytest.fail(f"worker hung for {timeout} s and was killed:\n{self.stderr}")
        for reader in self._readers:
            reader.join(timeout)
        return code, "".join(self._stdout), self.stderr


def start_worker(*args: object) -> Worker:
    """Start ``python _worker.py ARGS...`` with the test's interpreter."""
    proc = subprocess.Popen(
        [sys.executable, str(WORKER), *map(str, args)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    return Worker(proc)


SpawnWorker = Callable[..., Worker]
