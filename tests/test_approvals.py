"""The approval rules file (metrics/approvals.json): the manual's clauses, checked on load."""

from __future__ import annotations

import copy
import json

import pytest

from metrics.approvals import BODIES, RULE_TEXT, RULES_FILE, ApprovalRulesError, validate_rules


def test_the_rules_quote_the_manual_and_name_three_bodies():
    assert list(BODIES) == ["cdo", "council", "dpo"]
    # the DPO is a committee, not an officer (NHA practice 1.2)
    assert BODIES["dpo"]["th"] == "คณะกรรมการคุ้มครองข้อมูลส่วนบุคคล (DPO)"
    assert "committee" in BODIES["dpo"]["en"]
    sources = {k: r["source"]["en"] for k, r in RULE_TEXT.items()}
    assert sources["export_general"].endswith("practice 5")
    assert sources["linkage_endorsement"].endswith("practice 3.1(3)")
    assert sources["request_step_6"].endswith("process 6.3 step 6")
    assert sources["personal_data"].endswith("practice 1.2")
    assert RULE_TEXT["linkage_endorsement"]["clause"] == (
        "ให้หน่วยงานเจ้าของข้อมูลหรือผู้ดูแลข้อมูล เสนอคณะกรรมการธรรมาภิบาลข้อมูล เพื่อขอความเห็นชอบก่อน"
    )


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda d: d["rules"][0].update(body="officer"), "body must be one of"),
        (lambda d: d["rules"][0]["when"].append({"notes": ["x"]}), "'notes' must be an enum"),
        (lambda d: d["rules"][0]["when"].append({"direction": ["sideways"]}), "direction"),
        (lambda d: d["rules"][0]["when"].append({"critical_data": ["yes"]}), "critical_data"),
        (lambda d: d["bodies"][0].update(date_column="notes"), "date column of the register"),
        (lambda d: d["rules"][1].update(key=d["rules"][0]["key"]), "repeated"),
        (lambda d: d["rules"][0].pop("clause"), "clause is missing"),
        (lambda d: d["rules"][0]["source"].pop("en"), r"rules\[0\]: source"),
    ],
)
def test_a_rules_file_the_code_cannot_use_is_refused(change, match):
    data = copy.deepcopy(json.loads(RULES_FILE.read_text(encoding="utf-8")))
    change(data)
    with pytest.raises(ApprovalRulesError, match=match):
        validate_rules(data)
