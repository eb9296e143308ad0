"""Issue 9 and 11: Atom and iCalendar for any view (parsed by feedparser and icalendar),
JSON beside the pages, CSV exports, hostile text, and public SQL limits."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import date

import feedparser
import icalendar
import pytest

from offlimits.store import open_store
from offlimits.web.app import build_datasette
from tests.web.conftest import build_fixture_database, fetch

HOSTILE_TITLE = '=HYPERLINK("https://evil.example","click")'


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory):
    """The fixture database with control characters, a formula and a javascript: link."""
    path = build_fixture_database(tmp_path_factory.mktemp("hostile") / "offlimits.db")
    db = open_store(path)
    db.execute("UPDATE events SET summary = ? WHERE id = 4",
               ["Bell\x01 escape\x1b and U+FFFE\ufffe in a summary."])
    db.execute("UPDATE articles SET title = ? WHERE id = 5", [HOSTILE_TITLE])
    db.execute("UPDATE event_articles SET evidence = ? WHERE event_id = 4 AND article_id = 5",
               ["-1+1 as a formula, with \x01 inside."])
    db["event_sources"].insert({"event_id": 1, "url": "javascript:alert(1)"})
    db.execute("UPDATE articles SET language = 'en'")
    db.execute("UPDATE articles SET language = 'it' WHERE id IN (2, 6)")
    db.conn.commit()
    db.conn.close()
    return build_datasette(path)


def test_atom_follows_every_filter_and_is_valid(datasette):
    response = fetch(datasette, "/-/timeline.atom?vendor=deepseek&region=IT")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert [e.id for e in feed.entries] == ["urn:offlimits:event:e5test"]
    entry = feed.entries[0]
    assert entry.author == "offlimits" and feed.feed.author == "offlimits"
    assert entry.link.endswith("/-/events/e5test")
    assert entry.updated_parsed and feed.feed.updated_parsed
    assert "Rome" in entry.content[0].value  # the evidence sentence
    for query, count in (("actor=garante", 3), ("q=block", 2), ("status=verified", 1),
                         ("date_from=2025", 3), ("product=chatgpt&action=lift", 1)):
        parsed = feedparser.parse(fetch(datasette, f"/-/timeline.atom?{query}").content)
        assert len(parsed.entries) == count, query


def test_atom_ids_are_stable_and_updated_is_the_last_change(datasette):
    first = feedparser.parse(fetch(datasette, "/-/timeline.atom").content)
    second = feedparser.parse(fetch(datasette, "/-/timeline.atom").content)
    assert [e.id for e in first.entries] == [e.id for e in second.entries]
    assert first.feed.updated == second.feed.updated  # not "now"
    assert first.feed.updated_parsed == max(e.updated_parsed for e in first.entries)


def test_control_characters_do_not_break_the_feeds(hostile):
    response = fetch(hostile, "/-/timeline.atom?vendor=deepseek")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo and len(feed.entries) == 2
    assert "Bell escape and U+FFFE in a summary." in response.text
    legacy = fetch(hostile, "/offlimits/new_events.atom")
    assert legacy.status_code == 200 and not feedparser.parse(legacy.content).bozo


def test_icalendar_is_all_day_stamped_folded_and_filtered(datasette):
    response = fetch(datasette, "/-/timeline.ics?vendor=deepseek")
    assert response.status_code == 200 and response.headers["content-type"].startswith(
        "text/calendar")
    lines = response.content.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"e4test@offlimits", "e4test-effective@offlimits", "e5test@offlimits"}
    day = events["e4test@offlimits"]
    assert day["DTSTART"].dt == date(2025, 2, 4) and day["DTEND"].dt == date(2025, 2, 5)
    assert "DTSTAMP" in day and day["URL"].endswith("/-/events/e4test")
    month = events["e5test@offlimits"]  # known to the month: spans January 2025
    assert month["DTSTART"].dt == date(2025, 1, 1) and month["DTEND"].dt == date(2025, 2, 1)
    assert "Rome's privacy authority" in str(month["DESCRIPTION"])


def test_subscribe_links_on_timeline_and_entity_pages(datasette):
    html = fetch(datasette, "/-/timeline?actor=garante&action=ban").text
    assert 'href="/-/timeline.atom?actor=garante&amp;action=ban"' in html
    assert 'href="/-/timeline.ics?actor=garante&amp;action=ban"' in html
    entity = fetch(datasette, "/-/entities/deepseek").text
    assert 'href="/-/timeline.atom?entity=deepseek"' in entity
    parsed = feedparser.parse(fetch(datasette, "/-/timeline.atom?entity=deepseek").content)
    assert len(parsed.entries) == 2


def test_bad_days_and_bad_feed_filters_are_400(datasette):
    response = fetch(datasette, "/offlimits/new_events.atom?days=abc")
    assert response.status_code == 400 and "days must be a whole number" in response.text
    assert fetch(datasette, "/-/timeline.atom?date_to=2025-02-30").status_code == 400
    assert fetch(datasette, "/-/timeline.ics?page=x").status_code == 400


def test_json_beside_every_custom_page(datasette):
    data = fetch(datasette, "/-/timeline.json?actor=garante").json()
    assert [e["id"] for e in data["events"]] == [5, 3, 2] and data["total"] == 3
    assert data["events"][0]["uid"] == "e5test"
    entity = fetch(datasette, "/-/entities/deepseek.json").json()
    assert entity["entity"]["name"] == "DeepSeek" and entity["total"] == 2
    assert sorted(e["id"] for e in entity["events"]) == [4, 5]
    index = fetch(datasette, "/-/entities.json").json()["entities"]
    counts = {e["id"]: e["events"] for e in index}
    assert counts["openai"] == 5 and counts["deepseek"] == 2 and "acme-widgets" not in counts
    html = fetch(datasette, "/-/entities").text
    assert 'href="/-/entities/deepseek">DeepSeek</a>' in html


def read_csv(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_timeline_csv_is_a_dated_download_with_countries_and_lists(datasette):
    response = fetch(datasette, "/-/timeline.csv?date_from=2025")
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = read_csv(response)
    assert [r["event_id"] for r in rows] == ["6", "4", "5"]  # newest first
    assert rows[1]["actor_country"] == "AU" and rows[1]["vendor"] == "DeepSeek"
    everything = read_csv(fetch(datasette, "/-/timeline.csv"))
    assert len(everything) == 8
    samsung = next(r for r in everything if r["event_id"] == "1")
    assert samsung["source_urls"].count(";") == 1 and " " not in samsung["source_urls"]
    assert not response.content.startswith(b"\xef\xbb\xbf")
    assert fetch(datasette, "/-/timeline.csv?_bom=1").content.startswith(b"\xef\xbb\xbf")
    view = fetch(datasette, "/offlimits/timeline.csv?_bom=1")
    assert view.content.startswith(b"\xef\xbb\xbf")
    assert view.headers["content-type"].startswith("text/csv")


def test_reports_csv_has_one_row_per_event_and_article(datasette):
    rows = read_csv(fetch(datasette, "/-/reports.csv?vendor=deepseek"))
    assert sorted((r["event_id"], r["article_id"]) for r in rows) == [
        ("4", "4"), ("4", "5"), ("5", "6")]
    report = next(r for r in rows if r["article_id"] == "6")
    assert report["article_outlet"] == "Policy Wire"
    assert report["article_url"] == "https://policywire.example/a/6"
    assert report["article_title"] == "Rome regulator orders DeepSeek offline"
    assert "Rome's privacy authority" in report["report_evidence"]
    total = read_csv(fetch(datasette, "/-/reports.csv"))
    assert len({r["event_id"] for r in total}) == 8  # no event lost


def test_formula_cells_are_neutralised_in_every_csv(hostile):
    articles = read_csv(fetch(hostile, "/offlimits/articles.csv?id=5"))
    assert articles[0]["title"] == "'" + HOSTILE_TITLE
    reports = read_csv(fetch(hostile, "/-/reports.csv?vendor=deepseek"))
    cells = [c for r in reports for c in r.values()]
    assert "'" + HOSTILE_TITLE in cells
    assert not any(c.startswith(("=", "+", "@", "\t", "\r")) for c in cells)
    assert not any(c.startswith("-") and not c.lstrip("-").isdigit() for c in cells)
    view = read_csv(fetch(hostile, "/offlimits/timeline.csv?_stream=on"))
    assert not any(str(c).startswith("=") for r in view for c in r.values())


def test_language_filter_keeps_events_reported_in_that_language(hostile):
    from tests.web.test_timeline_page import event_ids

    assert event_ids(fetch(hostile, "/-/timeline?language=it").text) == [5, 2]
    assert event_ids(fetch(hostile, "/-/timeline?language=IT&action=ban").text) == [5]
    assert fetch(hostile, "/-/timeline?language=italian!").status_code == 400


def test_only_web_links_are_rendered(hostile):
    html = fetch(hostile, "/-/timeline").text
    assert "javascript:alert(1)" in html  # shown as text
    assert 'href="javascript:' not in html


def post(ds, path: str):
    return asyncio.run(ds.client.post(path, data={"q": "ban"}))


def test_public_sql_is_limited_and_hides_the_path(datasette, fixture_db):
    tokenizer = fetch(datasette, "/offlimits.json?sql=select+fts3_tokenizer('simple')")
    assert tokenizer.status_code == 400 and "not authorized" in tokenizer.text
    path_rows = fetch(
        datasette, "/offlimits.json?sql=select+file+from+pragma_database_list()&_shape=array"
    ).json()
    assert path_rows and all(r["file"] is None for r in path_rows)
    databases = fetch(datasette, "/-/databases.json")
    assert databases.status_code == 200 and str(fixture_db.parent) not in databases.text
    assert fetch(datasette, "/offlimits.json?sql=attach+'x.db'+as+x").status_code == 400


@pytest.mark.parametrize("path", [
    "/-/timeline?page=99999999999999999999999999",
    "/-/timeline.json?page=99999999999999999999999999",
    "/-/entities/openai?page=99999999999999999999999999",
    "/offlimits/timeline?_next=99999999999999999999999",
    "/offlimits/timeline?_next=abc",
    "/offlimits/timeline.csv?_stream=on&_next=99999999999999999999999",
    "/offlimits/events?_next=99999999999999999999999",
])
def test_huge_page_is_a_400(datasette, path):
    assert fetch(datasette, path).status_code == 400


def test_post_to_a_canned_query_is_405(datasette):
    assert post(datasette, "/offlimits/search_events").status_code == 405
    assert post(datasette, "/offlimits/search_events.json").json()["ok"] is False
