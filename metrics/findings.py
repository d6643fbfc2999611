"""Data-quality findings: rows the importer accepts but someone must act on (TEMPLATES.md §1a).

- personal data with no legal basis (NHA practice 2.2(1): consent unless the requester has
  legal authority; PDPA B.E. 2562 s. 24);
- consent as the basis and no consent document (2.2(1): "ต้องมีหนังสือแสดงความยินยอม");
- a signed MOU without an expiry date (PWO 4.7: "กำหนดกรอบเวลาสิ้นสุดที่ชัดเจน").

Findings are "as of now": the period filter is ignored (as for MOU expiry), the other
filters apply; cancelled and rejected linkages are left out (nothing is left to fix there).
"""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd

from metrics.filters import NO_FILTERS, Filters, linkage_where
from metrics.lifecycle import MOU_NOT_FOLLOWED_STATUSES, MOU_SIGNED, Text, sql_list
from metrics.register import query

# finding -> (SQL condition over linkages, label, the rule it breaks and its source)
FINDINGS: dict[str, tuple[str, Text, Text]] = {
    "personal_data_without_basis": (
        "coalesce(personal_data, false) AND legal_basis IS NULL",
        {"th": "ข้อมูลส่วนบุคคลที่ไม่ระบุฐานทางกฎหมาย", "en": "Personal data without a legal basis"},
        {
            "th": "ต้องมีหนังสือแสดงความยินยอม ยกเว้นผู้ขอมีอำนาจตามกฎหมาย (คู่มือ กคช. แนวปฏิบัติ 2.2(1); "
            "พ.ร.บ. คุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562 มาตรา 24)",
            "en": "Consent is needed unless the requester has legal authority (NHA practice "
            "2.2(1); Personal Data Protection Act B.E. 2562, s. 24)",
        },
    ),
    "consent_without_document": (
        "legal_basis = 'consent' AND nullif(trim(consent_doc_ref), '') IS NULL",
        {"th": "ฐานความยินยอมแต่ไม่มีหนังสือแสดงความยินยอม", "en": "Consent without a consent document"},
        {
            "th": "ต้องมีหนังสือแสดงความยินยอมจากบุคคลนั้น ๆ (คู่มือ กคช. แนวปฏิบัติ 2.2(1))",
            "en": "A letter of consent from the person is required (NHA practice 2.2(1))",
        },
    ),
    "signed_mou_without_expiry": (
        f"(mou_signed_on IS NOT NULL OR status = '{MOU_SIGNED}') AND mou_expires_on IS NULL",
        {"th": "MOU ที่ลงนามแล้วแต่ไม่มีวันสิ้นสุด", "en": "Signed MOU without an expiry date"},
        {
            "th": "กำหนดกรอบเวลาสิ้นสุดที่ชัดเจน (คู่มือ อคส. ข้อ 4.7)",
            "en": "Set a clear end date (PWO manual 4.7)",
        },
    ),
}
_COLUMNS = (
    "linkage_id, partner_name, dataset, direction, status, personal_data, legal_basis, "
    "consent_doc_ref, mou_ref, mou_signed_on, mou_expires_on"
)


def _findings_sql(filters: Filters) -> tuple[str, list[Any]]:
    """One row per linkage and finding it raises."""
    where, params = linkage_where(filters.replace(fiscal_year=None, quarter=None))
    parts = [
        f"SELECT '{key}' AS finding, {index} AS finding_order, {_COLUMNS} FROM linkages "
        f"WHERE ({condition}) AND status NOT IN ({sql_list(MOU_NOT_FOLLOWED_STATUSES)}) "
        f"AND {where}"
        for index, (key, (condition, _, _)) in enumerate(FINDINGS.items())
    ]
    return " UNION ALL ".join(parts), params * len(parts)


def findings(
    con: duckdb.DuckDBPyConnection, *, filters: Filters = NO_FILTERS, finding: str | None = None
) -> pd.DataFrame:
    """The linkages behind each finding (of one finding if given), by finding then ID.

    Columns: finding, label_th, label_en, rule_th, rule_en and the linkage's columns.
    """
    sql, params = _findings_sql(filters)
    sql = f"SELECT * FROM ({sql})"
    if finding is not None:
        sql, params = sql + " WHERE finding = ?", [*params, finding]
    rows = query(con, f"{sql} ORDER BY finding_order, linkage_id", params)
    rows = rows.drop(columns="finding_order")
    for position, (field, index) in enumerate(
        (("label_th", 1), ("label_en", 1), ("rule_th", 2), ("rule_en", 2))
    ):
        language = field[-2:]
        rows.insert(1 + position, field, [FINDINGS[k][index][language] for k in rows["finding"]])
    return rows


def findings_summary(
    con: duckdb.DuckDBPyConnection, *, filters: Filters = NO_FILTERS
) -> pd.DataFrame:
    """Per finding (every one listed): linkages raising it, with its label and rule."""
    sql, params = _findings_sql(filters)
    counts = dict(
        con.cursor().execute(f"SELECT finding, count(*) FROM ({sql}) GROUP BY 1", params).fetchall()
    )
    return pd.DataFrame(
        [
            {
                "finding": key,
                "label_th": label["th"],
                "label_en": label["en"],
                "rule_th": rule["th"],
                "rule_en": rule["en"],
                "linkages": int(counts.get(key, 0)),
            }
            for key, (_, label, rule) in FINDINGS.items()
        ]
    )


def findings_report(
    con: duckdb.DuckDBPyConnection, *, filters: Filters = NO_FILTERS
) -> dict[str, dict[str, Any]]:
    """The report's ``findings``: per finding, how many linkages and their IDs."""
    rows = findings(con, filters=filters)
    return {
        key: {
            "linkages": int((rows["finding"] == key).sum()),
            "linkage_ids": rows.loc[rows["finding"] == key, "linkage_id"].tolist(),
            "rule": FINDINGS[key][2]["en"],
        }
        for key in FINDINGS
    }
