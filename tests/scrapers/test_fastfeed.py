"""The lxml fast path agrees with feedparser on every feed it accepts, and declines the rest."""

from __future__ import annotations

import pytest

from scrapers.fastfeed import parse_fast
from scrapers.feeds import parse_with_feedparser
from tests.scrapers.corpus import FEEDS as CORPUS
from tests.scrapers.corpus import fixture_headers
from tests.scrapers.server import rss

RSS_ITEMS = [
    {
        "title": "Plain title",
        "link": "https://news.example.invalid/a",
        "description": "<p>Para one.</p><p>Para <b>two</b> &amp; more.</p>",
        "pubDate": "Tue, 24 Nov 2026 10:00:00 GMT",
        "guid": "https://news.example.invalid/a",
    },
    {
        "title": "Zone offset",
        "link": "https://news.example.invalid/b",
        "pubDate": "Tue, 24 Nov 2026 10:00:00 +0100",
        "guid": "b-123",
    },
    {
        "title": "Named zone",
        "link": "https://news.example.invalid/c",
        "pubDate": "Tue, 24 Nov 2026 10:00:00 EST",
    },
    {
        "title": "No date, ümlauts, 中文 and emoji \u2014 ok",
        "link": " https://news.example.invalid/d ",
    },
    {"title": "Relative link", "link": "/e"},
]

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">
 <title type="html">Atom &lt;b&gt;test&lt;/b&gt;</title>
 <entry><title>First</title><id>urn:uuid:1</id>
  <link href="https://a.example.invalid/1"/>
  <link rel="replies" href="https://a.example.invalid/1#comments"/>
  <updated>2026-11-24T10:00:00Z</updated><published>2026-11-23T08:30:00+02:00</published>
  <summary type="html">&lt;p&gt;A &lt;i&gt;short&lt;/i&gt; summary&lt;/p&gt;</summary></entry>
 <entry xml:lang="de"><title type="text">Zweiter</title><id>urn:uuid:2</id>
  <link rel="alternate" type="text/html" href="https://a.example.invalid/2"/>
  <updated>2026-11-24T11:00:00Z</updated>
  <content type="html">Nur Inhalt</content></entry>
</feed>"""


def agree(body: bytes, headers: dict[str, str]) -> bool:
    fast = parse_fast(body, headers)
    if fast is None:
        return False
    slow = parse_with_feedparser(body, headers)
    assert fast.items == slow.items
    assert (fast.title, fast.language, fast.version) == (slow.title, slow.language, slow.version)
    return True


@pytest.mark.parametrize("content_type", ["application/rss+xml", "text/xml; charset=utf-8", ""])
def test_rss_agrees_with_feedparser(content_type: str) -> None:
    body = rss(RSS_ITEMS).encode("utf-8")
    assert agree(body, {"content-type": content_type} if content_type else {})


def test_atom_agrees_with_feedparser() -> None:
    assert agree(ATOM.encode("utf-8"), {"content-type": "application/atom+xml"})


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        (rss(RSS_ITEMS).encode("utf-8"), {"content-type": "text/xml"}),  # non-ASCII, us-ascii
        (rss(RSS_ITEMS).encode("utf-8"), {"content-type": "application/xml; charset=latin-1"}),
        (rss(RSS_ITEMS).replace("utf-8", "iso-8859-1").encode("latin-1", "replace"), {}),
        (rss(RSS_ITEMS).encode("utf-8").replace(b"</channel>", b"<item>"), {}),  # broken
        (rss([{"title": "guid only", "guid": "https://x.example.invalid/g"}]).encode(), {}),
        (b"<?xml version='1.0'?><!DOCTYPE rss [<!ENTITY x 'y'>]><rss version='2.0'/>", {}),
        (b"<rss version='0.91'><channel><title>t</title></channel></rss>", {}),
        (ATOM.replace('type="html">Nur', 'type="xhtml">Nur').encode(), {}),
        (
            ATOM.replace(
                "<link href=", "<link rel='alternate' href='https://b/'/><link href="
            ).encode(),
            {},
        ),
    ],
)
def test_unusual_feeds_are_left_to_feedparser(body: bytes, headers: dict[str, str]) -> None:
    assert parse_fast(body, headers) is None


@pytest.mark.skipif(not (CORPUS / "manifest.json").is_file(), reason="corpus absent")
def test_the_corpus_feeds_it_accepts_read_the_same() -> None:
    accepted = 0
    for path in sorted(CORPUS.rglob("*.xml")):
        data = path.read_bytes()
        headers = {k.lower(): v for k, v in fixture_headers(data).items()}
        accepted += agree(data, headers)
    assert accepted >= 5
