"""A small, realistic offlimits database and a Datasette configured as `offlimits serve` does.

Sentences here are written for these tests; facts (names, dates) are public ones.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from datasette.app import Datasette

from offlimits.store import open_store
from offlimits.store.events import refresh_derived
from offlimits.web.app import build_datasette

XSS_TITLE = "<script>alert(1)</script>"
NOW = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
LONG_AGO = "2024-01-02T03:04:05Z"

ENTITIES = [
    {"id": "openai", "name": "OpenAI", "type": "vendor", "country": "US", "vendor_id": None,
     "aliases": json.dumps(["Open AI"])},
    {"id": "chatgpt", "name": "ChatGPT", "type": "product", "country": None,
     "vendor_id": "openai", "aliases": json.dumps(["Chat GPT"])},
    {"id": "deepseek", "name": "DeepSeek", "type": "vendor", "country": "CN", "vendor_id": None,
     "aliases": json.dumps(["Hangzhou DeepSeek"])},
    {"id": "anthropic", "name": "Anthropic", "type": "vendor", "country": "US",
     "vendor_id": None, "aliases": "[]"},
    {"id": "claude", "name": "Claude", "type": "product", "country": None,
     "vendor_id": "anthropic", "aliases": "[]"},
    {"id": "samsung", "name": "Samsung Electronics", "type": "company", "country": "KR",
     "vendor_id": None, "aliases": json.dumps(["Samsung"])},
    {"id": "apple", "name": "Apple", "type": "company", "country": "US", "vendor_id": None,
     "aliases": "[]"},
    {"id": "garante", "name": "Garante per la protezione dei dati personali",
     "type": "regulator", "country": "IT", "vendor_id": None, "aliases": json.dumps(["Garante"])},
    {"id": "gov-au", "name": "Australian Government", "type": "government", "country": "AU",
     "vendor_id": None, "aliases": "[]"},
    {"id": "cn-controlled-companies", "name": "Chinese-controlled companies", "type": "group",
     "country": "CN", "vendor_id": None, "aliases": "[]"},
    {"id": "acme-widgets", "name": "Acme Widgets", "type": "company", "country": "US",
     "vendor_id": None, "aliases": "[]"},
]
REGIONS = {"AU": "Australia", "CN": "China", "IT": "Italy", "KR": "South Korea",
           "US": "United States"}
SOURCES = [
    {"id": "technews", "name": "Tech News Daily", "kind": "feed",
     "url": "https://technews.example/feed.xml", "interval_minutes": 60, "last_status": "ok",
     "consecutive_failures": 0},
    {"id": "policywire", "name": "Policy Wire", "kind": "html",
     "url": "https://policywire.example/ai", "interval_minutes": 120, "last_status": "error",
     "last_http_status": 503, "last_error": "HTTP 503 from policywire.example",
     "consecutive_failures": 3},
]
# (id, title, url, published_date, source_id)
ARTICLES = [
    (1, "Chip maker tells staff to stop using chatbots", "https://technews.example/a/1",
     "2023-05-02", "technews"),
    (2, "Italian watchdog halts ChatGPT over privacy", "https://policywire.example/a/2",
     "2023-03-31", "policywire"),
    (3, "ChatGPT is back in Italy", "https://technews.example/a/3", "2023-04-29", "technews"),
    (4, XSS_TITLE, "https://unlisted-news.example/story/4", "2025-02-05", None),
    (5, "Canberra bars DeepSeek from official phones", "https://technews.example/a/5",
     "2025-02-04", "technews"),
    (6, "Rome regulator orders DeepSeek offline", "https://policywire.example/a/6",
     "2025-01-30", "policywire"),
    (7, "Anthropic closes the door to firms controlled from China",
     "https://technews.example/a/7", "2025-09-05", "technews"),
    (8, "OpenAI shuts API access from unsupported regions", "https://technews.example/a/8",
     "2024-06-25", "technews"),
    (9, "Apple limits employee use of outside AI tools", "https://policywire.example/a/9",
     "2023-05-19", "policywire"),
    (10, "Widget firm rumoured to block chatbots", "https://technews.example/a/10",
     "2024-02-01", "technews"),
]
# event id -> (actor, vendor, product, affected, action, regions, date, precision, status,
#              summary, [(article id, evidence)], created_at)
EVENTS = {
    1: ("samsung", "openai", "chatgpt", None, "ban", ["KR"], "2023-05-01", "day", "verified",
        "Samsung told its employees not to use generative AI tools on company devices.",
        [(1, "The electronics group said staff may no longer use chatbots such as ChatGPT "
             "on work devices after an internal code leak.")], NOW),
    2: ("garante", "openai", "chatgpt", None, "suspend", ["IT"], "2023-03-31", "day",
        "extracted", "Italy's data protection authority ordered ChatGPT to stop serving Italy.",
        [(2, "The privacy regulator in Rome ordered a temporary halt of ChatGPT in Italy.")],
        LONG_AGO),
    3: ("garante", "openai", "chatgpt", None, "lift", ["IT"], "2023-04-28", "day", "extracted",
        "ChatGPT returned to Italy after OpenAI made privacy changes.",
        [(3, "Users in Italy can reach ChatGPT again after the regulator was satisfied "
             "with new privacy controls.")], NOW),
    4: ("gov-au", "deepseek", None, None, "ban", ["AU"], "2025-02-04", "day", "extracted",
        "Australia barred DeepSeek from government devices.",
        [(5, "Canberra instructed every federal agency to remove DeepSeek from official "
             "devices."),
         (4, "An unlisted outlet repeated the order for federal devices.")], NOW),
    5: ("garante", "deepseek", None, None, "ban", ["IT"], "2025-01", "month", "extracted",
        "Italy's regulator ordered DeepSeek to block its app for Italian users.",
        [(6, "Rome's privacy authority told DeepSeek to stop processing Italian users' data "
             "with immediate effect.")], NOW),
    6: ("anthropic", "anthropic", "claude", "cn-controlled-companies", "restrict", ["CN"],
        "2025-09", "month", "extracted",
        "Anthropic stopped selling Claude to companies majority-controlled from China.",
        [(7, "The lab said it would no longer serve businesses whose owners are based in "
             "China, wherever they operate.")], NOW),
    7: ("openai", "openai", None, None, "restrict", ["CN"], "2024-07-09", "day", "extracted",
        "OpenAI blocked API traffic from regions it does not support, including China.",
        [(8, "Developers in unsupported regions lost API access from early July.")], NOW),
    8: ("apple", "openai", "chatgpt", None, "restrict", ["US"], "2023", "year", "extracted",
        "Apple limited staff use of external AI tools.",
        [(9, "The iPhone maker asked some employees to avoid outside chatbots at work.")], NOW),
    9: ("acme-widgets", "openai", "chatgpt", None, "ban", ["US"], "2024-02-01", "day",
        "rejected", "A rumour that was not confirmed.",
        [(10, "Someone claimed the widget firm had blocked chatbots.")], NOW),
}


def build_fixture_database(path: Path) -> Path:
    """Create the test database at `path` through the real schema (open_store)."""
    db = open_store(path)
    db["regions"].insert_all([{"code": c, "name": n} for c, n in REGIONS.items()])
    db["entities"].insert_all(ENTITIES)
    db["sources"].insert_all(SOURCES)
    db["polls"].insert_all([
        {"source_id": "technews", "started_at": "2025-09-06T10:00:00Z",
         "finished_at": "2025-09-06T10:00:02Z", "status": "ok", "http_status": 200,
         "items_seen": 20, "items_new": 3, "error": None},
        {"source_id": "policywire", "started_at": "2025-09-06T10:05:00Z",
         "finished_at": "2025-09-06T10:05:09Z", "status": "error", "http_status": 503,
         "items_seen": 0, "items_new": 0, "error": "HTTP 503 from policywire.example"},
    ])
    db["articles"].insert_all([
        {"id": i, "title": title, "url": url, "published_date": date, "published": date,
         "source_id": source, "first_seen_at": f"{date}T08:00:00Z", "relevant": 1,
         "summary": f"Report number {i} about an AI restriction.",
         "text": f"Article {i} reports an AI restriction in plain words written for tests."}
        for i, title, url, date, source in ARTICLES
    ])
    for event_id, (actor, vendor, product, affected, action, regions, date, precision, status,
                   summary, evidence, created) in EVENTS.items():
        db["events"].insert({
            "id": event_id, "uid": f"e{event_id}test", "actor_id": actor, "vendor_id": vendor,
            "product_id": product,
            "affected_id": affected, "action": action, "regions": json.dumps(regions),
            "date": date, "date_precision": precision,
            "month": date[:7] if len(date) >= 7 else None, "year": int(date[:4]),
            "effective_date": date if event_id == 4 else None, "status": status,
            "verified_id": "samsung-2023-chatgpt" if status == "verified" else None,
            "summary": summary, "first_reported_at": f"{date[:4]}-06-01T00:00:00Z",
            "created_at": created, "updated_at": created,
        })
        db["event_regions"].insert_all([{"event_id": event_id, "region": r} for r in regions])
        db["event_articles"].insert_all([
            {"event_id": event_id, "article_id": a, "evidence": text} for a, text in evidence
        ])
    db["event_sources"].insert({"event_id": 1, "url": "https://official.example/samsung-memo"})
    for event_id in EVENTS:  # evidence, counts, URLs and the search row, as the store keeps them
        refresh_derived(db, event_id)
    db.conn.close()
    return path


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture_database(tmp_path_factory.mktemp("web") / "offlimits.db")


@pytest.fixture(scope="session")
def datasette(fixture_db: Path) -> Datasette:
    return build_datasette(fixture_db)


def fetch(ds: Datasette, path: str) -> httpx.Response:
    """GET `path` through Datasette's own in-process client."""
    return asyncio.run(ds.client.get(path))
