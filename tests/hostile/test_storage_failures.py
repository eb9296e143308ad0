"""A full disk, a read-only filesystem or a read-only database file end a writing command
with one `Error:` line, not a traceback, and leave the database intact (issue 11.16).

The disk is a real small tmpfs (remounted read-only for the second case); the read-only
file is a real permission, so as root the command runs as `nobody`. Each case skips
cleanly where the machine does not allow it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pipeline.cli import ROOT, offlimits_command
from tests.scrapers.server import LoopbackServer, Response, rss


def write_sources(path: Path, feed_url: str) -> Path:
    path.write_text("prefilter:\n  ai_terms: [chatbot, ChatGPT]\n  restriction_terms: [ban*]\n"
                    f"sources:\n  - {{id: big, name: Big, kind: feed, url: '{feed_url}',"
                    " allow_private: true, fetch_pages: false}\n", encoding="utf-8")
    return path


def _nobody_can_import_offlimits() -> bool:
    """Can the unprivileged user the test runs commands as load offlimits from here?"""
    probe = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable,
             "-c", "import offlimits"]
    return subprocess.run(probe, capture_output=True, timeout=60, cwd=ROOT).returncode == 0


def run(*args: object, user: str | None = None) -> subprocess.CompletedProcess:
    command = offlimits_command(*args)
    if user:
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT)


def assert_one_error_line(result: subprocess.CompletedProcess, *needles: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    assert any(n in errors[0] for n in needles), errors[0]


def integrity(db: Path, *, immutable: bool = False) -> tuple[str, int]:
    """integrity_check and the article count; `immutable` where not even -shm can be made."""
    uri = f"file:{db}?mode=ro" + ("&immutable=1" if immutable else "")
    with sqlite3.connect(uri, uri=True) as conn:
        return (conn.execute("PRAGMA integrity_check").fetchone()[0],
                conn.execute("SELECT count(*) FROM articles").fetchone()[0])


@pytest.fixture
def feed() -> Iterator[str]:
    items = [{"title": f"Agency bans chatbot number {i}", "link": f"http://news.invalid/{i}",
              "description": f"Story {i}: the agency banned the chatbot. " + "Filler. " * 200}
             for i in range(400)]
    with LoopbackServer() as server:
        server.route("/feed.xml", Response(body=rss(items), content_type="application/rss+xml"))
        yield server.url("/feed.xml")


@pytest.fixture
def workdir() -> Iterator[Path]:
    """A directory anyone may enter (pytest's tmp_path is private to its owner)."""
    path = Path(tempfile.mkdtemp(prefix="offlimits-hostile-"))
    path.chmod(0o755)
    yield path
    subprocess.run(["umount", str(path / "disk")], capture_output=True)
    shutil.rmtree(path, ignore_errors=True)


def small_disk(workdir: Path, db: Path, spare_kb: int) -> Path:
    """A tmpfs just larger than `db`, holding a copy of it; skips when mounting is refused."""
    disk = workdir / "disk"
    disk.mkdir()
    size_kb = db.stat().st_size // 1024 + spare_kb
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs",
                              str(disk)], capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    shutil.copy(db, disk / db.name)
    return disk / db.name


def initialised(workdir: Path, sources: Path) -> Path:
    db = workdir / "offlimits.db"
    result = run("--db", db, "--sources", sources, "init")
    assert result.returncode == 0, result.stderr
    return db


def test_a_full_disk_is_one_error_line_and_nothing_half_written(workdir, feed):
    sources = write_sources(workdir / "sources.yml", feed)
    db = small_disk(workdir, initialised(workdir, sources), spare_kb=160)
    before = integrity(db)

    result = run("--db", db, "--sources", sources, "scrape")

    assert_one_error_line(result, "full")
    assert integrity(db) == before  # the poll's transaction was rolled back whole


def test_a_read_only_filesystem_is_one_error_line(workdir, feed):
    sources = write_sources(workdir / "sources.yml", feed)
    db = small_disk(workdir, initialised(workdir, sources), spare_kb=4096)
    subprocess.run(["mount", "-o", "remount,ro", str(db.parent)], check=True)
    for command in ("init", "scrape"):
        assert_one_error_line(run("--db", db, "--sources", sources, command),
                              "read-only", "readonly")
    assert integrity(db, immutable=True)[0] == "ok"


def test_a_read_only_database_file_is_one_error_line(workdir, feed):
    if os.geteuid() == 0 and not shutil.which("setpriv"):
        pytest.skip("root ignores file permissions and setpriv is missing")
    if os.geteuid() == 0 and not _nobody_can_import_offlimits():
        pytest.skip(f"the unprivileged user cannot read the checkout ({ROOT}): a parent "
                    "directory is not world-readable (e.g. a clone under mktemp -d)")
    user = "65534" if os.geteuid() == 0 else None  # nobody
    sources = write_sources(workdir / "sources.yml", feed)
    db = initialised(workdir, sources)
    (workdir / "offlimits.db.lock").unlink(missing_ok=True)
    sources.chmod(0o644)
    db.chmod(0o444)
    workdir.chmod(0o777)  # the lock file can be made; the database cannot be written
    before = integrity(db)
    for command in ("init", "scrape"):
        assert_one_error_line(run("--db", db, "--sources", sources, command, user=user),
                              "read-only", "readonly", "permission")
    workdir.chmod(0o755)  # and now not even the lock file
    assert_one_error_line(run("--db", db, "--sources", sources, "scrape", user=user),
                          "read-only", "readonly", "permission")
    assert integrity(db) == before
