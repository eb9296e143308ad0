"""/-/timeline: events newest first by month, filters as a permalink, CSV link, pagination."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

from tests.web.conftest import fetch


def event_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<article class="event [^"]*" id="event-(\d+)"', html)]


def test_timeline_lists_events_newest_first_grouped_by_month(datasette):
    response = fetch(datasette, "/-/timeline")
    assert response.status_code == 200
    html = response.text
    # Rejected event 9 is left out; the year-only event 8 comes after March 2023.
    assert event_ids(html) == [6, 4, 5, 7, 1, 3, 2, 8]
    headings = re.findall(r'<h2 class="month" id="month-\d+">([^<]+)</h2>', html)
    assert headings == ["September 2025", "February 2025", "January 2025", "July 2024",
                        "May 2023", "April 2023", "March 2023", "2023"]
    assert "8 events" in html


def test_event_shows_date_precision_names_status_evidence_and_sources(datasette):
    html = fetch(datasette, "/-/timeline").text
    event = html.split('id="event-1"')[1].split("</article>")[0]
    assert "1 May 2023" in event
    assert 'href="/-/entities/samsung">Samsung Electronics</a>' in event
    assert "bans" in event
    assert 'href="/-/entities/chatgpt">ChatGPT</a>' in event
    assert 'href="/-/entities/openai">OpenAI</a>' in event
    assert "badge-verified" in event
    assert "South Korea" in event
    assert "after an internal code leak" in event  # the evidence sentence
    assert 'href="https://technews.example/a/1">Chip maker tells staff' in event
    assert "Tech News Daily" in event and "2 May 2023" in event
    assert "https://official.example/samsung-memo" in event
    month_event = html.split('id="event-5"')[1].split("</article>")[0]
    assert "January 2025" in month_event and "(month precision)" in month_event
    assert "badge-extracted" in month_event
    affected = html.split('id="event-6"')[1].split("</article>")[0]
    assert 'href="/-/entities/cn-controlled-companies">Chinese-controlled companies' in affected


def test_outlet_falls_back_to_host_without_source(datasette):
    event = fetch(datasette, "/-/timeline").text.split('id="event-4"')[1].split("</article>")[0]
    assert "unlisted-news.example" in event


def test_vendor_filter_shows_only_that_vendor(datasette):
    html = fetch(datasette, "/-/timeline?vendor=deepseek").text
    assert event_ids(html) == [4, 5]
    assert '<option value="deepseek" selected>' in html
    assert "2 events match these filters" in html


def test_one_event_matches(datasette):
    html = fetch(datasette, "/-/timeline?actor=garante&action=ban").text
    assert event_ids(html) == [5]
    assert "1 event matches these filters" in html and "1 event match " not in html


def test_vendor_filter_accepts_a_name(datasette):
    assert event_ids(fetch(datasette, "/-/timeline?vendor=DeepSeek").text) == [4, 5]


def test_filters_combine(datasette):
    assert event_ids(fetch(datasette, "/-/timeline?actor=garante").text) == [5, 3, 2]
    assert event_ids(fetch(datasette, "/-/timeline?actor=garante&action=lift").text) == [3]
    assert event_ids(fetch(datasette, "/-/timeline?region=cn").text) == [6, 7]
    assert event_ids(fetch(datasette, "/-/timeline?q=privacy").text) == [5, 3, 2]


def test_date_range_keeps_events_whose_month_or_year_overlaps(datasette):
    html = fetch(datasette, "/-/timeline?date_from=2023-04-15&date_to=2025-01-10").text
    # 2025-01 (month precision) overlaps; 2023 (year precision) overlaps too.
    assert event_ids(html) == [5, 7, 1, 3, 8]


def test_bad_date_is_a_clear_400(datasette):
    response = fetch(datasette, "/-/timeline?date_from=yesterday")
    assert response.status_code == 400
    assert "From date (date_from) must be a date as YYYY-MM-DD" in response.text
    assert "&#39;yesterday&#39;" in response.text


def test_bad_page_is_a_clear_400(datasette):
    response = fetch(datasette, "/-/timeline?page=0")
    assert response.status_code == 400
    assert "page must be a whole number" in response.text


def test_page_past_the_end_shows_no_events(datasette):
    html = fetch(datasette, "/-/timeline?page=5").text
    assert event_ids(html) == []
    assert "No events match these filters." in html
    assert 'rel="prev"' in html


def test_csv_link_exports_the_same_events(datasette):
    html = fetch(datasette, "/-/timeline?vendor=openai&region=IT&action=lift").text
    href = re.search(r'<a href="([^"]+)" download>Download CSV', html).group(1)
    href = href.replace("&amp;", "&")
    query = parse_qs(urlsplit(href).query)
    assert urlsplit(href).path == "/-/timeline.csv"
    assert query == {"vendor": ["openai"], "region": ["IT"], "action": ["lift"]}
    rows = fetch(datasette, href).text.strip().splitlines()
    assert len(rows) == 2 and rows[1].startswith("3,")


def test_csv_link_for_dates_and_text_matches_the_page(datasette):
    page = "/-/timeline?date_from=2023-04-15&date_to=2025-01-10&q=italy"
    html = fetch(datasette, page).text
    href = re.search(r'<a href="([^"]+)" download>', html).group(1).replace("&amp;", "&")
    csv_ids = sorted(int(line.split(",")[0]) for line in
                     fetch(datasette, href).text.strip().splitlines()[1:])
    assert csv_ids == sorted(event_ids(html)) == [3, 5]


class _FormReader(HTMLParser):
    """Collects the ids of form controls and the `for` of labels."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: dict[str, str] = {}
        self.labels: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in ("input", "select") and attributes.get("id"):
            self.controls[attributes["id"]] = attributes.get("name") or ""
        if tag == "label" and attributes.get("for"):
            self.labels.add(attributes["for"])


