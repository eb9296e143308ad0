"""`offlimits snapshot DIR`: a dated, citable release of the data for researchers.

DIR/<YYYY-MM-DD>/ gets offlimits-<date>.db (a consistent copy, without the articles' texts
and feed summaries unless --with-text: the publishers' words, which the public site leaves
out too), events.csv (one row per event), reports.csv (one row per event and reporting
article) and datapackage.json (Frictionless: every file and column described).
DIR/latest points at the newest snapshot.
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from offlimits.settings import DEFAULT_DB
from offlimits.web.app import ServeError, check_database, load_metadata
from offlimits.web.csv_export import EVENT_COLUMNS, EVENT_SQL, REPORT_COLUMNS, REPORT_SQL
from offlimits.web.csv_stream import query_chunks

UNFILTERED = "e.status != 'rejected'"
INTEGER_COLUMNS = frozenset({"event_id", "article_count", "article_id"})
EXTRA_DESCRIPTIONS = {
    "actor_country": "The actor's home country, ISO 3166-1 alpha-2 (or EU).",
    "regions": "Semicolon-separated region codes the event applies to.",
    "source_urls": "Semicolon-separated URLs of the articles and citations behind the event.",
    "article_id": "The reporting article (articles.id).",
    "article_title": "The article's headline.",
    "article_outlet": "Where the article was published (source name, else its host).",
    "article_date": "The article's publication date (YYYY-MM-DD).",
    "article_url": "The article's canonical URL.",
    "article_language": "The article's language code.",
    "report_role": "report: the article reports the event; background: it mentions it.",
    "report_evidence": "The article's sentence that reports the event.",
}


def write_csvs(conn: sqlite3.Connection, events_path: Path, reports_path: Path) -> tuple[int, int]:
    """events.csv and reports.csv (the rows /-/timeline.csv and /-/reports.csv give, unfiltered);
    returns their row counts."""
    counts = []
    for path, sql, columns in ((events_path, EVENT_SQL, EVENT_COLUMNS),
                               (reports_path, REPORT_SQL, EVENT_COLUMNS + REPORT_COLUMNS)):
        with path.open("w", newline="", encoding="utf-8") as out:
            for chunk in query_chunks(conn, sql.format(where=UNFILTERED), {}, columns):
                out.write(chunk)
        counts.append(conn.execute(
            f"SELECT count(*) FROM ({sql.format(where=UNFILTERED)})").fetchone()[0])
    return counts[0], counts[1]


def field_schema(columns: tuple[str, ...], described: dict[str, str]) -> dict[str, Any]:
    return {"fields": [
        {"name": c, "type": "integer" if c in INTEGER_COLUMNS else "string",
         "description": described.get(c) or EXTRA_DESCRIPTIONS.get(c, "")}
        for c in columns
    ]}


def datapackage(day: str, files: dict[str, Path], metadata: dict[str, Any]) -> dict[str, Any]:
    """A Frictionless Data Package describing the snapshot's files and every CSV column."""
    timeline = (metadata.get("databases", {}).get("offlimits", {}).get("tables", {})
                .get("timeline", {}).get("columns", {}))
    described = {**timeline, **EXTRA_DESCRIPTIONS}
    return {
        "profile": "data-package",
        "name": "offlimits",
        "title": "offlimits: AI vendor restrictions",
        "version": day,
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                      "title": "Creative Commons Attribution 4.0"}],
        "resources": [
            {"name": "events", "path": files["events"].name, "profile": "tabular-data-resource",
             "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
             "description": "One row per event (rejected events left out), newest first.",
             "schema": field_schema(EVENT_COLUMNS, described)},
            {"name": "reports", "path": files["reports"].name,
             "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv",
             "encoding": "utf-8",
             "description": "One row per event and reporting article (long format).",
             "schema": field_schema(EVENT_COLUMNS + REPORT_COLUMNS, described)},
            {"name": "database", "path": files["database"].name, "format": "sqlite",
             "mediatype": "application/vnd.sqlite3",
             "description": "The whole database (tables described in metadata.yml)."},
        ],
    }


def make_snapshot(db_path: Path, out_dir: Path, *, with_text: bool = False,
                  day: str | None = None) -> Path:
    """Write the snapshot of `db_path` under out_dir/<day>/ and point out_dir/latest at it."""
    source_path = check_database(db_path)
    day = day or datetime.now(UTC).strftime("%Y-%m-%d")
    target = out_dir / day
    target.mkdir(parents=True, exist_ok=True)
    files = {"database": target / f"offlimits-{day}.db", "events": target / "events.csv",
             "reports": target / "reports.csv"}
    partial = files["database"].with_suffix(".db.partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{source_path.resolve()}?mode=ro", uri=True)
    copy = sqlite3.connect(partial)
    try:
        source.backup(copy)  # a consistent copy even while the pipeline writes
    finally:
        source.close()
    try:
        if not with_text:
            copy.execute("UPDATE articles SET text = NULL, summary = NULL "
                         "WHERE text IS NOT NULL OR summary IS NOT NULL")  # FTS follows
            copy.commit()
            copy.execute("VACUUM")
        write_csvs(copy, files["events"], files["reports"])
    finally:
        copy.close()
    os.replace(partial, files["database"])
    package = datapackage(day, files, load_metadata())
    (target / "datapackage.json").write_text(json.dumps(package, indent=2) + "\n",
                                             encoding="utf-8")
    latest = out_dir / "latest"
    temporary = out_dir / ".latest.tmp"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(day, target_is_directory=True)
    os.replace(temporary, latest)
    return target


@click.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
              help="The database (default: the --db of `offlimits`).")
@click.option("--with-text", is_flag=True,
              help="Keep article texts and feed summaries (left out by default: they are not "
                   "ours to share).")
@click.pass_context
def snapshot(ctx: click.Context, out_dir: Path, db_path: Path | None, with_text: bool) -> None:
    """Write a dated snapshot to OUT_DIR: SQLite, CSVs and a datapackage.json codebook."""
    settings = ctx.obj
    db = db_path or getattr(settings, "db", None) or DEFAULT_DB
    try:
        target = make_snapshot(Path(db), out_dir, with_text=with_text)
    except (ServeError, OSError, sqlite3.Error) as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"snapshot written to {target} ({out_dir / 'latest'} points at it)")
