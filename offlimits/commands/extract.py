"""`offlimits extract INPUT.jsonl -o OUTPUT.jsonl`: run the extractor (the scored contract)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from offlimits.extract import extract as extract_article
from offlimits.extract import load_gazetteer
from offlimits.extract.gazetteer import GazetteerError
from offlimits.extract.jsonl import InputError, extraction_row, parse_article


@click.command("extract")
@click.argument("input_path", metavar="INPUT.jsonl", type=click.Path(path_type=Path))
@click.option("-o", "--output", "output", default="-", show_default=True, metavar="OUTPUT.jsonl",
              help="Where to write one JSON line per article ('-' for stdout).")
@click.option("--entities", "entities", metavar="PATH", type=click.Path(path_type=Path),
              help="Gazetteer YAML [default: data/entities.yml].")
def extract(input_path: Path, output: str, entities: Path | None) -> None:
    """Read articles ({"id", "url", "title", "published", "text"} per line) and write, per line,
    relevance, score, events and entities. A malformed line is reported on stderr with its line
    number; the others are still processed, and the exit status is 1 at the end."""
    if str(input_path) != "-" and not input_path.is_file():
        raise click.ClickException(f"{input_path}: no such input file")
    try:
        gazetteer = load_gazetteer(entities)
    except GazetteerError as e:
        raise click.ClickException(str(e)) from None
    lines = _read_lines(input_path)
    read = relevant = events = errors = 0
    started = time.perf_counter()
    out = click.open_file(output, "w", encoding="utf-8", lazy=False)
    try:
        for number, line in _progress(lines):
            if not line.strip():
                continue
            read += 1
            try:
                article = parse_article(line)
            except InputError as e:
                errors += 1
                click.echo(f"{input_path}:{number}: {e}", err=True)
                continue
            result = extract_article(article, gazetteer)
            relevant += result.relevant
            events += len(result.events)
            out.write(json.dumps(extraction_row(article.id, result), ensure_ascii=False) + "\n")
    finally:
        if output != "-":
            out.close()
        else:
            out.flush()
    elapsed = max(time.perf_counter() - started, 1e-9)
    click.echo(f"extract: {read} lines read, {relevant} relevant, {events} events, "
               f"{errors} errors, {read / elapsed:.0f} articles/s", err=True)
    if errors:
        raise click.ClickException(f"{errors} of {read} input lines could not be read")


def _read_lines(path: Path) -> list[tuple[int, str]]:
    try:
        if str(path) == "-":
            text = sys.stdin.read()
        else:
            text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as e:
        raise click.ClickException(f"{path}: cannot read: {e.strerror}") from None
    return list(enumerate(text.splitlines(), 1))


def _progress(lines: list[tuple[int, str]]):
    from tqdm import tqdm

    return tqdm(lines, unit="article", desc="extracting", file=sys.stderr, disable=None,
                leave=False)