def test_every_filter_control_has_a_label_and_page_has_lang(datasette):
    html = fetch(datasette, "/-/timeline").text
    assert html.lstrip().startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    reader = _FormReader()
    reader.feed(html)
    names = set(reader.controls.values())
    assert {"vendor", "actor", "region", "action", "date_from", "date_to", "q"} <= names
    assert set(reader.controls) <= reader.labels
    assert "<h1>Timeline of AI restrictions</h1>" in html


def test_chart_is_inline_svg_with_a_data_table(datasette):
    html = fetch(datasette, "/-/timeline").text
    svg = re.search(r"<svg class=\"events-chart.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg
    assert "<script" not in html.split("<footer")[0].split("</header>")[1]  # readable w/o JS
    assert "<th scope=\"row\">March 2023</th>" in html
    assert "http://" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_counts_and_choices_follow_new_data(tmp_path):
    """Cached counts and filter choices are recomputed once the pipeline writes."""
    from offlimits.store import open_store
    from offlimits.web.app import build_datasette
    from tests.web.conftest import build_fixture_database

    path = build_fixture_database(tmp_path / "offlimits.db")
    ds = build_datasette(path)
    html = fetch(ds, "/-/timeline").text
    assert "8 events" in html and "Claude (" not in html.split("</select>")[0]
    db = open_store(path)
    db["events"].insert({
        "id": 10, "actor_id": "apple", "vendor_id": "anthropic", "product_id": "claude",
        "action": "warn", "regions": '["US"]', "date": "2025-10-02", "date_precision": "day",
        "month": "2025-10", "year": 2025, "status": "extracted",
        "summary": "Apple told staff to be careful with Claude.",
        "created_at": "2025-10-02T00:00:00Z", "updated_at": "2025-10-02T00:00:00Z",
    })
    db.conn.close()
    html = fetch(ds, "/-/timeline").text
    assert "9 events" in html
    assert '<option value="anthropic">Anthropic (2)</option>' in html
    assert event_ids(html)[0] == 10


def test_a_busy_actor_filter_pages_like_the_database_orders(tmp_path):
    """An actor with more events than SCAN_THRESHOLD is checked per row while walking the
    date index (fast on 100,000 events); the pages are still the newest events, in order."""
    from offlimits.store import open_store
    from offlimits.web.app import build_datasette
    from offlimits.web.timeline_data import SCAN_THRESHOLD
    from tests.web.conftest import build_fixture_database

    path = build_fixture_database(tmp_path / "offlimits.db")
    db = open_store(path)
    n = SCAN_THRESHOLD + 150
    db["events"].insert_all({
        "id": 100 + i, "uid": f"busy{i}", "actor_id": "apple", "vendor_id": "openai",
        "action": "warn", "regions": "[]", "date": f"20{10 + i % 15}-{1 + i % 12:02d}-01",
        "date_precision": "day", "month": f"20{10 + i % 15}-{1 + i % 12:02d}",
        "year": 2010 + i % 15, "status": "extracted", "summary": f"Warning {i}.",
        "created_at": "2025-10-02T00:00:00Z", "updated_at": "2025-10-02T00:00:00Z",
    } for i in range(n))
    expected = [r[0] for r in db.conn.execute(
        "SELECT id FROM events WHERE actor_id = 'apple' AND status != 'rejected' "
        "ORDER BY date DESC, id DESC")]
    db.conn.close()
    ds = build_datasette(path)
    first = fetch(ds, "/-/timeline.json?actor=Apple").json()
    assert [e["id"] for e in first["events"]] == expected[:100]
    assert first["total"] == n + 1 and first["has_next"]
    page = fetch(ds, "/-/timeline.json?actor=apple&page=3").json()
    assert [e["id"] for e in page["events"]] == expected[200:300]
