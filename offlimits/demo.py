"""`offlimits demo`: the real pipeline against the bundled demo site on loopback."""

from __future__ import annotations

from pathlib import Path

from offlimits.demo_server import DemoServer
from offlimits.pipeline import CycleSummary, Pipeline
from offlimits.runlock import writer_lock
from offlimits.settings import DEMO_DIR, VERIFIED_EVENTS_FILE

DEMO_SOURCES = DEMO_DIR / "sources.yml"
DEMO_SITE = DEMO_DIR / "site"


def demo_http_config():  # noqa: ANN201 - scrapers' HttpConfig
    """Polite limits make no sense against our own loopback server: no per-host delay."""
    from scrapers.http import HttpConfig

    return HttpConfig(per_host_delay=0.0, per_host_concurrency=8)


def run_demo(db_path: Path, *, site: Path = DEMO_SITE, sources: Path = DEMO_SOURCES,
             cycles: int = 1) -> CycleSummary:
    """Serve the demo site, poll every demo source through the real pipeline, store the result.

    Returns the last cycle's summary.
    """
    from scrapers.collect import Collector
    from scrapers.sources import load_sources

    with DemoServer(site) as server, writer_lock(db_path):
        source_list = load_sources(sources, substitutions={"{{BASE}}": server.base})
        collector = Collector(http_config=demo_http_config(), prefilter=source_list.prefilter)
        pipeline = Pipeline(db_path, source_list, collector=collector)
        try:
            pipeline.prepare(VERIFIED_EVENTS_FILE)
            summary = CycleSummary()
            for _ in range(cycles):
                summary = pipeline.run_cycle(due_only=False)
        finally:
            pipeline.close()
    return summary
