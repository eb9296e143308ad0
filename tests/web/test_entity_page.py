"""/-/entities/<id>: an entity's facts, counts by action and year, chart and events."""

from __future__ import annotations

import re

from tests.web.conftest import fetch
from tests.web.test_timeline_page import event_ids


def test_vendor_page_lists_events_counts_aliases_and_products(datasette):
    response = fetch(datasette, "/-/entities/openai")
    assert response.status_code == 200
    html = response.text
    assert "<h1>OpenAI</h1>" in html
    assert "United States (US)" in html
    assert "Open AI" in html  # alias
    assert 'href="/-/entities/chatgpt">ChatGPT</a>' in html  # its product
    assert event_ids(html) == [7, 1, 3, 2, 8]  # the rejected event 9 is left out
    assert "5 events involving OpenAI" in html
    by_action = html.split("<caption>By action</caption>")[1].split("</table>")[0]
    assert re.findall(r"<td>(\w+)</td><td>(\d+)</td>", by_action) == [
        ("restrict", "2"), ("ban", "1"), ("lift", "1"), ("suspend", "1")]
    by_year = html.split("<caption>By year</caption>")[1].split("</table>")[0]
    assert re.findall(r"<td>(\w+)</td><td>(\d+)</td>", by_year) == [
        ("2024", "1"), ("2023", "4")]
    assert '<svg class="events-chart' in html


def test_product_page_links_its_vendor(datasette):
    html = fetch(datasette, "/-/entities/chatgpt").text
    assert "<dt>Vendor</dt><dd><a href=\"/-/entities/openai\">OpenAI</a></dd>" in html
    assert event_ids(html) == [1, 3, 2, 8]


def test_actor_and_affected_pages(datasette):
    assert event_ids(fetch(datasette, "/-/entities/garante").text) == [5, 3, 2]
    html = fetch(datasette, "/-/entities/cn-controlled-companies").text
    assert event_ids(html) == [6]
    assert "China (CN)" in html


def test_entity_csv_link_exports_its_events(datasette):
    html = fetch(datasette, "/-/entities/garante").text
    href = re.search(r'<a href="([^"]+)" download>', html).group(1).replace("&amp;", "&")
    ids = [int(line.split(",")[0]) for line in fetch(datasette, href).text.strip().splitlines()[1:]]
    assert sorted(ids) == [2, 3, 5]


def test_unknown_entity_is_404(datasette):
    response = fetch(datasette, "/-/entities/no-such-thing")
    assert response.status_code == 404
    assert "No entity with id" in response.text


def test_entity_without_events(datasette):
    html = fetch(datasette, "/-/entities/claude").text
    assert event_ids(html) == [6]
    html = fetch(datasette, "/-/entities/acme-widgets").text  # only a rejected event
    assert event_ids(html) == [] and "0 events involving Acme Widgets" in html


def test_busy_entity_and_common_word_plans_give_the_same_pages(datasette, monkeypatch):
    """Above SCAN_THRESHOLD the pages walk an index and probe; the events are the same."""
    from collections import OrderedDict

    from offlimits.web import data_cache, timeline_data

    paths = ["/-/entities/openai", "/-/entities/garante", "/-/timeline?q=privacy",
             "/-/timeline?q=privacy&vendor=openai", "/-/entities/openai?page=1"]
    before = {p: fetch(datasette, p).text for p in paths}
    monkeypatch.setattr(timeline_data, "SCAN_THRESHOLD", 0)
    monkeypatch.setattr(data_cache, "_entries", OrderedDict())  # recount under the new plans
    for path in paths:
        after = fetch(datasette, path).text
        assert event_ids(after) == event_ids(before[path]) != []
        assert re.findall(r"<td>(\w+)</td><td>(\d+)</td>", after) == re.findall(
            r"<td>(\w+)</td><td>(\d+)</td>", before[path])
