"""Event pages on the demo database (built by the real pipeline), served by a real Datasette:
every report, background mention and citation the database holds is on the page, in its JSON
and its CSV; a merged-away id redirects; the history and the Atom feed of changes tell what
a curator did."""

from __future__ import annotations

import asyncio
import csv
import io
import sqlite3
from pathlib import Path

import feedparser
import httpx
import pytest

from offlimits.curation import Decision
from offlimits.demo import build_demo, demo_site
from offlimits.store import open_store, utcnow
from offlimits.store.curation import load_curation
from offlimits.store.transaction import transaction
from offlimits.web.app import build_datasette


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """The demo database with one edit and one merge applied by the curation store."""
    path = tmp_path_factory.mktemp("pages") / "offlimits.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OFFLIMITS_CURATION", str(path.parent / "none.yml"))
        with demo_site(port=0) as server:
            build_demo(path, server)
    db = open_store(path)
    when = utcnow()  # after every create of the build, so the decisions are the newest
    uids = dict(db.execute("SELECT verified_id, uid FROM events WHERE verified_id IN "
                           "('ev-2023-010', 'ev-2026-059', 'ev-2026-062')").fetchall())
    with transaction(db):
        load_curation(db, [
            Decision(what="edit", event=uids["ev-2023-010"], who="ana", when=when,
                     reason="the order is dated the 30th, published the 31st",
                     set={"effective_date": "2023-04-01"}),
            Decision(what="merge", event=uids["ev-2026-059"], into=uids["ev-2026-062"],
                     who="ana", when=when, reason="test merge"),
        ])
    db.conn.close()
    return path, uids


def get(path: Path, url: str) -> httpx.Response:
    return asyncio.run(build_datasette(path).client.get(url))


def stored_links(path: Path) -> dict[str, list[tuple[str, str]]]:
    with sqlite3.connect(path) as conn:
        out: dict[str, list[tuple[str, str]]] = {}
        for uid, url, role in conn.execute(
                "SELECT e.uid, a.url, ea.role FROM event_articles ea "
                "JOIN events e ON e.id = ea.event_id JOIN articles a ON a.id = ea.article_id"):
            out.setdefault(uid, []).append((url, role))
        return out


def test_each_event_page_lists_every_report_and_mention_it_has(demo):
    path, _ = demo
    links = stored_links(path)
    assert len(links) >= 15
    for uid, expected in links.items():
        data = get(path, f"/-/events/{uid}.json").json()
        got = [(r["url"], "report") for r in data["reports"]] + [
            (r["url"], "background") for r in data["background"]]
        assert sorted(got) == sorted(expected), uid
        html = get(path, f"/-/events/{uid}").text
        for report in data["reports"] + data["background"]:
            assert f'href="{report["url"]}"' in html
        assert html.count('class="background"') == len(data["background"])


def test_the_csv_has_one_row_per_report_mention_and_citation(demo):
    path, _ = demo
    with sqlite3.connect(path) as conn:
        uid, event_id = conn.execute(
            "SELECT uid, id FROM events WHERE verified_id = 'ev-2023-010'").fetchone()
        links = conn.execute("SELECT count(*) FROM event_articles WHERE event_id = ?",
                             [event_id]).fetchone()[0]
        citations = conn.execute("SELECT count(*) FROM event_sources WHERE event_id = ?",
                                 [event_id]).fetchone()[0]
    response = get(path, f"/-/events/{uid}.csv")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == links + citations
    assert sorted({r["kind"] for r in rows}) == ["background", "citation", "report"]
    assert all(r["event_uid"] == uid for r in rows)


def test_a_merged_away_id_redirects_to_its_survivor(demo):
    path, uids = demo
    for suffix in ("", ".json"):
        response = get(path, f"/-/events/{uids['ev-2026-059']}{suffix}")
        assert response.status_code == 301
        assert response.headers["location"] == f"/-/events/{uids['ev-2026-062']}{suffix}"
    survivor = get(path, f"/-/events/{uids['ev-2026-062']}.json").json()
    assert survivor["merged_from"] == [uids["ev-2026-059"]]
    assert [h["kind"] for h in survivor["history"]].count("merge") == 2


def test_an_unknown_id_is_a_clear_404(demo):
    path, _ = demo
    response = get(path, "/-/events/enosuchevt")
    assert response.status_code == 404 and "No event with id" in response.text


def test_the_history_shows_the_edit_with_before_and_after(demo):
    path, uids = demo
    data = get(path, f"/-/events/{uids['ev-2023-010']}.json").json()
    [edit] = [h for h in data["history"] if h["kind"] == "edit"]
    assert edit["before"] == {"effective_date": "2023-03-31"}
    assert edit["after"] == {"effective_date": "2023-04-01"}
    assert edit["who"] == "ana" and data["event"]["curated"] == ["effective_date"]
    assert "2023-03-31" in get(path, f"/-/events/{uids['ev-2023-010']}").text


def test_the_changes_feed_is_valid_atom_with_every_change_linked(demo):
    path, uids = demo
    feed = feedparser.parse(get(path, "/-/changes.atom").text)
    assert not feed.bozo, feed.get("bozo_exception")
    with sqlite3.connect(path) as conn:
        total = conn.execute("SELECT count(*) FROM changes").fetchone()[0]
    assert len(feed.entries) == min(total, 200)
    newest = feed.entries[0]
    assert newest.title.startswith(("merge", "edit"))
    assert newest.author == "ana"
    for entry in feed.entries[:10]:
        path_part = "/" + entry.link.split("/", 3)[3]
        assert get(path, path_part).status_code in (200, 301)


def test_the_changes_table_is_browsable_in_datasette(demo):
    path, _ = demo
    data = get(path, "/offlimits/changes.json?kind=edit&_shape=array").json()
    assert [row["who"] for row in data] == ["ana"]


def test_the_timeline_links_each_event_to_its_page(demo):
    path, _ = demo
    html = get(path, "/-/timeline").text
    data = get(path, "/-/timeline.json").json()
    assert data["events"]
    for event in data["events"]:
        assert f'href="/-/events/{event["uid"]}"' in html
