"""Small news sites written on the fly for pipeline tests: feeds and article pages.

All text here is written for these tests.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<link rel="canonical" href="{{{{BASE}}}}/{path}">
<meta property="article:published_time" content="{published}T09:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/tech">Tech</a> <a href="/world">World</a></nav>
<article><h1>{title}</h1>
{paragraphs}
</article>
<footer>Copyright the Example Gazette. All rights reserved.</footer>
</body></html>
"""


def write_page(root: Path, path: str, title: str, published: str, paragraphs: list[str]) -> None:
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(PAGE.format(title=escape(title), path=path, published=published,
                                  paragraphs=body), encoding="utf-8")


def write_feed(root: Path, path: str, title: str, items: list[dict]) -> None:
    """An RSS 2.0 feed; each item has title, link, summary, published (YYYY-MM-DD)."""
    parts = []
    for item in items:
        when = datetime.fromisoformat(item["published"]).replace(hour=9, tzinfo=UTC)
        parts.append(
            f"<item><title>{escape(item['title'])}</title><link>{escape(item['link'])}</link>"
            f"<guid>{escape(item['link'])}</guid><pubDate>{format_datetime(when)}</pubDate>"
            f"<description>{escape(item['summary'])}</description></item>")
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>{{{{BASE}}}}/</link><description>test</description>"
        + "".join(parts) + "</channel></rss>\n", encoding="utf-8")


BAN_STORY = [
    "Acme Robotics told its engineers on Monday that they may no longer use ChatGPT on "
    "company laptops, according to an internal memo seen by this newspaper.",
    "The ban takes effect on March 1 and covers every generative AI chatbot made by outside "
    "vendors, the memo said, after staff pasted confidential designs into prompts.",
    "A spokesperson for Acme Robotics confirmed the restriction and said the company was "
    "building an internal assistant that keeps data on its own servers.",
    "Several other manufacturers have taken similar steps this year, citing the risk that "
    "trade secrets typed into a chatbot could end up in a vendor's training data.",
]

WEATHER_STORY = [
    "Heavy rain is expected across the valley this weekend, forecasters said on Thursday, "
    "with up to forty millimetres possible in the hills.",
    "Residents were advised to clear gutters and to avoid driving through flooded roads. "
    "Temperatures will stay mild, and the rain should ease by Monday afternoon.",
]


def build_site(root: Path, extra_feeds: int = 0) -> dict[str, str]:
    """Two outlets carrying the same ban story (one link with tracking parameters), a
    syndicated copy of it under a third URL, and an unrelated weather story."""
    write_page(root, "gazette/acme-bans-chatgpt.html",
               "Acme Robotics bans ChatGPT on company laptops", "2026-02-16", BAN_STORY)
    write_page(root, "wire/acme-chatgpt-ban-copy.html",  # republished a day later
               "Acme Robotics bans ChatGPT on company laptops", "2026-02-17", BAN_STORY)
    write_page(root, "gazette/rain.html", "Rain on the way for the weekend", "2026-02-19",
               WEATHER_STORY)
    ban = {"title": "Acme Robotics bans ChatGPT on company laptops", "published": "2026-02-16",
           "summary": "The maker of warehouse robots will ban ChatGPT for staff from March 1."}
    write_feed(root, "feeds/gazette.rss", "Example Gazette", [
        {**ban, "link": "{{BASE}}/gazette/acme-bans-chatgpt.html"},
        {"title": "Rain on the way for the weekend", "published": "2026-02-19",
         "link": "{{BASE}}/gazette/rain.html", "summary": "Forecasters expect heavy rain."},
    ])
    write_feed(root, "feeds/wire.rss", "Example Wire", [
        {**ban, "link": "{{BASE}}/gazette/acme-bans-chatgpt.html?utm_source=wire&utm_medium=rss"},
        {**ban, "published": "2026-02-17", "link": "{{BASE}}/wire/acme-chatgpt-ban-copy.html"},
    ])
    for n in range(extra_feeds):
        write_feed(root, f"feeds/extra-{n}.rss", f"Extra {n}", [
            {"title": f"Local market report {n}-{i}", "published": "2026-02-20",
             "link": f"{{{{BASE}}}}/extra/{n}/{i}.html",
             "summary": "Prices for vegetables held steady this week at the town market."}
            for i in range(20)])
    return {"ban": "gazette/acme-bans-chatgpt.html", "copy": "wire/acme-chatgpt-ban-copy.html"}


def write_sources(path: Path, feeds: list[tuple[str, str]]) -> Path:
    """A sources file listing loopback feeds ({{BASE}} placeholders) with allow_private."""
    lines = [
        "defaults: {interval_minutes: 30, language: en, enabled: true}",
        "prefilter:",
        "  ai_terms: [AI, ChatGPT, OpenAI, Claude, DeepSeek, chatbot, Copilot]",
        "  restriction_terms: [ban, bans, banned, block, blocks, restrict, restricts, suspend]",
        "sources:",
    ]
    for source_id, url in feeds:
        lines.append(f"  - {{id: {source_id}, name: {source_id}, kind: feed, url: '{url}', "
                     "allow_private: true}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
