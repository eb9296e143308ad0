"""Article pages: main text, title, date, language and rel=canonical, via trafilatura."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

import trafilatura
from trafilatura.utils import load_html

from scrapers.text import language_code


@dataclass
class ArticlePage:
    """What an article page yielded. `text` is empty when no main text was found."""

    text: str
    title: str | None = None
    published: str | None = None  # ISO 8601 date as the page states it
    language: str | None = None
    canonical_url: str | None = None


def extract_article(body: bytes | str, url: str) -> ArticlePage:
    """Extract main text and metadata from an HTML page; never raises."""
    try:
        tree = load_html(body)
    except Exception:  # lxml can reject some byte soups outright
        tree = None
    if tree is None:
        return ArticlePage(text="")
    canonical = _canonical(tree, url)
    language = _language(tree)
    try:
        document = trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_images=False,
            include_links=False,
        )
    except Exception:  # trafilatura on hostile markup: keep what we have
        document = None
    if document is None:
        return ArticlePage(text="", canonical_url=canonical, language=language)
    return ArticlePage(
        text=(document.text or "").strip(),
        title=(document.title or "").strip() or None,
        published=document.date or None,
        language=language or language_code(document.language),
        canonical_url=canonical,
    )


def _canonical(tree, url: str) -> str | None:
    for href in tree.xpath(
        '//link[contains(concat(" ", normalize-space(@rel), " "), " canonical ")]/@href'
    ):
        href = href.strip()
        if href:
            resolved = urljoin(url, href)
            if resolved.startswith(("http://", "https://")):
                return resolved
    return None


def _language(tree) -> str | None:
    values = tree.xpath("/html/@lang | /html/@xml:lang") or tree.xpath(
        '//meta[translate(@http-equiv, "CONTENT-LANGUAGE", "content-language")'
        '="content-language"]/@content'
    )
    for value in values:
        code = language_code(str(value))
        if code:
            return code
    return None
