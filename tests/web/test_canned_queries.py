"""Every canned query in metadata.yml answers, as HTML and JSON, with the right rows."""

from __future__ import annotations

import feedparser
import pytest

from offlimits.web.app import load_metadata
from tests.web.conftest import ARTICLES, fetch

# query -> (query string, expected event ids in order, or None when rows are not events)
CASES = {
    "events_for_vendor": ("vendor=DeepSeek", [4, 5]),
    "events_for_actor": ("actor=garante", [5, 3, 2]),
    "events_for_region": ("region=Italy", [5, 3, 2]),
    "events_between": ("from=2023-04-15&to=2025-01-10", [5, 7, 1, 3, 8]),
    "new_events": ("days=30", [8, 7, 6, 5, 4, 3, 1]),
    "search_events": ("q=privacy", [5, 3, 2]),
    "effective_dates": ("", [4]),
}


def json_rows(ds, path: str) -> list[dict]:
    response = fetch(ds, path)
    assert response.status_code == 200, response.text[:500]
    return response.json()["rows"]


def test_every_canned_query_is_tested():
    queries = set(load_metadata()["databases"]["offlimits"]["queries"])
    assert queries == set(CASES) | {"search_articles", "source_health"}


@pytest.mark.parametrize("name", sorted(CASES))
def test_canned_query_returns_expected_events(datasette, name):
    query, expected = CASES[name]
    rows = json_rows(datasette, f"/offlimits/{name}.json?_shape=objects&{query}")
    assert [row["event_id"] for row in rows] == expected
    html = fetch(datasette, f"/offlimits/{name}?{query}")
    assert html.status_code == 200
    title = load_metadata()["databases"]["offlimits"]["queries"][name]["title"]
    assert title in html.text


def test_canned_queries_with_parameters_left_out(datasette):
    # Datasette passes a missing parameter as '': no filter for new_events' vendor and actor,
    # no bound for events_between, nothing for a missing vendor.
    assert len(json_rows(datasette, "/offlimits/events_between.json?_shape=objects")) == 8
    assert json_rows(datasette, "/offlimits/events_for_vendor.json?_shape=objects") == []
    ids = [r["event_id"] for r in json_rows(datasette, "/offlimits/new_events.json?_shape=objects")]
    assert ids == [8, 7, 6, 5, 4, 3, 1]


def test_new_events_filters_by_vendor_and_actor(datasette):
    rows = json_rows(datasette, "/offlimits/new_events.json?_shape=objects&vendor=openai")
    assert [r["event_id"] for r in rows] == [8, 7, 3, 1]
    rows = json_rows(datasette, "/offlimits/new_events.json?_shape=objects&actor=Garante+per+"
                     "la+protezione+dei+dati+personali")
    assert [r["event_id"] for r in rows] == [5, 3]
    rows = json_rows(datasette, "/offlimits/new_events.json?_shape=objects&days=5000")
    assert 2 in [r["event_id"] for r in rows]


def test_search_articles(datasette):
    rows = json_rows(datasette, "/offlimits/search_articles.json?_shape=objects&q=DeepSeek")
    assert sorted(r["id"] for r in rows) == [5, 6]
    assert {r["outlet"] for r in rows} == {"Tech News Daily", "Policy Wire"}


def test_search_with_an_unclosed_quote_reads_it_as_a_phrase(datasette):
    response = fetch(datasette, "/offlimits/search_events.json?q=%22privacy%20changes&_shape=array")
    assert response.status_code == 200
    assert [r["event_id"] for r in response.json()] == [3]


def test_source_health_lists_failing_sources_first(datasette):
    rows = json_rows(datasette, "/offlimits/source_health.json?_shape=objects")
    assert [r["id"] for r in rows] == ["policywire", "technews"]
    assert rows[0]["consecutive_failures"] == 3 and rows[0]["failed_polls"] == 1
    assert rows[1]["new_items"] == 3


def test_search_articles_stems(datasette):
    """articles_fts has the porter stemmer (migration 0009): "halt" finds "halts",
    "bar" finds "bars", and the exact word still matches."""
    halted = json_rows(datasette, "/offlimits/search_articles.json?_shape=objects&q=halt")
    assert [r["id"] for r in halted] == [2]
    barred = json_rows(datasette, "/offlimits/search_articles.json?_shape=objects&q=bar")
    assert [r["id"] for r in barred] == [5]
    every = json_rows(datasette, "/offlimits/search_articles.json?_shape=objects&q=restrictions")
    assert len(every) == len(ARTICLES)  # each text says "an AI restriction"


def test_new_events_feed_follows_the_region(datasette):
    """Issue 9: `new_events.atom?vendor=deepseek&region=US` ignored the region."""
    both = json_rows(datasette, "/offlimits/new_events.json?_shape=objects&vendor=deepseek")
    assert sorted(r["event_id"] for r in both) == [4, 5]
    rows = json_rows(datasette,
                     "/offlimits/new_events.json?_shape=objects&vendor=deepseek&region=it")
    assert [r["event_id"] for r in rows] == [5]
    assert json_rows(datasette, "/offlimits/new_events.json?_shape=objects&vendor=deepseek"
                                "&region=US") == []
    italy = json_rows(datasette, "/offlimits/new_events.json?_shape=objects&region=Italy")
    assert [r["event_id"] for r in italy] == [5, 3]
    feed = feedparser.parse(fetch(datasette, "/offlimits/new_events.atom?vendor=deepseek"
                                             "&region=AU").content)
    assert len(feed.entries) == 1 and "Australian Government" in feed.entries[0].title


def test_a_parameter_a_canned_query_does_not_take_is_named(datasette):
    response = fetch(datasette, "/offlimits/new_events.atom?vendor=deepseek&regoin=US")
    assert response.status_code == 400
    assert "unknown parameter 'regoin' for new_events" in response.text
    assert "actor, days, region, vendor" in response.text
    response = fetch(datasette, "/offlimits/events_between.json?form=2025")
    assert response.status_code == 400 and response.json()["error"].startswith(
        "unknown parameter 'form' for events_between: it takes from, to")
    # Datasette's own arguments are not parameters
    assert fetch(datasette, "/offlimits/events_between.json?from=2025&_shape=array"
                            "&_size=5").status_code == 200
