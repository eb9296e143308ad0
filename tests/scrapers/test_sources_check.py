"""`offlimits sources check`: one real poll per source, nothing stored, a report per source."""

from __future__ import annotations

import json
import re

import pytest

from tests.pipeline.cli import run_offlimits
from tests.scrapers.server import LoopbackServer, Response, rss

ROBOTS = "User-agent: *\nDisallow: /private/\n"
LISTING = """<html lang="en"><head><title>Notices</title></head><body><ul class="notices">
<li><a href="/news/1">Regulator bars chatbot</a><time datetime="2026-11-01">1 Nov</time></li>
<li><a href="/news/2">Agency restricts AI tools</a><time datetime="2026-11-02">2 Nov</time></li>
<li><a href="/private/3">Internal note</a></li>
<li><a href="/news/4">Ministry suspends DeepSeek</a><time datetime="2026-11-04">4 Nov</time></li>
<li>No link in this one</li>
</ul></body></html>"""


def sources_file(path, base: str, *, extra: str = "") -> str:
    path.write_text(f"""\
defaults: {{interval_minutes: 30, language: en, enabled: true, allow_private: true}}
prefilter:
  ai_terms: [AI, chatbot, DeepSeek, ChatGPT]
  restriction_terms: [ban, bans, bars, restricts, suspends]
sources:
  - {{id: wire, name: Wire, kind: feed, url: "{base}/feed.xml"}}
  - {{id: notices, name: Notices, kind: html, url: "{base}/notices.html",
     selectors: {{item: "ul.notices li", link: "a", title: "a", date: "time"}}}}
  - {{id: quiet, name: Quiet, kind: feed, url: "{base}/quiet.xml", enabled: false}}
{extra}""", encoding="utf-8")
    return str(path)


@pytest.fixture
def site():
    with LoopbackServer() as server:
        server.route("/robots.txt", Response(body=ROBOTS, content_type="text/plain"))
        server.route("/feed.xml", Response(body=rss([
            {"title": "ChatGPT ban at a bank", "link": server.url("/news/10")},
            {"title": "Weather today", "link": server.url("/news/11")},
            {"title": "A leak", "link": server.url("/private/12")},
        ]), content_type="application/rss+xml"))
        server.route("/notices.html", Response(body=LISTING))
        yield server


def block(stdout: str, source_id: str) -> str:
    """The lines of the report about one source."""
    match = re.search(rf"^\S+ +{re.escape(source_id)} .*?(?=^\S|\Z)", stdout, re.M | re.S)
    assert match, stdout
    return match.group(0)


def test_check_reports_each_source_and_stores_nothing(tmp_path, site):
    sources = sources_file(tmp_path / "s.yml", site.base_url)
    db = tmp_path / "never.db"
    result = run_offlimits("--db", db, "--sources", sources, "sources", "check")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    out = result.stdout
    wire, notices = block(out, "wire"), block(out, "notices")
    assert "HTTP 200" in wire and "3 items" in wire
    assert "robots.txt: pages 2 of 3 allowed" in wire  # /private/12 is disallowed
    assert "HTTP 200" in notices and "4 items" in notices  # the fifth <li> has no link
    assert "item 'ul.notices li' 5" in notices
    assert "link 'a' 4" in notices and "title 'a' 4" in notices and "date 'time' 3" in notices
    assert "robots.txt: allowed; pages 3 of 4 allowed" in notices
    assert "1 item(s) without a link skipped" in notices  # the parse warning
    assert "quiet" not in out  # disabled: only checked when named
    assert re.search(r"^checked 2 sources: 2 ok, 0 failed; 7 items", out, re.M), out
    assert not db.exists()
    assert site.hits("/news/1") == site.hits("/news/10") == 0  # no page fetched


def test_check_named_sources_and_a_failure(tmp_path, site):
    extra = '  - {id: gone, name: Gone, kind: feed, url: "http://127.0.0.1:9/feed.xml"}\n'
    sources = sources_file(tmp_path / "s.yml", site.base_url, extra=extra)
    db = tmp_path / "x.db"
    init = run_offlimits("--db", db, "--sources", sources, "init")
    assert init.returncode == 0, init.stderr
    before = db.read_bytes()
    result = run_offlimits("--db", db, "--sources", sources, "sources", "check", "quiet", "gone")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "HTTP 404" in block(result.stdout, "quiet")
    assert "network error" in block(result.stdout, "gone")
    assert re.search(r"^checked 2 sources: 0 ok, 2 failed \(quiet, gone\)", result.stdout, re.M)
    assert db.read_bytes() == before


def test_check_json(tmp_path, site):
    sources = sources_file(tmp_path / "s.yml", site.base_url)
    result = run_offlimits("--sources", sources, "sources", "check", "--json", "notices")
    assert result.returncode == 0, result.stderr
    [report] = json.loads(result.stdout)
    assert report["id"] == "notices" and report["ok"] is True
    assert report["http_status"] == 200 and report["items"] == 4
    assert report["selectors"] == {"item": 5, "link": 4, "title": 4, "date": 3}
    assert report["robots"]["pages_allowed"] == 3 and report["robots"]["pages_checked"] == 4


def test_check_an_unknown_id(tmp_path, site):
    sources = sources_file(tmp_path / "s.yml", site.base_url)
    result = run_offlimits("--sources", sources, "sources", "check", "nope")
    assert result.returncode == 1
    assert "Error: unknown source id(s): nope" in result.stderr
    assert "Traceback" not in result.stderr
