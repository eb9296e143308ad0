"""One writer per database: a lock file beside it, held for the whole run.

Whatever the run writes, a full disk or a database that cannot be written (read-only file
system, read-only file, no permission) ends it as one `StoreError` naming the database, not
a traceback; the open transaction has rolled back by then, so nothing is half written.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from offlimits.store import StoreError

# SQLite's messages for SQLITE_FULL, SQLITE_READONLY, SQLITE_CANTOPEN and SQLITE_IOERR
_STORAGE_MESSAGES = ("database or disk is full", "readonly database", "unable to open database",
                     "disk i/o error")
_STORAGE_ERRNOS = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
                   errno.EROFS: "the file system is read-only",
                   errno.EACCES: "permission denied", errno.EPERM: "permission denied"}


class AlreadyRunning(Exception):
    """Another offlimits process is writing to this database."""


@contextmanager
def writer_lock(db_path: Path) -> Iterator[None]:
    """Hold `<db>.lock` or fail at once with a clear message; storage failures while it is
    held become a `StoreError`."""
    real = db_path.resolve()  # a symlink to the database shares the real file's lock
    lock = FileLock(str(real) + ".lock")
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire(timeout=0)
    except Timeout as e:
        raise AlreadyRunning(
            f"another offlimits process is writing to {db_path} (lock {lock.lock_file}); "
            "wait for it to finish or stop it") from e
    except OSError as e:
        raise _storage_error(db_path, e) or e from e
    try:
        yield
    except (sqlite3.OperationalError, OSError) as e:
        failure = _storage_error(db_path, e)
        if failure is None:
            raise
        raise failure from e
    finally:
        if lock.is_locked:
            lock.release()


def _storage_error(db_path: Path, error: Exception) -> StoreError | None:
    """The user's version of a storage failure, or None when `error` is something else."""
    if isinstance(error, sqlite3.OperationalError):
        message = str(error)
        if not any(m in message.lower() for m in _STORAGE_MESSAGES):
            return None
        hint = ("free some space and run it again" if "full" in message
                else "check that the file and its directory are writable (not read-only)")
        return StoreError(f"cannot write {db_path}: {message}; {hint}; "
                          "the last transaction was rolled back")
    if isinstance(error, OSError) and error.errno in _STORAGE_ERRNOS:
        where = error.filename or db_path
        return StoreError(f"cannot write {db_path}: {_STORAGE_ERRNOS[error.errno]} ({where})")
    return None
