"""Retry-After from hostile or broken servers is clamped where it enters (issue 11.1, 11.6)."""

from datetime import UTC, datetime, timedelta

import pytest

from offlimits.store.sources import next_due
from scrapers.http import RETRY_AFTER_CEILING, parse_retry_after


@pytest.mark.parametrize("header", ["99999999999999", "Fri, 31 Dec 9999 23:59:59 GMT"])
def test_a_huge_wait_is_read_as_a_week_and_schedules_without_overflow(header):
    seconds = parse_retry_after(header)
    assert seconds == pytest.approx(RETRY_AFTER_CEILING, rel=0.01)
    finished = datetime(2026, 12, 1, tzinfo=UTC)
    due = next_due(finished, 60, 1, seconds)
    assert finished + timedelta(days=6) < due <= finished + timedelta(days=7, seconds=1)


@pytest.mark.parametrize("header", ["\xb2", "\u0663", "soon", "Mon, 99 Foo 2026", ""])
def test_a_malformed_value_is_no_retry_after(header):
    assert parse_retry_after(header) is None


def test_an_ordinary_value_is_kept():
    assert parse_retry_after("120") == 120.0
