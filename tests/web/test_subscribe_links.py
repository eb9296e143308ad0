"""Issue 9: the subscribe links of the timeline, entity and event pages carry the view's
filters, and the feeds they lead to (parsed by feedparser and icalendar) hold exactly the
events the page lists."""

from __future__ import annotations

import html as html_lib
import re
import shutil
import sqlite3
from urllib.parse import parse_qsl, urlsplit

import feedparser
import icalendar
import pytest

from offlimits.store import open_store
from offlimits.store.changes import record_change
from offlimits.web.app import build_datasette
from tests.web.conftest import fetch

VIEWS = [
    "",
    "actor=garante",
    "actor=Garante&action=ban",
    "vendor=openai&region=IT",
    "date_from=2025&date_to=2025",
    "date_from=2023-04&date_to=2023-05",
    "q=italy",
    "status=verified",
    "product=chatgpt&date_from=2023-04",
    "entity=deepseek",
]


def page_uids(html: str) -> list[str]:
    """The uids of the events a page lists, in its order."""
    return re.findall(r'<p class="event-link"><a href="/-/events/([A-Za-z0-9-]+)">', html)


def feed_link(html: str, kind: str, label: str = "") -> str:
    kinds = {"atom": "application/atom+xml", "ics": "text/calendar"}
    pattern = rf'<a href="([^"]+)" type="{re.escape(kinds[kind])}">{re.escape(label)}'
    return html_lib.unescape(re.search(pattern, html).group(1))


def atom_uids(ds, url: str) -> list[str]:
    feed = feedparser.parse(fetch(ds, url).content)
    assert not feed.bozo, feed.get("bozo_exception")
    return [entry.link.rsplit("/-/events/", 1)[1] for entry in feed.entries]


def ics_uids(ds, url: str) -> set[str]:
    calendar = icalendar.Calendar.from_ical(fetch(ds, url).content)
    return {str(e["UID"]).split("@")[0].split("-")[0] for e in calendar.walk("VEVENT")}


@pytest.mark.parametrize("query", VIEWS)
def test_timeline_subscribe_links_follow_the_view(datasette, query):
    html = fetch(datasette, f"/-/timeline?{query}").text
    listed = page_uids(html)
    atom = feed_link(html, "atom", "Subscribe")
    ics = feed_link(html, "ics")
    for url in (atom, ics):  # every filter carried (a name may come back as its id)
        carried = parse_qsl(urlsplit(url).query)
        assert [(k, v.lower()) for k, v in carried] == [(k, v.lower())
                                                         for k, v in parse_qsl(query)]
    assert atom_uids(datasette, atom) == listed
    assert ics_uids(datasette, ics) == set(listed)


def test_the_filters_narrow_the_feeds(datasette):
    everything = atom_uids(datasette, "/-/timeline.atom")
    narrowed = atom_uids(datasette, "/-/timeline.atom?actor=garante&action=ban")
    assert len(narrowed) == 1 < len(everything)


@pytest.mark.parametrize("entity", ["deepseek", "garante", "chatgpt", "samsung"])
def test_entity_subscribe_links_give_the_entity_s_events(datasette, entity):
    html = fetch(datasette, f"/-/entities/{entity}").text
    listed = page_uids(html)
    assert listed
    assert atom_uids(datasette, feed_link(html, "atom", "Subscribe")) == listed
    assert ics_uids(datasette, feed_link(html, "ics")) == set(listed)


@pytest.fixture(scope="module")
def with_changes(fixture_db, tmp_path_factory):
    """The fixture database with two recorded changes to event 2 and one to event 4."""
    path = tmp_path_factory.mktemp("changes") / "offlimits.db"
    shutil.copyfile(fixture_db, path)
    db = open_store(path)
    with db.conn:
        record_change(db, "e2test", "edit", before={"date": "2023-03-30"},
                      after={"date": "2023-03-31"}, origin="curator", who="ana",
                      reason="the order's date", when="2025-01-01T00:00:00Z")
        record_change(db, "e2test", "verify", origin="curator", who="ana",
                      when="2025-01-02T00:00:00Z")
        record_change(db, "e4test", "edit", after={"effective_date": "2025-02-04"},
                      origin="curator", who="ben", when="2025-01-03T00:00:00Z")
    db.conn.close()
    return build_datasette(path)


def test_event_page_follow_link_gives_that_event_s_changes(with_changes):
    html = fetch(with_changes, "/-/events/e2test").text
    follow = feed_link(html, "atom", "Subscribe to this event")
    assert follow == "/-/changes.atom?event=e2test"
    assert f'<link rel="alternate" type="application/atom+xml" title="Changes to this event" ' \
           f'href="{follow}">' in html
    feed = feedparser.parse(fetch(with_changes, follow).content)
    assert not feed.bozo
    assert [e.title.split(":")[0] for e in feed.entries] == ["verify", "edit"]
    assert all(e.link.endswith("/-/events/e2test") for e in feed.entries)
    everything = feedparser.parse(fetch(with_changes, "/-/changes.atom").content)
    assert len(everything.entries) == 3
    assert {e.id for e in feed.entries} <= {e.id for e in everything.entries}  # same ids
    assert fetch(with_changes, "/-/changes.atom?event=a%20b").status_code == 400
    assert fetch(with_changes, "/-/changes.atom?evnt=e2test").status_code == 400


def test_event_page_subscriptions_for_its_actor_and_product(datasette, fixture_db):
    html = fetch(datasette, "/-/events/e2test").text
    with sqlite3.connect(fixture_db) as conn:
        actor, product = conn.execute(
            "SELECT actor_id, product_id FROM events WHERE uid = 'e2test'").fetchone()
    subscriptions = re.findall(r'<li><a href="([^"]+)">([^<]+)</a>: <a href="([^"]+)" '
                               r'type="application/atom\+xml">[^<]+</a> · <a href="([^"]+)" '
                               r'type="text/calendar">', html)
    assert [s[0] for s in subscriptions] == [f"/-/timeline?actor={actor}",
                                             f"/-/timeline?product={product}"]
    for timeline, _, atom, ics in subscriptions:
        listed = page_uids(fetch(datasette, timeline).text)
        assert "e2test" in listed
        assert atom_uids(datasette, atom) == listed
        assert ics_uids(datasette, ics) == set(listed)
