"""`offlimits extract` on a line holding a lone surrogate keeps going (issue 11.16)."""

import json
import subprocess
import sys


def test_a_lone_surrogate_does_not_abort_the_run(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"id": "a", "title": "Agency bars chatbot \\ud800", "published": "2025-02-01",'
        ' "text": "The agency barred ChatGPT on its phones on Monday \\ud800."}\n'
        '{"id": "b", "title": "Weather", "text": "Rain is expected on Tuesday."}\n')
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "offlimits", "extract", str(source), "-o", str(out)]
    run = subprocess.run(command, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == ["a", "b"]
