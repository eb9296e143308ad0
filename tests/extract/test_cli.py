"""`offlimits extract INPUT.jsonl -o OUTPUT.jsonl`: the contract the scorer relies on."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from offlimits.commands.extract import extract

GOOD = {"id": "g-1", "url": "https://example.org/a", "title": "Italy's watchdog blocks DeepSeek",
        "published": "2025-01-31",
        "text": "The Garante blocked the DeepSeek app on Thursday over data concerns."}
NEGATIVE = {"id": "g-2", "url": None, "title": "Real Madrid win the final", "published": None,
            "text": "The club lifted the trophy for the fifteenth time."}


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_one_output_line_per_article(tmp_path: Path) -> None:
    src = _write(tmp_path, [json.dumps(GOOD), json.dumps(NEGATIVE)])
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(extract, [str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["g-1", "g-2"]
    first, second = rows
    assert first["relevant"] is True and 0 < first["score"] <= 1
    event = first["events"][0]
    assert set(event) >= {"actor", "vendor", "product", "affected", "replacement", "action",
                          "region", "date", "date_precision", "effective_date", "evidence"}
    assert event["vendor"] == "DeepSeek" and event["action"] == "ban"
    assert event["region"] == ["IT"] and event["effective_date"] == "2025-01-30"
    assert "Garante" in event["actor"]
    assert {"name", "type", "country"} <= set(first["entities"][0])
    assert second == {**second, "relevant": False, "events": []}
    assert "2 lines read, 1 relevant" in result.stderr


def test_stdout_with_dash(tmp_path: Path) -> None:
    src = _write(tmp_path, [json.dumps(GOOD)])
    result = CliRunner().invoke(extract, [str(src), "-o", "-"])
    assert result.exit_code == 0
    assert json.loads(result.stdout.splitlines()[0])["id"] == "g-1"


def test_malformed_lines_are_named_and_others_processed(tmp_path: Path) -> None:
    src = _write(tmp_path, [json.dumps(GOOD), "{not json", json.dumps({"title": "no id"}),
                            json.dumps({**NEGATIVE, "text": 42}), json.dumps(NEGATIVE)])
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(extract, [str(src), "-o", str(out)])
    assert result.exit_code == 1
    assert f"{src}:2: not JSON" in result.stderr
    assert f"{src}:3: missing field 'id'" in result.stderr
    assert f"{src}:4: field 'text' must be a string" in result.stderr
    assert "3 of 5 input lines could not be read" in result.stderr
    assert "Traceback" not in result.output
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert ids == ["g-1", "g-2"]


def test_missing_input_is_a_message(tmp_path: Path) -> None:
    result = CliRunner().invoke(extract, [str(tmp_path / "absent.jsonl")])
    assert result.exit_code != 0
    assert "absent.jsonl: no such input file" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_bad_gazetteer_is_a_message(tmp_path: Path) -> None:
    src = _write(tmp_path, [json.dumps(GOOD)])
    gaz = tmp_path / "entities.yml"
    gaz.write_text("vendors:\n  - name: Acme\n    country: Narnia\n", encoding="utf-8")
    result = CliRunner().invoke(extract, [str(src), "--entities", str(gaz)])
    assert result.exit_code != 0
    assert f"{gaz}: vendors[0] (Acme): country must be" in result.stderr
