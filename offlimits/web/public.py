"""Public mode: a read-only site that serves no full article text and no visitor SQL.

Switched on by plugin configuration, as any Datasette plugin is configured:

    allow_sql: false
    plugins:
      offlimits:
        public: true

(`metadata.public.yml`; `offlimits serve --public` adds it to metadata.yml). Then:

- articles.text and articles.summary (the publishers' words) read as NULL in every query:
  table and row pages, JSON, CSV, canned queries, snippets (an SQLite authorizer, so no
  page can forget it); title, outlet, date, URL and the evidence sentence stay; the articles
  table's pages leave the two columns out (`_nocol`, added by `without_hidden_columns`);
- the articles_fts table and its shadow tables are not browsable (403);
- no visitor SQL (`execute-sql` denied, as `allow_sql: false` does), even if the profile's
  `allow_sql` is dropped. The timeline, entity, event pages and all their links (CSV, JSON,
  Atom, iCalendar) use neither `?sql=` nor `_where`, so they work as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode

if TYPE_CHECKING:  # datasette.app imports this plugin while it loads
    from datasette.app import Datasette

PLUGIN_NAME = "offlimits"
PUBLIC_PROFILE: dict[str, Any] = {
    "allow_sql": False,
    "plugins": {PLUGIN_NAME: {"public": True}},
}
PUBLIC_PROFILE_FILE = Path(__file__).resolve().parent / "metadata.public.yml"
#: (table, column) pairs that read as NULL in public mode.
HIDDEN_COLUMNS = frozenset({
    ("articles", "text"), ("articles", "summary"),
    ("articles_fts", "text"), ("articles_fts", "summary"),
})
HIDDEN_TABLE_PREFIX = "articles_fts"


def is_public(datasette: Datasette) -> bool:
    """True when the offlimits plugin is configured with `public: true`."""
    config = datasette.plugin_config(PLUGIN_NAME) or {}
    return isinstance(config, dict) and config.get("public") is True


def with_public_profile(metadata: dict[str, Any]) -> dict[str, Any]:
    """`metadata` with allow_sql false and the plugin's public switch on (a new dict)."""
    plugins = dict(metadata.get("plugins") or {})
    plugins[PLUGIN_NAME] = {**(plugins.get(PLUGIN_NAME) or {}), "public": True}
    return {**metadata, "allow_sql": False, "plugins": plugins}


HIDDEN_TABLE_COLUMNS = {"articles": ("text", "summary")}


def without_hidden_columns(path: str, query_string: str, databases: list[str]) -> str | None:
    """For a page of the articles table (HTML, JSON, CSV), the query string with `_nocol` for
    each hidden column; None for any other request, or one that picks columns itself."""
    for name in databases:
        for table, columns in HIDDEN_TABLE_COLUMNS.items():
            if path in (f"/{name}/{table}", f"/{name}/{table}.json", f"/{name}/{table}.csv"):
                args = parse_qsl(query_string, keep_blank_values=True)
                if any(k in ("_col", "_nocol") for k, _ in args):
                    return None
                return urlencode([*args, *(("_nocol", c) for c in columns)])
    return None


def public_permission(datasette: Datasette, action: str, resource: Any) -> bool | None:
    """False for what public mode forbids; None (no opinion) otherwise."""
    if action not in ("execute-sql", "view-table") or not is_public(datasette):
        return None
    if action == "execute-sql":
        return False
    _, table = resource
    return False if str(table).lower().startswith(HIDDEN_TABLE_PREFIX) else None
