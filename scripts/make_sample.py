"""Regenerate the sample data the dashboard ships in data/sample/ (a fictional "หน่วยงานตัวอย่าง").

Run: ``.venv/bin/python scripts/make_sample.py [--folder data/sample]``

The dashboard never runs this: on first start it loads the files this writes (the four
spreadsheets and ``sample_history.csv``, see ``loaders/sample.py``). Run it after changing the
generator or its sources in ``data/sample/source/`` (partners, their datasets and the texts it
draws from), then commit the files it rewrites; ``tests/test_sample_data.py`` fails while the
shipped files differ from what it writes.

``generate_sample(seed, today)`` returns a :class:`SampleData` whose frames use the template
keys of ``TEMPLATES.md`` (register §1, surveys §2, assessments §3, egov §4) plus a status
``history`` frame. Values are clean: enums as their English keys, dates as ``datetime.date``
(or ``None``), yes/no as ``bool``, Thai text NFC with ``ำ`` precomposed. Every identity
(linkage, survey response, assessment) starts with ``ตัวอย่าง-``
(:data:`loaders.sample_rows.SAMPLE_ID_PREFIX`), a namespace no agency's own IDs use.

Determinism: every random draw comes from ``random.Random(seed)`` (and, for the report dates
added by issue 13, a second generator seeded from ``seed`` so the earlier draws stay as they
were); the output depends only on ``seed``, ``today`` and the source files. ``today`` defaults to the fixed date
:data:`DEFAULT_TODAY` (30 Sep 2026, the last day of FY 2569) -- *not* the calendar date -- so
the sample never changes with the clock. The data span the four Thai fiscal years ending with
the one that contains ``today`` (FY 2566–2569 by default).

Nothing happened after ``today``: every event date (requests, responses, links,
cancellations, notifications, history, survey answers, assessments) is on or before it. The
only dates that may lie after ``today`` are ``mou_expires_on`` -- an agreement's end date is
naturally in the future for live agreements.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from loaders.normalize import THAI_MONTH_SHORT  # noqa: E402
from loaders.sample import HISTORY_FILE, KIND_ORDER, SAMPLE_FOLDER, sample_file_name  # noqa: E402
from loaders.sample_rows import SAMPLE_ID_PREFIX  # noqa: E402
from loaders.spec import (  # noqa: E402
    ASSESSMENTS,
    BOOL,
    CANCEL_REASONS,
    CLASSIFICATIONS,
    DIRECTIONS,
    EGOV,
    ENUM,
    KINDS,
    LEGAL_BASES,
    METHODS,
    PARTNER_TYPES,
    REGISTER,
    SURVEYS,
    Kind,
)
from loaders.spec import EGOV_ITEMS as SPEC_EGOV_ITEMS  # noqa: E402
from metrics.fiscal import fiscal_year, fiscal_year_end, fiscal_year_start  # noqa: E402

SOURCE_FOLDER = SAMPLE_FOLDER / "source"

DEFAULT_TODAY = dt.date(2026, 9, 30)
"""Fixed reference date used when ``today`` is not given (last day of FY 2569)."""

# Column orders come from the import contract (loaders/spec.py), not a copy of it.
REGISTER_COLUMNS: tuple[str, ...] = tuple(REGISTER.keys)
HISTORY_COLUMNS: tuple[str, ...] = ("linkage_id", "field", "old_value", "new_value", "changed_at")
N_QUESTIONS = 10
SURVEY_COLUMNS: tuple[str, ...] = tuple(
    key for key in SURVEYS.keys if not re.fullmatch(r"q\d+", key) or int(key[1:]) <= N_QUESTIONS
)
ASSESSMENT_COLUMNS: tuple[str, ...] = tuple(ASSESSMENTS.keys)
EGOV_ITEMS: tuple[str, ...] = tuple(key for key, _, _ in SPEC_EGOV_ITEMS)
EGOV_COLUMNS: tuple[str, ...] = tuple(EGOV.keys)

N_LINKAGES = 150


def _add_years(d: dt.date, years: int) -> dt.date:
    """The same day `years` later (28 Feb for 29 Feb)."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 Feb
        return d.replace(year=d.year + years, day=28)


def _days(n: int) -> dt.timedelta:
    """A span of `n` days."""
    return dt.timedelta(days=n)


# ---------------------------------------------------------------------------
# Sources: partners, their datasets and the texts, read from data/sample/source/
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    """A dataset exchanged with a partner (one row of datasets.csv)."""

    name: str
    personal: bool
    classification: str
    purpose: str
    owner_unit: str
    legal_basis: str | None = None  # personal data only (TEMPLATES §1a); None = not stated
    critical: bool = False  # important or security data (NHA practice 5)


@dataclass(frozen=True)
class Partner:
    """A partner agency with the datasets it gives us (outbound) and asks of us (inbound)."""

    name: str
    type: str
    ministry: str | None
    weight: int  # how often it gets more linkages than one per dataset
    outbound: tuple[Dataset, ...]
    inbound: tuple[Dataset, ...] = ()


@dataclass(frozen=True)
class Sources:
    """What the generator draws from: partners.csv, datasets.csv and lists.json."""

    partners: tuple[Partner, ...]
    candidate_partners: tuple[str, ...]  # assessed before any linkage exists (not in the register)
    notes: dict
    comments_good: tuple[str, ...]
    comments_bad: tuple[str, ...]
    assessors: tuple[str, ...]
    egov_units: tuple[tuple[str, int, tuple[str, ...]], ...]  # unit, maturity shift, never items


