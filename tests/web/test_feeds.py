"""The Atom feed of new events (datasette-atom) and the iCalendar of effective dates."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from tests.web.conftest import fetch

ATOM = "{http://www.w3.org/2005/Atom}"


def feed(ds, query: str = "") -> ET.Element:
    response = fetch(ds, f"/offlimits/new_events.atom{query}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    return ET.fromstring(response.content)


def test_atom_feed_has_an_entry_per_new_event(datasette):
    root = feed(datasette)
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}title") == "New events on offlimits"
    entries = root.findall(f"{ATOM}entry")
    ids = {entry.findtext(f"{ATOM}id") for entry in entries}
    assert ids == {f"urn:offlimits:event:e{n}test" for n in (1, 3, 4, 5, 6, 7, 8)}
    samsung = next(e for e in entries if e.findtext(f"{ATOM}id") == "urn:offlimits:event:e1test")
    assert samsung.findtext(f"{ATOM}title") == "Samsung Electronics: ban ChatGPT (2023-05-01)"
    assert "internal code leak" in samsung.findtext(f"{ATOM}content")
    assert samsung.find(f"{ATOM}link").get("href") == "https://technews.example/a/1"
    assert samsung.findtext(f"{ATOM}updated").endswith("+00:00")


def test_atom_feed_filtered_by_vendor(datasette):
    entries = feed(datasette, "?vendor=deepseek").findall(f"{ATOM}entry")
    assert {e.findtext(f"{ATOM}id") for e in entries} == {
        "urn:offlimits:event:e4test", "urn:offlimits:event:e5test"}


def test_empty_atom_feed_is_valid(datasette):
    # datasette-atom 0.9 alone answers an empty result with a server error.
    root = feed(datasette, "?vendor=no-such-vendor")
    assert root.findall(f"{ATOM}entry") == []
    assert root.findtext(f"{ATOM}updated")
    assert root.findtext(f"{ATOM}title") == "New events on offlimits"


def test_feed_is_advertised_on_the_timeline(datasette):
    html = fetch(datasette, "/-/timeline").text
    assert 'type="application/atom+xml"' in html and 'href="/-/timeline.atom"' in html


def test_icalendar_of_effective_dates(datasette):
    response = fetch(datasette, "/offlimits/effective_dates.ics")
    assert response.status_code == 200
    text = response.text
    assert text.startswith("BEGIN:VCALENDAR")
    assert text.count("BEGIN:VEVENT") == 1
    assert "Australian Government: ban DeepSeek" in text
    assert "20250204" in text
