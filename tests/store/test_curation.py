"""Curation that sticks, on real databases through the real CLI: each decision lands in the
curation file and survives reextract, a scrape and a rebuild from scratch."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from offlimits.curation import read_curation
from offlimits.demo import build_demo, demo_site

ROOT = Path(__file__).resolve().parents[2]
GARANTE_BAN = "ev-2023-010"  # reported by three demo pages
TAIWAN_BAN = "ev-2025-035"
JPMORGAN_HK = "ev-2026-062"
GOLDMAN_HK = "ev-2026-059"


def cli(env: dict[str, str], *args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "offlimits", *map(str, args)],
                          capture_output=True, text=True, timeout=180, cwd=ROOT, env=env)


def uid_of(db: Path, verified_id: str) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT uid FROM events WHERE verified_id = ?",
                            [verified_id]).fetchone()[0]


def event(db: Path, uid: str) -> dict | None:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        row = conn.execute("SELECT * FROM events WHERE uid = ?", [uid]).fetchone()
        return dict(row) if row else None


def build(db: Path, curation: Path) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OFFLIMITS_CURATION", str(curation))
        with demo_site(port=0) as server:
            build_demo(db, server)


@pytest.fixture(scope="module")
def curated(tmp_path_factory):
    """A demo database and the decisions a curator made on it with `offlimits review`
    (the tests below change no decision)."""
    tmp_path = tmp_path_factory.mktemp("curated")
    curation = tmp_path / "curation.yml"
    db = tmp_path / "first.db"
    build(db, curation)
    env = {**os.environ, "OFFLIMITS_CURATION": str(curation), "OFFLIMITS_CURATOR": "ana"}
    uids = {v: uid_of(db, v) for v in (GARANTE_BAN, TAIWAN_BAN, JPMORGAN_HK, GOLDMAN_HK)}
    with sqlite3.connect(db) as conn:
        article = conn.execute(
            "SELECT a.url FROM event_articles ea JOIN articles a ON a.id = ea.article_id "
            "JOIN events e ON e.id = ea.event_id WHERE e.verified_id = ? AND ea.role = "
            "'background' ORDER BY a.url LIMIT 1", [GARANTE_BAN]).fetchone()[0]
    steps = [
        ("review", "reject", uids[TAIWAN_BAN], "--reason", "test: not a ban"),
        ("review", "merge", uids[GOLDMAN_HK], "--into", uids[JPMORGAN_HK], "--reason", "test"),
        ("review", "edit", uids[GARANTE_BAN], "--date", "2023-03-31", "--regions", "IT,SM"),
        ("review", "detach", uids[GARANTE_BAN], article),
    ]
    for step in steps:
        result = cli(env, "--db", db, *step)
        assert result.returncode == 0, result.stderr
    return db, curation, env, uids, article


def check_curated(db: Path, uids: dict[str, str], article: str) -> None:
    assert event(db, uids[TAIWAN_BAN])["status"] == "rejected"
    assert event(db, uids[GOLDMAN_HK]) is None
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT target_uid FROM event_redirects WHERE uid = ?",
                            [uids[GOLDMAN_HK]]).fetchone() == (uids[JPMORGAN_HK],)
        survivor_reports = conn.execute(
            "SELECT count(*) FROM event_articles ea JOIN events e ON e.id = ea.event_id "
            "WHERE e.uid = ? AND ea.role = 'report'", [uids[JPMORGAN_HK]]).fetchone()[0]
        attached = conn.execute(
            "SELECT count(*) FROM event_articles ea JOIN articles a ON a.id = ea.article_id "
            "JOIN events e ON e.id = ea.event_id WHERE e.uid = ? AND a.url = ?",
            [uids[GARANTE_BAN], article]).fetchone()[0]
        visible = {r[0] for r in conn.execute("SELECT uid FROM timeline")}
    assert survivor_reports >= 1 and attached == 0
    garante = event(db, uids[GARANTE_BAN])
    assert (garante["date"], garante["regions"]) == ("2023-03-31", '["IT", "SM"]')
    assert uids[TAIWAN_BAN] not in visible and uids[GOLDMAN_HK] not in visible


def test_decisions_are_written_to_the_file_with_what_why_who_when(curated):
    _, curation, _, uids, article = curated
    decisions = read_curation(curation)
    assert [d.what for d in decisions] == ["reject", "merge", "edit", "detach"]
    assert decisions[0].reason == "test: not a ban" and {d.who for d in decisions} == {"ana"}
    assert decisions[1].into == uids[JPMORGAN_HK] and decisions[3].article == article
    assert decisions[2].set == {"date": "2023-03-31", "regions": ["IT", "SM"]}


def test_decisions_hold_in_the_database_and_the_changes_table(curated):
    db, _, _, uids, article = curated
    check_curated(db, uids, article)
    with sqlite3.connect(db) as conn:
        kinds = [r[0] for r in conn.execute(
            "SELECT kind FROM changes WHERE origin = 'curation' ORDER BY id")]
        edit = conn.execute("SELECT before, after, who FROM changes WHERE kind = 'edit' AND "
                            "origin = 'curation'").fetchone()
    assert kinds == ["reject", "merge", "merge", "edit", "detach"]
    assert yaml.safe_load(edit[0]) == {"date": "2023-03-30", "regions": '["IT"]'}
    assert edit[2] == "ana"


def test_reextract_init_and_a_scrape_keep_every_decision_and_record_nothing(curated):
    db, curation, env, uids, article = curated
    with sqlite3.connect(db) as conn:
        changes = conn.execute("SELECT count(*) FROM changes").fetchone()[0]
        stamps = dict(conn.execute("SELECT uid, updated_at FROM events"))
    for args in (("reextract",), ("init",)):
        result = cli(env, "--db", db, *args)
        assert result.returncode == 0, result.stderr
        check_curated(db, uids, article)
    build(db, curation)  # polls every demo source again, like `scrape`
    check_curated(db, uids, article)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM changes").fetchone()[0] == changes
        assert dict(conn.execute("SELECT uid, updated_at FROM events")) == stamps


def test_a_rebuild_from_scratch_ends_as_curated(curated, tmp_path):
    _, curation, _, uids, article = curated
    fresh = tmp_path / "rebuilt.db"
    build(fresh, curation)
    check_curated(fresh, uids, article)


def test_the_same_decision_twice_is_recorded_once(curated):
    db, curation, env, uids, _ = curated
    result = cli(env, "--db", db, "review", "reject", uids[TAIWAN_BAN], "--reason", "again")
    assert result.returncode == 0 and "already so" in result.stdout
    assert len(read_curation(curation)) == 4


@pytest.mark.parametrize(("text", "message"), [
    ("decisions: {}\n", "'decisions' must be a list"),
    ("decisions:\n- what: destroy\n  event: eaaaaaaaaa\n  who: a\n  when: '2026-01-01'\n",
     "'what' must be one of"),
    ("decisions:\n- what: reject\n  event: eaaaaaaaaa\n  who: a\n  when: '2026-01-01'\n",
     "a rejection needs a 'reason'"),
    ("decisions:\n- what: edit\n  event: eaaaaaaaaa\n  set: {colour: red}\n  who: a\n"
     "  when: '2026-01-01'\n", "cannot edit 'colour'"),
    ("decisions: [\n", "not valid YAML"),
])
def test_a_bad_curation_file_is_a_clear_error(tmp_path, text, message):
    curation = tmp_path / "curation.yml"
    curation.write_text(text, encoding="utf-8")
    env = {**os.environ, "OFFLIMITS_CURATION": str(curation)}
    result = cli(env, "--db", tmp_path / "x.db", "init")
    assert result.returncode == 1
    assert "Error:" in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_review_input_is_a_clear_error(curated):
    db, curation, env, uids, _ = curated
    for args, message in [
        (("reject", "enosuchevt", "--reason", "x"), "no event with id"),
        (("merge", uids[JPMORGAN_HK], "--into", uids[GOLDMAN_HK]), "already one event"),
        (("edit", uids[GARANTE_BAN], "--date", "2023-02-30"), "'date' must be"),
        (("edit", uids[GARANTE_BAN], "--actor", "Nobody At All"), "no entity"),
        (("detach", uids[GARANTE_BAN], "https://nowhere.example/"), "no article"),
    ]:
        result = cli(env, "--db", db, "review", *args)
        assert result.returncode == 1 and message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert len(read_curation(curation)) == 4