def _csv_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a UTF-8 CSV file with a header row."""
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _allowed(value: str, allowed: dict, what: str, where: str) -> str:
    """`value` if it is one of the contract's keys, else a clear error."""
    if value not in allowed:
        raise ValueError(f"{where}: {what} {value!r} is not one of {', '.join(allowed)}")
    return value


def read_sources(folder: Path = SOURCE_FOLDER) -> Sources:
    """Read and check the generator's sources (every value against loaders/spec.py)."""
    datasets: dict[tuple[str, str], list[Dataset]] = {}
    for n, row in enumerate(_csv_rows(folder / "datasets.csv"), start=2):
        where = f"datasets.csv line {n}"
        direction = _allowed(row["direction"], DIRECTIONS, "direction", where)
        personal = _allowed(row["personal_data"], {"true": 1, "false": 0}, "personal_data", where)
        datasets.setdefault((row["partner_name"], direction), []).append(
            Dataset(
                name=row["dataset"],
                personal=personal == "true",
                classification=_allowed(
                    row["classification"], CLASSIFICATIONS, "classification", where
                ),
                purpose=row["purpose"],
                owner_unit=row["data_owner_unit"],
                legal_basis=_allowed(row["legal_basis"], LEGAL_BASES, "legal_basis", where)
                if row["legal_basis"]
                else None,
                critical=_allowed(row["critical_data"], {"true": 1, "false": 0}, "critical", where)
                == "true",
            )
        )
    partners = []
    for n, row in enumerate(_csv_rows(folder / "partners.csv"), start=2):
        name = row["partner_name"]
        outbound = tuple(datasets.pop((name, "outbound"), ()))
        if not outbound:
            raise ValueError(f"partners.csv line {n}: {name} has no outbound dataset")
        partners.append(
            Partner(
                name=name,
                type=_allowed(
                    row["partner_type"], PARTNER_TYPES, "partner_type", f"partners.csv line {n}"
                ),
                ministry=row["ministry"] or None,
                weight=int(row["weight"]),
                outbound=outbound,
                inbound=tuple(datasets.pop((name, "inbound"), ())),
            )
        )
    if datasets:
        raise ValueError(f"datasets.csv names partners not in partners.csv: {sorted(datasets)}")
    lists = json.loads((folder / "lists.json").read_text(encoding="utf-8"))
    for unit in lists["egov_units"]:
        for item in unit["never"]:
            _allowed(item, dict.fromkeys(EGOV_ITEMS), "e-Gov item", "lists.json egov_units")
    return Sources(
        partners=tuple(partners),
        candidate_partners=tuple(lists["candidate_partners"]),
        notes=lists["notes"],
        comments_good=tuple(lists["survey_comments"]["good"]),
        comments_bad=tuple(lists["survey_comments"]["bad"]),
        assessors=tuple(lists["assessors"]),
        egov_units=tuple(
            (u["unit"], int(u["maturity_shift"]), tuple(u["never"])) for u in lists["egov_units"]
        ),
    )


# ---------------------------------------------------------------------------
# Shape of the register
# ---------------------------------------------------------------------------

STATUS_COUNTS: dict[str, int] = {
    "identified": 8,
    "requested": 8,
    "under_review": 10,
    "approved": 5,
    "rejected": 6,
    "mou_signed": 6,
    "developing": 9,
    "testing": 7,
    "linked": 30,
    "in_use": 40,
    "cancelled": 12,
    "expired": 9,
}
# How many rows of a status wait far longer than usual (late requests, stuck work).
SLOW_COUNTS: dict[str, int] = {
    "requested": 3,
    "under_review": 3,
    "mou_signed": 1,
    "developing": 2,
    "testing": 1,
}
_FORWARD = (
    "requested",
    "under_review",
    "approved",
    "mou_signed",
    "developing",
    "testing",
    "linked",
    "in_use",
)
_PIPELINE = {"requested", "under_review", "approved", "mou_signed", "developing", "testing"}
_NOT_FOLLOWED = ("cancelled", "rejected")
# Contract v2 dates (TEMPLATES §1a) the generator fills.
_V2_DATES = (
    "mou_drafted_on",
    "legal_reviewed_on",
    "mou_approved_on",
    "cdo_approved_on",
    "dpo_approved_on",
    "council_approved_on",
)
_GAP_DAYS: dict[str, tuple[int, int]] = {
    "under_review": (1, 10),
    "approved": (7, 75),
    "rejected": (10, 90),
    "mou_signed": (14, 120),
    "developing": (7, 45),
    "testing": (30, 150),
    "linked": (10, 60),
    "in_use": (14, 120),
    "cancelled": (60, 500),
}
# How often each partner type links by each method (keys of loaders.spec.METHODS).
_METHOD_WEIGHTS: dict[str, dict[str, int]] = {
    "government": {"rest": 20, "soap": 7, "file": 13, "gdx": 45, "db_link": 5, "other": 10},
    "state_enterprise": {"rest": 40, "soap": 15, "file": 15, "gdx": 15, "db_link": 10, "other": 5},
    "private": {"rest": 55, "soap": 10, "file": 20, "gdx": 0, "db_link": 5, "other": 10},
}
_FREQUENCY_BY_METHOD: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {
    "rest": (("realtime", "daily", "on_request"), (50, 30, 20)),
    "soap": (("realtime", "daily"), (50, 50)),
    "gdx": (("realtime", "on_request", "daily"), (40, 40, 20)),
    "file": (("monthly", "quarterly", "yearly", "weekly"), (40, 30, 20, 10)),
    "db_link": (("daily", "weekly", "realtime"), (60, 20, 20)),
    "other": (("on_request", "yearly", "quarterly"), (50, 30, 20)),
}
# How often each reason (keys of loaders.spec.CANCEL_REASONS) ends a cancelled linkage.
_CANCEL_WEIGHTS: dict[str, int] = {
    "breach": 10,
    "purpose_unmet": 20,
    "no_longer_needed": 35,
    "new_provider": 20,
    "provider_withdrew": 15,
}


