"""`offlimits demo`: the real pipeline against the bundled demo site on loopback."""

from __future__ import annotations

from pathlib import Path

from offlimits.demo_server import DemoServer
from offlimits.pipeline import CycleSummary, open_pipeline
from offlimits.settings import DEMO_DIR

DEMO_SOURCES = DEMO_DIR / "sources.yml"
DEMO_SITE = DEMO_DIR / "site"
DEMO_SITE_PORT = 8002  # fixed, so a rebuilt demo keeps the same article URLs


def demo_http_config():  # noqa: ANN201 - scrapers' HttpConfig
    """Polite limits make no sense against our own loopback server: no per-host delay."""
    from scrapers.http import HttpConfig

    return HttpConfig(per_host_delay=0.0, per_host_concurrency=8)


def demo_site(port: int = DEMO_SITE_PORT, site: Path = DEMO_SITE) -> DemoServer:
    """The demo site's server (not started: use it as a context manager)."""
    try:
        return DemoServer(site, port=port)
    except OSError as e:
        raise DemoError(f"cannot serve the demo site on 127.0.0.1:{port}: {e.strerror}; "
                        "choose another port with --site-port") from e


class DemoError(Exception):
    """The demo cannot run (its site is missing, its port is taken)."""


def build_demo(db_path: Path, server: DemoServer, *, sources: Path = DEMO_SOURCES,
               cycles: int = 1) -> CycleSummary:
    """Poll every demo source on `server` through the real pipeline into `db_path`.

    Returns the last cycle's summary.
    """
    from scrapers.sources import load_sources

    source_list = load_sources(sources, substitutions={"{{BASE}}": server.base})
    summary = CycleSummary()
    with open_pipeline(db_path, source_list, http_config=demo_http_config()) as pipeline:
        for _ in range(cycles):
            summary = pipeline.run_cycle(due_only=False)
    return summary


def run_demo(db_path: Path, *, port: int = DEMO_SITE_PORT, cycles: int = 1) -> CycleSummary:
    """Serve the demo site just long enough to build the database."""
    with demo_site(port) as server:
        return build_demo(db_path, server, cycles=cycles)
