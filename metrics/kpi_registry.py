"""Every KPI of the four processes (DOMAIN.md §3) declared as data; its words are in the catalog.

The code that computes (``metrics.kpis``) and the pages that draw never hard-code a label,
a target or an explanation: a KPI here carries only ids, and its words, in Thai and English,
are in labels/catalog.toml under keys made from them:

- ``kpi_<id>_name``: what the KPI is called;
- ``kpi_<id>_target``: its target as the manual words it;
- ``kpi_<id>_explanation``: one line on how its value is computed;
- ``kpi_responsible_<responsible>``: who answers for it (several KPIs share one);
- ``milestone_<milestone id>``: a milestone of ``MILESTONES``.

A KPI's ``measure`` names how it is computed:

- ``milestone``: a dated step of process 6.1 recorded per fiscal year (``metrics.targets``);
- ``register_count``: a count of linkages from the register, judged against a per-fiscal-year
  target the user sets ("per action plan"); it also carries a conversion rate;
- ``register_rate``: a percentage of linkages from the register, judged against a percent;
- ``satisfaction``: a survey score (``metrics.satisfaction``) against its percent target.

A register KPI carries its SQL on its definition (``register``), the way a dbt metric
carries its filter: what a linkage must satisfy to be counted, the population a rate is
taken over, and the date that places a linkage in a fiscal year. ``metrics.kpis`` only
assembles them into queries.
"""

from __future__ import annotations

from dataclasses import dataclass

from metrics import lifecycle
from metrics.filters import reference_date_sql

# The four processes of the manual (DOMAIN.md §3); the UI names each one by the label
# ch_process_<number>. A KPI's kind (in_process, output, outcome) is named by scorecard_kind_<kind>.
PROCESSES = ("6.1", "6.2", "6.3", "6.4")

# A KPI result's statuses and their words: metrics/lifecycle.json (kpi_result_statuses).

# Satisfaction targets per survey process (percent); outbound (6.2) has none unless a user sets
# one. Each is stored and overridden per fiscal year under its target id.
SATISFACTION_TARGET_IDS: dict[str, str] = {
    "manual_review": "manual_satisfaction",
    "outbound": "outbound_satisfaction",
    "inbound": "inbound_satisfaction",
    "cancellation": "cancellation_satisfaction",
}
SATISFACTION_TARGETS: dict[str, float | None] = {
    "manual_review": 80.0,
    "outbound": None,
    "inbound": 70.0,
    "cancellation": 80.0,
}
SATISFACTION_PROCESS_NUMBERS: dict[str, str] = {
    "manual_review": "6.1",
    "outbound": "6.2",
    "inbound": "6.3",
    "cancellation": "6.4",
}

# Milestones recorded per fiscal year (and, for cancellation reports, optionally per linkage).
# Each is named in labels/catalog.toml by milestone_<id>.
MILESTONES: tuple[str, ...] = (
    "memo_sent",
    "needs_report",
    "register_updated",
    "manual_completed",
    "plan_completed",
    "manual_published",
    "cancellation_reported",
)


# ---------------------------------------------------------------- register predicates

REF_DATE = reference_date_sql()

# What a register row says about how far a linkage got (a date filled, or a status at or past).
# The status sets are those of metrics/lifecycle.json.
REQUESTED_SQL = f"(requested_on IS NOT NULL OR status <> '{lifecycle.IDENTIFIED}')"
ANSWERED_SQL = (
    "(responded_on IS NOT NULL OR linked_on IS NOT NULL OR in_use_on IS NOT NULL OR status IN "
    f"({lifecycle.sql_list(lifecycle.ANSWERED_STATUSES)}))"
)
REVIEWED_SQL = f"({ANSWERED_SQL} OR status = '{lifecycle.UNDER_REVIEW}')"
APPROVED_SQL = (
    "(mou_signed_on IS NOT NULL OR linked_on IS NOT NULL OR in_use_on IS NOT NULL OR status IN "
    f"({lifecycle.sql_list(lifecycle.APPROVED_OR_LATER_STATUSES)}))"
)
LINKED_SQL = (
    "(linked_on IS NOT NULL OR in_use_on IS NOT NULL OR status IN "
    f"({lifecycle.sql_list(lifecycle.LIVE_STATUSES)}))"
)
IN_USE_SQL = f"(in_use_on IS NOT NULL OR status = '{lifecycle.IN_USE}')"
# KPI 6.4's population: linkages ended as of the day judged, cancelled or at the end of their
# agreement (lifecycle.json, issue 13); the SQL takes that day as its one `?` parameter. An
# ended linkage is dated by its cancellation, else by its agreement's expiry.
ENDED_SQL = lifecycle.ENDED_SQL
CANCEL_DATE = lifecycle.end_date_sql(REF_DATE)
# The register says it ended: cancelled with date and reason, or expired with its end date.
ENDED_RECORDED_SQL = (
    f"((status = '{lifecycle.CANCELLED}' AND cancelled_on IS NOT NULL "
    "AND cancel_reason IS NOT NULL) "
    f"OR (status = '{lifecycle.EXPIRED}' "
    f"AND coalesce(cancelled_on, {lifecycle.EXPIRY_COLUMN}) IS NOT NULL))"
)
PER_LINKAGE_REPORT = (
    "linkage_id IN (SELECT linkage_id FROM milestones "
    "WHERE milestone_id = 'cancellation_reported' AND linkage_id IS NOT NULL)"
)


