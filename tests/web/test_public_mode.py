"""Issue 9, publishing: the public profile serves no article text and no visitor SQL, and every
link on the offlimits pages still works (200, and the row counts the page shows)."""

from __future__ import annotations

import csv
import html as html_lib
import io
import re
import sqlite3
from urllib.parse import urlsplit

import feedparser
import pytest
import yaml

from offlimits.web.app import build_datasette
from offlimits.web.public import PUBLIC_PROFILE, PUBLIC_PROFILE_FILE
from tests.processes import first_answer
from tests.web.conftest import fetch

ARTICLE_WORDS = "plain words written for tests"  # in every fixture article's text
SUMMARY_WORDS = "Report number"  # in every fixture article's summary


@pytest.fixture(scope="module")
def public(fixture_db):
    return build_datasette(fixture_db, public=True)


def count(db_path, sql: str) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def test_the_profile_file_is_the_profile_serve_applies(public):
    assert yaml.safe_load(PUBLIC_PROFILE_FILE.read_text(encoding="utf-8")) == PUBLIC_PROFILE
    assert public.metadata("allow_sql") is False
    assert public.plugin_config("offlimits") == {"public": True}


@pytest.mark.parametrize("path", [
    "/offlimits/articles.json?_shape=array",
    "/offlimits/articles.csv",
    "/offlimits/articles",
    "/offlimits/articles/1",
    "/offlimits/articles/1.json",
    "/offlimits/articles.json?_search=restriction&_shape=array",
    "/offlimits/search_articles.json?q=restriction&_shape=array",
    "/offlimits/timeline.csv?_stream=on",
    "/-/reports.csv",
    "/-/events/e4test.json",
])
def test_no_article_text_or_summary_is_served(datasette, public, path):
    full = fetch(datasette, path)
    assert full.status_code == 200
    if "/articles" in path or "search_articles" in path:  # the normal site serves them
        assert ARTICLE_WORDS in full.text or SUMMARY_WORDS in full.text
    response = fetch(public, path)
    assert response.status_code == 200
    assert ARTICLE_WORDS not in response.text and SUMMARY_WORDS not in response.text


def test_titles_urls_dates_and_evidence_stay(public, fixture_db):
    rows = fetch(public, "/offlimits/articles.json?_shape=array&_size=max").json()
    assert len(rows) == count(fixture_db, "SELECT count(*) FROM articles")
    assert all("text" not in r and "summary" not in r for r in rows)  # left out
    asked = fetch(public, "/offlimits/articles.json?_col=title&_col=text&_shape=array").json()
    assert asked and all(r["text"] is None for r in asked)  # asked for: still empty
    page = fetch(public, "/offlimits/articles").text
    assert 'data-column="title"' in page and 'data-column="text"' not in page
    assert 'data-column="summary"' not in page
    assert all(r["title"] and r["url"].startswith("https://") and r["published_date"]
               for r in rows)
    found = fetch(public, "/offlimits/search_articles.json?q=restriction&_shape=array").json()
    assert len(found) == count(fixture_db, "SELECT count(*) FROM articles")  # search still works
    reports = list(csv.DictReader(io.StringIO(fetch(public, "/-/reports.csv").text)))
    assert any("internal code leak" in r["report_evidence"] for r in reports)


@pytest.mark.parametrize("path", [
    "/offlimits?sql=select+text+from+articles",
    "/offlimits.json?sql=select+1",
    "/offlimits/articles?_where=id%3D1",
    "/offlimits/articles_fts",
    "/offlimits/articles_fts_data",
])
def test_visitor_sql_and_the_article_index_are_refused(datasette, public, path):
    assert fetch(datasette, path).status_code == 200
    assert fetch(public, path).status_code == 403


def local_links(html: str) -> list[str]:
    """Every same-site link (href) of a page, unescaped, without fragments."""
    links = []
    for raw in re.findall(r'href="([^"]+)"', html):
        href = html_lib.unescape(raw).split("#")[0]
        if href.startswith("/") and not href.startswith("//"):
            links.append(href)
    return links


