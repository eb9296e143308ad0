"""The extractor on sentences written for these tests (`cases.yml`): one case, one test."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from offlimits.extract import extract, load_gazetteer
from offlimits.extract.model import ArticleText, Event

HERE = Path(__file__).parent
CASES = [dict(case, file=name) for name in ("cases.yml", "cases_i18n.yml")
         for case in yaml.safe_load((HERE / name).read_text(encoding="utf-8"))]


def _subject_ids(event: Event) -> set[str]:
    ids = set()
    for entity in (event.vendor, event.product):
        if entity is not None:
            ids.update({entity.id, entity.vendor_id or entity.id})
    return ids


def _find(events: tuple[Event, ...], want: dict) -> Event | None:
    """The event with this actor and subject, preferring one with the wanted action."""
    found = [e for e in events if e.actor is not None and e.actor.id == want["actor"]
             and want["subject"] in _subject_ids(e)]
    same_action = [e for e in found if e.action == want["action"]]
    return (same_action or found or [None])[0]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: dict) -> None:
    article = ArticleText(id=case["name"], title=case["title"], text=case.get("text") or "",
                          published=case.get("published"), language=case.get("language"))
    result = extract(article, load_gazetteer())
    got = [(e.actor.id if e.actor else None, sorted(_subject_ids(e)), e.action)
           for e in result.events]
    assert result.relevant is case["relevant"], got
    if not case["relevant"]:
        assert result.events == ()
        return
    assert 0.0 <= result.score <= 1.0 and result.reasons
    wanted = case["events"]
    first = _find(result.events[:1], wanted[0])
    assert first is not None, f"main event {wanted[0]} is not first in {got}"
    for want in wanted:
        event = _find(result.events, want)
        assert event is not None, f"missing {want} in {got}"
        assert event.action == want["action"], (want, got)
        assert event.evidence
        if "region" in want:
            assert list(event.regions) == want["region"]
        for key in ("date", "effective_date"):
            if key in want:
                assert getattr(event, key) == want[key], (key, event)
        for key in ("affected", "replacement"):
            if key in want:
                entity = getattr(event, key)
                assert entity is not None and entity.id == want[key], (key, event)
    if case.get("exact"):
        assert len(result.events) == len(wanted), got
