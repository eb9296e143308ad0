"""The bundled demo corpus (`data/demo/`) and the hand-verified events (`data/events.yml`).

These are checks on data files: every feed parses and has items, every link leads to a page
of the demo site or to a trap the manifest declares, every page is UTF-8 HTML an extractor can
date and canonicalise, and `data/events.yml` follows its field list. Where `../shared` is
present the events are also compared with the facts they were compiled from.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.robotparser
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import feedparser
import pycountry
import pytest
import yaml
from bs4 import BeautifulSoup

from offlimits.store.citations import CitationError, parse_citations

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "data" / "demo"
SITE = DEMO / "site"
EVENTS_FILE = ROOT / "data" / "events.yml"
SHARED = ROOT.parent / "shared"
FACTS_FILE = SHARED / "facts" / "events.yml"

PLACEHOLDER = "{{BASE}}"
BASE = "http://127.0.0.1:8001"  # what the demo server would put in place of {{BASE}}

FEEDS = {  # file under site/ -> the version feedparser must detect
    "feeds/techwire.rss": "rss20",
    "feeds/policydesk.atom": "atom10",
    "feeds/asiadesk.rdf": "rss10",
    "search/gnews.xml": "rss20",
}
EVENT_FIELDS = ("id", "date", "date_precision", "effective_date", "actor", "actor_type",
                "actor_country", "vendor", "product", "affected", "replacement", "action",
                "regions", "summary", "sources")
ACTIONS = {"ban", "restrict", "suspend", "lift", "investigate", "warn"}
ACTOR_TYPES = {"company", "government", "regulator", "vendor", "legislature", "military", "court"}
DATE_FORMS = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}
GDELT_KEYS = {"url", "url_mobile", "title", "seendate", "socialimage", "domain", "language",
              "sourcecountry"}


# ---------------------------------------------------------------- helpers

def site_text(relative: str) -> str:
    """A site file as the demo server would send it: UTF-8, `{{BASE}}` replaced."""
    return (SITE / relative).read_bytes().decode("utf-8").replace(PLACEHOLDER, BASE)


def site_path(url: str) -> str:
    """The site-relative path a demo URL points at (query and fragment dropped)."""
    assert url.startswith(BASE + "/"), f"{url!r} does not point at the demo server"
    return urlsplit(url).path.lstrip("/")


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@cache
def manifest() -> dict[str, Any]:
    return load_yaml(DEMO / "manifest.yml")


@cache
def demo_sources() -> dict[str, Any]:
    return load_yaml(DEMO / "sources.yml")


@cache
def parsed_feed(relative: str) -> feedparser.FeedParserDict:
    return feedparser.parse(site_text(relative).encode("utf-8"))


def listing_items() -> list[dict[str, str | None]]:
    """The regulator listing, read with the selectors its source declares."""
    source = next(s for s in demo_sources()["sources"] if s["kind"] == "html")
    selectors = source["selectors"]
    soup = BeautifulSoup(site_text(site_path(source["url"].replace(PLACEHOLDER, BASE))), "lxml")
    items = []
    for node in soup.select(selectors["item"]):
        link, title, date = (node.select_one(selectors[k]) for k in ("link", "title", "date"))
        items.append({"url": link.get("href") if link else None,
                      "title": title.get_text(strip=True) if title else None,
                      "date": date.get("datetime") if date else None})
    return items


def gdelt_articles() -> list[dict[str, Any]]:
    return json.loads(site_text("search/gdelt.json"))["articles"]


def all_links() -> list[tuple[str, str]]:
    """(where it was found, URL) for every item of every source of the demo."""
    links = [(name, entry.link) for name in FEEDS for entry in parsed_feed(name).entries]
    links += [("regulator/news.html", item["url"]) for item in listing_items()]
    links += [("search/gdelt.json", article["url"]) for article in gdelt_articles()]
    return links


def html_pages() -> list[str]:
    return sorted(str(p.relative_to(SITE)) for p in SITE.rglob("*.html"))


def article_pages() -> list[str]:
    return [p for p in html_pages() if p.startswith(("articles/", "private/"))]


def soup_of(relative: str) -> BeautifulSoup:
    return BeautifulSoup(site_text(relative), "lxml")


def article_text(relative: str) -> str:
    return " ".join(soup_of(relative).article.get_text(" ").split())


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def shingles(text: str, size: int = 8) -> set[str]:
    """Every run of `size` consecutive words: a shared run means copied wording."""
    w = words(text)
    return {" ".join(w[i:i + size]) for i in range(len(w) - size + 1)}


def term_pattern(terms: list[str]) -> re.Pattern[str]:
    alternation = "|".join(r"\s+".join(map(re.escape, t.split())) for t in terms)
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)


# ---------------------------------------------------------------- sources.yml

def test_demo_sources_point_at_files_of_the_demo_site():
    sources = demo_sources()["sources"]
    ids = [s["id"] for s in sources]
    assert len(ids) == len(set(ids)), f"data/demo/sources.yml: duplicate ids in {ids}"
    assert {s["kind"] for s in sources} == {"feed", "html", "search"}
    for source in sources:
        where = f"data/demo/sources.yml: source {source['id']}"
        assert source.get("allow_private") is True, f"{where}: needs allow_private: true"
        address = source.get("url") or source.get("params", {}).get("endpoint")
        assert address and address.startswith(PLACEHOLDER + "/"), f"{where}: {address!r}"
        target = SITE / site_path(address.replace(PLACEHOLDER, BASE))
        assert target.is_file(), f"{where}: {address} is not a file of data/demo/site"
        if source["kind"] == "search":
            assert source.get("query") and source.get("engine") in {"gdelt", "google_news"}


def test_demo_sources_load_with_the_project_loader():
    sources_module = pytest.importorskip("scrapers.sources")
    loaded = sources_module.load_sources(DEMO / "sources.yml", substitutions={PLACEHOLDER: BASE})
    assert sorted(s.id for s in loaded.enabled) == sorted(
        s["id"] for s in demo_sources()["sources"])


# ---------------------------------------------------------------- feeds and search results

@pytest.mark.parametrize("relative,version", sorted(FEEDS.items()))
def test_feed_parses_cleanly_with_items(relative, version):
    feed = parsed_feed(relative)
    assert not feed.bozo, f"site/{relative}: {feed.get('bozo_exception')}"
    assert feed.version == version, f"site/{relative}: parsed as {feed.version!r}"
    assert len(feed.entries) >= 5, f"site/{relative}: only {len(feed.entries)} items"
    for number, entry in enumerate(feed.entries, 1):
        where = f"site/{relative}: item {number}"
        assert entry.get("title"), f"{where}: no title"
        assert entry.get("link", "").startswith(BASE + "/"), f"{where}: link {entry.get('link')!r}"
        dated = entry.get("published_parsed") or entry.get("updated_parsed")  # RDF: dc:date
        assert dated, f"{where}: no parseable date"
        assert entry.get("summary"), f"{where}: no summary"
    guids = [entry.get("id") for entry in feed.entries]
    assert len(set(guids)) == len(guids), f"site/{relative}: repeated guids"


def test_feed_summaries_are_one_to_three_sentences():
    for name in ("feeds/techwire.rss", "feeds/policydesk.atom", "feeds/asiadesk.rdf"):
        for entry in parsed_feed(name).entries:
            text = BeautifulSoup(entry.summary, "lxml").get_text(" ")
            sentences = re.findall(r"[.!?](?:\s|$)", text.strip())
            assert 1 <= len(sentences) <= 3, f"site/{name}: {entry.title!r}: {text!r}"


def test_google_news_items_name_their_outlet():
    for entry in parsed_feed("search/gnews.xml").entries:
        outlet = entry.source.title
        assert entry.title.endswith(f" - {outlet}"), f"site/search/gnews.xml: {entry.title!r}"


def test_gdelt_results_have_the_artlist_shape():
    articles = gdelt_articles()
    assert len(articles) >= 5
    for number, article in enumerate(articles, 1):
        where = f"site/search/gdelt.json: article {number}"
        assert set(article) == GDELT_KEYS, f"{where}: keys {sorted(article)}"
        assert re.fullmatch(r"\d{8}T\d{6}Z", article["seendate"]), f"{where}: seendate"
        assert article["language"] == "English", where
        assert article["url_mobile"] == "" and article["title"], where


def test_listing_items_have_link_title_and_date():
    items = listing_items()
    assert len(items) >= 5, "site/regulator/news.html: the item selector finds too few items"
    for item in items:
        assert item["url"] and item["title"], f"site/regulator/news.html: {item}"
        dt.date.fromisoformat(item["date"])


# ---------------------------------------------------------------- links and traps

def test_every_link_leads_to_a_page_or_a_declared_trap():
    missing = {trap["path"] for trap in manifest()["missing"]}
    forbidden = {trap["path"] for trap in manifest()["robots_disallowed"]}
    for where, url in all_links():
        path = site_path(url)
        if path in missing:
            assert not (SITE / path).exists(), f"{path} is declared missing but exists"
        else:
            assert (SITE / path).is_file(), f"site/{where}: {url} leads to no page"
    linked = {site_path(url) for _, url in all_links()}
    assert missing | forbidden <= linked, "a declared trap is linked from no source"


def test_traps_are_linked_from_where_the_manifest_says():
    traps = (manifest()["missing"] + manifest()["robots_disallowed"]
             + manifest()["tracking_duplicates"])
    for trap in traps:
        for where in trap["linked_from"]:
            found = {site_path(url) for origin, url in all_links() if origin == where}
            assert trap["path"] in found, f"{trap['path']} is not linked from site/{where}"


def test_robots_txt_forbids_exactly_the_declared_pages():
    robots = urllib.robotparser.RobotFileParser()
    robots.parse(site_text("robots.txt").splitlines())
    forbidden = {trap["path"] for trap in manifest()["robots_disallowed"]}
    assert forbidden, "the manifest declares no robots-disallowed page"
    for path in forbidden:
        assert (SITE / path).is_file(), f"{path} should exist, so a rude crawler would show"
    for where, url in all_links():
        allowed = robots.can_fetch("offlimits", url)
        assert allowed == (site_path(url) not in forbidden), f"site/{where}: {url}"


def test_tracking_duplicate_is_the_same_page_with_utm_parameters():
    seen = [url for _, url in all_links()]
    for trap in manifest()["tracking_duplicates"]:
        variants = [v.replace(PLACEHOLDER, BASE) for v in trap["seen_as"]]
        assert all(site_path(v) == trap["path"] for v in variants)
        assert any(k.startswith("utm_") for v in variants for k in parse_qs(urlsplit(v).query))
        for variant in variants:
            assert variant in seen, f"{variant} is in no feed, listing or search result"


def test_syndicated_copy_has_the_same_text_under_its_own_url():
    for trap in manifest()["syndicated"]:
        original, copy = trap["original"], trap["copy"]
        assert article_text(original) == article_text(copy)
        canonicals = {p: soup_of(p).find("link", rel="canonical")["href"] for p in (original, copy)}
        assert canonicals[original] != canonicals[copy]
        sources = {site_path(url) for _, url in all_links()}
        assert {original, copy} <= sources, "both copies must be reachable from sources"


def test_prefilter_lets_relevant_items_through_and_stops_plainly_unrelated_ones():
    prefilter = demo_sources()["prefilter"]
    ai, restriction = term_pattern(prefilter["ai_terms"]), term_pattern(
        prefilter["restriction_terms"])
    relevant = {p["path"] for p in manifest()["pages"] if p["relevant"]}
    relevant |= {t["path"] for t in manifest()["missing"] + manifest()["robots_disallowed"]}
    unrelated = {"articles/asiadesk-harbour-city-clinch-title.html",
                 "articles/asiadesk-typhoon-warning-port-meridian.html"}
    for name in ("feeds/techwire.rss", "feeds/policydesk.atom", "feeds/asiadesk.rdf"):
        for entry in parsed_feed(name).entries:
            text = f"{entry.title} {BeautifulSoup(entry.summary, 'lxml').get_text(' ')}"
            passes = bool(ai.search(text)) and bool(restriction.search(text))
            path = site_path(entry.link)
            if path in relevant:
                assert passes, f"site/{name}: {entry.title!r} would not be fetched"
            if path in unrelated:
                assert not passes, f"site/{name}: {entry.title!r} would be fetched"
    for item in listing_items():
        assert ai.search(item["title"]) and restriction.search(item["title"]), item["title"]


# ---------------------------------------------------------------- pages

@pytest.mark.parametrize("relative", html_pages())
def test_page_is_utf8_html_with_a_title(relative):
    raw = (SITE / relative).read_bytes()
    text = raw.decode("utf-8")  # raises on anything that is not UTF-8
    assert "{{" not in text.replace(PLACEHOLDER, ""), f"site/{relative}: stray template braces"
    soup = soup_of(relative)
    assert soup.html.get("lang"), f"site/{relative}: <html> has no lang"
    assert soup.title and soup.title.get_text(strip=True), f"site/{relative}: no <title>"
    assert soup.find("meta", charset=True), f"site/{relative}: no <meta charset>"


@pytest.mark.parametrize("relative", article_pages())
def test_article_page_has_what_an_extractor_needs(relative):
    soup = soup_of(relative)
    canonical = soup.find("link", rel="canonical")
    assert canonical and canonical["href"] == f"{BASE}/{relative}", f"site/{relative}: canonical"
    published = soup.find("meta", property="article:published_time")
    assert published, f"site/{relative}: no article:published_time"
    when = dt.datetime.fromisoformat(published["content"].replace("Z", "+00:00"))
    assert when.tzinfo is not None, f"site/{relative}: published time without a zone"
    paragraphs = soup.article.find_all("p", recursive=False)
    assert len(paragraphs) >= 4, f"site/{relative}: only {len(paragraphs)} paragraphs"
    for part in ("nav", "footer"):
        assert soup.find(part), f"site/{relative}: no <{part}>"
    assert soup.select_one(".cookie-banner"), f"site/{relative}: no cookie banner"
    related = soup.select("aside.related a")
    assert related, f"site/{relative}: no related stories"
    for link in related:
        assert (SITE / site_path(link["href"])).is_file(), f"site/{relative}: {link['href']}"


def test_manifest_lists_every_article_page_once():
    listed = [p["path"] for p in manifest()["pages"]]
    assert sorted(listed) == article_pages()
    assert len(set(listed)) == len(listed)


def test_manifest_dates_match_the_pages():
    for page in manifest()["pages"]:
        meta = soup_of(page["path"]).find("meta", property="article:published_time")
        assert meta["content"] == page["published"], page["path"]


def test_manifest_events_exist_and_relevance_follows_them():
    known = {event["id"] for event in load_yaml(EVENTS_FILE)["events"]}
    pages = manifest()["pages"] + manifest()["missing"] + manifest()["robots_disallowed"]
    for page in pages:
        ids = page.get("events", []) + page.get("background_events", [])
        assert set(ids) <= known, f"{page['path']}: unknown event ids {set(ids) - known}"
        if "relevant" in page:
            assert page["relevant"] == bool(page["events"]), page["path"]
    relevant = [p for p in manifest()["pages"] if p["relevant"]]
    ordinary = [p for p in manifest()["pages"] if not p["relevant"]]
    assert len(relevant) >= 14 and len(ordinary) >= 8


# ---------------------------------------------------------------- data/events.yml

def event_lines(path: Path) -> dict[int, int]:
    """Index of each event in the file -> its line number, for messages."""
    root = yaml.compose(path.read_text(encoding="utf-8"))
    events_node = next(v for k, v in root.value if k.value == "events")
    return {i: node.start_mark.line + 1 for i, node in enumerate(events_node.value)}


def is_region(code: Any) -> bool:
    return code == "EU" or (isinstance(code, str) and len(code) == 2
                            and pycountry.countries.get(alpha_2=code) is not None)


def is_iso_date(text: Any, form: str) -> bool:
    if not isinstance(text, str) or not re.fullmatch(form, text):
        return False
    try:
        dt.date.fromisoformat(text + "-01" * (2 - text.count("-")))
    except ValueError:
        return False
    return True


def event_problems(event: Any) -> list[str]:
    """What is wrong with one event of data/events.yml, field by field (empty when valid)."""
    if not isinstance(event, dict):
        return ["is not a mapping"]
    problems = [f"missing field '{f}'" for f in EVENT_FIELDS if f not in event]
    problems += [f"unknown field '{f}'" for f in event if f not in EVENT_FIELDS]
    if problems:
        return problems
    if not re.fullmatch(r"ev-\d{4}-\d{3}", str(event["id"])):
        problems.append(f"id {event['id']!r} is not ev-YYYY-NNN")
    form = DATE_FORMS.get(event["date_precision"])
    if form is None:
        problems.append(f"date_precision {event['date_precision']!r} is not day, month or year")
    elif not is_iso_date(event["date"], form):
        problems.append(f"date {event['date']!r} is not an ISO date of {event['date_precision']}"
                        " precision (a quoted string)")
    elif not str(event["id"]).startswith(f"ev-{event['date'][:4]}"):
        problems.append(f"id {event['id']!r} and date {event['date']!r} disagree on the year")
    if event["effective_date"] is not None and not is_iso_date(
            event["effective_date"], DATE_FORMS["day"]):
        problems.append(f"effective_date {event['effective_date']!r} is not YYYY-MM-DD or null")
    if event["action"] not in ACTIONS:
        problems.append(f"action {event['action']!r} is not one of {sorted(ACTIONS)}")
    if event["actor_type"] not in ACTOR_TYPES:
        problems.append(f"actor_type {event['actor_type']!r} is not one of {sorted(ACTOR_TYPES)}")
    if event["actor_country"] is not None and not is_region(event["actor_country"]):
        problems.append(f"actor_country {event['actor_country']!r} is not an ISO code or EU")
    for key in ("actor", "vendor", "product", "affected", "replacement"):
        value = event[key]
        if not (value is None or (isinstance(value, str) and value.strip())):
            problems.append(f"{key} must be a name or null, not {value!r}")
    if not event["actor"]:
        problems.append("actor is required")
    if not (event["vendor"] or event["product"]):
        problems.append("vendor or product is required")
    regions = event["regions"]
    if not isinstance(regions, list) or not all(is_region(r) for r in regions):
        problems.append(f"regions {regions!r} must be a list of ISO codes or EU")
    elif len(set(regions)) != len(regions):
        problems.append(f"regions {regions!r} repeat a code")
    summary = event["summary"]
    if not isinstance(summary, str) or not summary.strip().endswith("."):
        problems.append("summary must be one sentence ending with a full stop")
    elif len(summary) > 400:
        problems.append(f"summary is {len(summary)} characters; keep it to one sentence")
    try:
        parse_citations(event["sources"])
    except CitationError as e:
        problems.append(str(e))
    return problems


@cache
def verified_events() -> list[dict[str, Any]]:
    return load_yaml(EVENTS_FILE)["events"]


def test_events_file_has_meta_and_65_events():
    data = load_yaml(EVENTS_FILE)
    assert {"title", "licence", "compiled_from"} <= set(data["meta"])
    assert data["meta"]["licence"] == "CC BY 4.0"
    assert len(data["events"]) == 65


def test_every_event_follows_the_field_list():
    lines = event_lines(EVENTS_FILE)
    report = [f"data/events.yml:{lines[i]}: {event.get('id', '?')}: {problem}"
              for i, event in enumerate(verified_events())
              for problem in event_problems(event)]
    assert not report, "\n".join(report)


def test_event_ids_are_unique():
    ids = [event["id"] for event in verified_events()]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    assert not repeated, f"data/events.yml: repeated ids {repeated}"


GOOD_EVENT = {
    "id": "ev-2025-999", "date": "2025-02", "date_precision": "month", "effective_date": None,
    "actor": "Example Ministry", "actor_type": "government", "actor_country": "IN",
    "vendor": "DeepSeek", "product": None, "affected": None, "replacement": None,
    "action": "ban", "regions": ["IN"], "summary": "A ministry banned a chatbot.",
    "sources": ["https://example.org/story"],
}


@pytest.mark.parametrize("change,complaint", [
    ({"date": "2025-02-30", "date_precision": "day"}, "date"),
    ({"date": "2025-02-03"}, "date"),
    ({"date": 2025, "date_precision": "year"}, "date"),
    ({"effective_date": "10 July"}, "effective_date"),
    ({"action": "block"}, "action"),
    ({"actor_type": "club"}, "actor_type"),
    ({"actor_country": "XX"}, "actor_country"),
    ({"regions": "IN"}, "regions"),
    ({"regions": ["India"]}, "regions"),
    ({"vendor": None}, "vendor or product"),
    ({"sources": []}, "sources"),
    ({"summary": ""}, "summary"),
    ({"id": "2025-1"}, "id"),
    ({"id": "ev-2024-999"}, "year"),
    ({"colour": "red"}, "unknown field"),
])
def test_event_check_names_the_field_at_fault(change, complaint):
    assert event_problems(GOOD_EVENT) == []
    problems = event_problems({**GOOD_EVENT, **change})
    assert any(complaint in p for p in problems), problems


def test_event_check_reports_a_missing_field():
    broken = {k: v for k, v in GOOD_EVENT.items() if k != "action"}
    assert event_problems(broken) == ["missing field 'action'"]


# ---------------------------------------------------------------- against ../shared

@cache
def facts() -> dict[str, dict[str, Any]]:
    if not FACTS_FILE.is_file():
        pytest.skip(f"{FACTS_FILE} is not here (../shared is absent)")
    return {event["id"]: event for event in load_yaml(FACTS_FILE)["events"]}


def test_events_keep_the_facts_ids_dates_actions_and_sources():
    facts_by_id = facts()
    mine = {event["id"]: event for event in verified_events()}
    assert set(mine) == set(facts_by_id)
    report = []
    for event_id, fact in facts_by_id.items():
        event = mine[event_id]
        fact_regions = fact.get("regions") or ([fact["region"]] if fact.get("region") else [])
        expected = {
            "date": str(fact["date"]), "date_precision": fact["date_precision"],
            "effective_date": str(fact["effective_date"]) if fact.get("effective_date") else None,
            "action": fact["action"], "regions": fact_regions,
        }
        for key, value in expected.items():
            if event[key] != value:
                report.append(f"{event_id}: {key} is {event[key]!r}, the facts say {value!r}")
        if event["actor_type"] != fact["actor_type"] and event["actor_type"] != "court":
            report.append(f"{event_id}: actor_type {event['actor_type']!r}, "
                          f"the facts say {fact['actor_type']!r}")
    assert not report, "\n".join(report)


def test_summaries_are_written_afresh():
    facts_by_id = facts()
    copied = [f"{event['id']}: {sorted(shingles(event['summary']) & shingles(fact))[:2]}"
              for event in verified_events()
              if shingles(event["summary"]) & shingles(fact := facts_by_id[event["id"]]["summary"])]
    assert not copied, "summaries repeat the facts file's wording:\n" + "\n".join(copied)


def test_demo_pages_share_no_wording_with_shared_texts():
    facts()  # skips when ../shared is absent
    shared_runs: set[str] = set()
    for path in [FACTS_FILE, *sorted((SHARED / "eval").glob("*.jsonl"))]:
        shared_runs |= shingles(path.read_text(encoding="utf-8", errors="replace"))
    for relative in html_pages():
        overlap = shingles(soup_of(relative).get_text(" ")) & shared_runs
        assert not overlap, f"site/{relative} repeats shared wording: {sorted(overlap)[:3]}"
    for name in FEEDS:
        overlap = shingles(site_text(name)) & shared_runs
        assert not overlap, f"site/{name} repeats shared wording: {sorted(overlap)[:3]}"


# ---------------------------------------------------------------- served for real

def test_served_on_loopback_every_link_answers_as_the_manifest_says():
    demo_server = pytest.importorskip("offlimits.demo_server")
    httpx = pytest.importorskip("httpx")
    missing = {trap["path"] for trap in manifest()["missing"]}
    with demo_server.DemoServer(SITE) as server, httpx.Client(timeout=5) as client:
        for where, url in all_links():
            live = server.base + url[len(BASE):]
            response = client.get(live)
            expected = 404 if site_path(url) in missing else 200
            assert response.status_code == expected, f"site/{where}: {live}"
            if expected == 200:
                assert PLACEHOLDER not in response.text, f"{live}: {{{{BASE}}}} left in"
                assert f'href="{server.base}/' in response.text, f"{live}: links not rewritten"
        for name in FEEDS:
            first = client.get(f"{server.base}/{name}")
            again = client.get(f"{server.base}/{name}",
                               headers={"If-None-Match": first.headers.get("etag", "")})
            assert (first.status_code, again.status_code) == (200, 304), name
