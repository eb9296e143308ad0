"""`offlimits run`: every minute, poll the sources that are due, until told to stop."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from datetime import datetime

import schedule

from offlimits.pipeline import CycleSummary, Pipeline
from scrapers.collect import source_host

TICK_SECONDS = 60


def install_stop_handlers(pipeline: Pipeline) -> None:
    """SIGINT/SIGTERM: finish the write in progress, then stop."""

    def stop(signum: int, frame: object) -> None:
        pipeline.stop.set()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)


def restore_cooldowns(pipeline: Pipeline, now: float | None = None) -> dict[str, float]:
    """Rest again the hosts whose last answer, stored in `sources`, was a 429 not long ago.

    The cool-down is the collector's (per host) from the source's last poll: a cron job
    (`run --once`) started a minute after a 429 does not ask that host again. Returns
    {host: seconds left} for the report. Reads the store only.
    """
    cooldowns = pipeline.collector.cooldowns
    now = now or time.time()
    resting: dict[str, float] = {}
    for row in pipeline.db.query(
        "SELECT id, last_polled_at FROM sources WHERE last_http_status = 429 "
        "AND last_polled_at IS NOT NULL"
    ):
        source = pipeline.sources.get(row["id"])
        host = source_host(source) if source else ""
        if not host:
            continue
        polled = datetime.fromisoformat(row["last_polled_at"].replace("Z", "+00:00"))
        until = polled.timestamp() + cooldowns.cooldown_for(host)
        if until > now:
            cooldowns.restore(host, until)
            resting[host] = max(resting.get(host, 0.0), until - now)
    return resting


def run_forever(pipeline: Pipeline, report: Callable[[CycleSummary], None],
                tick_seconds: int = TICK_SECONDS) -> None:
    """Run a cycle now and then every `tick_seconds`, on the `schedule` library's clock."""
    restore_cooldowns(pipeline)
    scheduler = schedule.Scheduler()

    def cycle() -> None:
        if not pipeline.stop.is_set():
            report(pipeline.run_cycle(due_only=True))

    scheduler.every(tick_seconds).seconds.do(cycle)
    cycle()
    while not pipeline.stop.is_set():
        scheduler.run_pending()
        pipeline.stop.wait(timeout=min(1.0, max(0.05, scheduler.idle_seconds or 1.0)))
    time.sleep(0)  # let the last write's transaction finish before the caller closes
