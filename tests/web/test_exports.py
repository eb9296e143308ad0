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


def test_full_view_export_is_the_bytes_datasette_would_stream(datasette):
    """The plain ?_stream=on export is served from one query (view_csv); with _size it is
    Datasette's own paging: both give the same file, header and rows in the same order."""
    fast = fetch(datasette, "/offlimits/timeline.csv?_stream=on")
    own = fetch(datasette, "/offlimits/timeline.csv?_stream=on&_size=max")
    assert fast.status_code == own.status_code == 200
    assert fast.text == own.text
    assert fast.text.count("\r\n") == 9  # the header and the 8 events that are not rejected
    assert fast.headers["content-type"] == "text/csv; charset=utf-8"
    download = fetch(datasette, "/offlimits/timeline.csv?_stream=on&_dl=1&_bom=1")
    assert download.headers["content-disposition"] == 'attachment; filename="timeline.csv"'
    assert download.content.startswith(b"\xef\xbb\xbfevent_id,uid,")
    assert download.content[3:] == own.content


def test_full_view_export_follows_permissions(fixture_db):
    from offlimits.web.app import build_datasette

    ds = build_datasette(fixture_db)
    ds._metadata_local["databases"]["offlimits"]["tables"]["timeline"]["allow"] = False
    assert fetch(ds, "/offlimits/timeline.csv?_stream=on").status_code == 403
