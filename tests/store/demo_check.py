"""Comparing a built demo database with data/demo/manifest.yml, page by page."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from offlimits.settings import DEMO_DIR

MANIFEST = yaml.safe_load((DEMO_DIR / "manifest.yml").read_text(encoding="utf-8"))


@dataclass
class PageCheck:
    path: str
    expected: list[str]
    reports: set[str]  # verified ids (or "extracted:<uid>") the page is linked to as a report
    background: set[str]

    @property
    def main_attached(self) -> bool:
        """The page's own news (its first manifest event) is among its reports, and every
        report names an event the manifest lists for it."""
        return self.expected[0] in self.reports and self.reports <= set(self.expected)

    @property
    def exact(self) -> bool:
        return self.reports == set(self.expected)


def restriction_pages(db_path: Path) -> list[PageCheck]:
    """Every restriction page of the manifest stored as an original (not a syndicated copy)."""
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        articles = {urlsplit(r["url"]).path.lstrip("/"): r
                    for r in conn.execute("SELECT id, url, duplicate_of FROM articles")}
        out = []
        for page in MANIFEST["pages"]:
            row = articles.get(page["path"])
            if not page["relevant"] or row is None or row["duplicate_of"] is not None:
                continue
            links = conn.execute(
                "SELECT coalesce(e.verified_id, 'extracted:' || e.uid) AS event, ea.role "
                "FROM event_articles ea JOIN events e ON e.id = ea.event_id "
                "WHERE ea.article_id = ? AND e.status != 'rejected'", [row["id"]]).fetchall()
            out.append(PageCheck(
                path=page["path"], expected=list(page["events"]),
                reports={r["event"] for r in links if r["role"] == "report"},
                background={r["event"] for r in links if r["role"] == "background"}))
        return out
    finally:
        conn.close()
