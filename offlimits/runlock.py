"""One writer per database: a lock file beside it, held for the whole run."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout


class AlreadyRunning(Exception):
    """Another offlimits process is writing to this database."""


@contextmanager
def writer_lock(db_path: Path) -> Iterator[None]:
    """Hold `<db>.lock` or fail at once with a clear message."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    real = db_path.resolve()  # a symlink to the database shares the real file's lock
    lock = FileLock(str(real) + ".lock")
    try:
        lock.acquire(timeout=0)
    except Timeout as e:
        raise AlreadyRunning(
            f"another offlimits process is writing to {db_path} (lock {lock.lock_file}); "
            "wait for it to finish or stop it") from e
    try:
        yield
    finally:
        lock.release()
