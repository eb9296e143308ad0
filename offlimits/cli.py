"""The `offlimits` command line: the front door to collect, extract, store and serve."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from offlimits import __version__
from offlimits.settings import Settings


def user_errors() -> tuple[type[Exception], ...]:
    """Exceptions that mean a user mistake (a message, not a traceback)."""
    from offlimits.curation import CurationError
    from offlimits.demo import DemoError
    from offlimits.extract import GazetteerError
    from offlimits.pipeline import UnknownSourceError
    from offlimits.runlock import AlreadyRunning
    from offlimits.store import StoreError
    from offlimits.store.curation import CurationConflict
    from offlimits.store.verified import VerifiedEventsError
    from scrapers.sources import SourceError

    return (SourceError, StoreError, UnknownSourceError, VerifiedEventsError, AlreadyRunning,
            GazetteerError, DemoError, CurationError, CurationConflict)


def friendly(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the project's user-facing errors into `Error: ...` and exit status 1."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except user_errors() as e:
            raise click.ClickException(str(e)) from e

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db", metavar="PATH", envvar="OFFLIMITS_DB",
              help="SQLite database [env OFFLIMITS_DB; default data/offlimits.db]")
@click.option("--sources", "sources", metavar="PATH", envvar="OFFLIMITS_SOURCES",
              help="Source list [env OFFLIMITS_SOURCES; default data/sources.yml]")
@click.option("--base", "base", metavar="URL", envvar="OFFLIMITS_BASE",
              callback=lambda ctx, param, value: checked_base(value),
              help="Replaces {{BASE}} in the source list, e.g. http://127.0.0.1:8002 for the "
              "demo's data/demo/sources.yml [env OFFLIMITS_BASE]")
@click.option("-v", "--verbose", is_flag=True, help="Log each poll and page fetch.")
@click.version_option(__version__, prog_name="offlimits")
@click.pass_context
def main(ctx: click.Context, db: str | None, sources: str | None, base: str | None,
         verbose: bool) -> None:
    """offlimits: who put which AI tool off limits, where, and when."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="offlimits: %(levelname)s %(name)s: %(message)s")
    from offlimits.settings import SettingsError

    try:
        ctx.obj = Settings.from_options(db, sources, base)
    except SettingsError as e:
        raise click.ClickException(str(e)) from None


def checked_base(value: str | None) -> str | None:
    """A --base value: an http(s) origin, without a trailing slash."""
    if value is None:
        return None
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path.strip("/") \
            or parts.query:
        raise click.BadParameter(f"{value!r} is not an address like http://HOST:PORT",
                                 param_hint="'--base'")
    return f"{parts.scheme}://{parts.netloc}"


def load_source_list(path: Path, settings: Settings | None = None, *,
                     resolved: bool = True) -> Any:
    """The source list at `path`, {{BASE}} replaced by `--base`; with `resolved`, a list
    whose addresses still hold a placeholder is a `SourceError` saying what to do."""
    from scrapers.sources import SourceError, load_sources, placeholders

    source_list = load_sources(path, substitutions=settings.substitutions if settings else None)
    left = placeholders(source_list) if resolved else {}
    if left:
        first, placeholder = next(iter(left.items()))
        raise SourceError(
            f"{path}: {len(left)} source(s) (e.g. {first}) have {placeholder} in their address: "
            "give the address that serves them with --base URL (for the demo's sources, "
            "`offlimits demo` serves its site on http://127.0.0.1:8002), or run "
            "`offlimits demo`, which does both")
    return source_list


@contextmanager
def open_pipeline(settings: Settings) -> Iterator[Any]:
    """The configured source list's pipeline on the configured database (see
    `offlimits.pipeline.open_pipeline`)."""
    from offlimits import pipeline

    source_list = load_source_list(settings.sources, settings)
    with pipeline.open_pipeline(settings.db, source_list,
                                http_config=settings.http_config()) as opened:
        yield opened


def report(summary: Any) -> None:
    for line in summary.lines():
        click.echo(line, err=True)


def run_with_progress(pipeline: Any, source_ids: list[str] | None, due_only: bool) -> Any:
    from tqdm import tqdm

    total = len(pipeline.select(source_ids, due_only=due_only and not source_ids))
    with tqdm(total=total, unit="source", desc="polling", file=sys.stderr,
              disable=None) as bar:
        def tick(stats: Any) -> None:
            bar.update(1)
            bar.set_postfix(new=stats.items_new, refresh=False)

        return pipeline.run_cycle(source_ids, due_only=due_only, on_poll=tick)


@main.command()
@click.pass_obj
@friendly
def init(settings: Settings) -> None:
    """Create or migrate the database and load reference data (entities, verified events)."""
    from offlimits.store import open_store
    from offlimits.store.db import applied_migrations

    with open_pipeline(settings):
        pass
    db = open_store(settings.db)
    click.echo(f"{settings.db}: schema at {applied_migrations(db)[-1]}, "
               f"{db['sources'].count} sources, {db['entities'].count} entities, "
               f"{db['events'].count} events")


