"""Issue 9: partial dates as ranges, safe stemmed search, filters by id/name/alias, notices."""

from __future__ import annotations

import pytest

from tests.web.conftest import fetch
from tests.web.test_timeline_page import event_ids


@pytest.mark.parametrize(("query", "expected"), [
    ("date_from=2025&date_to=2025", [6, 4, 5]),  # the whole year
    ("date_from=2025-02&date_to=2025-02", [4]),  # the whole month
    ("date_to=2023", [1, 3, 2, 8]),  # to the end of 2023
    ("date_from=2023-04&date_to=2023-04", [3, 8]),  # the year-only event overlaps April
])
def test_partial_dates_mean_ranges_on_the_timeline(datasette, query, expected):
    assert event_ids(fetch(datasette, f"/-/timeline?{query}").text) == expected


def test_partial_dates_mean_ranges_in_the_canned_query(datasette):
    rows = fetch(datasette, "/offlimits/events_between.json?from=2025&to=2025&_shape=array")
    assert sorted(r["event_id"] for r in rows.json()) == [4, 5, 6]
    feb = fetch(datasette, "/offlimits/events_between.json?from=2025-02&to=2025-02&_shape=array")
    assert [r["event_id"] for r in feb.json()] == [4]


def test_impossible_date_is_an_error_on_the_page_and_400_in_json(datasette):
    page = fetch(datasette, "/-/timeline?date_from=2025-13-45")
    assert page.status_code == 400 and "no such date" in page.text
    assert 'role="alert"' in page.text
    data = fetch(datasette, "/-/timeline.json?date_from=2025-13-45")
    assert data.status_code == 400 and "date_from" in data.json()["error"]
    canned = fetch(datasette, "/offlimits/events_between.json?from=2025-13-45&to=")
    assert canned.status_code == 400 and "no such date" in canned.json()["error"]


@pytest.mark.parametrize("q", ['"', "%00", "AND", "NEAR(", "*", "-privacy", "a%22b(", "%1b"])
def test_any_search_text_is_safe(datasette, q):
    for path in (f"/-/timeline?q={q}", f"/offlimits/search_events.json?q={q}",
                 f"/offlimits/search_articles.json?q={q}"):
        assert fetch(datasette, path).status_code == 200, path


def test_search_stems_and_understands_phrases_and_exclusions(datasette):
    # "block" finds "blocked" (event 7) as well as "block" (event 5): porter stemming.
    assert event_ids(fetch(datasette, "/-/timeline?q=block").text) == [5, 7]
    # "ordered" (events 5, 2) and "the order" (event 4, in its evidence)
    assert event_ids(fetch(datasette, "/-/timeline?q=order").text) == [4, 5, 2]
    assert event_ids(fetch(datasette, '/-/timeline?q="privacy changes"').text) == [3]
    assert event_ids(fetch(datasette, "/-/timeline?q=privacy -rome").text) == [3]
    rows = fetch(datasette, "/offlimits/search_events.json?q=block&_shape=array").json()
    assert sorted(r["event_id"] for r in rows) == [5, 7]


@pytest.mark.parametrize(("query", "expected"), [
    ("actor=Garante", [5, 3, 2]),  # alias, other case
    ("actor=GARANTE PER LA PROTEZIONE DEI DATI PERSONALI", [5, 3, 2]),  # name, any case
    ("actor=Open AI", [7]),  # alias with a space
    ("actor=Australian", [4]),  # part of a name
    ("vendor=hangzhou deepseek", [4, 5]),
    ("product=Chat GPT", [1, 3, 2, 8]),
    ("product=claude", [6]),
    ("status=verified", [1]),
    ("status=extracted&vendor=deepseek", [4, 5]),
])
def test_filters_match_ids_names_and_aliases(datasette, query, expected):
    assert event_ids(fetch(datasette, f"/-/timeline?{query}").text) == expected


def test_unknown_parameter_and_value_are_named_not_dropped(datasette):
    page = fetch(datasette, "/-/timeline?colour=red&vendr=openai")
    assert page.status_code == 200
    assert "Not a filter here, so not applied: &#39;colour&#39;, &#39;vendr&#39;" in page.text
    nobody = fetch(datasette, "/-/timeline?actor=nobody-at-all").text
    assert "No actor matches &#39;nobody-at-all&#39;" in nobody and event_ids(nobody) == []
    bad = fetch(datasette, "/-/timeline?status=maybe")
    assert bad.status_code == 400 and "status must be one of verified, extracted" in bad.text


def test_canned_queries_take_aliases(datasette):
    rows = fetch(datasette, "/offlimits/events_for_actor.json?actor=garante&_shape=array")
    assert sorted(r["event_id"] for r in rows.json()) == [2, 3, 5]
    rows = fetch(datasette, "/offlimits/events_for_vendor.json?vendor=Open%20AI&_shape=array")
    assert sorted(r["event_id"] for r in rows.json()) == [1, 2, 3, 7, 8]
