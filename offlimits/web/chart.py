"""The chart of events per month by action, as inline SVG: no JavaScript, no CDN."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from markupsafe import Markup, escape

from offlimits.web.formatting import month_label

#: Okabe–Ito colours (distinguishable with colour-blindness), one per action.
ACTION_COLOURS = {
    "ban": "#D55E00",
    "restrict": "#E69F00",
    "suspend": "#CC79A7",
    "investigate": "#0072B2",
    "warn": "#56B4E9",
    "lift": "#009E73",
}
OTHER_COLOUR = "#999999"
#: variant -> (viewBox width, height, font size): shown below 36rem, to 62rem, above (CSS in
#: _offlimits_style.html), so a label is 10-18 px on screen from a phone to a wide desktop.
VARIANTS = {"narrow": (360, 220, 11), "medium": (600, 230, 11), "wide": (1200, 260, 13)}
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 30
LABEL_EMS = 7  # room for one month label, in font sizes


def action_colour(action: str) -> str:
    return ACTION_COLOURS.get(action, OTHER_COLOUR)


def month_range(first: str, last: str) -> list[str]:
    """Every YYYY-MM from `first` to `last`, both included."""
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    months = []
    while (year, month) <= end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _action_order(action: str) -> tuple[int, str]:
    order = list(ACTION_COLOURS)
    return (order.index(action) if action in order else len(order), action)


def _nice_max(value: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step * 4:
            return step * 4
    return value


def events_chart(counts: list[tuple[str, str, int]], title: str = "Events per month", *,
                 variant: str = "wide") -> Markup:
    """A stacked bar chart of (month, action, events) rows, as an accessible <svg>, drawn for
    one of VARIANTS (its own viewBox and font size, so labels stay readable at that width)."""
    width, height, font = VARIANTS[variant]
    by_month: dict[str, dict[str, int]] = defaultdict(dict)
    for month, action, n in counts:
        if month and len(month) == 7:
            by_month[month][action] = by_month[month].get(action, 0) + n
    if not by_month:
        return Markup('<p class="chart-empty">No dated events to chart.</p>')
    months = month_range(min(by_month), max(by_month))
    actions = sorted({a for per in by_month.values() for a in per}, key=_action_order)
    top = _nice_max(max(sum(per.values()) for per in by_month.values()))
    left = LEFT + (font - 11) * 2
    plot_w, plot_h = width - left - RIGHT, height - TOP - BOTTOM
    slot = plot_w / len(months)
    bar_w = min(max(slot * 0.8, 1.0), 36.0)
    total = sum(sum(per.values()) for per in by_month.values())
    ids = f"chart-title-{variant}", f"chart-desc-{variant}"
    parts = [
        f'<svg class="events-chart events-chart-{variant}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{ids[0]} {ids[1]}" font-size="{font}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ids[0]}">{escape(title)}</title>',
        f'<desc id="{ids[1]}">{total} events from {escape(month_label(months[0]))} to '
        f'{escape(month_label(months[-1]))}, stacked by action. The table below the chart '
        'has the same numbers.</desc>',
    ]
    # Axis and grid
    for i in range(5):
        value = top * i // 4
        y = TOP + plot_h - plot_h * i / 4
        parts.append(f'<line x1="{left}" x2="{width - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                     'class="grid"/>')
        parts.append(f'<text x="{left - 6}" y="{y + font / 3:.1f}" class="tick" '
                     f'text-anchor="end">{value}</text>')
    # About one month label per LABEL_EMS font sizes, whatever the chart's width.
    label_every = max(1, round(len(months) / max(1, plot_w // (font * LABEL_EMS))))
    for i, month in enumerate(months):
        x0 = left + i * slot + (slot - bar_w) / 2
        y = TOP + plot_h
        per = by_month.get(month, {})
        if per:
            tip = ", ".join(f"{per[a]} {a}" for a in actions if a in per)
            parts.append(f'<g><title>{escape(month_label(month))}: {escape(tip)}</title>')
            for action in actions:
                n = per.get(action, 0)
                if not n:
                    continue
                h = plot_h * n / top
                y -= h
                parts.append(f'<rect x="{x0:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
                             f'height="{h:.1f}" fill="{action_colour(action)}"/>')
            parts.append("</g>")
        if i % label_every == 0:
            label = month_label(month) if label_every == 1 and len(months) <= 6 else (
                month[:4] if month.endswith("-01") or i == 0 else month[5:7] + "/" + month[2:4])
            parts.append(f'<text x="{left + i * slot + slot / 2:.1f}" y="{height - 10}" '
                         f'class="tick" text-anchor="middle">{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def chart_legend(counts: list[tuple[str, str, int]]) -> Markup:
    """The actions' colours as an HTML list (it wraps on a phone; the SVG would not)."""
    actions = sorted({a for m, a, _ in counts if m and len(m) == 7}, key=_action_order)
    items = "".join(
        f'<li><span class="swatch" style="background:{action_colour(a)}"></span>{escape(a)}</li>'
        for a in actions)
    return Markup(f'<ul class="chart-legend" aria-label="Colours by action">{items}</ul>')


def responsive_chart(counts: list[tuple[str, str, int]], title: str) -> Markup:
    """The legend and one chart per width in VARIANTS; CSS shows the one that fits.
    Remembered for the last few (counts, title): ~12 ms to draw for 12 years of months."""
    return _responsive_chart(tuple((m, a, n) for m, a, n in counts), title)


@lru_cache(maxsize=64)
def _responsive_chart(counts: tuple[tuple[str, str, int], ...], title: str) -> Markup:
    charts = [events_chart(list(counts), title, variant=v) for v in VARIANTS]
    if "<svg" not in charts[0]:
        return charts[0]
    return Markup(chart_legend(counts) + Markup("").join(charts))


def chart_table(counts: list[tuple[str, str, int]]) -> tuple[list[str], list[dict]]:
    """The chart's numbers as (actions, rows of {month, label, counts, total}) for a table."""
    by_month: dict[str, dict[str, int]] = defaultdict(dict)
    for month, action, n in counts:
        by_month[month][action] = by_month[month].get(action, 0) + n
    actions = sorted({a for per in by_month.values() for a in per}, key=_action_order)
    rows = [
        {"month": m, "label": month_label(m), "counts": [per.get(a, 0) for a in actions],
         "total": sum(per.values())}
        for m, per in sorted(by_month.items(), reverse=True)
    ]
    return actions, rows
