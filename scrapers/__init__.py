"""Collect news and notices: sources, polite HTTP, feeds, listing pages, article text.

This package yields plain records (see `scrapers.records`) and imports nothing from
`offlimits`: the flow runs scrapers -> extract -> store -> serve.

Where things are:
- `sources`    the source list (`data/sources.yml`): loading and validation
- `collect`    `Collector.poll` / `poll_many`: the API the pipeline calls
- `http`       the one HTTP client and its limits (`HttpConfig`)
- `bodies`     reading a body within the size and decompression caps
- `politeness` per-host concurrency and spacing
- `robots`     robots.txt, cached per host
- `guard`      the SSRF guard (no private, loopback or link-local addresses)
- `feeds`      RSS/Atom via feedparser; `fastfeed` the lxml fast path for plain feeds
- `listing`    HTML listing pages by CSS selectors
- `search`     Google News RSS search and GDELT DOC 2.0 URLs and responses
- `article`    article pages: main text, title, date, language, rel=canonical
- `prefilter`  the title+summary test that decides whether a page is fetched
- `urls`       canonical URLs
- `text`       HTML to text, dates, language codes
- `workers`    parsing in worker processes
"""
