"""Who must approve a linkage, from ``approvals.json``: the rules with the manual's clauses.

Each rule names a body (CDO, the personal data protection committee, the data governance
council), the linkages it applies to (conditions on register columns) and the clause of the
NHA manual that requires it. A linkage awaiting a decision (status requested or under review,
no ``responded_on``) has an approval pending for every body a rule requires and whose date
column (``cdo_approved_on`` …) is blank; a register without those columns has them blank.
The file is checked on load; a file the code cannot use is refused with an ApprovalRulesError
naming the field at fault.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from loaders.spec import BOOL, DATE, ENUM, REGISTER
from metrics.checks import (
    DefinitionError,
    fault,
    read_json,
    refused_as,
    require_label,
    require_list,
    require_object,
    require_text,
)
from metrics.filters import Filters, linkage_where
from metrics.lifecycle import OPEN_REQUEST_STATUSES, Text

RULES_FILE = Path(__file__).with_name("approvals.json")
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


class ApprovalRulesError(DefinitionError):
    """An approval-rules file the code refuses, naming the field at fault."""


def _check_bodies(data: dict[str, Any], source: str) -> list[str]:
    """The bodies: unique keys, a label each, a date column of the register."""
    keys: list[str] = []
    for index, body in enumerate(require_list(data, "bodies", source)):
        where = f"{source}: bodies[{index}]"
        require_object(body, where)
        key = require_text(body, "key", where)
        if not _KEY.match(key) or key in keys:
            raise fault(where, f"key '{key}' ซ้ำหรือไม่ถูกต้อง", f"key '{key}' repeated or invalid")
        keys.append(key)
        require_label(body, "label", where)
        column = require_text(body, "date_column", where)
        if column not in REGISTER.keys or REGISTER.column(column).type != DATE:
            raise fault(
                where,
                f"date_column '{column}' ต้องเป็นคอลัมน์วันที่ของทะเบียน",
                f"date_column '{column}' must be a date column of the register",
            )
    return keys


def _check_condition(condition: Any, where: str) -> None:
    """One condition: register enum or yes/no columns, each with allowed values."""
    require_object(condition, where)
    if not condition:
        raise fault(where, "ต้องมีอย่างน้อยหนึ่งคอลัมน์", "must name at least one column")
    for column, values in condition.items():
        if column not in REGISTER.keys or REGISTER.column(column).type not in (ENUM, BOOL):
            raise fault(
                where,
                f"'{column}' ต้องเป็นคอลัมน์ตัวเลือกหรือใช่/ไม่ใช่ของทะเบียน",
                f"'{column}' must be an enum or yes/no column of the register",
            )
        spec = REGISTER.column(column)
        allowed = list(spec.values) if spec.type == ENUM else [True, False]
        if not isinstance(values, list) or not values or any(v not in allowed for v in values):
            raise fault(
                f"{where}.{column}",
                f"ต้องเป็นรายการค่าจาก {allowed}",
                f"must be a list of values from {allowed}, got {values!r}",
            )
        if spec.type == ENUM and any(isinstance(v, bool) for v in values):
            raise fault(f"{where}.{column}", "ค่าต้องเป็นข้อความ", "values must be text")


def validate_rules(data: Any, source: str = "approvals") -> dict[str, Any]:
    """Check an approval-rules dict and return it, or raise ApprovalRulesError."""
    with refused_as(ApprovalRulesError):
        require_object(data, source)
        bodies = _check_bodies(data, source)
        keys: list[str] = []
        for index, rule in enumerate(require_list(data, "rules", source)):
            where = f"{source}: rules[{index}]"
            require_object(rule, where)
            key = require_text(rule, "key", where)
            if not _KEY.match(key) or key in keys:
                raise fault(where, f"key '{key}' ซ้ำหรือไม่ถูกต้อง", f"key '{key}' repeated or invalid")
            keys.append(key)
            if rule.get("body") not in bodies:
                raise fault(
                    where,
                    f"body ต้องเป็นหนึ่งใน {', '.join(bodies)}",
                    f"body must be one of {', '.join(bodies)}, got {rule.get('body')!r}",
                )
            require_text(rule, "clause", where)
            require_label(rule, "source", where)
            require_label(rule, "summary", where)
            for number, condition in enumerate(require_list(rule, "when", where)):
                _check_condition(condition, f"{where}: when[{number}]")
    return data


def load_rules(path: Path = RULES_FILE) -> dict[str, Any]:
    """Read and check an approval-rules file."""
    with refused_as(ApprovalRulesError):
        data = read_json(path)
        return validate_rules(data, source=path.name)


RULES = load_rules()
BODIES: dict[str, Text] = {b["key"]: dict(b["label"]) for b in RULES["bodies"]}
BODY_DATES: dict[str, str] = {b["key"]: b["date_column"] for b in RULES["bodies"]}
RULE_TEXT: dict[str, dict[str, Any]] = {r["key"]: r for r in RULES["rules"]}


def _condition_sql(condition: dict[str, list[Any]]) -> tuple[str, list[Any]]:
    """Any of the columns holding one of its values."""
    parts = [
        f'"{column}" IN ({", ".join("?" * len(values))})' for column, values in condition.items()
    ]
    return "(" + " OR ".join(parts) + ")", [v for values in condition.values() for v in values]


_SHOWN = (
    "linkage_id, is_sample, partner_name, dataset, classification, personal_data, critical_data, "
    "status, requested_on, created_at"
)


def needed_sql(filters: Filters) -> tuple[str, list[Any]]:
    """One row per linkage awaiting a decision, rule that requires a body, body not yet dated.

    Columns: approver, body_order, rule, rule_order and the linkage's display columns.
    """
    where, params = linkage_where(filters)
    order = list(BODIES)
    parts, part_params = [], []
    for number, rule in enumerate(RULES["rules"]):
        conditions = [_condition_sql(c) for c in rule["when"]]
        sql = " AND ".join(c for c, _ in conditions)
        parts.append(
            f"SELECT ? AS approver, ? AS body_order, ? AS rule, ? AS rule_order, {_SHOWN} "
            "FROM pending "
            f'WHERE {sql} AND "{BODY_DATES[rule["body"]]}" IS NULL'
        )
        part_params += [rule["body"], order.index(rule["body"]), rule["key"], number]
        part_params += [v for _, values in conditions for v in values]
    pending = ", ".join("?" * len(OPEN_REQUEST_STATUSES))
    sql = f"""
        WITH pending AS (
            SELECT * FROM linkages
            WHERE status IN ({pending}) AND responded_on IS NULL AND {where}
        )
        {" UNION ALL ".join(parts)}
    """
    return sql, [*OPEN_REQUEST_STATUSES, *params, *part_params]


def with_clauses(rows: pd.DataFrame) -> pd.DataFrame:
    """Pending approvals (``rules``: comma-joined rule keys) with the clauses that require them.

    Adds clause (the manual's words, Thai), source_th/source_en and summary_th/summary_en,
    each joined with " · " when more than one rule requires the same body.
    """
    out = rows.copy()
    keys = [str(r).split(",") if r else [] for r in out.get("rules", pd.Series(dtype=object))]

    def joined(field: str, lang: str | None = None) -> list[str]:
        """One field of each row's rules, joined."""
        return [
            " · ".join(
                RULE_TEXT[k][field] if lang is None else RULE_TEXT[k][field][lang] for k in ks
            )
            for ks in keys
        ]

    out["clause"] = joined("clause")
    for lang in ("th", "en"):
        out[f"summary_{lang}"] = joined("summary", lang)
        out[f"source_{lang}"] = joined("source", lang)
    return out
