"""GDELT that fails softly: bad escapes, bad records, 429 cool-downs, all language names.

Fixtures copy the shape of a real DOC 2.0 `artlist` answer (pretty-printed, one flat object
per article with url, url_mobile, title, seendate, socialimage, domain, language,
sourcecountry); the titles are our own.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from offlimits.pipeline import Pipeline
from offlimits.scheduler import restore_cooldowns
from scrapers.collect import Collector
from scrapers.gdelt import decode_gdelt, gdelt_country, gdelt_language
from scrapers.politeness import HostCooldowns
from scrapers.sources import Source, parse_sources
from tests.scrapers.conftest import FAST, fast_config
from tests.scrapers.server import LoopbackServer, Response


def record(n: int, title: str, language: str = "English", country: str = "United States",
           domain: str = "news.example.invalid") -> str:
    """One article as GDELT prints it (the title is inserted raw, escapes and all)."""
    return (
        '{ "url": "https://' + domain + f'/story-{n}", "url_mobile": "", '
        f'"title": "{title}", "seendate": "2026112{n}T081500Z", '
        '"socialimage": "https://' + domain + f'/img/{n}.jpg", "domain": "{domain}", '
        f'"language": "{language}", "sourcecountry": "{country}" }}'
    )


def artlist(*records: str) -> str:
    return '{"articles": [ ' + " , ".join(records) + " ] }"


# \' and \x are not JSON escapes: a strict decoder rejects the whole answer.
BAD_ESCAPE = artlist(
    record(1, "Ministry blocks chatbot on staff phones"),
    record(2, r"Regulator\'s order halts AI app", "Greek", "Greece", "kathimerini.example.invalid"),
    record(3, r"Bank bars AI tool \x2d staff told to stop", "Malay", "Malaysia"),
    record(4, "Court suspends chatbot ban", "Swahili", "Kenya", "nation.example.invalid"),
)


def gdelt(server: LoopbackServer, source_id: str = "gdelt-test") -> Source:
    return Source(id=source_id, name="GDELT test", kind="search", engine="gdelt",
                  query="chatbot (ban OR blocks)", allow_private=True, fetch_pages=False,
                  params={"endpoint": server.url("/api/v2/doc/doc")})


def serve_json(server: LoopbackServer, body: str) -> None:
    server.route("/api/v2/doc/doc", Response(body=body, content_type="application/json"))


def test_one_bad_escape_costs_nothing(server: LoopbackServer) -> None:
    serve_json(server, BAD_ESCAPE)
    with Collector(http_config=FAST, parse_processes=0) as collector:
        result = collector.poll(gdelt(server))
    assert result.ok and result.items_seen == 4
    titles = [a.title for a in result.articles]
    assert titles[1] == "Regulator's order halts AI app"
    assert titles[2] == r"Bank bars AI tool \x2d staff told to stop"
    assert "invalid backslash escapes in GDELT JSON repaired" in result.warnings


def test_a_broken_record_is_skipped_and_counted(server: LoopbackServer) -> None:
    # An unescaped quote inside a title: no repair can save that record, only it is lost.
    broken = artlist(record(1, "Agency blocks app"), record(2, 'Firm says "no" to bots'),
                     record(3, "Parliament bans chatbot"))
    serve_json(server, broken)
    with Collector(http_config=FAST, parse_processes=0) as collector:
        result = collector.poll(gdelt(server))
    assert result.ok and result.items_seen == 2
    assert [a.url for a in result.articles] == ["https://news.example.invalid/story-1",
                                                "https://news.example.invalid/story-3"]
    assert "1 GDELT record(s) unusable (no url or not JSON) skipped" in result.warnings


def test_a_cut_off_answer_keeps_the_whole_records(server: LoopbackServer) -> None:
    full = artlist(record(1, "Agency blocks app"), record(2, "Parliament bans chatbot"))
    serve_json(server, full[: full.index("Parliament") + 5])
    with Collector(http_config=FAST, parse_processes=0) as collector:
        result = collector.poll(gdelt(server))
    assert result.ok and [a.title for a in result.articles] == ["Agency blocks app"]
    assert any("1 GDELT record(s)" in w for w in result.warnings)


def test_gdelt_fields_are_kept(server: LoopbackServer) -> None:
    serve_json(server, BAD_ESCAPE)
    with Collector(http_config=FAST, parse_processes=0) as collector:
        result = collector.poll(gdelt(server))
    kept = [(a.outlet, a.outlet_country, a.language) for a in result.articles]
    assert kept == [("news.example.invalid", "US", "en"),
                    ("kathimerini.example.invalid", "GR", "el"),
                    ("news.example.invalid", "MY", "ms"),
                    ("nation.example.invalid", "KE", "sw")]


# The languages GDELT translates, as it names them in `language`.
GDELT_LANGUAGES = str.split(
    "Afrikaans Albanian Arabic Armenian Azerbaijani Bengali Bosnian Bulgarian Catalan Chinese "
    "Croatian Czech Danish Dutch English Estonian Finnish French Galician Georgian German Greek "
    "Gujarati Hebrew Hindi Hungarian Icelandic Indonesian Italian Japanese Kannada Kazakh Korean "
    "Latvian Lithuanian Macedonian Malay Malayalam Marathi Mongolian Nepali Norwegian Persian "
    "Polish Portuguese Punjabi Romanian Russian Serbian Sinhalese Slovak Slovenian Somali "
    "Spanish Swahili Swedish Tamil Telugu Thai Tibetan Turkish Ukrainian Urdu Vietnamese"
)


def test_every_gdelt_language_maps_to_a_two_letter_code() -> None:
    codes = {name: gdelt_language(name) for name in GDELT_LANGUAGES}
    assert [n for n, c in codes.items() if not c or len(c) != 2] == []
    assert len(set(codes.values())) == len(codes)  # no two languages share a code
    assert [codes[n] for n in ("Greek", "Malay", "Nepali", "Punjabi", "Sinhalese", "Swahili")] \
        == ["el", "ms", "ne", "pa", "si", "sw"]
    assert gdelt_language("Klingonese") is None


def test_source_countries_map_to_iso_codes() -> None:
    assert [gdelt_country(n) for n in ("United States", "South Korea", "Turkey", "Russia",
                                       "Germany", "Atlantis")] == ["US", "KR", "TR", "RU",
                                                                   "DE", None]


def test_a_plain_text_answer_is_a_problem_not_a_crash() -> None:
    decoded = decode_gdelt("Please limit requests to one every 5 seconds.")
    assert decoded.articles == [] and "did not return JSON" in (decoded.problem or "")


def test_a_429_is_asked_once_and_rests_the_host(server: LoopbackServer) -> None:
    server.route("/api/v2/doc/doc", Response(status=429, body="Please limit requests",
                                             content_type="text/plain"))
    cooldowns = HostCooldowns(seconds=600)
    with Collector(http_config=fast_config(retries=2), parse_processes=0,
                   cooldowns=cooldowns) as collector:
        first = collector.poll(gdelt(server))
        second = collector.poll(gdelt(server, "gdelt-other"))
    assert server.hits("/api/v2/doc/doc") == 1  # no retries within the poll, none for #2
    assert not first.ok and first.error.startswith("HTTP 429")
    assert first.retry_after_seconds == 600
    assert not second.ok and "cooling down after HTTP 429" in second.error
    assert 590 < second.retry_after_seconds <= 600


def test_a_longer_retry_after_wins(server: LoopbackServer) -> None:
    server.route("/api/v2/doc/doc", Response(status=429, headers={"Retry-After": "3600"}))
    with Collector(http_config=FAST, parse_processes=0,
                   cooldowns=HostCooldowns(seconds=600)) as collector:
        result = collector.poll(gdelt(server))
    assert result.retry_after_seconds == 3600


def sources_yaml(server: LoopbackServer) -> str:
    endpoint = server.url("/api/v2/doc/doc")
    return f"""