@dataclass(frozen=True)
class RegisterCount:
    """A 6.2 count: linkages (or partners) reaching a stage, dated in the period."""

    counted: str  # SQL: the linkage reached the stage
    date: str  # SQL: when it did (places it in a fiscal year)
    distinct: str | None = None  # count distinct values of this column instead of rows
    rate: tuple[str, str] | None = None  # (reached, out of) over the period's requests


@dataclass(frozen=True)
class RegisterRate:
    """A percentage: of the linkages in a population dated in the period, those counted."""

    population: str  # SQL; each `?` in it is the day judged (``as of``)
    counted: str  # SQL; "" when built from the store (``metrics.kpis._counted``)
    date: str
    direction: str | None


@dataclass(frozen=True)
class KpiDefinition:
    """One KPI: who it belongs to, how it is computed and judged (its words: kpi_<id>_* in
    labels/catalog.toml, see the module's docstring)."""

    id: str
    process: str  # "6.1" … "6.4"
    kind: str  # in_process | output | outcome
    unit: str  # date | count | percent
    target: float | None  # default target (percent or count); None = none until a user sets one
    measure: str  # milestone | register_count | register_rate | satisfaction
    deadline_month: int | None = None  # calendar month inside the fiscal year; None = on each event
    at_risk_days: int | None = None  # "deadline near": this many days or fewer before it
    target_editable: bool = True
    survey_process: str | None = None  # satisfaction KPIs: the survey's process key
    # register KPIs: what is counted, over which population, dated by which column
    register: RegisterCount | RegisterRate | None = None
    # who answers for it: the "ผู้รับผิดชอบ" column of the process's KPI table (seed 002), as a
    # key named by kpi_responsible_<key> (below)
    responsible: str | None = None


# The "ผู้รับผิดชอบ" (responsible) column of each KPI table of NHA ISMS-PCD-ITD-017 §6 (seed 002),
# as the manual words it, in labels/catalog.toml under kpi_responsible_<key>: it (ทส.), it_dept
# (ฝ่าย ทส.), it_and_owner (with the dataset owner), it_and_academic (ฝ่าย ทส./ฝ่าย วช.).
# ทส. is the IT department (ฝ่ายเทคโนโลยีสารสนเทศ); วช. the unit the manual's 6.1 step 4 pairs
# with it ("ทส.ร่วมกับ วช."). Rows 2 and 3 of 6.1's in-process table leave the cell blank (the
# table runs over a page break); they take the table's other rows' (it_blank says so).

