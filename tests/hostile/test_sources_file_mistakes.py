"""Mistakes in a sources file end in one Error: line naming the file and field (issue 11.16)."""

import subprocess
import sys

import pytest

GOOD_SOURCE = '  - {id: a, name: A, kind: feed, url: "http://news.example/feed"%s}\n'


@pytest.mark.parametrize(("prefilter_terms", "source_extra", "message"), [
    ('["*"]', "", "restriction_terms: '*' has no letter or digit"),
    ('["ban", "**"]', "", "restriction_terms: '**' has no letter or digit"),
    ("[ban]", ", interval_minutes: 99999999999",
     "interval_minutes must be at most 10080, got 99999999999"),
])
def test_a_bad_value_is_named_not_a_traceback(tmp_path, prefilter_terms, source_extra, message):
    sources = tmp_path / "sources.yml"
    sources.write_text("prefilter:\n  ai_terms: [chatbot]\n"
                       f"  restriction_terms: {prefilter_terms}\nsources:\n"
                       + GOOD_SOURCE % source_extra)
    run = subprocess.run(
        [sys.executable, "-m", "offlimits", "--db", str(tmp_path / "o.db"),
         "--sources", str(sources), "init"], capture_output=True, text=True)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert run.stderr.startswith("Error: ") and str(sources) in run.stderr
    assert message in run.stderr
