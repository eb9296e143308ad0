"""A 10 MB feed of huge items ends as a timeline page of ordinary size (issue 11.12): real
loopback feed, real pipeline, real SQLite file, then the real Datasette over it."""

import asyncio
import re

from offlimits.pipeline import MAX_EVIDENCE_CHARS
from offlimits.web.app import build_datasette
from scrapers.ingest import DEFAULT_LIMITS
from tests.hostile.collecting import pipeline, rows
from tests.scrapers.conftest import feed_source
from tests.scrapers.server import LoopbackServer, Response, rss

REGULATORS = ["Italy's data protection authority", "Australia's home affairs department",
              "South Korea's privacy commission", "Taiwan's digital ministry"]


def huge_item(i: int) -> dict[str, str]:
    who = REGULATORS[i % len(REGULATORS)]
    title = f"{who} bans ChatGPT on official phones, report {i} " + "really " * 3000
    story = (f"{who} banned ChatGPT on official phones on Monday, report {i} said. "
             "Officials said the chatbot " + "and the service " * 12_000 + "was blocked.")
    return {"title": title, "link": f"http://news.invalid/{i}", "description": story}


def test_a_ten_megabyte_feed_gives_a_timeline_page_of_ordinary_size(tmp_path):
    db = tmp_path / "o.db"
    feed = rss([huge_item(i) for i in range(50)])
    assert len(feed) > 9_000_000
    with LoopbackServer() as server:
        server.route("/feed.xml", Response(body=feed, content_type="application/rss+xml"))
        with pipeline(db, [feed_source(server.url("/feed.xml"), fetch_pages=False)]) as running:
            stats = running.run_cycle(["test-feed"]).polls[0]
    assert stats.ok and stats.items_new == 50 and stats.events >= 1
    (longest_title, longest_summary), = rows(
        db, "SELECT max(length(title)), max(length(summary)) FROM articles")
    assert longest_title <= DEFAULT_LIMITS.max_title_chars
    assert longest_summary <= DEFAULT_LIMITS.max_summary_chars

    datasette = build_datasette(db)
    page = asyncio.run(datasette.client.get("/-/timeline"))
    assert page.status_code == 200
    events_shown = re.findall(r'<article class="event [^"]*" id="event-(\d+)"', page.text)
    assert len(events_shown) == rows(db, "SELECT count(*) FROM events")[0][0] >= 1
    assert "bans ChatGPT on official phones" in page.text
    assert len(page.content) < 1_000_000  # the raw feed was over 9 MB
    markup = re.sub(r"<(style|script)\b.*?</\1>", "", page.text, flags=re.S)
    runs = [len(run) for run in re.findall(r">([^<]+)<", markup)]
    assert max(runs) <= max(MAX_EVIDENCE_CHARS, DEFAULT_LIMITS.max_title_chars) * 1.2
