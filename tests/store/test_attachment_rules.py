"""Attachment rules on a real SQLite file: what joins an event and what never does."""

from __future__ import annotations

import pytest

from offlimits.extract.model import Entity, Event, Extraction
from offlimits.store import open_store
from offlimits.store.events import EventFacts, insert_event, merge_into
from offlimits.store.extractions import save_extraction
from offlimits.store.transaction import transaction

OPENAI = Entity(id="openai", name="OpenAI", type="vendor", country="US")
CHATGPT = Entity(id="chatgpt", name="ChatGPT", type="product", vendor_id="openai")
GARANTE = Entity(id="garante-it", name="Garante", type="regulator", country="IT")
TAIWAN = Entity(id="government-tw", name="Taiwan", type="government", country="TW")
MODA = Entity(id="moda-tw", name="Ministry of Digital Affairs", type="government", country="TW")
DEEPSEEK = Entity(id="deepseek", name="DeepSeek", type="vendor", country="CN")


@pytest.fixture
def db(tmp_path):
    return open_store(tmp_path / "offlimits.db")


def article(db, url: str, published: str, title: str = "") -> int:
    return int(db["articles"].insert({"url": url, "title": title or url, "text": "",
                                      "published_date": published,
                                      "first_seen_at": published + "T00:00:00Z"}).last_pk)


def save(db, article_id: int, reported: str, *events: Event) -> list[int]:
    with transaction(db):
        return save_extraction(db, article_id, Extraction(relevant=True, score=1.0,
                                                          events=events),
                               version="test", reported_at=reported).event_ids


def links(db, article_id: int) -> list[tuple[int, str]]:
    return [tuple(r) for r in db.execute(
        "SELECT event_id, role FROM event_articles WHERE article_id = ? ORDER BY event_id",
        [article_id])]


def test_an_undated_report_does_not_join_an_event_in_other_regions(db):
    italy = article(db, "https://a.example/it", "2023-03-31")
    [it_event] = save(db, italy, "2023-03-31", Event(
        action="restrict", evidence="OpenAI geoblocked Italy.", actor=OPENAI, vendor=OPENAI,
        product=CHATGPT, regions=("IT",), date="2023-03-31", date_precision="day"))
    china = article(db, "https://a.example/cn", "2024-06-25")
    [cn_event] = save(db, china, "2024-06-25", Event(
        action="restrict", evidence="OpenAI will block China.", actor=OPENAI, vendor=OPENAI,
        regions=("CN", "RU"), effective_date="2024-07-09"))
    assert cn_event != it_event
    row = db["events"].get(it_event)
    assert (row["date"], row["effective_date"]) == ("2023-03-31", None)
    assert db["events"].get(cn_event)["date"] == "2024-06-25"


def test_a_background_mention_links_as_background_and_never_creates(db):
    first = article(db, "https://a.example/ban", "2023-03-31")
    [ban] = save(db, first, "2023-03-31", Event(
        action="ban", evidence="The Garante blocks ChatGPT.", actor=GARANTE, vendor=OPENAI,
        product=CHATGPT, regions=("IT",), date="2023-03-31", date_precision="day"))
    later = article(db, "https://a.example/ds", "2025-01-30", "Italy blocks DeepSeek")
    ids = save(db, later, "2025-01-30",
               Event(action="ban", evidence="Garante blocks DeepSeek.", actor=GARANTE,
                     vendor=DEEPSEEK, regions=("IT",), date="2025-01-30",
                     date_precision="day"),
               Event(action="ban", evidence="It blocked ChatGPT in 2023.", actor=GARANTE,
                     vendor=OPENAI, product=CHATGPT, regions=("IT",), date="2023",
                     date_precision="year"),
               Event(action="lift", evidence="It later let ChatGPT back.", actor=GARANTE,
                     vendor=OPENAI, product=CHATGPT, regions=("IT",)))
    assert ban in ids
    roles = dict(links(db, later))
    assert roles[ban] == "background"
    assert sorted(roles.values()) == ["background", "report"]  # no lift event was made
    assert db.execute("SELECT count(*) FROM events WHERE action = 'lift'").fetchone()[0] == 0
    row = db["events"].get(ban)
    assert (row["date"], row["article_count"]) == ("2023-03-31", 1)


def test_a_country_and_its_ministry_are_one_actor(db):
    a = article(db, "https://a.example/1", "2025-01-31")
    b = article(db, "https://a.example/2", "2025-02-01")
    [one] = save(db, a, "2025-01-31", Event(action="ban", evidence="MODA bans DeepSeek.",
                                            actor=MODA, vendor=DEEPSEEK, regions=("TW",),
                                            date="2025-01-31", date_precision="day"))
    [two] = save(db, b, "2025-02-01", Event(action="ban", evidence="Taiwan bans DeepSeek.",
                                            actor=TAIWAN, vendor=DEEPSEEK, regions=("TW",),
                                            date="2025-02-01", date_precision="day"))
    assert one == two


def test_a_verified_event_is_never_filled_or_redated(db):
    with transaction(db):
        for entity in (GARANTE, OPENAI):
            db["entities"].insert({"id": entity.id, "name": entity.name, "type": entity.type})
        event_id = insert_event(db, EventFacts(
            action="ban", actor_id="garante-it", vendor_id="openai", regions=["IT"],
            date="2023-03", date_precision="month", summary="s"), status="verified",
            verified_id="ev-x")
        row = db["events"].get(event_id)
        merge_into(db, row, EventFacts(action="ban", actor_id="garante-it", vendor_id="openai",
                                       regions=["IT", "SM"], date="2023-03-30",
                                       date_precision="day", effective_date="2023-03-31",
                                       affected_id="openai"))
    row = db["events"].get(event_id)
    assert (row["date"], row["effective_date"], row["affected_id"], row["regions"]) == (
        "2023-03", None, None, '["IT"]')
