"""Running the real `offlimits` command in a subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def offlimits_command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "offlimits", *map(str, args)]


def run_offlimits(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(offlimits_command(*args), capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)
