"""A festival server on a free port of this machine, over a copy of the demo database."""

from __future__ import annotations

import asyncio
import os
import socket
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from festival.serve.server import FestivalServer


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@asynccontextmanager
async def running_server(
    db: Path, *, max_sessions: int = 5, ssl_context: ssl.SSLContext | None = None
) -> AsyncIterator[FestivalServer]:
    port = free_port()
    server = FestivalServer(
        db, host="127.0.0.1", port=port, max_sessions=max_sessions, ssl_context=ssl_context
    )
    runner = await server.start()
    try:
        yield server
    finally:
        await runner.cleanup()


def process_ended(pid: int) -> bool:
    """Whether the process is gone (or only a zombie waiting to be reaped)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split(") ", 1)[1].startswith("Z")
    except FileNotFoundError:
        return True


async def until(check: object, timeout: float = 10.0) -> bool:
    """Poll ``check()`` until it is true or ``timeout`` passes."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        if check():  # type: ignore[operator]
            return True
        await asyncio.sleep(0.05)
    return bool(check())  # type: ignore[operator]


def environment_of(pid: int) -> dict[str, str]:
    with open(f"/proc/{pid}/environ", "rb") as env:
        pairs = [item.split(b"=", 1) for item in env.read().split(b"\0") if b"=" in item]
    return {k.decode(): v.decode("utf-8", "replace") for k, v in pairs}


__all__ = ["environment_of", "free_port", "os", "process_ended", "running_server", "until"]
