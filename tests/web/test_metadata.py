"""metadata.yml documents the whole schema and hides the internals."""

from __future__ import annotations

import sqlite3

from offlimits.web.app import load_metadata
from tests.web.conftest import fetch

INTERNAL = {"_migrations", "articles_fts", "events_fts"}


def schema(path) -> dict[str, list[str]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
            "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts_%'")]
        return {n: [c[1] for c in conn.execute(f"PRAGMA table_info([{n}])")] for n in names}
    finally:
        conn.close()


def test_every_table_and_column_is_described(fixture_db):
    tables = load_metadata()["databases"]["offlimits"]["tables"]
    for name, columns in schema(fixture_db).items():
        if name in INTERNAL:
            assert tables[name]["hidden"] is True, name
            continue
        assert tables.get(name, {}).get("description"), f"{name} has no description"
        described = tables[name].get("columns", {})
        missing = [c for c in columns if not described.get(c)]
        assert not missing, f"{name}: undescribed columns {missing}"
        assert set(described) <= set(columns), f"{name}: describes unknown columns"


def test_licence_source_and_title():
    metadata = load_metadata()
    assert metadata["title"] == "offlimits"
    assert "CC BY 4.0" in metadata["license"] and "Apache-2.0" in metadata["license"]
    assert metadata["source_url"].startswith("https://")


def test_internal_tables_are_hidden_and_names_shown_for_keys(datasette):
    html = fetch(datasette, "/offlimits").text
    for name in INTERNAL:
        assert f'href="/offlimits/{name}"' not in html
    assert 'href="/offlimits/timeline"' in html
    # events.vendor_id is shown with the entity's name (label_column), sorted newest first.
    page = fetch(datasette, "/offlimits/events?_sort_desc=date").text
    assert "DeepSeek" in page and "Samsung Electronics" in page
    data = fetch(datasette, "/offlimits/events.json?_labels=on&_shape=array").json()
    assert data[0]["date"] == "2025-09"  # default sort: date, newest first
    assert data[0]["vendor_id"] == {"value": "anthropic", "label": "Anthropic"}


def test_default_facets_on_events(datasette):
    data = fetch(datasette, "/offlimits/events.json").json()
    facets = data["facet_results"]
    assert set(facets) == {"action", "vendor_id", "actor_id", "status", "month"}
    vendors = {f["value"]: (f["label"], f["count"]) for f in facets["vendor_id"]["results"]}
    assert vendors["openai"] == ("OpenAI", 6)
    regions = fetch(datasette, "/offlimits/events.json?_facet_array=regions").json()
    counts = {f["value"]: f["count"] for f in regions["facet_results"]["regions"]["results"]}
    assert counts["IT"] == 3 and counts["CN"] == 2


def test_timeline_view_facets_regions_as_an_array(datasette):
    """The view's regions is a JSON array, so Datasette's array facet works on it (it was a
    400: json_each over space-separated codes), and the counts leave rejected events out."""
    response = fetch(datasette, "/offlimits/timeline.json?_facet_array=regions")
    assert response.status_code == 200
    results = response.json()["facet_results"]["regions"]["results"]
    counts = {f["value"]: f["count"] for f in results}
    # event 9 (US, rejected) is not in the view; event 8 (Apple, US) is
    assert counts == {"IT": 3, "CN": 2, "KR": 1, "AU": 1, "US": 1}
    narrowed = fetch(datasette, "/offlimits/timeline.json?_facet_array=regions"
                                "&_shape=objects&regions__arraycontains=IT").json()
    assert sorted(r["event_id"] for r in narrowed["rows"]) == [2, 3, 5]
