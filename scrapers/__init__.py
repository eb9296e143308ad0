"""Collect news and notices: sources, polite HTTP, feeds, listing pages, article text.

This package yields plain records (see `scrapers.records`) and imports nothing from
`offlimits`: the flow runs scrapers -> extract -> store -> serve.
"""
