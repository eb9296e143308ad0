"""Loading a sources file: what it yields, and one clear error per kind of mistake."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from scrapers.sources import SourceError, load_sources

HEADER = """\
defaults: {interval_minutes: 30, language: en, enabled: true}
prefilter:
  ai_terms: [ChatGPT, DeepSeek]
  restriction_terms: [ban, block*]
sources:
"""

GOOD = HEADER + dedent(
    """\
      - {id: outlet, name: An outlet, kind: feed, url: "https://news.example.com/feed", region: US}
      - id: regulator-list
        name: A regulator
        kind: html
        url: "{{BASE}}/notices/"
        interval_minutes: 720
        selectors: {item: "li.notice", link: "a", title: "a", date: "time"}
      - id: gnews-q1
        name: Search one
        kind: search
        engine: google_news
        query: '"Claude Code" ban'
        params: {hl: en-GB, gl: GB, ceid: "GB:en"}
        interval_minutes: 60
        fetch_pages: false
      - {id: gdelt-q1, name: Search two, kind: search, engine: gdelt, query: DeepSeek ban,
         params: {format: json, timespan: 24h}, enabled: false}
    """
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_file_loads_with_defaults_applied(tmp_path: Path) -> None:
    loaded = load_sources(write(tmp_path, GOOD))
    assert [s.id for s in loaded.sources] == ["outlet", "regulator-list", "gnews-q1", "gdelt-q1"]
    outlet = loaded.get("outlet")
    assert (outlet.kind, outlet.interval_minutes, outlet.language, outlet.region) == (
        "feed",
        30,
        "en",
        "US",
    )
    assert outlet.allow_private is False and outlet.fetch_pages is True
    assert loaded.get("regulator-list").selectors["item"] == "li.notice"
    assert loaded.get("gnews-q1").params["ceid"] == "GB:en"
    assert [s.id for s in loaded.enabled] == ["outlet", "regulator-list", "gnews-q1"]
    assert loaded.prefilter.matches("Agency blocks DeepSeek")
    assert not loaded.prefilter.matches("Agency bans DeepSeek")  # "ban" is a whole word


def test_placeholders_stay_unless_substituted(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    assert load_sources(path).get("regulator-list").url == "{{BASE}}/notices/"
    base = "http://127.0.0.1:8123"
    loaded = load_sources(path, substitutions={"{{BASE}}": base})
    assert loaded.get("regulator-list").url == base + "/notices/"


def test_unknown_source_id_names_the_id(tmp_path: Path) -> None:
    with pytest.raises(KeyError, match="nope"):
        load_sources(write(tmp_path, GOOD)).get("nope")


BAD_SOURCE = {
    # mistake: (source entry, words the message must contain)
    "interval not a number": (
        '{id: techcrunch, kind: feed, url: "https://t.example/feed", interval_minutes: x}',
        ["'techcrunch'", "interval_minutes", "positive integer", "'x'"],
    ),
    "interval zero": (
        '{id: techcrunch, kind: feed, url: "https://t.example/feed", interval_minutes: 0}',
        ["'techcrunch'", "interval_minutes"],
    ),
    "unknown kind": (
        '{id: s1, kind: podcast, url: "https://t.example/feed"}',
        ["'s1'", "kind", "podcast", "feed, html, search"],
    ),
    "missing kind": ('{id: s1, url: "https://t.example/feed"}', ["'s1'", "kind", "required"]),
    "unknown engine": (
        "{id: s2, kind: search, engine: bing, query: x}",
        ["'s2'", "engine", "bing", "google_news"],
    ),
    "search without query": (
        "{id: s3, kind: search, engine: gdelt}",
        ["'s3'", "query", "required"],
    ),
    "feed without url": ("{id: s4, kind: feed}", ["'s4'", "url", "required"]),
    "url not http": (
        "{id: s5, kind: feed, url: 'ftp://files.example/feed'}",
        ["'s5'", "url", "http(s)"],
    ),
    "url on a search source": (
        "{id: s6, kind: search, engine: gdelt, query: x, url: 'https://x.example/'}",
        ["'s6'", "url", "endpoint"],
    ),
    "enabled not a boolean": (
        "{id: s7, kind: feed, url: 'https://x.example/f', enabled: 'yes please'}",
        ["'s7'", "enabled", "true or false"],
    ),
    "unknown key": (
        "{id: s8, kind: feed, url: 'https://x.example/f', intervall: 5}",
        ["'s8'", "intervall", "unknown field"],
    ),
    "html without selectors": (
        "{id: s9, kind: html, url: 'https://x.example/'}",
        ["'s9'", "selectors", "required"],
    ),
    "selectors without link": (
        "{id: s10, kind: html, url: 'https://x.example/', selectors: {item: li}}",
        ["'s10'", "selectors", "'link'"],
    ),
    "broken css selector": (
        "{id: s11, kind: html, url: 'https://x.example/', selectors: {item: 'li[', link: a}}",
        ["'s11'", "selectors", "item", "not a valid CSS selector"],
    ),
    "selectors on a feed": (
        "{id: s12, kind: feed, url: 'https://x.example/f', selectors: {item: li, link: a}}",
        ["'s12'", "selectors", "only html"],
    ),
    "params not a mapping": (
        "{id: s13, kind: search, engine: gdelt, query: x, params: [1, 2]}",
        ["'s13'", "params", "mapping"],
    ),
    "bad language code": (
        "{id: s14, kind: feed, url: 'https://x.example/f', language: 'English please'}",
        ["'s14'", "language"],
    ),
    "id with spaces": (
        "{id: 'Tech Crunch', kind: feed, url: 'https://x.example/f'}",
        ["source #1", "id", "'Tech Crunch'"],
    ),
    "entry not a mapping": ("just-a-string", ["source #1", "mapping"]),
}


@pytest.mark.parametrize("mistake", sorted(BAD_SOURCE))
def test_each_mistake_names_file_source_and_field(tmp_path: Path, mistake: str) -> None:
    entry, words = BAD_SOURCE[mistake]
    path = write(tmp_path, HEADER + f"  - {entry}\n")
    with pytest.raises(SourceError) as caught:
        load_sources(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:6: "), message  # file and line of the entry
    for word in words:
        assert word in message, f"{word!r} missing from {message!r}"


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    text = HEADER + (
        "  - {id: twin, kind: feed, url: 'https://a.example/f'}\n"
        "  - {id: twin, kind: feed, url: 'https://b.example/f'}\n"
    )
    with pytest.raises(SourceError, match=r":7: source 'twin': id is duplicated"):
        load_sources(write(tmp_path, text))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("sources: [\n  {id: a,", ["invalid YAML"]),
        ("- just\n- a list\n", ["expected a mapping"]),
        (HEADER.replace("sources:\n", "sources: []\n"), ["'sources' must be a non-empty list"]),
        (
            HEADER.replace("ai_terms: [ChatGPT, DeepSeek]", "ai_terms: []") + "  - {id: a}\n",
            ["prefilter", "ai_terms"],
        ),
        (
            "colour: blue\n" + HEADER + "  - {id: a, kind: feed, url: 'https://x.example/'}\n",
            ["unknown top-level key 'colour'"],
        ),
        (
            HEADER.replace("enabled: true", "enabeld: true") + "  - {id: a}\n",
            ["defaults", "enabeld"],
        ),
    ],
)
def test_file_level_mistakes(tmp_path: Path, text: str, words: list[str]) -> None:
    with pytest.raises(SourceError) as caught:
        load_sources(write(tmp_path, text))
    for word in words:
        assert word in str(caught.value)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="sources file not found"):
        load_sources(tmp_path / "absent.yml")


def test_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yml"
    path.write_bytes(b"sources: [\xff\xfe]\n")
    with pytest.raises(SourceError, match="cannot read sources file"):
        load_sources(path)
