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

HEAD_LINES = 5  # a file whose first non-blank lines are all unreadable is not JSON lines
SHOWN_ERRORS = 10  # bad lines named one by one; the rest are counted
BINARY_SIGNATURES = {b"SQLite format 3\x00": "a SQLite database", b"PK\x03\x04": "a zip archive",
                     b"\x1f\x8b": "gzip-compressed", b"%PDF": "a PDF"}


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
    _refuse_what_is_not_json_lines(input_path, lines)
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
                if errors <= SHOWN_ERRORS:
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
    if errors > SHOWN_ERRORS:
        click.echo(f"{input_path}: {errors - SHOWN_ERRORS} more unreadable lines not shown",
                   err=True)
    elapsed = max(time.perf_counter() - started, 1e-9)
    click.echo(f"extract: {read} lines read, {relevant} relevant, {events} events, "
               f"{errors} errors, {read / elapsed:.0f} articles/s", err=True)
    if errors:
        raise click.ClickException(f"{errors} of {read} input lines could not be read")


def _refuse_what_is_not_json_lines(path: Path, lines: list[tuple[int, str]]) -> None:
    """One `Error:` for an input that is plainly not JSON lines (before any output is made)."""
    head = [(number, line) for number, line in lines[:1000] if line.strip()][:HEAD_LINES]
    if len(head) < HEAD_LINES:
        return
    problems = []
    for number, line in head:
        try:
            parse_article(line)
            return
        except InputError as e:
            problems.append(f"line {number}: {e}")
    raise click.ClickException(
        f"{path}: the first {HEAD_LINES} lines are not articles ({problems[0]}): is it a JSON "
        'lines file, one {"id", "url", "title", "published", "text"} object per line?')


def _read_lines(path: Path) -> list[tuple[int, str]]:
    try:
        if str(path) == "-":
            text = sys.stdin.read()
        else:
            with path.open("rb") as f:
                start = f.read(16)
            for signature, what in BINARY_SIGNATURES.items():
                if start.startswith(signature):
                    raise click.ClickException(
                        f"{path} is {what}, not JSON lines (one article object per line)")
            text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as e:
        raise click.ClickException(f"{path}: cannot read: {e.strerror}") from None
    return list(enumerate(text.splitlines(), 1))


def _progress(lines: list[tuple[int, str]]):
    from tqdm import tqdm

    return tqdm(lines, unit="article", desc="extracting", file=sys.stderr, disable=None,
                leave=False)
