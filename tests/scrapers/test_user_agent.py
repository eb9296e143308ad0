"""The User-Agent: the project's version and real homepage (pyproject.toml), and the operator's
contact (OFFLIMITS_CONTACT) when one is set."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from scrapers.http import HttpClient, user_agent
from tests.pipeline.cli import run_offlimits
from tests.scrapers.conftest import fast_config
from tests.scrapers.server import LoopbackServer, Response, rss

PYPROJECT = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())
HOMEPAGE = PYPROJECT["project"]["urls"]["Homepage"]
VERSION = PYPROJECT["project"]["version"]


@pytest.fixture
def server():
    with LoopbackServer() as running:
        running.route("/feed.xml", Response(body=rss([]), content_type="application/rss+xml"))
        yield running


def sent_agent(server: LoopbackServer) -> str:
    return server.requests_for("/feed.xml")[-1].headers["user-agent"]


def test_the_default_agent_names_version_and_homepage(server):
    with HttpClient(fast_config(user_agent=user_agent())) as http:
        http.get(server.url("/feed.xml"), allow_private=True)
    assert sent_agent(server) == f"offlimits/{VERSION} (+{HOMEPAGE})"


def sources_file(tmp_path, server) -> Path:
    path = tmp_path / "s.yml"
    path.write_text("prefilter: {ai_terms: [AI], restriction_terms: [ban]}\nsources:\n"
                    f"  - {{id: wire, name: Wire, kind: feed, url: '{server.url('/feed.xml')}', "
                    "allow_private: true}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("contact", ["ops@example.org", "https://example.org/offlimits-bot"])
def test_the_operators_contact_goes_in_every_request(tmp_path, server, monkeypatch, contact):
    monkeypatch.setenv("OFFLIMITS_CONTACT", contact)
    sources = sources_file(tmp_path, server)
    check = run_offlimits("--sources", sources, "sources", "check")
    assert check.returncode == 0, check.stderr
    assert sent_agent(server) == f"offlimits/{VERSION} (+{HOMEPAGE}; contact: {contact})"
    scrape = run_offlimits("--db", tmp_path / "x.db", "--sources", sources, "scrape")
    assert scrape.returncode == 0, scrape.stderr
    assert server.hits("/feed.xml") == 2
    assert sent_agent(server).endswith(f"; contact: {contact})")


@pytest.mark.parametrize("contact", ["call me maybe", "ops@example.org)\r\nX-Evil: 1",
                                     "ftp://example.org"])
def test_a_contact_that_is_neither_url_nor_email_is_one_error(tmp_path, server, monkeypatch,
                                                              contact):
    monkeypatch.setenv("OFFLIMITS_CONTACT", contact)
    result = run_offlimits("--sources", sources_file(tmp_path, server), "sources", "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "Error: OFFLIMITS_CONTACT" in result.stderr
    assert server.hits("/feed.xml") == 0