PAGES = [
    "/-/timeline",
    "/-/timeline?date_from=2025&date_to=2025",
    "/-/timeline?date_from=2025-02&date_to=2025-02",
    "/-/timeline?actor=garante&action=ban",
    "/-/timeline?vendor=openai&region=IT",
    "/-/entities",
    "/-/entities/deepseek",
    "/-/entities/garante",
    "/-/events/e4test",
    "/",
]


@pytest.mark.parametrize("page", PAGES)
def test_every_link_on_the_page_works_in_public_mode(public, page):
    response = fetch(public, page)
    assert response.status_code == 200
    links = sorted(set(local_links(response.text)))
    assert len(links) >= 3
    broken = {link: fetch(public, link).status_code for link in links}
    assert {link: s for link, s in broken.items() if s != 200} == {}


def shown_count(html: str) -> int:
    return int(re.search(r'<span class="count" role="status">([\d,]+)', html).group(1)
               .replace(",", ""))


def link(html: str, pattern: str) -> str:
    return html_lib.unescape(re.search(r'<a href="([^"]+)"[^>]*>' + pattern, html).group(1))


@pytest.mark.parametrize(("page", "where"), [
    ("/-/timeline?date_from=2025&date_to=2025", "substr(date, 1, 4) = '2025'"),
    ("/-/timeline?date_from=2025-02&date_to=2025-02", "substr(date, 1, 7) = '2025-02'"),
    ("/-/timeline?actor=garante&action=ban", "actor_id = 'garante' AND action = 'ban'"),
])
def test_timeline_exports_and_feeds_give_the_page_s_events(public, fixture_db, page, where):
    expected = count(fixture_db, f"SELECT count(*) FROM events WHERE status != 'rejected' "
                                 f"AND {where}")
    html = fetch(public, page).text
    assert shown_count(html) == expected > 0
    csv_rows = fetch(public, link(html, "Download CSV")).text.strip().splitlines()
    assert len(csv_rows) - 1 == expected
    feed = feedparser.parse(fetch(public, link(html, "Subscribe")).content)
    assert not feed.bozo and len(feed.entries) == expected
    data = fetch(public, link(html, "JSON")).json()
    assert len(data["events"]) == expected


def test_entity_page_csv_and_feed_in_public_mode(public, fixture_db):
    expected = count(fixture_db, "SELECT count(*) FROM events WHERE status != 'rejected' "
                                 "AND (vendor_id = 'deepseek' OR product_id = 'deepseek' "
                                 "OR actor_id = 'deepseek' OR affected_id = 'deepseek')")
    html = fetch(public, "/-/entities/deepseek").text
    href = link(html, "Download CSV")
    assert "_where" not in href and "sql=" not in href
    assert len(fetch(public, href).text.strip().splitlines()) - 1 == expected == 2
    feed = feedparser.parse(fetch(public, link(html, "Subscribe")).content)
    assert len(feed.entries) == expected
    assert urlsplit(href).path == "/-/timeline.csv"


@pytest.mark.slow
def test_offlimits_serve_public_on_loopback(fixture_db, tmp_path):
    """The real command, in its own process: `offlimits serve --public`."""
    import subprocess
    import sys

    import httpx

    from tests.web.test_serve_command import ROOT, free_port

    port = free_port()
    code = ("import sys; from offlimits.commands.serve import serve; "
            "serve.main(args=sys.argv[1:])")
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(fixture_db), "--port", str(port), "--public"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        page = first_answer(proc, f"{base}/-/timeline", "offlimits serve")
        assert page.status_code == 200 and "8 events" in page.text
        assert httpx.get(f"{base}/offlimits?sql=select+1").status_code == 403
        rows = httpx.get(f"{base}/offlimits/articles.json?_shape=array").json()
        assert rows and all("text" not in r for r in rows)
    finally:
        proc.terminate()
        output, _ = proc.communicate(timeout=10)
    assert "(public: no SQL, no article texts)" in output