KPIS: tuple[KpiDefinition, ...] = (
    # 6.1 Annual review of the integration manual
    KpiDefinition(
        id="memo_sent",
        process="6.1",
        responsible="it",
        kind="in_process",
        unit="date",
        target=None,
        measure="milestone",
        deadline_month=3,
        at_risk_days=30,
        target_editable=False,
    ),
    KpiDefinition(
        id="needs_report",
        process="6.1",
        responsible="it_blank",
        kind="in_process",
        unit="date",
        target=None,
        measure="milestone",
        deadline_month=6,
        at_risk_days=30,
        target_editable=False,
    ),
    KpiDefinition(
        id="register_updated",
        process="6.1",
        responsible="it_blank",
        kind="in_process",
        unit="date",
        target=None,
        measure="milestone",
        deadline_month=9,
        at_risk_days=30,
        target_editable=False,
    ),
    KpiDefinition(
        id="manual_completed",
        process="6.1",
        responsible="it",
        kind="output",
        unit="date",
        target=None,
        measure="milestone",
        deadline_month=9,
        at_risk_days=30,
        target_editable=False,
    ),
    KpiDefinition(
        id="plan_completed",
        process="6.1",
        responsible="it",
        kind="output",
        unit="date",
        target=None,
        measure="milestone",
        deadline_month=9,
        at_risk_days=30,
        target_editable=False,
    ),
    KpiDefinition(
        id="manual_published",
        process="6.1",
        responsible="it",
        kind="outcome",
        unit="date",
        target=None,
        measure="milestone",
        deadline_month=9,
        at_risk_days=30,
        target_editable=False,
    ),
    KpiDefinition(
        id="manual_satisfaction",
        process="6.1",
        responsible="it",
        kind="outcome",
        unit="percent",
        target=80.0,
        measure="satisfaction",
        survey_process="manual_review",
    ),
    # 6.2 Linking with an external agency (outbound)
    KpiDefinition(
        id="partners_listed",
        process="6.2",
        responsible="it_dept",
        kind="in_process",
        unit="count",
        target=None,
        measure="register_count",
        register=RegisterCount(counted="TRUE", date=REF_DATE, distinct="partner_name"),
        deadline_month=9,
        at_risk_days=90,
    ),
    KpiDefinition(
        id="requests_answered",
        process="6.2",
        responsible="it_dept",
        kind="output",
        unit="count",
        target=None,
        measure="register_count",
        register=RegisterCount(
            counted=ANSWERED_SQL,
            date=f"coalesce(responded_on, {REF_DATE})",
            rate=(ANSWERED_SQL, REQUESTED_SQL),
        ),
        deadline_month=9,
        at_risk_days=90,
    ),
    KpiDefinition(
        id="linkages_achieved",
        process="6.2",
        responsible="it_dept",
        kind="output",
        unit="count",
        target=None,
        measure="register_count",
        register=RegisterCount(
            counted=LINKED_SQL,
            date=f"coalesce(linked_on, in_use_on, {REF_DATE})",
            rate=(LINKED_SQL, APPROVED_SQL),
        ),
        deadline_month=9,
        at_risk_days=90,
    ),
    KpiDefinition(
        id="data_in_use",
        process="6.2",
        responsible="it_dept",
        kind="outcome",
        unit="count",
        target=None,
        measure="register_count",
        register=RegisterCount(
            counted=IN_USE_SQL,
            date=f"coalesce(in_use_on, {REF_DATE})",
            rate=(IN_USE_SQL, LINKED_SQL),
        ),
        deadline_month=9,
        at_risk_days=90,
    ),
    # 6.3 Information request / exchange (inbound)
    KpiDefinition(
        id="approval_requested",
        process="6.3",
        responsible="it_and_owner",
        kind="in_process",
        unit="percent",
        target=100.0,
        measure="register_rate",
        register=RegisterRate(REQUESTED_SQL, REVIEWED_SQL, REF_DATE, "inbound"),
    ),
    KpiDefinition(
        id="inbound_linked",
        process="6.3",
        responsible="it_dept",
        kind="output",
        unit="percent",
        target=100.0,
        measure="register_rate",
        register=RegisterRate(
            APPROVED_SQL, LINKED_SQL, f"coalesce(responded_on, {REF_DATE})", "inbound"
        ),
    ),
    KpiDefinition(
        id="inbound_satisfaction",
        process="6.3",
        responsible="it_dept",
        kind="outcome",
        unit="percent",
        target=70.0,
        measure="satisfaction",
        survey_process="inbound",
    ),
    # 6.4 Cancellation / end of agreement
    KpiDefinition(
        id="owner_notified",
        process="6.4",
        responsible="it_and_academic",
        kind="in_process",
        unit="percent",
        target=100.0,
        measure="register_rate",
        register=RegisterRate(ENDED_SQL, "owner_notified_on IS NOT NULL", CANCEL_DATE, None),
    ),
    KpiDefinition(
        id="cancellation_recorded",
        process="6.4",
        responsible="it_and_academic",
        kind="in_process",
        unit="percent",
        target=100.0,
        measure="register_rate",
        register=RegisterRate(ENDED_SQL, ENDED_RECORDED_SQL, CANCEL_DATE, None),
    ),
    KpiDefinition(
        id="cancellation_reported",
        process="6.4",
        responsible="it_and_academic",
        kind="output",
        unit="percent",
        target=100.0,
        measure="register_rate",
        register=RegisterRate(ENDED_SQL, "", CANCEL_DATE, None),
    ),
    KpiDefinition(
        id="cancellation_satisfaction",
        process="6.4",
        responsible="it_dept",
        kind="outcome",
        unit="percent",
        target=80.0,
        measure="satisfaction",
        survey_process="cancellation",
    ),
)

KPI_BY_ID: dict[str, KpiDefinition] = {kpi.id: kpi for kpi in KPIS}

# Ids a per-fiscal-year target may be stored under: every KPI with an editable target,
# plus the satisfaction target of 6.2 (a survey process without a KPI of its own).
TARGET_IDS: tuple[str, ...] = (
    *(kpi.id for kpi in KPIS if kpi.target_editable),
    "outbound_satisfaction",
)


def get_kpi(kpi_id: str) -> KpiDefinition:
    """The KPI with this id, or a ValueError naming the known ones."""
    try:
        return KPI_BY_ID[kpi_id]
    except KeyError:
        raise ValueError(
            f"unknown KPI {kpi_id!r}; expected one of {', '.join(KPI_BY_ID)}"
        ) from None