@main.command()
@click.argument("source_ids", nargs=-1)
@click.option("--due", is_flag=True, help="Only the sources that are due (default: all enabled).")
@click.pass_obj
@friendly
def scrape(settings: Settings, source_ids: tuple[str, ...], due: bool) -> None:
    """Poll sources now (all enabled ones, or the SOURCE_IDS given) and store what is new."""
    from offlimits.scheduler import install_stop_handlers, restore_cooldowns

    with open_pipeline(settings) as pipeline:
        install_stop_handlers(pipeline)
        restore_cooldowns(pipeline)
        summary = run_with_progress(pipeline, list(source_ids) or None, due_only=due)
    report(summary)
    if summary.polls and not summary.sources_ok:
        sys.exit(1)


@main.command()
@click.option("--once", is_flag=True, help="Run one cycle of due sources and exit (for cron).")
@click.pass_obj
@friendly
def run(settings: Settings, once: bool) -> None:
    """Poll due sources every minute until SIGINT/SIGTERM (one runner per database)."""
    from offlimits.scheduler import install_stop_handlers, restore_cooldowns, run_forever

    with open_pipeline(settings) as pipeline:
        install_stop_handlers(pipeline)
        if once:
            restore_cooldowns(pipeline)
            report(pipeline.run_cycle(due_only=True))
            return
        click.echo(f"offlimits run: polling due sources of {settings.sources} every minute "
                   f"into {settings.db}; Ctrl-C to stop", err=True)
        run_forever(pipeline, report)
    click.echo("stopped cleanly", err=True)


@main.command()
@click.option("--stale-only", is_flag=True,
              help="Only articles extracted by another extractor version.")
@click.pass_obj
@friendly
def reextract(settings: Settings, stale_only: bool) -> None:
    """Rerun the extractor over stored articles (after a gazetteer change), idempotently."""
    from tqdm import tqdm

    from offlimits.reextract import reextract as run_reextract
    from offlimits.runlock import writer_lock
    from offlimits.store import open_store

    with writer_lock(settings.db):
        db = open_store(settings.db, create=False)
        total = db.execute("SELECT count(*) FROM articles WHERE duplicate_of IS NULL").fetchone()[0]
        with tqdm(total=total, unit="article", desc="extracting", file=sys.stderr,
                  disable=None) as bar:
            summary = run_reextract(db, only_stale=stale_only, on_batch=bar.update)
    click.echo(f"articles: {summary.articles} re-extracted, {summary.relevant} relevant, "
               f"{summary.event_reports} event reports; events: {summary.events_before} before, "
               f"{summary.events_after} after", err=True)


@main.command()
@click.option("--serve/--no-serve", default=True, help="Serve Datasette when done (default).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Datasette's address.")
@click.option("--port", default=8001, show_default=True, type=int, help="Datasette's port.")
@click.option("--site-port", default=8002, show_default=True, type=int,
              help="Port of the demo news site (kept up while serving, so links work).")
@click.pass_obj
@friendly
def demo(settings: Settings, serve: bool, host: str, port: int, site_port: int) -> None:
    """Build the database from the bundled offline demo site, then serve it."""
    from offlimits.demo import build_demo, demo_site

    with demo_site(site_port) as server:
        click.echo(f"demo news site on {server.base}/ (feeds, listing, search results, "
                   "articles)", err=True)
        summary = build_demo(settings.db, server)
        report(summary)
        if serve:
            from offlimits.commands.serve import serve_database

            serve_database(settings.db, host=host, port=port)


def _register_optional_commands() -> None:
    from offlimits.commands.extract import extract
    from offlimits.commands.review import review
    from offlimits.commands.serve import serve
    from offlimits.commands.snapshot import snapshot
    from offlimits.commands.sources import sources

    main.add_command(extract)
    main.add_command(review)
    main.add_command(serve)
    main.add_command(snapshot)
    main.add_command(sources)


def _late_option(name: str) -> Callable[[click.Context, click.Parameter, Any], None]:
    """A callback that applies a global option given after the subcommand."""

    def apply(ctx: click.Context, param: click.Parameter, value: Any) -> None:
        if value is None or value is False:
            return
        settings = ctx.find_root().obj
        if name == "verbose":
            logging.getLogger().setLevel(logging.INFO)
        elif name == "base" and isinstance(settings, Settings):
            settings.base = checked_base(value)
        elif isinstance(settings, Settings):
            setattr(settings, name, Path(value))

    return apply


LATE_OPTIONS = (
    (("--db",), "db", dict(metavar="PATH", help="SQLite database (as `offlimits --db`).")),
    (("--sources",), "sources",
     dict(metavar="PATH", help="Source list (as `offlimits --sources`).")),
    (("--base",), "base", dict(metavar="URL", help="Replaces {{BASE}} (as `offlimits --base`).")),
    (("-v", "--verbose"), "verbose", dict(is_flag=True, help="Log each poll and page fetch.")),
)


def accept_global_options_late(command: click.Command) -> None:
    """Let `offlimits CMD --db X` mean `offlimits --db X CMD`, for every (sub)command that
    has no option of that name itself (snapshot's own --db stays its own)."""
    taken = {opt for param in command.params for opt in getattr(param, "opts", ())}
    for opts, name, extra in LATE_OPTIONS:
        if taken.isdisjoint(opts):
            command.params.append(click.Option([*opts, f"global_{name}"], expose_value=False,
                                               callback=_late_option(name), **extra))
    for sub in getattr(command, "commands", {}).values():
        accept_global_options_late(sub)


_register_optional_commands()
for _command in main.commands.values():
    accept_global_options_late(_command)
