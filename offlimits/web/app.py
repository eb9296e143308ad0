"""One Datasette configuration for `offlimits serve`, the tests and the benchmark."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import yaml
from datasette.app import Database, Datasette
from datasette.plugins import pm

from offlimits.settings import METADATA_FILE
from offlimits.web.database import DATABASE_NAME, REQUIRED_TABLES, schema_names
from offlimits.web.public import with_public_profile

#: Datasette settings: bounded SQL, complete CSV exports, no costly facet suggestions.
SETTINGS: dict[str, Any] = {
    "sql_time_limit_ms": 1000,
    # Also the page size of streamed CSV (see csv_stream_pages): 100,000 events in 20 pages.
    "max_returned_rows": 5000,
    "default_page_size": 100,
    "allow_csv_stream": True,
    "max_csv_mb": 0,  # the default (100) cuts a large export silently, with HTTP 200
    "suggest_facets": False,  # ~500 ms per table page on a big table
    "facet_time_limit_ms": 500,
    "allow_download": False,
}


def setting_options() -> str:
    """SETTINGS as `datasette serve` options (for `datasette publish/package --extra-options`)."""
    def shown(value: Any) -> str:
        return ("on" if value else "off") if isinstance(value, bool) else str(value)

    return " ".join(f"--setting {name} {shown(value)}" for name, value in SETTINGS.items())


class ServeError(Exception):
    """A database or metadata problem a user can act on; the message says which file."""


def load_metadata(path: str | Path = METADATA_FILE) -> dict[str, Any]:
    """Read Datasette's metadata.yml, naming the file in any error."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ServeError(f"cannot read {path}: {e.strerror}") from e
    except yaml.YAMLError as e:
        raise ServeError(f"{path} is not valid YAML: {e}") from e
    if not isinstance(data, dict):
        raise ServeError(f"{path}: expected a mapping at the top level")
    return data


def check_database(db_path: str | Path) -> Path:
    """Fail with a clear message unless `db_path` is a readable offlimits database."""
    path = Path(db_path)
    if not path.exists():
        raise ServeError(
            f"no database at {path}: run `offlimits init` (or `make demo`) first, "
            "or pass the path of an offlimits database"
        )
    if not path.is_file():
        raise ServeError(f"{path} is not a file")
    try:
        tables = schema_names(str(path.resolve()))
    except sqlite3.DatabaseError as e:
        raise ServeError(f"{path} is not a readable SQLite database: {e}") from e
    missing = REQUIRED_TABLES - tables
    if missing:
        raise ServeError(
            f"{path} is not an offlimits database (no {', '.join(sorted(missing))}): "
            "create one with `offlimits init`"
        )
    return path


def ensure_plugin_registered() -> None:
    """Register the offlimits plugin when the package is not installed (no entry point)."""
    from offlimits.web import plugin

    if not pm.is_registered(plugin):
        pm.register(plugin, name="offlimits")


def build_datasette(
    db_path: str | Path, *, metadata_path: str | Path = METADATA_FILE, public: bool = False
) -> Datasette:
    """A Datasette serving `db_path` read-only as `offlimits`, with our metadata and plugin;
    `public`: the public profile (no visitor SQL, no article texts: see public).

    Raises ServeError (with a message naming the file) for a missing or unusable database.
    """
    path = check_database(db_path)
    ensure_plugin_registered()
    metadata = load_metadata(metadata_path)
    if public:
        metadata = with_public_profile(metadata)
    ds = Datasette(metadata=metadata, settings=dict(SETTINGS))
    # Mutable (the pipeline keeps writing), but Datasette reads through mode=ro connections and
    # no canned query writes: the public can only read.
    ds.add_database(Database(ds, path=str(path.resolve()), is_mutable=True), name=DATABASE_NAME)
    if "_memory" in ds.databases:  # added when Datasette starts without files; not ours
        ds.remove_database("_memory")
    return ds
