"""The date grammar on phrases written for these tests (`dates.yml`)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from offlimits.extract.dates import find_dates, parse_published

CASES = yaml.safe_load(Path(__file__).with_name("dates.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["text"] for c in CASES])
def test_date_phrase(case: dict) -> None:
    found = find_dates(case["text"], parse_published(case["published"]))
    if case["value"] is None:
        assert found == []
        return
    assert len(found) == 1, found
    date = found[0]
    assert date.value == case["value"]
    assert date.precision == case.get("precision", "day")
    assert date.start_phrase is case["start"]
    assert date.immediate is case.get("immediate", False)


@pytest.mark.parametrize("value, expected", [
    ("2024-06-26", "2024-06-26"), ("2024-06-26T10:00:00Z", "2024-06-26"), (None, None),
    ("yesterday", None), ("2024-13-40", None),
])
def test_parse_published(value, expected) -> None:
    parsed = parse_published(value)
    assert (parsed.isoformat() if parsed else None) == expected
