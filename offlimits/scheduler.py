"""`offlimits run`: every minute, poll the sources that are due, until told to stop."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable

import schedule

from offlimits.pipeline import CycleSummary, Pipeline

TICK_SECONDS = 60


def install_stop_handlers(pipeline: Pipeline) -> None:
    """SIGINT/SIGTERM: finish the write in progress, then stop."""

    def stop(signum: int, frame: object) -> None:
        pipeline.stop.set()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)


def run_forever(pipeline: Pipeline, report: Callable[[CycleSummary], None],
                tick_seconds: int = TICK_SECONDS) -> None:
    """Run a cycle now and then every `tick_seconds`, on the `schedule` library's clock."""
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
