"""robots.txt read per RFC 9309, served from loopback: what real sites write (issue 10, 11.17)."""

from __future__ import annotations

import pytest

from scrapers.http import FetchError, HttpClient
from tests.scrapers.conftest import FAST
from tests.scrapers.server import LoopbackServer, Response

# Shapes seen on real sites: a query-string rule, wildcards, an end anchor, several `*` groups.
ROBOTS = """User-agent: *
Disallow: /en/news?
Disallow: /*.pdf$

User-agent: some-other-crawler
Disallow: /

User-agent: *
Disallow: /drafts/
Crawl-delay: 2
"""


def fetch(server: LoopbackServer, path: str) -> str:
    with HttpClient(FAST) as client:
        try:
            client.get(server.url(path), allow_private=True, check_robots=True)
        except FetchError as e:
            return e.kind
    return "fetched"


@pytest.mark.parametrize(("path", "verdict"), [
    ("/en/news/some-story", "fetched"),     # a prefix rule with '?' is not '/en/news'
    ("/en/news?page=2", "robots"),
    ("/files/report.pdf", "robots"),        # '*' and '$'
    ("/files/report.pdf?download=1", "fetched"),
    ("/drafts/one", "robots"),              # a second 'User-agent: *' group counts too
])
def test_rules_are_read_as_rfc_9309_says(server: LoopbackServer, path: str, verdict: str) -> None:
    server.route("/robots.txt", Response(body=ROBOTS, content_type="text/plain"))
    server.route(path.split("?")[0], Response(body="<html><p>page</p></html>",
                                              content_type="text/html"))
    assert fetch(server, path) == verdict


def test_a_byte_order_mark_does_not_hide_the_first_rule(server: LoopbackServer) -> None:
    server.route("/robots.txt", Response(body="\ufeffUser-agent: *\nDisallow: /\n",
                                         content_type="text/plain"))
    server.route("/page", Response(body="<html><p>page</p></html>", content_type="text/html"))
    assert fetch(server, "/page") == "robots"
