"""Colours and sizes every page draws with, written once (KPI status colours come from the lifecycle).

A colour that means something (our agency, a target, a benchmark, a respondent group, an
outcome, a late row) is named here and looked up by what it means, so the same thing has the
same colour on every page.
"""

from __future__ import annotations

from metrics.lifecycle import (
    CANCELLED,
    IN_USE,
    KPI_BADGE_COLOURS,
    KPI_CELL_COLOURS,
    KPI_CHART_COLOURS,
    LINKED,
    REQUESTED,
)
from metrics.satisfaction import ALL_GROUPS, NO_GROUP

# KPI statuses (metrics/lifecycle.json); the status word is always shown beside the colour.
STATUS_CELL = KPI_CELL_COLOURS  # status → (background, text) of a table cell
STATUS_CHART = KPI_CHART_COLOURS  # status → bar colour
STATUS_BADGE = KPI_BADGE_COLOURS  # status → st.badge colour name

OURS = "#1f5aa6"  # our agency's own figure (e-Gov score, counts achieved, quadrant bubbles)
TARGET = "#b3261e"  # a target line and its label
BENCHMARKS = ("#8c96a3", "#c8a24a")  # the e-Gov study's rows, in reference_rows() order
STAGES = ("#9ecae1", "#6baed6", "#3182bd", "#08519c")  # e-Gov stages I–IV
MUTED = "#777"  # notes drawn inside a chart ("no target")
INK = "#222"  # a code-written name or year target drawn on a chart
NOTE_INK = "#1f3b5a"  # a number written beside a box or bar
ERROR_BAR = "#444"  # a margin of error
GUIDE = "#888"  # a reference line (100 %, full marks)
DIVIDER = "#bbb"  # a thin line between parts of one chart
CHOSEN_RING = "#f0ad4e"  # the ring round the point the filters chose
TIME_BAR = "#7a8796"  # the share of the fiscal year gone
NEUTRAL_BAR = "#4c78a8"  # a one-colour bar chart of counts or days
LATE = "#d1495b"  # late, stuck or cancelled bars
APPROVER_BAR = "#6f4e9c"
FINDING_BAR = "#b5651d"  # data-quality findings (operations page)
MONTH_BAR = "#b9d3ee"  # what one month added, under the running total

# Respondent groups: keyed by group, so a group has one colour whichever groups are present.
GROUPS = {ALL_GROUPS: OURS, "internal": "#5b9bd5", "external": "#9fc5e8", NO_GROUP: "#b0b7c0"}
OUTCOMES = {"in_progress": "#e9a23b", "live": "#2a9d8f", "ended": "#9aa5b1"}
EVENTS = {REQUESTED: NEUTRAL_BAR, LINKED: "#2a9d8f", IN_USE: "#59a14f", CANCELLED: LATE}
QUADRANTS = {
    "unification": "#dbe9f6",
    "coordination": "#e3f1e4",
    "replication": "#fdf0d8",
    "diversification": "#f1e6f3",
}
# A KPI's bands (metrics/target_plans.py levels) shaded behind its bar.
BAND_FILLS = {
    "below": "rgba(217, 83, 79, 0.10)",
    "minimum": "rgba(240, 173, 78, 0.20)",
    "good": "rgba(92, 184, 92, 0.20)",
    "excellent": "rgba(46, 125, 50, 0.32)",
}

# Table row backgrounds.
ROW_LATE = "#f8d7da"  # late / expired
ROW_SOON = "#ffe5cc"  # between the two
ROW_WARN = "#fff3cd"  # needs attention soon
ROW_CHOSEN = "#fff4d6"  # the row the filters point at
MOU_ROWS = {"expired": ROW_LATE, "within_90": ROW_SOON, "within_180": ROW_WARN}

# Sizes.
ROW_HEIGHT = 35  # pixels per table row, set explicitly (the theme's larger font would change it)
TABLE_MOST = 360  # a drill-down table's height before it scrolls
TREND_HEIGHT = 380  # the e-Gov score by fiscal year
SATISFACTION_HEIGHT = 430  # satisfaction per process and group
QUADRANT_HEIGHT = 560