# ---------------------------------------------------------------------------
# Result
# ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class SampleData:
    """The sample data set. Frames hold the template keys of TEMPLATES.md as columns.

    ``register`` (§1), ``surveys`` (§2), ``assessments`` (§3), ``egov`` (§4) and
    ``history``: one row per status transition (``linkage_id, field, old_value,
    new_value, changed_at``), oldest first per linkage.
    """

    register: pd.DataFrame
    history: pd.DataFrame
    surveys: pd.DataFrame
    assessments: pd.DataFrame
    egov: pd.DataFrame


# ---------------------------------------------------------------------------
# Generator
# ---------------------------------------------------------------------------


class _Gen:
    def __init__(self, seed: int, today: dt.date, sources: Sources) -> None:
        self.src = sources
        self.rng = random.Random(seed)
        self.seed = seed
        # Contract v2 columns draw from their own stream: the older columns stay as they were.
        self.v2_rng = random.Random(f"contract-v2-{seed}")
        self.v2_partial = False
        self.today = today
        self.fy_last = fiscal_year(today)
        self.fys = tuple(range(self.fy_last - 3, self.fy_last + 1))
        self.start = fiscal_year_start(self.fys[0])

    # -- small helpers ------------------------------------------------------
    def date_between(self, a: dt.date, b: dt.date) -> dt.date:
        if b <= a:
            return a
        return a + _days(self.rng.randint(0, (b - a).days))

    def timestamp(self, d: dt.date) -> dt.datetime:
        minutes = self.rng.randint(8 * 60 + 30, 16 * 60 + 30)
        return dt.datetime.combine(d, dt.time(minutes // 60, minutes % 60))

    def pick(self, options, weights):
        return self.rng.choices(options, weights=weights)[0]

    def pick_weighted(self, keys, weights: dict[str, int]) -> str:
        """One of `keys` (in their contract order), drawn by its weight."""
        keys = list(keys)
        return self.pick(keys, [weights[k] for k in keys])

    # -- register -----------------------------------------------------------
    def _slots(self) -> list[tuple[Partner, str, Dataset]]:
        rng, partners = self.rng, self.src.partners
        # Every dataset of every partner once, then more linkages to busy partners.
        slots = [(p, "outbound", d) for p in partners for d in p.outbound]
        slots += [(p, "inbound", d) for p in partners for d in p.inbound]
        weights = [p.weight for p in partners]
        while len(slots) < N_LINKAGES:
            p = rng.choices(partners, weights=weights)[0]
            outbound = bool(p.outbound) and (not p.inbound or rng.random() < 0.55)
            direction = "outbound" if outbound else "inbound"
            ds = rng.choice(p.outbound if outbound else p.inbound)
            # Keep personal data near 30 % of the register: most extra links are not personal.
            if ds.personal and rng.random() >= 0.25:
                continue
            slots.append((p, direction, ds))
        rng.shuffle(slots)
        return slots

    def _path(self, status: str) -> list[str]:
        if status == "identified":
            return []
        if status == "rejected":
            return ["requested", "under_review", "rejected"]
        if status == "cancelled":
            before = self.pick(
                ("in_use", "linked", "testing", "developing", "mou_signed", "approved"),
                (50, 22, 8, 8, 6, 6),
            )
            return self._path(before) + ["cancelled"]
        if status == "expired":
            before = self.pick(("in_use", "linked"), (70, 30))
            return self._path(before) + ["expired"]
        return list(_FORWARD[: _FORWARD.index(status) + 1])

    def _lifecycle(self, status: str, slow: bool) -> dict[str, dt.date]:
        """Dates at which the row reached each state of its path."""
        rng, today, start = self.rng, self.today, self.start
        path = self._path(status)
        if not path:
            return {}
        offsets = {"requested": 0}
        last = 0
        for state in path[1:]:
            if state == "expired":
                break
            last += rng.randint(*_GAP_DAYS[state])
            offsets[state] = last

        if status in _PIPELINE:
            dwell = rng.randint(150, 420) if slow else rng.randint(2, 60)
            requested = max(start, today - _days(last + dwell))
            k = 0
        elif status == "expired":
            signed = offsets["mou_signed"]
            k_min = max(1, -(-(last - signed + 30) // 365))
            k = k_min + (1 if rng.random() < 0.4 else 0)
            while k > k_min and today - _days(signed + 366 * k + 2) < start:
                k -= 1
            requested = self.date_between(start, today - _days(signed + 366 * k + 2))
        else:
            margin = 15 if status == "cancelled" else 0
            requested = self.date_between(start, today - _days(last + margin))
            k = 0

        dates = {state: requested + _days(off) for state, off in offsets.items()}
        if status == "expired":
            expires = _add_years(dates["mou_signed"], k) - _days(1)
            dates["mou_expires"] = expires
            dates["expired"] = expires + _days(1)
        return dates

    def register(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        rng, today, notes = self.rng, self.today, self.src.notes
        slots = self._slots()
        statuses = [s for s, n in STATUS_COUNTS.items() for _ in range(n)]
        assert len(statuses) == N_LINKAGES
        rng.shuffle(statuses)
        slow_left = dict(SLOW_COUNTS)

        rows: list[dict] = []
        events: list[list[tuple[dt.date, str]]] = []
        for (partner, direction, ds), status in zip(slots, statuses, strict=True):
            slow = slow_left.get(status, 0) > 0
            if slow:
                slow_left[status] -= 1
            dates = self._lifecycle(status, slow)
            method = self.pick_weighted(METHODS, _METHOD_WEIGHTS[partner.type])
            freqs, fweights = _FREQUENCY_BY_METHOD[method]
            row = {
                "partner_name": partner.name,
                "partner_type": partner.type,
                "ministry": partner.ministry,
                "direction": direction,
                "dataset": ds.name,
                "data_owner_unit": ds.owner_unit,
                "purpose": ds.purpose,
                "method": method,
                "frequency": self.pick(freqs, fweights),
                "classification": ds.classification,
                "personal_data": ds.personal,
                "mou_ref": None,
                "mou_signed_on": dates.get("mou_signed"),
                "mou_expires_on": dates.get("mou_expires"),
                "status": status,
                "requested_on": dates.get("requested"),
                "responded_on": dates.get("approved") or dates.get("rejected"),
                "linked_on": dates.get("linked"),
                "in_use_on": dates.get("in_use"),
                "cancelled_on": dates.get("cancelled"),
                "cancel_reason": None,
                "owner_notified_on": None,
                "cancellation_reported_on": None,
                "integration_level": None,
                "standardization_level": None,
                "notes": None,
                "legal_basis": ds.legal_basis,
                "consent_doc_ref": None,
                "critical_data": ds.critical,
                **dict.fromkeys(_V2_DATES),
                # working fields, dropped before the frame is built
                "_key_date": dates.get("requested") or today - _days(rng.randint(5, 150)),
                "_slow": slow,
            }
            if slow:
                row["notes"] = notes["slow"][status]
                if status == "under_review" and not ds.personal:
                    row["notes"] = notes["slow_under_review_not_personal"]
            elif status == "rejected":
                row["notes"] = rng.choice(notes["rejected"])
            elif status == "identified":
                row["notes"] = notes["identified"]
            elif method == "gdx" and rng.random() < 0.15:
                row["notes"] = notes["gdx"]
            rows.append(row)
            events.append(sorted((d, s) for s, d in dates.items() if s != "mou_expires"))

        self._fill_cancellations(rows)
        self._fill_mou_expiry(rows)
        self._fill_levels(rows)
        self._ensure_methods(rows)
        self._assign_ids(rows)
        self._fill_reports(rows)
        self._fill_contract_v2(rows)

        history = []
        for row, evs in zip(rows, events, strict=True):
            old = "identified"
            for d, state in evs:
                history.append(
                    {
                        "linkage_id": row["linkage_id"],
                        "field": "status",
                        "old_value": old,
                        "new_value": state,
                        "changed_at": self.timestamp(d),
                    }
                )
                old = state
        rows_sorted = sorted(rows, key=lambda r: r["linkage_id"])
        register = pd.DataFrame(
            [{c: r[c] for c in REGISTER_COLUMNS} for r in rows_sorted], columns=REGISTER_COLUMNS
        )
        register["personal_data"] = register["personal_data"].astype(bool)
        hist = pd.DataFrame(history, columns=HISTORY_COLUMNS)
        hist = hist.sort_values(["linkage_id", "changed_at"], kind="stable").reset_index(drop=True)
        hist["changed_at"] = pd.to_datetime(hist["changed_at"])
        return register, hist

    def _fill_cancellations(self, rows: list[dict]) -> None:
        rng, today = self.rng, self.today
        cancelled = [r for r in rows if r["status"] == "cancelled"]
        reasons = list(CANCEL_REASONS)  # every reason once, then drawn by weight
        reasons += rng.choices(
            reasons, weights=[_CANCEL_WEIGHTS[r] for r in reasons], k=len(cancelled)
        )
        n_unnotified = max(1, round(0.15 * len(cancelled)))
        for i, row in enumerate(cancelled):
            row["cancel_reason"] = reasons[i]
            row["notes"] = self.src.notes["cancelled"][reasons[i]]
            if i >= n_unnotified:
                row["owner_notified_on"] = min(
                    today, row["cancelled_on"] + _days(rng.randint(0, 14))
                )

    def _fill_reports(self, rows: list[dict]) -> None:
        """Issue 13: each ended linkage's own report date (contract v2), and the owner told of an
        expired agreement. Drawn from a second generator after everything else, so the rows,
        dates and IDs drawn before stay exactly as they were.

        In linkage-ID order, of the linkages cancelled or expired: one in six is not reported
        yet, one in five is reported late (40–90 days after the end), the rest within 0–25
        days; an expired agreement's owner is told 0–14 days after its end, save one in six.
        """
        rng, today = random.Random(f"{self.seed}-reports"), self.today
        ended = sorted(
            (r for r in rows if r["status"] in ("cancelled", "expired")),
            key=lambda r: r["linkage_id"],
        )
        for n, row in enumerate(ended):
            end = row["cancelled_on"] or row["mou_expires_on"]
            if end is None:
                continue
            if row["status"] == "expired":
                row["notes"] = row["notes"] or self.src.notes["expired_not_renewed"]
                if n % 6 != 5:
                    row["owner_notified_on"] = min(today, end + _days(rng.randint(0, 14)))
            if n % 6 == 0:
                continue
            days = rng.randint(40, 90) if n % 5 == 1 else rng.randint(0, 25)
            row["cancellation_reported_on"] = max(end, min(today, end + _days(days)))

    def _fill_mou_expiry(self, rows: list[dict]) -> None:
        rng, today, notes = self.rng, self.today, self.src.notes
        for row in rows:
            signed = row["mou_signed_on"]
            if signed is None or row["mou_expires_on"] is not None:
                continue
            k = rng.choice((2, 3, 3, 5))
            expires = _add_years(signed, k) - _days(1)
            floor = row["cancelled_on"] or today + _days(180)
            while expires <= floor:
                k += 1
                expires = _add_years(signed, k) - _days(1)
            row["mou_expires_on"] = expires

        # A handful of live agreements already expired or expiring soon.
        live = [r for r in rows if r["status"] in ("linked", "in_use")]
        rng.shuffle(live)
        windows = [
            (today - _days(120), today - _days(1), notes["mou_expired"]),
            (today + _days(1), today + _days(90), notes["mou_expiring"]),
            (today + _days(91), today + _days(180), notes["mou_review"]),
        ]
        for lo, hi, note in windows:
            done = 0
            for row in list(live):
                if done == 3:
                    break
                last_stage = row["in_use_on"] or row["linked_on"]
                lo_ok = max(lo, last_stage + _days(30))
                if lo_ok > hi:
                    continue
                signed = row["mou_signed_on"]
                fits = [
                    _add_years(signed, k) - _days(1)
                    for k in range(1, 8)
                    if lo_ok <= _add_years(signed, k) - _days(1) <= hi
                ]
                row["mou_expires_on"] = fits[0] if fits else self.date_between(lo_ok, hi)
                row["notes"] = note
                live.remove(row)
                done += 1

    def _fill_contract_v2(self, rows: list[dict]) -> None:
        """Approvals, MOU procedure dates and consent documents (TEMPLATES §1a), with a few rows
        for each data-quality finding; drawn from ``v2_rng`` only."""
        rng, today = self.v2_rng, self.today
        for row in rows:
            self._fill_approvals(row)
            self._fill_mou_procedure(row)
        personal = [r for r in rows if r["personal_data"] and r["status"] not in _NOT_FOLLOWED]
        personal.sort(key=lambda r: r["linkage_id"])
        rng.shuffle(personal)
        for row in personal[:3]:  # finding: personal data without a legal basis
            row["legal_basis"] = None
        for row in personal[3:5]:  # finding: consent without a consent document
            row["legal_basis"] = "consent"
        for n, row in enumerate(r for r in personal[5:] if r["legal_basis"] == "consent"):
            row["consent_doc_ref"] = f"ยค. {n + 1}/{fiscal_year(row['_key_date'])}"
        signed = [r for r in rows if r["status"] in ("mou_signed", "developing")]
        signed.sort(key=lambda r: r["linkage_id"])
        for row in rng.sample(signed, 2):  # finding: a signed MOU without an expiry date
            row["mou_expires_on"] = None
        assert all(r[c] is None or r[c] <= today for r in rows for c in _V2_DATES)

    def _fill_approvals(self, row: dict) -> None:
        """Inbound: CDO and council (and the DPO committee for personal data) approval dates."""
        requested, responded = row["requested_on"], row["responded_on"]
        if row["direction"] != "inbound" or requested is None or row["status"] == "rejected":
            return
        bodies = ["cdo_approved_on", "council_approved_on"]
        bodies += ["dpo_approved_on"] if row["personal_data"] else []
        if responded is not None:
            for column in bodies:
                row[column] = self.v2_date(requested, responded)
        elif row["status"] == "under_review" and not self.v2_partial:
            # one request under review: the CDO has approved, the other bodies not yet
            row["cdo_approved_on"] = self.v2_date(requested, self.today)
            self.v2_partial = True

    def _fill_mou_procedure(self, row: dict) -> None:
        """Drafted → legal review → approved to sign → signed; unsigned approved rows midway."""
        rng, today = self.v2_rng, self.today
        approved, signed = row["responded_on"], row["mou_signed_on"]
        if approved is None or row["status"] == "rejected":
            return
        end = signed or (today if row["status"] == "approved" else None)
        if end is None:
            return
        span = (end - approved).days
        # an MOU still unsigned has waited a while at its last step (some of them stuck)
        cuts = sorted(rng.randint(0, span if signed else span // 3) for _ in range(3))
        steps = ("mou_drafted_on", "legal_reviewed_on", "mou_approved_on")
        reached = 3 if signed else rng.randint(1, 3)  # an unsigned MOU waits in one step
        for column, cut in list(zip(steps, cuts, strict=True))[:reached]:
            row[column] = approved + _days(cut)

    def v2_date(self, a: dt.date, b: dt.date) -> dt.date:
        """A day from `a` to `b` drawn from ``v2_rng``."""
        return a + _days(self.v2_rng.randint(0, max(0, (b - a).days)))

    def _fill_levels(self, rows: list[dict]) -> None:
        rng = self.rng
        quadrants = [("high", "high"), ("high", "low"), ("low", "high"), ("low", "low")]
        filled = [r for r in rows if r["status"] != "identified" and rng.random() < 0.92]
        for i, row in enumerate(filled):
            if i < len(quadrants):
                integ, std = quadrants[i]
            else:
                integ = (
                    "high" if rng.random() < (0.7 if row["method"] == "gdx" else 0.45) else "low"
                )
                std = (
                    "high"
                    if rng.random() < (0.65 if row["method"] in ("gdx", "rest") else 0.35)
                    else "low"
                )
            row["integration_level"] = integ
            row["standardization_level"] = std

    def _ensure_methods(self, rows: list[dict]) -> None:
        present = {r["method"] for r in rows}
        government = [r for r in rows if r["partner_type"] == "government"]
        for method in METHODS:
            if method in present:
                continue
            counts = {m: sum(r["method"] == m for r in rows) for m in METHODS}
            common = max(METHODS, key=lambda m: counts[m])
            row = next(r for r in government if r["method"] == common)
            row["method"] = method
            freqs, fweights = _FREQUENCY_BY_METHOD[method]
            row["frequency"] = self.pick(freqs, fweights)
            present.add(method)

    def _assign_ids(self, rows: list[dict]) -> None:
        order = sorted(range(len(rows)), key=lambda i: (rows[i]["_key_date"], i))
        seq: dict[int, int] = {}
        for i in order:
            fy = fiscal_year(rows[i]["_key_date"])
            seq[fy] = seq.get(fy, 0) + 1
            rows[i]["linkage_id"] = f"{SAMPLE_ID_PREFIX}LNK-{fy}-{seq[fy]:03d}"
        signed = sorted(
            (i for i in range(len(rows)) if rows[i]["mou_signed_on"] is not None),
            key=lambda i: (rows[i]["mou_signed_on"], i),
        )
        mseq: dict[int, int] = {}
        for i in signed:
            fy = fiscal_year(rows[i]["mou_signed_on"])
            mseq[fy] = mseq.get(fy, 0) + 1
            rows[i]["mou_ref"] = f"MOU-{fy}/{mseq[fy]:03d}"

    # -- surveys ------------------------------------------------------------
    # Mean score (1–5) per process for each of the four fiscal years, oldest first.
    # Targets: 6.1 ≥ 80 % (4.0), 6.3 ≥ 70 % (3.5), 6.4 ≥ 80 % (4.0); 6.2 has none.
    SURVEY_MEANS: dict[str, tuple[float, float, float, float]] = {
        "manual_review": (3.72, 4.18, 4.30, 4.22),
        "outbound": (3.80, 3.95, 4.10, 4.25),
        "inbound": (3.22, 3.72, 3.85, 3.98),
        "cancellation": (4.16, 3.74, 4.22, 4.30),
    }
    SURVEY_COUNTS = {"manual_review": 15, "outbound": 35, "inbound": 35, "cancellation": 15}

    def surveys(self, register: pd.DataFrame) -> pd.DataFrame:
        rng, today = self.rng, self.today
        regs = register.to_dict("records")
        eligible = {
            "outbound": [
                (r["linkage_id"], r["linked_on"])
                for r in regs
                if r["direction"] == "outbound" and r["linked_on"] is not None
            ],
            "inbound": [
                (r["linkage_id"], r["linked_on"])
                for r in regs
                if r["direction"] == "inbound" and r["linked_on"] is not None
            ],
            "cancellation": [
                (r["linkage_id"], r["cancelled_on"]) for r in regs if r["status"] == "cancelled"
            ],
        }
        group_p_internal = {
            "manual_review": 0.9,
            "outbound": 0.85,
            "inbound": 0.15,
            "cancellation": 0.5,
        }
        item_shift = [rng.uniform(-0.15, 0.15) for _ in range(N_QUESTIONS)]
        mean_shift = sum(item_shift) / N_QUESTIONS
        item_shift = [s - mean_shift for s in item_shift]

        out: list[dict] = []
        for fy_index, fy in enumerate(self.fys):
            lo, hi = fiscal_year_start(fy), min(fiscal_year_end(fy), today)
            if lo > today:
                continue
            for process, base_n in self.SURVEY_COUNTS.items():
                n = base_n + rng.randint(-2, 3)
                mean = self.SURVEY_MEANS[process][fy_index]
                shifts = [rng.gauss(0, 0.25) for _ in range(n)]
                avg = sum(shifts) / n
                for shift in shifts:
                    linkage_id = None
                    if process == "manual_review":
                        published = dt.date(fy - 543, 7, 1)
                        answered = self.date_between(max(lo, min(published, hi)), hi)
                    else:
                        cands = [(lid, d) for lid, d in eligible[process] if d + _days(7) <= hi]
                        if cands and rng.random() < 0.92:
                            linkage_id, since = rng.choice(cands)
                            answered = self.date_between(max(lo, since + _days(7)), hi)
                        else:
                            answered = self.date_between(lo, hi)
                    p_internal = group_p_internal[process]
                    group = "internal" if rng.random() < p_internal else "external"
                    answers = self._answers(mean + shift - avg, item_shift)
                    answered_mean = sum(a for a in answers if a is not None) / sum(
                        a is not None for a in answers
                    )
                    comment = None
                    if rng.random() < 0.12:
                        pool = (
                            self.src.comments_good
                            if answered_mean >= 3.8
                            else self.src.comments_bad
                        )
                        comment = rng.choice(pool)
                    row = {
                        "process": process,
                        "linkage_id": linkage_id,
                        "respondent_group": group,
                        "answered_on": answered,
                        "comment": comment,
                    }
                    for i, a in enumerate(answers, start=1):
                        row[f"q{i}"] = a
                    out.append(row)

        out.sort(key=lambda r: r["answered_on"])  # stable: ties keep generation order
        seq: dict[int, int] = {}
        for row in out:
            fy = fiscal_year(row["answered_on"])
            seq[fy] = seq.get(fy, 0) + 1
            row["response_id"] = f"{SAMPLE_ID_PREFIX}SRV-{fy}-{seq[fy]:04d}"
        df = pd.DataFrame([{c: r[c] for c in SURVEY_COLUMNS} for r in out], columns=SURVEY_COLUMNS)
        for i in range(1, N_QUESTIONS + 1):
            df[f"q{i}"] = df[f"q{i}"].astype("Int64")
        return df

    def _answers(self, mean: float, item_shift: list[float]) -> list[int | None]:
        rng = self.rng
        answers: list[int | None] = []
        for shift in item_shift:
            m = min(4.9, max(1.2, mean + shift))
            base = int(m)
            a = base + (1 if rng.random() < m - base else 0)
            r = rng.random()
            if r < 0.04:
                a -= 1
            elif r < 0.08:
                a += 1
            a = min(5, max(1, a))
            answers.append(None if rng.random() < 0.03 else a)
        if all(a is None for a in answers):
            answers[0] = min(5, max(1, round(mean)))
        return answers

    # -- assessments --------------------------------------------------------
    # Inclusive total ranges (out of 35) for each PWO band.
    _PWO_TOTALS = {
        "lowest": (10, 17),
        "low": (18, 21),
        "moderate": (22, 24),
        "high": (25, 28),
        "highest": (29, 34),
    }
    NHA14_WEIGHTS = (15, 10, 20, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5)

    def assessments(self, register: pd.DataFrame) -> pd.DataFrame:
        rng, today = self.rng, self.today
        first_request: dict[str, dt.date | None] = {}
        for name, d in zip(register["partner_name"], register["requested_on"], strict=True):
            if name not in first_request or (
                d is not None and (first_request[name] is None or d < first_request[name])
            ):
                first_request[name] = d
        names = sorted(first_request)
        rng.shuffle(names)
        chosen = names[:24]
        targets = [(n, first_request[n]) for n in chosen] + [
            (n, None) for n in self.src.candidate_partners
        ]
        rng.shuffle(targets)

        band_names = ("lowest", "low", "moderate", "high", "highest")
        bands = list(band_names) + rng.choices(band_names, weights=(1, 2, 3, 4, 3), k=10)
        bands.sort(key=band_names.index)
        passes = sorted([True, False] + [rng.random() < 0.65 for _ in range(13)])

        def take(pool: list, candidate: bool):
            # Candidates not (yet) in the register take the weakest results first.
            return pool.pop(0) if candidate else pool.pop(rng.randrange(len(pool)))

        rows = []
        for i, (name, first) in enumerate(targets):
            framework = "pwo7" if i % 2 == 0 else "nha14"
            if first is not None:
                assessed = first - _days(rng.randint(14, 90))
                if assessed < self.start:
                    assessed = self.date_between(self.start, max(self.start, first))
            else:
                assessed = self.date_between(today - _days(200), today)
            row = {
                "partner_name": name,
                "framework": framework,
                "assessed_on": assessed,
                "assessor": rng.choice(self.src.assessors),
            }
            if framework == "pwo7":
                scores = self._pwo_scores(take(bands, first is None)) + [None] * 7
            else:
                scores = self._nha_scores(take(passes, first is None))
            for c, s in enumerate(scores, start=1):
                row[f"c{c}"] = s
            rows.append(row)
        rows.sort(key=lambda r: (r["assessed_on"], r["partner_name"]))
        seq: dict[int, int] = {}
        for row in rows:
            fy = fiscal_year(row["assessed_on"])
            seq[fy] = seq.get(fy, 0) + 1
            row["assessment_id"] = f"{SAMPLE_ID_PREFIX}ASM-{fy}-{seq[fy]:03d}"
        df = pd.DataFrame(
            [{c: r[c] for c in ASSESSMENT_COLUMNS} for r in rows], columns=ASSESSMENT_COLUMNS
        )
        for c in range(1, 15):
            df[f"c{c}"] = df[f"c{c}"].astype("Int64")
        return df

    def _pwo_scores(self, band: str) -> list[int]:
        rng = self.rng
        total = rng.randint(*self._PWO_TOTALS[band])
        scores = [1] * 7
        for _ in range(total - 7):
            i = rng.choice([j for j in range(7) if scores[j] < 5])
            scores[i] += 1
        return scores

    def _nha_scores(self, passed: bool) -> list[int]:
        rng = self.rng
        p = 0.8 if passed else 0.4
        while True:
            scores = [1 if rng.random() < p else 0 for _ in range(14)]
            total = sum(w * s for w, s in zip(self.NHA14_WEIGHTS, scores, strict=True))
            if (total >= 60) == passed:
                return scores

    # -- e-Government -------------------------------------------------------
    # Weights over the year an item first appears: [≤ first FY, 2nd, 3rd, 4th, never].
    _ADOPTION: dict[str, tuple[int, ...]] = {
        "s2_forms": (85, 10, 5, 0, 0),
        "s2_media": (50, 20, 15, 10, 5),
        "s2_languages": (30, 20, 20, 15, 15),
        "s2_interaction": (65, 20, 10, 5, 0),
        "s3_survey": (45, 25, 15, 10, 5),
        "s3_application": (35, 25, 20, 10, 10),
        "s3_payment": (15, 20, 25, 20, 20),
        "s3_end_to_end": (10, 15, 20, 25, 30),
        "s4_exchange": (10, 15, 25, 25, 25),
        "s4_one_stop": (5, 10, 15, 30, 40),
    }

    def egov(self) -> pd.DataFrame:
        rng, today = self.rng, self.today
        rows = []
        for unit, shift, never in self.src.egov_units:
            first_year = {"s1_information": 0}
            for item, weights in self._ADOPTION.items():
                if item in never:
                    first_year[item] = 99
                    continue
                year = rng.choices(range(5), weights=weights)[0]
                first_year[item] = 99 if year == 4 else min(3, max(0, year + shift))
            for fy_index, fy in enumerate(self.fys):
                assessed = dt.date(fy - 543, 8, 15) + _days(rng.randint(0, 20))
                if assessed > today:
                    continue
                row = {"unit": unit, "assessed_on": assessed}
                for item in EGOV_ITEMS:
                    row[item] = first_year[item] <= fy_index
                rows.append(row)
        df = pd.DataFrame(rows, columns=EGOV_COLUMNS)
        for item in EGOV_ITEMS:
            df[item] = df[item].astype(bool)
        return df


def generate_sample(
    seed: int = 2568, today: dt.date | None = None, sources: Sources | None = None
) -> SampleData:
    """Build the sample data set for ``หน่วยงานตัวอย่าง``.

    ``seed`` drives a private ``random.Random``; the same ``seed``, ``today`` and sources give
    identical frames on any machine. ``today`` defaults to :data:`DEFAULT_TODAY`
    (30 Sep 2026), not the calendar date, so the sample is stable over time; pass
    ``datetime.date.today()`` to centre the data on the real date. The data cover the
    four fiscal years ending with the one containing ``today``. ``sources`` defaults to
    :func:`read_sources` of ``data/sample/source/``.
    """
    if today is None:
        today = DEFAULT_TODAY
    if isinstance(today, dt.datetime):
        today = today.date()
    gen = _Gen(seed, today, sources or read_sources())
    register, history = gen.register()
    surveys = gen.surveys(register)
    assessments = gen.assessments(register)
    egov = gen.egov()
    return SampleData(
        register=register,
        history=history,
        surveys=surveys,
        assessments=assessments,
        egov=egov,
    )


# ---------------------------------------------------------------------------
# Files: what data/sample/ ships
# ---------------------------------------------------------------------------

SAMPLE_TITLE = "ข้อมูลตัวอย่าง (สมมติ เพื่อการสาธิต) — {kind}"


def _display_cell(kind: Kind, key: str, value: object) -> object:
    """One generated value as agency staff type it: Thai labels, ใช่/ไม่ใช่, BE dates as text."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    col = kind.column(key)
    if isinstance(value, bool) or col.type == BOOL:
        return "ใช่" if bool(value) else "ไม่ใช่"
    if isinstance(value, (dt.datetime, dt.date)):
        day = value.date() if isinstance(value, dt.datetime) else value
        return f"{day.day} {THAI_MONTH_SHORT[day.month - 1]} {day.year + 543}"
    if col.type == ENUM:
        return col.value_label(str(value), "th")
    if hasattr(value, "item"):
        return value.item()
    return value


def sample_workbook(kind_key: str, frame: pd.DataFrame) -> bytes:
    """A generated frame as the .xlsx an agency would keep: title row, Thai headers and values."""
    kind = KINDS[kind_key]
    wb = Workbook()
    ws = wb.active
    ws.title = kind_key
    ws.append([SAMPLE_TITLE.format(kind=kind.th)])
    ws.append([kind.column(key).th for key in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        ws.append([_display_cell(kind, key, v) for key, v in zip(frame.columns, row, strict=True)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def history_csv(history: pd.DataFrame) -> bytes:
    """The status history as the CSV the loader reads (ISO times, UTF-8, one row per change)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HISTORY_COLUMNS)
    for row in history[list(HISTORY_COLUMNS)].itertuples(index=False, name=None):
        *values, changed_at = row
        writer.writerow([*values, changed_at.strftime("%Y-%m-%d %H:%M:%S")])
    return out.getvalue().encode("utf-8")


def sample_files(sample: SampleData) -> dict[str, bytes]:
    """Every file data/sample/ ships, by file name: the four spreadsheets and the history."""
    frames = {
        "register": sample.register,
        "surveys": sample.surveys,
        "assessments": sample.assessments,
        "egov": sample.egov,
    }
    files = {sample_file_name(kind): sample_workbook(kind, frames[kind]) for kind in KIND_ORDER}
    files[HISTORY_FILE] = history_csv(sample.history)
    return files


def workbook_cells(data: bytes) -> list[tuple]:
    """Every cell value of a workbook's first sheet (file bytes differ by their timestamps)."""
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def same_content(name: str, old: bytes, new: bytes) -> bool:
    """Whether two versions of a shipped file hold the same data (cells, for a workbook)."""
    if name.endswith(".xlsx"):
        return workbook_cells(old) == workbook_cells(new)
    return old == new


def main(argv: list[str] | None = None) -> int:
    """Write the sample files; a file whose data did not change is left as it is."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", type=Path, default=SAMPLE_FOLDER, help="default: data/sample")
    args = parser.parse_args(argv)
    args.folder.mkdir(parents=True, exist_ok=True)
    for name, data in sample_files(generate_sample()).items():
        path = args.folder / name
        if path.exists() and same_content(name, path.read_bytes(), data):
            print(f"{path} unchanged")
            continue
        path.write_bytes(data)
        print(f"{path} written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
