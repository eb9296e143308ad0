"""The `timeline` view streams as complete CSV; JSON as Datasette gives it."""

from __future__ import annotations

import csv
import io

from tests.web.conftest import fetch


def test_timeline_csv_streams_every_event(datasette):
    response = fetch(datasette, "/offlimits/timeline.csv?_stream=on")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert sorted(int(r["event_id"]) for r in rows) == [1, 2, 3, 4, 5, 6, 7, 8]
    samsung = next(r for r in rows if r["event_id"] == "1")
    assert samsung["actor"] == "Samsung Electronics" and samsung["vendor"] == "OpenAI"
    assert samsung["regions"] == '["KR"]' and samsung["region_codes"] == "KR"
    assert samsung["actor_country"] == "KR" and samsung["status"] == "verified"
    assert "https://official.example/samsung-memo" in samsung["source_urls"]


def test_csv_export_is_not_cut_by_max_csv_mb(datasette):
    assert datasette.setting("max_csv_mb") == 0
    assert datasette.setting("allow_csv_stream") is True


def test_timeline_json(datasette):
    data = fetch(datasette, "/offlimits/timeline.json?_shape=array&vendor_id__exact=deepseek")
    assert data.status_code == 200
    assert sorted(r["event_id"] for r in data.json()) == [4, 5]


def test_timeline_view_search(datasette):
    data = fetch(datasette, "/offlimits/timeline.json?_shape=array&_search=privacy").json()
    assert sorted(r["event_id"] for r in data) == [2, 3, 5]
