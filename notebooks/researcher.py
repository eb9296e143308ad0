# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # offlimits for researchers: who restricts which AI tools, and when
#
# This notebook reads the offlimits SQLite database directly (read-only) through the
# `timeline` view, the same rows that `/offlimits/timeline.csv` exports. It needs only the
# standard library and matplotlib.
#
# - `OFFLIMITS_DB`: the database (default `data/offlimits.db`, built by `make demo`).
# - `OFFLIMITS_CHART`: where to save the chart (default: beside the database).
#
# Dates come with a precision (day, month or year); quarters below use events known at
# least to the month, and events known only to the year are counted separately.

# %%
import os
import sqlite3
from collections import Counter, defaultdict
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display needed; the chart is saved to a file
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

DB = Path(os.environ.get("OFFLIMITS_DB", "data/offlimits.db"))
CHART = Path(os.environ.get("OFFLIMITS_CHART", DB.with_name("events_per_quarter.png")))
if not DB.exists():
    raise SystemExit(f"No database at {DB}: run `make demo` or set OFFLIMITS_DB")
conn = sqlite3.connect(f"file:{DB.resolve()}?mode=ro", uri=True)
conn.row_factory = sqlite3.Row


def show(rows, columns):
    """Print rows as an aligned table (a small stand-in for a data frame)."""
    rows = [[("" if row[c] is None else str(row[c])) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    for r in rows:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)))


events = conn.execute("SELECT count(*) FROM timeline").fetchone()[0]
print(f"{events} events in {DB}")

# %% [markdown]
# ## Events per quarter, by vendor

# %%
QUARTER = "substr(month, 1, 4) || '-Q' || ((cast(substr(month, 6, 2) AS integer) + 2) / 3)"
by_vendor = conn.execute(f"""
    SELECT {QUARTER} AS quarter, coalesce(vendor, '(no vendor)') AS vendor,
           count(*) AS events
    FROM timeline WHERE month IS NOT NULL
    GROUP BY quarter, vendor ORDER BY quarter, events DESC, vendor
""").fetchall()
show(by_vendor, ["quarter", "vendor", "events"])
year_only = conn.execute("SELECT count(*) FROM timeline WHERE month IS NULL").fetchone()[0]
print(f"\n{year_only} events are dated only to the year (or not at all)")

# %% [markdown]
# ## Events per quarter, by action

# %%
by_action = conn.execute(f"""
    SELECT {QUARTER} AS quarter, action, count(*) AS events
    FROM timeline WHERE month IS NOT NULL
    GROUP BY quarter, action ORDER BY quarter, action
""").fetchall()
show(by_action, ["quarter", "action", "events"])

# %% [markdown]
# ## Who restricts: actor types

# %%
actor_types = conn.execute("""
    SELECT coalesce(actor_type, '(unknown)') AS actor_type, count(*) AS events,
           count(DISTINCT actor_id) AS actors
    FROM timeline GROUP BY actor_type ORDER BY events DESC, actor_type
""").fetchall()
show(actor_types, ["actor_type", "events", "actors"])

# %% [markdown]
# ## From first report to effective date
#
# Days between the first article about an event and the date the restriction took (or
# takes) effect. Negative: reported after it took effect.

# %%
lead_times = conn.execute("""
    SELECT event_id, actor, action, coalesce(product, vendor) AS target,
           date(first_reported_at) AS first_reported, effective_date,
           cast(julianday(effective_date) - julianday(date(first_reported_at)) AS integer)
             AS days
    FROM timeline
    WHERE effective_date IS NOT NULL AND first_reported_at IS NOT NULL
    ORDER BY days
""").fetchall()
show(lead_times, ["event_id", "actor", "action", "target", "first_reported",
                  "effective_date", "days"])
if lead_times:
    days = sorted(row["days"] for row in lead_times)
    print(f"\nmedian: {days[len(days) // 2]} days over {len(days)} events")

# %% [markdown]
# ## Chart: events per quarter by action

# %%
per_quarter: dict[str, Counter] = defaultdict(Counter)
for row in by_action:
    per_quarter[row["quarter"]][row["action"]] += row["events"]
quarters = sorted(per_quarter)
actions = sorted({a for counts in per_quarter.values() for a in counts})
fig, ax = plt.subplots(figsize=(10, 4))
bottom = [0] * len(quarters)
for action in actions:
    heights = [per_quarter[q][action] for q in quarters]
    ax.bar(quarters, heights, bottom=bottom, label=action)
    bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
ax.set_title("AI restriction events per quarter, by action")
ax.set_ylabel("events")
ax.yaxis.set_major_locator(MaxNLocator(integer=True))
ax.tick_params(axis="x", rotation=45)
ax.legend(ncol=len(actions) or 1, fontsize="small")
fig.tight_layout()
CHART.parent.mkdir(parents=True, exist_ok=True)
fig.savefig(CHART, dpi=120)
print(f"chart saved to {CHART}")
