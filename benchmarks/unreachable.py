"""Benchmark: `offlimits run --once` when no source resolves.

    python benchmarks/unreachable.py

Rewrites data/sources.yml with every host made unresolvable (HOST.invalid, RFC 6761: never
resolves; search sources get it as their endpoint), then times `run --once` on a fresh
database through the real CLI. No request leaves the machine. The cycle should take about
one connect timeout (10 s), however many sources there are.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scrapers.search import search_url  # noqa: E402
from scrapers.sources import load_sources  # noqa: E402


def unresolvable(url: str) -> str:
    parts = urlsplit(url)
    port = f":{parts.port}" if parts.port else ""
    return urlunsplit((parts.scheme, f"{parts.hostname}.invalid{port}", parts.path, "", ""))


def write_list(path: Path) -> int:
    """data/sources.yml with unresolvable hosts; returns the number of enabled sources."""
    listing = load_sources(ROOT / "data" / "sources.yml")
    rows = []
    for source in listing.sources:
        row = {"id": source.id, "name": source.name, "kind": source.kind,
               "enabled": source.enabled, "interval_minutes": source.interval_minutes}
        if source.kind == "search":
            row.update(engine=source.engine,
                       params={**source.params, "endpoint": unresolvable(search_url(source))})
            if source.query:
                row["query"] = source.query
        else:
            row["url"] = unresolvable(source.url or "")
        if source.selectors:
            row["selectors"] = dict(source.selectors)
        rows.append(row)
    prefilter = {"ai_terms": list(listing.prefilter.ai_terms), "restriction_terms": ["ban"]}
    path.write_text(yaml.safe_dump({"prefilter": prefilter, "sources": rows},
                                   allow_unicode=True, sort_keys=False), encoding="utf-8")
    return len(listing.enabled)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        sources, db = Path(tmp) / "unresolvable.yml", Path(tmp) / "x.db"
        enabled = write_list(sources)
        started = time.monotonic()
        run = subprocess.run([sys.executable, "-m", "offlimits", "--db", str(db), "--sources",
                              str(sources), "run", "--once"], capture_output=True, text=True,
                             cwd=ROOT)
        wall = time.monotonic() - started
    summary = [line for line in run.stderr.splitlines() if not line.startswith("  failed")]
    print(f"{enabled} enabled sources, none resolvable: run --once {wall:.1f} s wall "
          f"(exit {run.returncode})")
    print("\n".join(summary))


if __name__ == "__main__":
    main()
