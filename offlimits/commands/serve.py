"""`offlimits serve [DB]`: the timeline, tables, SQL, feeds and exports, read-only, in Datasette."""

from __future__ import annotations

import asyncio
from pathlib import Path

import click

from offlimits.settings import DEFAULT_DB
from offlimits.web.app import ServeError, build_datasette

__all__ = ["build_datasette", "serve", "serve_database"]


def serve_database(db_path: str | Path, *, host: str = "127.0.0.1", port: int = 8001,
                   public: bool = False) -> None:
    """Serve `db_path` as `offlimits` until interrupted; a bad database is a ClickException.
    `public`: the public profile (no visitor SQL, no article texts)."""
    import uvicorn

    try:
        ds = build_datasette(db_path, public=public)
    except ServeError as e:
        raise click.ClickException(str(e)) from None
    asyncio.run(ds.invoke_startup())
    shown_host = f"[{host}]" if ":" in host else host
    mode = " (public: no SQL, no article texts)" if public else ""
    click.echo(f"offlimits: serving {db_path}{mode} at http://{shown_host}:{port}/-/timeline")
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")


@click.command()
@click.argument("db", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8001, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
@click.option("--public", is_flag=True,
              help="Public profile: no visitor SQL (allow_sql false), no article texts or "
                   "summaries (title, outlet, date, URL and evidence only).")
@click.pass_context
def serve(ctx: click.Context, db: Path | None, host: str, port: int, public: bool) -> None:
    """Serve DB (default: the --db of `offlimits`, data/offlimits.db) with Datasette.

    Pages: /-/timeline, /-/entities, /-/entities/<id> (each also as .json), the tables and
    canned queries; for any timeline filter /-/timeline.atom, .ics, .csv and /-/reports.csv.
    Read-only: GET only; SQL is limited to SELECT with a time limit, no fts3_tokenizer or
    ATTACH, and the database's path is not shown. --public is the profile for a public site
    (the same as Datasette's `-m offlimits/web/metadata.public.yml`).
    """
    settings = ctx.obj
    serve_database(db or getattr(settings, "db", None) or DEFAULT_DB, host=host, port=port,
                   public=public)
