"""The researcher notebook runs end to end (jupytext + nbclient) against a test database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "researcher.py"


def cell_text(cell) -> str:
    return "".join(out.get("text", "") for out in cell.get("outputs", [])
                   if out.get("output_type") == "stream")


@pytest.mark.slow
def test_researcher_notebook_runs(fixture_db, tmp_path, monkeypatch):
    jupytext = pytest.importorskip("jupytext")
    nbclient = pytest.importorskip("nbclient")
    chart = tmp_path / "chart.png"
    monkeypatch.setenv("OFFLIMITS_DB", str(fixture_db))
    monkeypatch.setenv("OFFLIMITS_CHART", str(chart))
    notebook = jupytext.read(NOTEBOOK)
    client = nbclient.NotebookClient(
        notebook, timeout=120, kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute(env=dict(os.environ))
    outputs = "\n".join(cell_text(c) for c in notebook.cells if c.cell_type == "code")
    assert "8 events in" in outputs
    # By vendor: OpenAI has two events in 2023-Q2 (Samsung's ban, Italy's lift).
    assert any(line.split() == ["2023-Q2", "OpenAI", "2"] for line in outputs.splitlines())
    assert any(line.split() == ["2025-Q1", "DeepSeek", "2"] for line in outputs.splitlines())
    assert "1 events are dated only to the year" in outputs
    assert any(line.split()[:2] == ["2023-Q1", "suspend"] for line in outputs.splitlines())
    assert any(line.split() == ["regulator", "3", "1"] for line in outputs.splitlines())
    # The Australian ban: first reported 2025-06-01 (fixture), effective 2025-02-04.
    assert "-117" in outputs
    assert chart.exists() and chart.stat().st_size > 5_000
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
