"""The chart of events per month by action, as inline SVG: no JavaScript, no CDN."""

from __future__ import annotations

from collections import defaultdict

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
WIDTH, HEIGHT = 960, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 34, 30


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


def events_chart(counts: list[tuple[str, str, int]], title: str = "Events per month") -> Markup:
    """A stacked bar chart of (month, action, events) rows, as an accessible <svg>."""
    by_month: dict[str, dict[str, int]] = defaultdict(dict)
    for month, action, n in counts:
        if month and len(month) == 7:
            by_month[month][action] = by_month[month].get(action, 0) + n
    if not by_month:
        return Markup('<p class="chart-empty">No dated events to chart.</p>')
    months = month_range(min(by_month), max(by_month))
    actions = sorted({a for per in by_month.values() for a in per}, key=_action_order)
    top = _nice_max(max(sum(per.values()) for per in by_month.values()))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(months)
    bar_w = min(max(slot * 0.8, 1.0), 36.0)
    total = sum(sum(per.values()) for per in by_month.values())
    parts = [
        f'<svg class="events-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        'aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{total} events from {escape(month_label(months[0]))} to '
        f'{escape(month_label(months[-1]))}, stacked by action. The table below the chart '
        'has the same numbers.</desc>',
    ]
    # Legend
    x = LEFT
    for action in actions:
        parts.append(f'<rect x="{x}" y="8" width="12" height="12" fill="{action_colour(action)}"/>')
        parts.append(f'<text x="{x + 16}" y="18" class="legend">{escape(action)}</text>')
        x += 24 + 8 * len(action)
    # Axis and grid
    for i in range(5):
        value = top * i // 4
        y = TOP + plot_h - plot_h * i / 4
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                     'class="grid"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" class="tick" '
                     f'text-anchor="end">{value}</text>')
    label_every = max(1, round(len(months) / 12))
    for i, month in enumerate(months):
        x0 = LEFT + i * slot + (slot - bar_w) / 2
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
            parts.append(f'<text x="{LEFT + i * slot + slot / 2:.1f}" y="{HEIGHT - 10}" '
                         f'class="tick" text-anchor="middle">{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


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
