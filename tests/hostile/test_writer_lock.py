"""The one-writer lock is keyed on the database's real path: a symlink to the database,
or another spelling of its path, cannot start a second writer (issue 11.17)."""

import os

from offlimits.runlock import writer_lock
from tests.pipeline.cli import run_offlimits
from tests.pipeline.sitebuilder import write_sources


def test_a_second_writer_through_a_symlink_is_refused(tmp_path):
    sources = write_sources(tmp_path / "s.yml", [("alpha", "http://127.0.0.1:9/feed")])
    real = tmp_path / "data" / "offlimits.db"
    assert run_offlimits("--db", real, "--sources", sources, "init").returncode == 0
    alias = tmp_path / "alias.db"
    alias.symlink_to(real)
    linked_dir = tmp_path / "linked"
    linked_dir.symlink_to(real.parent, target_is_directory=True)
    spellings = [alias, linked_dir / "offlimits.db",
                 tmp_path / "data" / ".." / "data" / "offlimits.db"]
    with writer_lock(real):
        for spelling in spellings:
            result = run_offlimits("--db", spelling, "--sources", sources, "scrape")
            assert result.returncode == 1, (spelling, result.stderr)
            assert "Traceback" not in result.stderr
            assert "another offlimits process is writing" in result.stderr
    # once the first writer is done, the symlink works as the database
    result = run_offlimits("--db", alias, "--sources", sources, "init")
    assert result.returncode == 0, result.stderr
    assert os.path.islink(alias) and real.exists()
