"""`offlimits sources`: each source's health (read from the database), and `sources check`."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

import click
import sqlite_utils

from offlimits.settings import Settings
from offlimits.store import StoreError


@click.group("sources", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_context
def sources(ctx: click.Context, as_json: bool) -> None:
    """Each source's health: last status, last success, last new item, failures, next due.

    `offlimits sources check [ID ...]` polls sources once without storing anything."""
    if ctx.invoked_subcommand is not None:
        return
    from offlimits.cli import friendly

    friendly(show_health)(ctx.obj, as_json)


def show_health(settings: Settings, as_json: bool) -> None:
    """Print the sources the database holds, with their health; writes nothing."""
    from offlimits.cli import load_source_list
    from offlimits.store.sources import source_health

    source_list = load_source_list(settings.sources, settings, resolved=False)
    db = open_read_only(settings.db)
    try:
        rows = source_health(db)
    except sqlite3.DatabaseError as e:
        raise StoreError(f"{settings.db}: cannot read the sources table: {e}") from e
    finally:
        db.conn.close()
    missing = [s.id for s in source_list.sources if s.id not in {r["id"] for r in rows}]
    if missing:
        shown = ", ".join(missing[:10]) + (", ..." if len(missing) > 10 else "")
        click.echo(f"{len(missing)} source(s) of {settings.sources} are not in this database "
                   f"(an `init` or `scrape` with that list would add them): {shown}", err=True)
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    columns = ["id", "kind", "enabled", "last_status", "last_success_at", "last_new_item_at",
               "consecutive_failures", "next_due_at", "articles"]
    widths = {c: max(len(c), *(len(str(r[c] if r[c] is not None else "-")) for r in rows))
              if rows else len(c) for c in columns}
    click.echo("  ".join(c.ljust(widths[c]) for c in columns))
    for row in rows:
        click.echo("  ".join(str(row[c] if row[c] is not None else "-").ljust(widths[c])
                             for c in columns))
        if row["last_error"]:
            click.echo(f"    last error: {row['last_error']}")


def open_read_only(path: Path) -> sqlite_utils.Database:
    """The database opened read-only (`mode=ro`), its schema checked, not migrated."""
    from offlimits.store.db import applied_migrations
    from offlimits.store.schema import MIGRATIONS

    if not path.is_file():
        raise StoreError(f"no database at {path}: run `offlimits init` (or `offlimits demo`) "
                         "first")
    try:
        conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True,
                               timeout=30)
        db = sqlite_utils.Database(conn)
        done = set(applied_migrations(db))
    except sqlite3.DatabaseError as e:
        raise StoreError(f"{path} is not a usable SQLite database: {e}") from e
    behind = [name for name, _ in MIGRATIONS if name not in done]
    if behind:
        conn.close()
        raise StoreError(f"{path}: its schema is older than this offlimits (missing "
                         f"{behind[0]}{' and more' if len(behind) > 1 else ''}): run "
                         "`offlimits init` to migrate it")
    return db


@sources.command("check")
@click.argument("source_ids", nargs=-1, metavar="[ID ...]")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a report.")
@click.pass_obj
def check(settings: Settings, source_ids: tuple[str, ...], as_json: bool) -> None:
    """Poll each source once (the IDs given, or every enabled one) and store nothing.

    Reports per source: HTTP status, items found, parse warnings, robots.txt on its address
    and its item pages, and for listing pages the items each selector matched. No article
    page is fetched. Exit status 1 when a source failed."""
    from offlimits.cli import friendly

    failed = friendly(run_check)(settings, list(source_ids), as_json)
    if failed:
        sys.exit(1)


def run_check(settings: Settings, source_ids: list[str], as_json: bool) -> int:
    """Check the chosen sources, print the report; returns how many failed."""
    from offlimits.cli import load_source_list
    from offlimits.pipeline import UnknownSourceError
    from scrapers.check import check_sources, summary_line
    from scrapers.collect import Collector

    source_list = load_source_list(settings.sources, settings)
    known = {s.id: s for s in source_list.sources}
    unknown = [s for s in source_ids if s not in known]
    if unknown:
        raise UnknownSourceError(f"unknown source id(s): {', '.join(unknown)}; "
                                 f"known: {', '.join(sorted(known)) or '(none)'}")
    chosen = [known[s] for s in source_ids] if source_ids else source_list.enabled
    checks: list[Any] = []
    with Collector(settings.http_config(), prefilter=source_list.prefilter,
                   parse_processes=0) as collector:
        for checked in check_sources(chosen, collector):
            checks.append(checked)
            if not as_json:
                click.echo("\n".join(checked.lines()))
    if as_json:
        click.echo(json.dumps([c.as_dict() for c in checks], indent=2, ensure_ascii=False))
    else:
        click.echo(summary_line(checks))
    return sum(1 for c in checks if not c.ok)


@sources.command("lexicon")
def lexicon() -> None:
    """Regenerate scrapers/prefilter_lexicon.yml from the extractor's language files.

    Run it after editing `prefilter_terms` in offlimits/extract/lang/*.yml: the page
    prefilter reads the generated file, so it never drops a page the extractor would read.
    """
    from offlimits.extract.lang import LANG_DIR, load_lexicon
    from scrapers.lexicon import LEXICON_FILE, render_lexicon

    terms = {p.stem: load_lexicon(p.stem).prefilter_terms for p in sorted(LANG_DIR.glob("*.yml"))}
    text = render_lexicon(terms)
    changed = not LEXICON_FILE.exists() or LEXICON_FILE.read_text(encoding="utf-8") != text
    if changed:
        LEXICON_FILE.write_text(text, encoding="utf-8")
    total = sum(len(t) for t in terms.values())
    click.echo(f"{LEXICON_FILE}: {len(terms)} languages, {total} terms"
               f" ({'written' if changed else 'unchanged'})")