prefilter: {{ai_terms: [chatbot], restriction_terms: [ban]}}
sources:
  - {{id: gdelt-a, name: A, kind: search, engine: gdelt, query: "chatbot ban",
     allow_private: true, fetch_pages: false, params: {{endpoint: "{endpoint}"}}}}
  - {{id: gdelt-b, name: B, kind: search, engine: gdelt, query: "chatbot blocks",
     allow_private: true, fetch_pages: false, params: {{endpoint: "{endpoint}"}}}}
"""


def test_the_cool_down_outlives_the_process(tmp_path: Path, server: LoopbackServer) -> None:
    """A 429 stored by one run rests the host in the next (cron's `run --once`)."""
    server.route("/api/v2/doc/doc", Response(status=429, content_type="text/plain"))
    source_list = parse_sources(sources_yaml(server))
    db = tmp_path / "offlimits.db"

    def pipeline() -> Pipeline:
        collector = Collector(http_config=FAST, prefilter=source_list.prefilter,
                              parse_processes=0, cooldowns=HostCooldowns(seconds=900))
        opened = Pipeline(db, source_list, collector=collector)
        opened.prepare()
        return opened

    first = pipeline()
    try:
        first.run_cycle(["gdelt-a"])
        row = first.db.execute("SELECT last_http_status, next_due_at FROM sources "
                               "WHERE id = 'gdelt-a'").fetchone()
    finally:
        first.close()
    assert row[0] == 429 and row[1] is not None
    second = pipeline()
    try:
        resting = restore_cooldowns(second)
        summary = second.run_cycle(["gdelt-b"])
    finally:
        second.close()
    host = server.url("/").split("//")[1].rstrip("/")
    assert list(resting) == [host] and 880 < resting[host] <= 900
    assert server.hits("/api/v2/doc/doc") == 1  # gdelt-b was not asked
    assert "cooling down" in summary.polls[0].error


def test_restore_ignores_an_old_429(tmp_path: Path, server: LoopbackServer) -> None:
    source_list = parse_sources(sources_yaml(server))
    opened = Pipeline(tmp_path / "o.db", source_list, collector=Collector(
        http_config=FAST, parse_processes=0, cooldowns=HostCooldowns(seconds=900)))
    try:
        opened.prepare()
        opened.db.execute("UPDATE sources SET last_http_status = 429, "
                          "last_polled_at = '2020-01-01T00:00:00Z'")
        assert restore_cooldowns(opened) == {}
    finally:
        opened.close()


@pytest.mark.parametrize("seconds", [0.0, 30.0])
def test_cooldowns_never_shorten(seconds: float) -> None:
    cooldowns = HostCooldowns(seconds=seconds)
    now = time.time()
    cooldowns.restore("h:80", now + 100)
    cooldowns.start("h:80", now=now)
    assert 99 < cooldowns.remaining("h:80", now=now) <= 100
