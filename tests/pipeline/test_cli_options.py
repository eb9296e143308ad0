"""Global options (`--db`, `--sources`, `-v`) work before or after the subcommand."""

from __future__ import annotations

import sqlite3

from tests.pipeline.cli import run_offlimits
from tests.pipeline.test_cli import served  # noqa: F401 - the demo-site fixture


def test_options_after_the_subcommand(tmp_path, served):  # noqa: F811
    _, sources = served
    db = tmp_path / "after.db"
    scrape = run_offlimits("scrape", "--db", db, "--sources", sources)
    assert scrape.returncode == 0, scrape.stderr
    assert "sources: 2 ok" in scrape.stderr
    stored = sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0]
    assert stored == 3  # the same as `offlimits --db X --sources Y scrape` stores
    before = run_offlimits("--db", db, "--sources", sources, "sources")
    after = run_offlimits("sources", "--db", db, "--sources", sources)
    assert after.returncode == 0, after.stderr
    assert after.stdout == before.stdout
    assert {line.split()[0] for line in after.stdout.splitlines()[1:]} == {"gazette", "wire"}
    check = run_offlimits("sources", "check", "wire", "--sources", sources)
    assert check.returncode == 0, check.stderr
    assert "checked 1 sources: 1 ok" in check.stdout


def test_a_later_option_wins_and_init_takes_it(tmp_path, served):  # noqa: F811
    _, sources = served
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    result = run_offlimits("--db", first, "init", "--db", second, "--sources", sources)
    assert result.returncode == 0, result.stderr
    assert second.exists() and not first.exists()


def test_verbose_after_the_subcommand(tmp_path, served):  # noqa: F811
    _, sources = served
    result = run_offlimits("scrape", "-v", "--db", tmp_path / "v.db", "--sources", sources)
    assert result.returncode == 0, result.stderr
    assert "INFO offlimits.pipeline: poll gazette: ok, 2 items, 2 new" in result.stderr
    assert "INFO offlimits.pipeline: poll wire: ok" in result.stderr
