"""Benchmark: extractor throughput on ~2 KB articles synthesised from our own sentence templates.

    .venv/bin/python benchmarks/extract.py [--articles 2000] [--size 2000] [--min-rate 300]

Prints articles/s on one core; exits 1 when below --min-rate. Target: >= 300 articles/s.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from offlimits.extract import extract, load_gazetteer  # noqa: E402
from offlimits.extract.model import ArticleText  # noqa: E402

ACTORS = ["Samsung", "JPMorgan Chase", "the Czech government", "Italy's privacy watchdog",
          "Taiwan's Ministry of Digital Affairs", "the US Navy", "South Korean ministries",
          "Verizon", "a Texas state agency", "the House of Representatives", "Australia"]
TOOLS = ["ChatGPT", "DeepSeek", "Claude Code", "Microsoft Copilot", "Gemini 2.5 Pro", "Qwen3",
         "Grok 3", "Meta AI", "GitHub Copilot", "Kimi"]
EVENTS = [
    "{actor} has banned staff from using {tool} on work devices.",
    "{actor} said on Tuesday that it had blocked access to {tool} starting July 10.",
    "{tool} was suspended by {actor} pending a review of its data practices.",
    "{actor} lifted its ban on {tool} after the vendor added new privacy controls.",
    "{actor} warned employees not to paste confidential code into {tool}.",
    "{actor} restricted the use of {tool} from 1 March, according to an internal memo.",
]
FILLER = [
    "Analysts said the decision reflects growing concern about where prompts are stored.",
    "The company did not respond to a request for comment on Monday.",
    "Shares in the technology sector rose slightly in early trading in New York.",
    "Regulators in Europe have been studying the data flows of chatbots for months.",
    "Critics argue the rules are vague and hard to enforce across large organisations.",
    "The move follows similar steps by several banks and government departments last year.",
    "Security teams have published guidance on approved tools and how to request access.",
    "Usage of AI assistants has grown quickly among software developers and analysts.",
    "The startup raised new funding this spring and plans to open an office in London.",
    "Officials said a longer review would be completed by the end of the month.",
]


def synthesise(n: int, size: int, seed: int = 7) -> list[ArticleText]:
    """`n` articles of about `size` characters: mostly filler, a few event sentences."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < size:
            if rng.random() < 0.25:
                parts.append(rng.choice(EVENTS).format(actor=rng.choice(ACTORS),
                                                       tool=rng.choice(TOOLS)))
            else:
                parts.append(rng.choice(FILLER))
        title = rng.choice(EVENTS).format(actor=rng.choice(ACTORS), tool=rng.choice(TOOLS))
        out.append(ArticleText(id=f"bench-{i}", title=title.rstrip("."),
                               text=" ".join(parts)[:size], published="2025-02-04"))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--size", type=int, default=2000, help="characters per article")
    ap.add_argument("--min-rate", type=float, default=300.0)
    args = ap.parse_args()
    gazetteer = load_gazetteer()
    articles = synthesise(args.articles, args.size)
    extract(articles[0], gazetteer)  # compile regexes before timing
    started = time.perf_counter()
    events = sum(len(extract(a, gazetteer).events) for a in articles)
    elapsed = time.perf_counter() - started
    rate = len(articles) / elapsed
    mean = sum(len(a.text) for a in articles) / len(articles)
    print(f"{len(articles)} articles of {mean:.0f} chars in {elapsed:.2f} s: "
          f"{rate:.0f} articles/s ({events} events)")
    unbroken = ArticleText(id="unbroken", title="", text=" ".join(FILLER).replace(".", "") * 110)
    started = time.perf_counter()
    extract(unbroken, gazetteer)
    print(f"one {len(unbroken.text) // 1000} KB text without sentence breaks: "
          f"{time.perf_counter() - started:.2f} s")
    tracemalloc.start()
    for a in articles[:200]:
        extract(a, gazetteer)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak traced memory over 200 articles: {peak / 1e6:.1f} MB")
    if rate < args.min_rate:
        print(f"below the target of {args.min_rate:.0f} articles/s")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
