"""Issue 9: plain `datasette` (no `offlimits serve`, no `-m`) on a database file of any name:
the plugin finds the offlimits data and brings metadata.yml (descriptions, canned queries)."""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
import yaml
from datasette.app import Datasette

from offlimits.web.public import PUBLIC_PROFILE_FILE
from tests.processes import first_answer
from tests.web.conftest import fetch
from tests.web.test_public_mode import ARTICLE_WORDS, local_links

NAME = "snapshot-2025-12-06"


@pytest.fixture(scope="module")
def renamed(fixture_db, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("plain") / f"{NAME}.db"
    shutil.copyfile(fixture_db, path)
    return path


@pytest.fixture(scope="module")
def plain(renamed) -> Datasette:
    """What `datasette snapshot-2025-12-06.db` builds (the plugin comes by its entry point)."""
    ds = Datasette([str(renamed)])
    asyncio.run(ds.invoke_startup())
    return ds


def test_pages_read_the_database_whatever_its_name(plain):
    assert [n for n in plain.databases if n != "_internal"] == [NAME]
    page = fetch(plain, "/-/timeline")
    assert page.status_code == 200 and "8 events" in page.text
    entity = fetch(plain, "/-/entities/deepseek").text
    assert f'href="/{NAME}/entities/deepseek"' in entity
    assert fetch(plain, "/-/events/e4test").status_code == 200


def test_metadata_yml_comes_with_the_plugin(plain):
    described = yaml.safe_load(Path("metadata.yml").read_text(encoding="utf-8"))
    queries = described["databases"]["offlimits"]["queries"]
    rows = fetch(plain, f"/{NAME}/events_for_vendor.json?vendor=deepseek&_shape=array").json()
    assert [r["event_id"] for r in rows] == [4, 5]
    database_page = fetch(plain, f"/{NAME}").text
    assert all(q["title"] in database_page for q in queries.values())
    assert "Restriction events with their evidence" in database_page  # the description
    assert plain.metadata("title") == "offlimits"
    assert plain.metadata("facets", database=NAME, table="events") == [
        "action", "vendor_id", "actor_id", "status", "month"]


def test_request_checks_apply_under_the_file_name(plain):
    response = fetch(plain, f"/{NAME}/events_between.json?from=2025-13-45")
    assert response.status_code == 400 and "2025-13-45" in response.text


@pytest.mark.parametrize("page", ["/-/timeline?date_from=2025&date_to=2025",
                                  "/-/entities/garante", "/-/events/e4test"])
def test_every_link_works_under_the_file_name(plain, page):
    links = sorted(set(local_links(fetch(plain, page).text)))
    assert any(link.startswith(f"/{NAME}/") for link in links) or page.startswith("/-/time")
    assert {link: s for link in links if (s := fetch(plain, link).status_code) != 200} == {}


def test_plain_datasette_with_the_public_profile(renamed):
    ds = Datasette([str(renamed)], metadata=yaml.safe_load(PUBLIC_PROFILE_FILE.read_text()))
    assert fetch(ds, f"/{NAME}?sql=select+1").status_code == 403
    articles = fetch(ds, f"/{NAME}/articles.json?_shape=array").json()
    assert articles and all("text" not in a for a in articles)
    assert ARTICLE_WORDS not in fetch(ds, f"/{NAME}/articles/1").text
    assert fetch(ds, f"/{NAME}/events_for_vendor.json?vendor=deepseek").status_code == 200


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_the_datasette_command_itself(renamed):
    """`datasette serve FILE -m metadata.public.yml` in its own process, on loopback."""
    port = free_port()
    datasette_bin = Path(sys.executable).with_name("datasette")
    proc = subprocess.Popen(
        [str(datasette_bin), "serve", str(renamed), "-p", str(port),
         "-m", str(PUBLIC_PROFILE_FILE)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        page = first_answer(proc, f"{base}/-/timeline", "datasette")
        assert page.status_code == 200 and "8 events" in page.text
        csv_rows = httpx.get(f"{base}/-/timeline.csv?entity=deepseek").text.splitlines()
        assert len(csv_rows) == 3
        assert httpx.get(f"{base}/{NAME}?sql=select+1").status_code == 403
        full = httpx.get(f"{base}/{NAME}/timeline.csv?_stream=on").text.strip().splitlines()
        assert len(full) == 9
    finally:
        proc.terminate()
        proc.communicate(timeout=10)
