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


@pytest.mark.slow
def test_researcher_notebook_runs_on_the_demo_database(tmp_path, monkeypatch):
    """The notebook against what `make demo` builds: the real pipeline's database."""
    import sqlite3

    from offlimits.demo import build_demo, demo_site

    jupytext = pytest.importorskip("jupytext")
    nbclient = pytest.importorskip("nbclient")
    db = tmp_path / "offlimits.db"
    with demo_site(port=0) as server:
        build_demo(db, server)
    conn = sqlite3.connect(db)
    expected = conn.execute("SELECT count(*) FROM timeline").fetchone()[0]
    conn.close()
    chart = tmp_path / "chart.png"
    monkeypatch.setenv("OFFLIMITS_DB", str(db))
    monkeypatch.setenv("OFFLIMITS_CHART", str(chart))
    notebook = jupytext.read(NOTEBOOK)
    nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}
                            ).execute(env=dict(os.environ))
    outputs = "\n".join(cell_text(c) for c in notebook.cells if c.cell_type == "code")
    assert f"{expected} events in" in outputs
    assert "median:" in outputs
    assert chart.exists() and chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
