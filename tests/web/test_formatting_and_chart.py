"""Dates read by their precision; the chart covers every month; filters make links."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from offlimits.web.chart import VARIANTS, chart_table, events_chart, month_range, responsive_chart
from offlimits.web.formatting import action_verb, date_label, month_label, url_host
from offlimits.web.timeline_filter import FilterError, TimelineFilter


@pytest.mark.parametrize(("date", "precision", "label"), [
    ("2023-03-31", "day", "31 March 2023"),
    ("2023-03-31", None, "31 March 2023"),
    ("2023-03", "month", "March 2023"),
    ("2023-03-01", "month", "March 2023"),
    ("2023", "year", "2023"),
    ("2023-03-01", "year", "2023"),
    (None, None, "Date unknown"),
    ("soon", None, "soon"),
])
def test_date_label(date, precision, label):
    assert date_label(date, precision) == label


def test_month_label_verbs_and_hosts():
    assert month_label("2025-12") == "December 2025"
    assert month_label("2025-13") == "2025-13"
    assert month_label(None) == "Undated"
    assert action_verb("lift") == "lifts restrictions on"
    assert action_verb("embargo") == "embargo"
    assert url_host("https://www.example.org/a") == "example.org"


def test_month_range_crosses_years():
    assert month_range("2024-11", "2025-02") == ["2024-11", "2024-12", "2025-01", "2025-02"]


def test_chart_has_a_bar_per_month_with_events_and_labels():
    svg = str(events_chart([("2024-11", "ban", 2), ("2025-02", "lift", 1),
                            ("2025-02", "ban", 1)]))
    assert svg.startswith('<svg class="events-chart') and svg.endswith("</svg>")
    assert svg.count("<rect") == 3  # bar segments (the legend is HTML, see below)
    assert "February 2025: 1 ban, 1 lift" in svg
    assert "<script" not in svg
    assert "No dated events" in str(events_chart([]))


def test_responsive_chart_has_a_legend_and_a_chart_per_width():
    counts = [("2023-01", "ban", 1), ("2025-12", "lift", 2)]
    html = str(responsive_chart(counts, "Events"))
    assert html.count("<svg") == len(VARIANTS) == 3
    legend = html.split("</ul>")[0]
    assert legend.count("<li>") == 2 and "#D55E00" in legend and "lift" in legend
    for variant, (width, _, font) in VARIANTS.items():
        svg = str(events_chart(counts, "Events", variant=variant))
        assert f'viewBox="0 0 {width} ' in svg and f'font-size="{font}"' in svg
        assert f'id="chart-title-{variant}"' in svg  # ids unique across the three
        labels = svg.count('class="tick" text-anchor="middle"')
        # 36 months: about one label per 7 font sizes of plot width
        assert 3 <= labels <= width // (font * 7) + 1
    assert "No dated events" in str(responsive_chart([], "Events"))


def test_chart_escapes_action_names():
    svg = str(responsive_chart([("2024-11", "<b>x</b>", 1)], "<i>t</i>"))
    assert "<b>" not in svg and "&lt;b&gt;" in svg and "<i>" not in svg


def test_chart_table_newest_first():
    actions, rows = chart_table([("2024-11", "ban", 2), ("2025-02", "lift", 1)])
    assert actions == ["ban", "lift"]
    assert [r["month"] for r in rows] == ["2025-02", "2024-11"]
    assert rows[1]["counts"] == [2, 0] and rows[1]["total"] == 2


def test_filter_round_trips_through_its_query_string():
    flt = TimelineFilter.from_args({"vendor": "openai", "region": "it", "q": "school ban",
                                    "page": "3"})
    assert flt.region == "IT"
    again = TimelineFilter.from_args({k: v[0] for k, v in parse_qs(flt.query_string()).items()})
    assert again == flt
    assert "page" not in flt.query_string(page=1)


def test_filter_rejects_bad_values_with_the_field_name():
    with pytest.raises(FilterError, match="date_to"):
        TimelineFilter.from_args({"date_to": "31/12/2024"})
    with pytest.raises(FilterError, match="page"):
        TimelineFilter.from_args({"page": "-1"})
