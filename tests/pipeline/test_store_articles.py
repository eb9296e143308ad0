"""Articles: one row per canonical URL; syndicated copies point at the earliest original."""

from __future__ import annotations

import pytest

from offlimits.store import open_store
from offlimits.store.articles import content_hash, save_article
from offlimits.store.transaction import transaction
from scrapers.records import RawArticle

STORY = ("The city council voted on Tuesday to keep the old tram depot open for another "
         "decade, after residents collected thousands of signatures. ") * 6


@pytest.fixture
def db(tmp_path):
    db = open_store(tmp_path / "offlimits.db")
    db["sources"].insert_all([
        {"id": s, "name": s, "kind": "feed", "interval_minutes": 30} for s in ("a", "b")])
    return db


def item(url: str, source: str = "a", published: str = "2026-03-02T10:00:00Z",
         text: str = STORY) -> RawArticle:
    return RawArticle(source_id=source, url=url, seen_url=url + "?utm_source=feed",
                      title="Tram depot stays open", summary="The depot stays.", text=text,
                      published=published, page_fetched=True)


def save(db, raw: RawArticle):
    with transaction(db):
        return save_article(db, raw, poll_id=None, seen_at="2026-03-02T12:00:00Z")


def test_a_known_url_is_not_stored_again_but_its_sighting_is(db):
    first = save(db, item("https://a.example/tram"))
    again = save(db, item("https://a.example/tram", source="b"))
    assert first.new and not again.new and again.id == first.id
    assert db["articles"].count == 1
    assert {r["source_id"] for r in db["article_sightings"].rows} == {"a", "b"}


def test_a_later_copy_points_at_the_original(db):
    original = save(db, item("https://a.example/tram", published="2026-03-02T08:00:00Z"))
    copy = save(db, item("https://b.example/tram-copy", published="2026-03-02T11:00:00Z"))
    assert copy.new and copy.duplicate_of == original.id and copy.replaces is None


def test_an_earlier_copy_seen_later_becomes_the_original(db):
    late = save(db, item("https://b.example/tram-copy", published="2026-03-02T11:00:00Z"))
    early = save(db, item("https://a.example/tram", published="2026-03-02T08:00:00Z"))
    third = save(db, item("https://c.example/tram", published="2026-03-02T13:00:00Z"))
    assert early.replaces == late.id and early.duplicate_of is None
    rows = {r["id"]: r for r in db["articles"].rows}
    assert rows[late.id]["duplicate_of"] == early.id
    assert rows[early.id]["duplicate_of"] is None
    assert third.duplicate_of == early.id


def test_short_texts_are_never_called_copies():
    assert content_hash("Prices held steady.") is None
    assert content_hash(STORY) == content_hash(STORY.upper().replace(".", " . "))


def test_a_summary_only_article_gets_its_page_when_another_feed_brings_it(db):
    summary_only = RawArticle(source_id="a", url="https://a.example/tram", seen_url="x",
                              title="Depot", summary="The depot stays.", page_fetched=False)
    first = save(db, summary_only)
    second = save(db, item("https://a.example/tram", source="b"))
    assert first.new and not second.new and second.upgraded
    row = db["articles"].get(first.id)
    assert row["page_fetched"] == 1 and row["text"] == STORY and row["content_hash"]
    assert row["summary"] == "The depot stays."
    assert not save(db, item("https://a.example/tram", source="b")).upgraded
