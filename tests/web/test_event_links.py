"""Every event link in a feed leads to that event's page (its stable uid)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import feedparser
from datasette.app import Datasette

from tests.web.conftest import fetch


def test_each_atom_entry_link_leads_to_its_event(datasette: Datasette, fixture_db: Path) -> None:
    feed = feedparser.parse(fetch(datasette, "/-/timeline.atom").text)
    assert feed.entries
    with sqlite3.connect(fixture_db) as conn:
        summaries = dict(conn.execute("SELECT uid, summary FROM events"))
    for entry in feed.entries:
        path = "/" + entry.link.split("/", 3)[3] if "://" in entry.link else entry.link
        uid = path.rsplit("/", 1)[1]
        response = fetch(datasette, path + ".json")
        assert response.status_code == 200
        data = response.json()
        assert data["event"]["uid"] == uid
        assert data["event"]["summary"] == summaries[uid]
        assert fetch(datasette, path).status_code == 200


def test_an_unknown_event_id_is_a_clear_404(datasette: Datasette) -> None:
    response = fetch(datasette, "/-/events/enosuchevent")
    assert response.status_code == 404
    assert "No event with id" in response.text
