"""Waiting for a real server process the tests started (offlimits serve, datasette serve)."""

from __future__ import annotations

import subprocess
import time

import httpx


def first_answer(proc: subprocess.Popen, url: str, what: str,
                 timeout: float = 30) -> httpx.Response:
    """GET `url` until the process `proc` answers; fails with its output if it died first."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return httpx.get(url, timeout=5)
        except httpx.TransportError:
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else what
            assert time.monotonic() < deadline, f"{what} did not answer"
            time.sleep(0.1)
