"""Hand-made registers and surveys for the metrics tests, with the figures worked out beside them.

FY 2568 runs 1 Oct 2024 – 30 Sep 2025. Every expected figure in the tests is derived from
the rows below in comments, not from the code's output.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from loaders.importer import commit, preview
from loaders.store import open_store

REGISTER_HEADER = (
    "linkage_id,partner_name,direction,dataset,status,classification,personal_data,"
    "requested_on,responded_on,mou_signed_on,linked_on,in_use_on,cancelled_on,cancel_reason,"
    "owner_notified_on,mou_expires_on,integration_level,standardization_level"
)

# Outbound (6.2): O1 full path in FY 2568; O2 asked on the last day of FY 2568; O3 asked on the
# last day of FY 2567, answered in FY 2568, linked on the first day of FY 2569; O4 rejected;
# O5 approved (MOU signed), still developing.
# Inbound (6.3): I1 waiting; I2 under review; I3 approved; I4 linked; I5 rejected; I6 asked in
# FY 2567, approved and linked in FY 2568.
# Cancellations (6.4): C1 cancelled 1 Oct 2024 (FY 2568) and owner notified; C2 cancelled
# 30 Sep 2025 (FY 2568), owner not notified; C3 cancelled 30 Sep 2024 (FY 2567); C4 has a
# cancellation date in FY 2568 but the register still says "linked" and gives no reason.
REGISTER_ROWS = """\
O1,Partner A,outbound,ds1,in_use,internal,no,2024-10-01,2024-11-01,,2025-01-15,2025-03-01,,,,,high,high
O2,Partner A,outbound,ds2,requested,public,no,2025-09-30,,,,,,,,,high,low
O3,Partner B,outbound,ds3,linked,confidential,yes,2024-09-30,2024-10-15,,2025-10-01,,,,,,low,high
O4,Partner C,outbound,ds4,rejected,internal,no,2025-02-01,2025-03-01,,,,,,,,low,low
O5,Partner D,outbound,ds5,developing,secret,no,2025-01-10,2025-02-10,2025-03-01,,,,,,2026-03-01,,
I1,Partner E,inbound,ds6,requested,public,no,2024-12-01,,,,,,,,,,
I2,Partner F,inbound,ds7,under_review,confidential,yes,2025-01-05,,,,,,,,,,
I3,Partner G,inbound,ds8,approved,internal,no,2025-02-01,2025-02-20,,,,,,,,,
I4,Partner H,inbound,ds9,linked,internal,yes,2025-03-01,2025-03-10,,2025-04-01,,,,,,,
I5,Partner I,inbound,ds10,rejected,public,no,2025-04-01,2025-04-10,,,,,,,,,
I6,Partner J,inbound,ds11,in_use,public,no,2024-06-01,2024-10-05,,2024-11-01,2024-12-01,,,,,,
C1,Partner K,outbound,ds12,cancelled,internal,no,2023-05-01,,,,,2024-10-01,breach,2024-10-05,,,
C2,Partner L,inbound,ds13,cancelled,internal,no,2023-01-01,2023-02-01,,2023-03-01,,2025-09-30,no_longer_needed,,,,
C3,Partner M,outbound,ds14,cancelled,internal,no,2023-01-01,,,,,2024-09-30,new_provider,2024-10-01,,,
C4,Partner N,outbound,ds15,linked,internal,no,2023-06-01,,,2023-08-01,,2025-05-01,,,,,
"""

# Satisfaction (inbound): R1 answered 30 Sep 2024 (FY 2567), R2 and R3 in FY 2568.
# Whole database: answers 5,4 | 3,5 | 2,4,4,1 → sum 28 of 8 answers → mean 3.5 → 70.00;
#   top-2-box: 5,4,5,4,4 → 5 of 8 → 62.50.
# FY 2568: 3,5 | 2,4,4,1 → 19 of 6 → 63.33; top-2-box 3 of 6 → 50.00.
SURVEY_CSV = """\
response_id,process,respondent_group,answered_on,q1,q2,q3,q4
R1,inbound,internal,2024-09-30,5,4,,
R2,inbound,external,2024-10-01,3,,5,
R3,inbound,internal,2025-03-15,2,4,4,1
"""


def register_csv(rows: str = REGISTER_ROWS) -> bytes:
    """The register as CSV bytes (header + rows)."""
    return (REGISTER_HEADER + "\n" + rows).encode("utf-8")


def import_at(
    con: duckdb.DuckDBPyConnection, data: bytes, kind: str, now: dt.datetime, name: str = "f.csv"
) -> Any:
    """Import a file as if uploaded at `now` (so upload dates are under the test's control)."""
    result = commit(con, preview(con, data, name, kind), now=now)
    assert not result.preview.validated.errors, result.preview.validated.errors
    return result


def hand_store(path: str = ":memory:") -> duckdb.DuckDBPyConnection:
    """A store holding the hand register (uploaded 1 Aug 2025) and the hand survey."""
    con = open_store(path)
    import_at(con, register_csv(), "register", dt.datetime(2025, 8, 1, 9, 0))
    import_at(con, SURVEY_CSV.encode(), "surveys", dt.datetime(2025, 8, 1, 9, 5), "s.csv")
    return con
