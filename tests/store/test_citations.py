"""Citations of data/events.yml: each one a real page of its outlet, about its own event, and
loaded into event_sources with what it is (title, outlet, date, note)."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from offlimits.store.citations import CitationError, parse_citation, parse_citations
from offlimits.store.verified import VerifiedEventsError, read_verified_events
from scrapers.urls import canonical_url

ROOT = Path(__file__).resolve().parents[2]
EVENTS_FILE = ROOT / "data" / "events.yml"
FACTS_FILE = ROOT.parent / "shared" / "facts" / "events.yml"

# Citations the facts file gives that are about another event (judged from the URL and the
# facts): they must not come back.
ABOUT_ANOTHER_EVENT = {
    "ev-2023-002": ["forbes.com.au/news/innovation/samsung-bans-chatgpt"],
    "ev-2024-021": ["meta-suspends-ai-tools-in-brazil"],
    "ev-2025-027": ["deepseek-blocked-in-italy", "taiwan-bans-deepseek"],
    "ev-2025-036": ["south-korea-blocked-the-deepseek-app-in-the-country-app-stores",
                    "uit-app-winkels"],  # the PIPC's app-store suspension, ev-2025-040
    "ev-2025-039": ["commerce-department"],
    "ev-2026-059": ["jpmorgan"],
}


def citation_problem(url: str) -> str | None:
    """Why a URL is not a citation worth its name (None when it is)."""
    parts = urlsplit(url)
    host, path = parts.hostname or "", parts.path
    if parts.scheme not in ("http", "https") or not host:
        return "not an http(s) URL"
    if "p" in parse_qs(parts.query) and path in ("", "/", "/wp/", "/wp"):
        return "a ?p= shortlink"
    if re.search(r"/(tag|tags|category|topics?)/[^/]+/?$", path):  # the listing itself
        return "a tag or category page"
    if re.search(r"(^|[.-])(stage|staging|develop|dev|test)[.-]|\.go-vip\.net$|\.pages\.dev$"
                 r"|^v\d+\.", host):
        return "a staging or clone host"
    return None


@pytest.mark.parametrize("url,problem", [
    ("https://tech.co/?p=343234", "?p="),
    ("https://sharewatch.com/wp/?p=610", "?p="),
    ("https://potomaclocal.com/tag/glenn-youngkin", "tag"),
    ("https://digital-stage.thehill.com/homenews/house/1-x/amp", "staging"),
    ("https://pymnts-com-develop.go-vip.net/artificial-intelligence-2/2024/x", "staging"),
    ("https://thevergetoday.pages.dev/2024/3/30/1/x", "staging"),
    ("https://v2.techinformed.tech/x", "staging"),
    ("ftp://example.org/x", "http"),
])
def test_the_check_recognises_each_kind_of_bad_citation(url, problem):
    assert problem in (citation_problem(url) or "")
    assert citation_problem("https://www.theverge.com/2024/3/30/24116722/x") is None


def events() -> list[dict]:
    return read_verified_events(EVENTS_FILE)


def test_every_citation_is_a_real_page_with_an_outlet():
    bad = [f"{e['id']}: {c.url}: {problem}" for e in events() for c in e["citations"]
           if (problem := citation_problem(c.url))]
    bad += [f"{e['id']}: {c.url}: no outlet" for e in events() for c in e["citations"]
            if not c.outlet]
    assert not bad, "\n".join(bad)
    assert sum(len(e["citations"]) for e in events()) >= 150


def test_no_citation_is_about_another_event():
    wrong = [f"{e['id']}: {c.url}" for e in events() for c in e["citations"]
             for slug in ABOUT_ANOTHER_EVENT.get(e["id"], []) if slug in c.url]
    assert not wrong, "\n".join(wrong)


def test_each_event_keeps_the_facts_citations_that_pass_and_explains_new_ones():
    """Every page the facts cite is still cited unless it fails the check or is about another
    event; a citation the facts do not give carries a title of its own."""
    if not FACTS_FILE.is_file():
        pytest.skip(f"{FACTS_FILE} is not here (../shared is absent)")
    facts = {e["id"]: e for e in yaml.safe_load(FACTS_FILE.read_text())["events"]}
    report = []
    for event in events():
        mine = {c.url for c in event["citations"]}
        given = facts[event["id"]]["sources"]
        for url in given:
            if url in mine or citation_problem(url):
                continue
            if any(slug in url for slug in ABOUT_ANOTHER_EVENT.get(event["id"], [])):
                continue
            if "icloud.info/" in url:  # a clone of another outlet's story
                continue
            report.append(f"{event['id']}: lost {url}")
        report += [f"{event['id']}: {c.url} is not in the facts and has no title"
                   for c in event["citations"] if c.url not in given and not c.title]
    assert not report, "\n".join(report)


def test_published_dates_agree_with_dates_in_the_url():
    report = []
    for event in events():
        for c in event["citations"]:
            m = re.search(r"/(20\d\d)/(\d\d)/(\d\d)/", urlsplit(c.url).path)
            if m and c.published and c.published != "-".join(m.groups()):
                report.append(f"{event['id']}: {c.url} published {c.published}")
    assert not report, "\n".join(report)


@pytest.mark.parametrize("entry,complaint", [
    ({"url": "javascript:alert(1)"}, "http(s)"),
    ({"title": "no url"}, "'url' is required"),
    ({"url": "https://a.example/x", "publisher": "A"}, "unknown citation field 'publisher'"),
    ({"url": "https://a.example/x", "published": "5 May 2023"}, "'published'"),
    ({"url": "https://a.example/x", "published": "2023-02-30"}, "not a real date"),
    ({"url": "https://a.example/x", "outlet": ""}, "'outlet'"),
    (["https://a.example/x"], "a URL or a mapping"),
])
def test_a_bad_citation_names_the_field(entry, complaint):
    with pytest.raises(CitationError, match=re.escape(complaint)):
        parse_citation(entry)


def test_a_bare_url_is_still_a_citation():
    assert parse_citations(["https://a.example/x"])[0].url == "https://a.example/x"
    with pytest.raises(CitationError, match="cited twice"):
        parse_citations(["https://a.example/x", {"url": "https://a.example/x"}])


def test_a_bad_citation_in_the_file_names_the_event(tmp_path):
    text = EVENTS_FILE.read_text(encoding="utf-8").replace(
        "    - url: https://www.semafor.com/article/05/19/2023/chatgpt-companies-banning-workers\n",
        "    - url: https://www.semafor.com/article/05/19/2023/chatgpt-companies-banning-workers\n"
        "      publisher: Semafor\n", 1)
    broken = tmp_path / "events.yml"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(VerifiedEventsError,
                       match=r"event ev-2023-001: sources\[1\]: unknown citation field"):
        read_verified_events(broken)


def test_init_loads_what_each_citation_is(tmp_path):
    """`offlimits init` on a real file: event_sources holds the title, outlet, date and note."""
    db = tmp_path / "t.db"
    env = {**os.environ, "OFFLIMITS_CURATION": str(tmp_path / "curation.yml")}
    run = subprocess.run([sys.executable, "-m", "offlimits", "--db", str(db), "init"],
                         capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)
    assert run.returncode == 0, run.stderr
    expected = {(e["id"], canonical_url(c.url)): c for e in events() for c in e["citations"]}
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT e.verified_id, s.url, s.title, s.outlet, s.published, s.evidence, "
            " e.article_count FROM event_sources s JOIN events e ON e.id = s.event_id").fetchall()
    assert len(rows) == len(expected)
    for verified_id, url, title, outlet, published, note, _ in rows:
        c = expected[(verified_id, url)]
        assert (title, outlet, published, note) == (c.title, c.outlet, c.published, c.note)
    counts = {}
    for verified_id, *_rest, article_count in rows:
        counts[verified_id] = article_count
    assert counts == {e["id"]: len(e["citations"]) for e in events()}
