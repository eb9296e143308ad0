"""Headless Chromium on the real demo build, served by Datasette under uvicorn: from the
timeline, the event's link opens its page, and the reports and citations listed there are the
ones the database holds for that event."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser_harness import build_demo_db, chromium, served

pytestmark = pytest.mark.browser
GARANTE_BAN = "ev-2023-010"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    return build_demo_db(tmp_path_factory.mktemp("browser") / "offlimits.db")


@pytest.fixture(scope="module")
def site(demo: Path) -> Iterator[str]:
    with served(demo) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as instance:
        yield instance


def stored(demo: Path, verified_id: str) -> tuple[str, list[str], list[str], str]:
    with sqlite3.connect(demo) as conn:
        event_id, uid, evidence = conn.execute(
            "SELECT id, uid, evidence FROM events WHERE verified_id = ?", [verified_id]
        ).fetchone()
        reports = [r[0] for r in conn.execute(
            "SELECT a.url FROM event_articles ea JOIN articles a ON a.id = ea.article_id "
            "WHERE ea.event_id = ? AND ea.role = 'report' ORDER BY a.url", [event_id])]
        citations = [r[0] for r in conn.execute(
            "SELECT url FROM event_sources WHERE event_id = ? ORDER BY url", [event_id])]
    return uid, reports, citations, evidence


def test_the_timeline_link_opens_the_event_page_with_its_reports(demo, site, browser):
    uid, reports, citations, evidence = stored(demo, GARANTE_BAN)
    assert reports and citations
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(f"{site}/-/timeline?q=Garante")
    link = page.locator(f"a[href$='/-/events/{uid}']").first
    assert link.is_visible()
    with page.expect_navigation():
        link.click()
    assert page.url.endswith(f"/-/events/{uid}")
    reports_shown = sorted(page.locator(".event-reports li.report > a").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"))
    cited_shown = sorted(page.locator(".event-citations li.citation > a").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"))
    assert reports_shown == reports
    assert cited_shown == citations
    assert page.locator("h2#reports").inner_text() == f"Reports ({len(reports)})"
    assert evidence in page.locator("blockquote.evidence").first.inner_text()
    assert page.locator(".event-citations .outlet").count() == len(citations)
    page.close()
