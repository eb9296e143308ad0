"""Event clustering: reports of one event join it; different events stay apart."""

from __future__ import annotations

import json

import pytest

from offlimits.extract.model import Entity, Event, Extraction
from offlimits.store import open_store
from offlimits.store.events import dates_compatible
from offlimits.store.extractions import save_extraction
from offlimits.store.transaction import transaction

ALIBABA = Entity(id="alibaba", name="Alibaba", type="company", country="CN")
ANTHROPIC = Entity(id="anthropic", name="Anthropic", type="vendor", country="US")
CLAUDE_CODE = Entity(id="claude-code", name="Claude Code", type="product",
                     vendor_id="anthropic")
QODER = Entity(id="qoder", name="Qoder", type="product", vendor_id="alibaba")


@pytest.fixture
def db(tmp_path):
    return open_store(tmp_path / "offlimits.db")


def add_article(db, url: str, published: str) -> int:
    return int(db["articles"].insert({"url": url, "title": url, "text": "",
                                      "published_date": published,
                                      "first_seen_at": published + "T00:00:00Z"}).last_pk)


def ban(date: str | None, precision: str | None = "day", action: str = "ban",
        effective: str | None = None) -> Extraction:
    event = Event(action=action, evidence=f"Alibaba acted against Claude Code ({date}).",
                  actor=ALIBABA, vendor=ANTHROPIC, product=CLAUDE_CODE, replacement=QODER,
                  date=date, date_precision=precision, effective_date=effective)
    return Extraction(relevant=True, score=0.9, reasons=("ban",), events=(event,))


def save(db, article_id: int, extraction: Extraction, reported: str) -> list[int]:
    with transaction(db):
        return save_extraction(db, article_id, extraction, version="test",
                               reported_at=reported).event_ids


def test_two_reports_of_one_event_make_one_event_with_the_best_date(db):
    first = add_article(db, "https://a.example/1", "2026-07-04")
    second = add_article(db, "https://b.example/2", "2026-07-03")
    [one] = save(db, first, ban("2026-07", "month"), "2026-07-04")
    [two] = save(db, second, ban("2026-07-03", "day", "restrict", "2026-07-10"), "2026-07-03")
    assert one == two
    row = db["events"].get(one)
    assert (row["date"], row["date_precision"], row["month"]) == ("2026-07-03", "day", "2026-07")
    assert row["effective_date"] == "2026-07-10"
    assert row["first_reported_at"] == "2026-07-03"
    assert row["action"] == "ban"  # the first report's action stays
    assert db["event_articles"].count == 2


def test_a_lift_is_a_separate_event_from_the_ban(db):
    article = add_article(db, "https://a.example/1", "2026-08-01")
    ids = save(db, article, Extraction(relevant=True, score=1.0, events=(
        ban("2026-07-03").events[0],
        Event(action="lift", evidence="Alibaba lifted it.", actor=ALIBABA,
              product=CLAUDE_CODE, vendor=ANTHROPIC, date="2026-08-01", date_precision="day"),
    )), "2026-08-01")
    assert len(set(ids)) == 2
    assert sorted(r["action"] for r in db["events"].rows) == ["ban", "lift"]


def test_the_same_action_far_apart_in_time_is_two_events(db):
    a = add_article(db, "https://a.example/1", "2023-05-02")
    b = add_article(db, "https://a.example/2", "2026-07-03")
    assert save(db, a, ban("2023-05-02"), "2023-05-02") != save(db, b, ban("2026-07-03"),
                                                               "2026-07-03")
    assert db["events"].count == 2


def test_an_undated_event_takes_the_report_date(db):
    article = add_article(db, "https://a.example/1", "2026-07-04")
    [event_id] = save(db, article, ban(None, None), "2026-07-04")
    row = db["events"].get(event_id)
    assert (row["date"], row["date_precision"]) == ("2026-07-04", "day")


def test_saving_the_same_extraction_twice_changes_nothing(db):
    article = add_article(db, "https://a.example/1", "2026-07-04")
    first = save(db, article, ban("2026-07-03"), "2026-07-04")
    snapshot = [list(db[t].rows) for t in ("events", "event_articles", "event_regions")]
    second = save(db, article, ban("2026-07-03"), "2026-07-04")
    assert first == second
    after = [list(db[t].rows) for t in ("events", "event_articles", "event_regions")]
    for before_rows, after_rows in zip(snapshot, after, strict=True):
        assert [{k: v for k, v in r.items() if k != "updated_at"} for r in before_rows] == [
            {k: v for k, v in r.items() if k != "updated_at"} for r in after_rows]


def test_an_event_no_article_reports_any_more_is_dropped(db):
    article = add_article(db, "https://a.example/1", "2026-07-04")
    save(db, article, ban("2026-07-03"), "2026-07-04")
    save(db, article, Extraction(relevant=False, score=0.1), "2026-07-04")
    assert db["events"].count == 0
    assert db.execute("SELECT count(*) FROM events_fts").fetchone()[0] == 0


def test_event_search_row_carries_names_and_evidence(db):
    article = add_article(db, "https://a.example/1", "2026-07-04")
    [event_id] = save(db, article, ban("2026-07-03"), "2026-07-04")
    hits = [r[0] for r in db.execute(
        "SELECT rowid FROM events_fts WHERE events_fts MATCH 'qoder OR anthropic'")]
    assert hits == [event_id]
    assert json.loads(db["events"].get(event_id)["regions"]) == []


@pytest.mark.parametrize(("a", "b", "expected"), [
    (("2026-07-03", "day"), ("2026-07", "month"), True),
    (("2026-07-03", "day"), ("2026-09-30", "day"), False),
    (("2026-07-03", "day"), ("2026", "year"), True),
    (("2025-12-30", "day"), ("2026-01-02", "day"), True),
    ((None, None), ("2026-01-02", "day"), True),
])
def test_dates_compatible(a, b, expected):
    assert dates_compatible(a, b) is expected


def test_an_undated_background_report_joins_the_event_it_mentions(db):
    old = add_article(db, "https://a.example/2023", "2023-05-02")
    [first] = save(db, old, ban("2023-05-02"), "2023-05-02")
    later = add_article(db, "https://a.example/2026", "2026-07-04")
    [again] = save(db, later, ban(None, None), "2026-07-04")
    assert again == first
    row = db["events"].get(first)
    assert (row["date"], row["first_reported_at"]) == ("2023-05-02", "2023-05-02")
    assert row["article_count"] == 2
