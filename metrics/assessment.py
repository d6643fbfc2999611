"""Partner-assessment scoring: percent, band or pass, what it would take, weight sensitivity.

Pure functions over a framework dict (see ``metrics.frameworks``) and plain scores.
Decisions (band, pass) are taken on exact fractions; percents are rounded for display only.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from metrics.errors import BilingualError
from metrics.frameworks import FrameworkError, list_frameworks, load_framework
from metrics.numbers import exact, plain, round_half_up

__all__ = [
    "FrameworkError",
    "ScoreError",
    "list_frameworks",
    "load_framework",
    "score",
    "sensitivity",
    "what_it_would_take",
]

Framework = Mapping[str, Any]
# Scores in criterion order (c1, c2, …), or a row keyed by criterion key (extra keys ignored).
Scores = Sequence[Any] | Mapping[str, Any]
Weights = Sequence[Any] | Mapping[str, Any]


class ScoreError(BilingualError):
    """Scores or weights the framework cannot take: wrong count, out of range, not whole."""


def score(framework: Framework, scores: Scores) -> dict[str, Any]:
    """Score one partner: percent, then band (scored) or passed (weighted_yes_no), and groups.

    Returns ``{"percent": 71.43, "band": "high" | "passed": bool, "framework", "percent_exact",
    "total", "max", "band_label" | "pass_mark", "groups": [{"key", "label", "total", "max",
    "percent"}]}``.
    """
    values = _ordered_scores(framework, scores)
    weights = _default_weights(framework)
    total, maximum, percent = _evaluate(framework, values, weights)
    result: dict[str, Any] = {"percent": round_half_up(percent)}
    if framework["kind"] == "scored":
        band = _band_for(framework, percent)
        result["band"] = band["key"]
        result["band_label"] = band["label"]
    else:
        result["passed"] = percent >= exact(framework["pass_mark"])
        result["pass_mark"] = plain(exact(framework["pass_mark"]))
    result.update(
        framework=framework["id"],
        percent_exact=float(percent),
        total=plain(total),
        max=plain(maximum),
        groups=_group_subtotals(framework, values, weights),
    )
    return result


def what_it_would_take(framework: Framework, scores: Scores) -> dict[str, Any]:
    """Say what would lift a partner: to the pass mark (weighted_yes_no) or next band (scored)."""
    values = _ordered_scores(framework, scores)
    if framework["kind"] == "scored":
        return _points_to_next_band(framework, values)
    return _cheapest_way_to_pass(framework, values)


def sensitivity(
    framework: Framework, candidates: Mapping[str, Scores], weights: Weights
) -> list[dict[str, Any]]:
    """Re-score candidates with alternative weights (summing to 100) and flag whose result flips.

    For a weighted_yes_no framework the result is pass/fail; for a scored one it is the band
    (the default weighting of a scored framework is an equal share per criterion).
    Returns one row per candidate, in the order given: ``{"candidate", "default":
    {"percent", "passed" | "band"}, "alternative": {...}, "flipped": bool}``.
    """
    alternative_weights = _alternative_weights(framework, weights)
    default_weights = _default_weights(framework)
    outcome_key = "band" if framework["kind"] == "scored" else "passed"
    rows = []
    for candidate, scores in candidates.items():
        try:
            values = _ordered_scores(framework, scores)
        except ScoreError as error:
            raise ScoreError(f"{candidate}: {error.th}", f"{candidate}: {error.en}") from error
        default = _outcome(framework, values, default_weights)
        alternative = _outcome(framework, values, alternative_weights)
        rows.append(
            {
                "candidate": candidate,
                "default": default,
                "alternative": alternative,
                "flipped": default[outcome_key] != alternative[outcome_key],
            }
        )
    return rows


def _points_to_next_band(framework: Framework, values: list[int]) -> dict[str, Any]:
    """Points a scored partner needs to reach the next band, and the criteria with headroom."""
    weights = _default_weights(framework)
    total, maximum, percent = _evaluate(framework, values, weights)
    bands = framework["bands"]
    band = _band_for(framework, percent)
    answer: dict[str, Any] = {
        "band": band["key"],
        "already_highest": band is bands[-1],
        "percent": round_half_up(percent),
        "total": plain(total),
        "max": plain(maximum),
    }
    if band is bands[-1]:
        return answer | {
            "next_band": None,
            "target_percent": None,
            "target_total": None,
            "points_needed": 0,
            "band_after": band["key"],
            "sources": [],
        }
    next_band = bands[bands.index(band) + 1]
    target_total = math.ceil(exact(next_band["min"]) * maximum / 100)
    top = framework["scale"]["max"]
    with_headroom = sorted(
        (index for index, value in enumerate(values) if value < top),
        key=lambda index: (values[index], index),
    )
    return answer | {
        "next_band": next_band["key"],
        "target_percent": plain(exact(next_band["min"])),
        "target_total": target_total,
        "points_needed": target_total - plain(total),
        "band_after": _band_for(framework, Fraction(target_total * 100) / maximum)["key"],
        "sources": [
            _criterion_summary(framework, index)
            | {"score": values[index], "headroom": top - values[index]}
            for index in with_headroom
        ],
    }


def _cheapest_way_to_pass(framework: Framework, values: list[int]) -> dict[str, Any]:
    """Cheapest unmet criteria that reach the pass mark, and the met criteria it hangs on."""
    weights = _default_weights(framework)
    total = sum(w * v for w, v in zip(weights, values, strict=True))
    pass_mark = exact(framework["pass_mark"])
    answer: dict[str, Any] = {
        "already_passes": total >= pass_mark,
        "total": plain(total),
        "pass_mark": plain(pass_mark),
        "shortfall": plain(max(pass_mark - total, Fraction(0))),
    }
    if total >= pass_mark:
        decisive = [
            index
            for index, value in enumerate(values)
            if value and total - weights[index] < pass_mark
        ]
        return answer | {
            "cheapest": [],
            "added_weight": 0,
            "total_after": plain(total),
            "decisive": [_criterion_summary(framework, index) for index in decisive],
        }
    unmet = [index for index, value in enumerate(values) if not value]
    chosen = _cheapest_cover(unmet, weights, pass_mark - total)
    added = sum((weights[index] for index in chosen), Fraction(0))
    return answer | {
        "cheapest": [_criterion_summary(framework, index) for index in chosen],
        "added_weight": plain(added),
        "total_after": plain(total + added),
        "decisive": [],
    }


def _cheapest_cover(
    candidates: list[int], weights: list[Fraction], needed: Fraction
) -> tuple[int, ...]:
    """Subset of candidates whose weight reaches ``needed`` at least cost.

    Least added weight first, then fewest criteria, then earliest criteria. A small
    dynamic programme over reachable sums keeps, for each sum, the best subset.
    """
    best: dict[Fraction, tuple[int, ...]] = {Fraction(0): ()}
    for index in candidates:
        for reached, subset in list(best.items()):
            extended = (len(subset) + 1, subset + (index,))
            new_sum = reached + weights[index]
            current = best.get(new_sum)
            if current is None or extended < (len(current), current):
                best[new_sum] = extended[1]
    enough = [reached for reached in best if reached >= needed]
    cheapest_sum = min(enough)
    return best[cheapest_sum]


def _outcome(framework: Framework, values: list[int], weights: list[Fraction]) -> dict[str, Any]:
    """Percent and band or pass for one weighting of one partner's scores."""
    _, _, percent = _evaluate(framework, values, weights)
    if framework["kind"] == "scored":
        return {"percent": round_half_up(percent), "band": _band_for(framework, percent)["key"]}
    return {
        "percent": round_half_up(percent),
        "passed": percent >= exact(framework["pass_mark"]),
    }


def _evaluate(
    framework: Framework, values: list[int], weights: list[Fraction]
) -> tuple[Fraction, Fraction, Fraction]:
    """Weighted total, its maximum and the exact percent."""
    top = _scale(framework)[1]
    total = sum((w * v for w, v in zip(weights, values, strict=True)), Fraction(0))
    maximum = sum(weights, Fraction(0)) * top
    return total, maximum, total * 100 / maximum


def _group_subtotals(
    framework: Framework, values: list[int], weights: list[Fraction]
) -> list[dict[str, Any]]:
    """Total, maximum and percent per criterion group."""
    top = _scale(framework)[1]
    subtotals = []
    for group in framework["groups"]:
        members = [i for i, c in enumerate(framework["criteria"]) if c["group"] == group["key"]]
        total = sum((weights[i] * values[i] for i in members), Fraction(0))
        maximum = sum((weights[i] for i in members), Fraction(0)) * top
        subtotals.append(
            {
                "key": group["key"],
                "label": group["label"],
                "total": plain(total),
                "max": plain(maximum),
                "percent": round_half_up(total * 100 / maximum),
            }
        )
    return subtotals


def _band_for(framework: Framework, percent: Fraction) -> dict[str, Any]:
    """The band holding an unrounded percent: [min, max), the last band closed at 100."""
    bands = framework["bands"]
    for band in bands[:-1]:
        if exact(band["min"]) <= percent < exact(band["max"]):
            return band
    return bands[-1]


def _default_weights(framework: Framework) -> list[Fraction]:
    """Per-criterion weights: the file's weights, or 1 per criterion for a scored framework."""
    if framework["kind"] == "scored":
        return [Fraction(1)] * len(framework["criteria"])
    return [exact(c["weight"]) for c in framework["criteria"]]


def _scale(framework: Framework) -> tuple[int, int]:
    """Lowest and highest score a criterion takes."""
    if framework["kind"] == "scored":
        return framework["scale"]["min"], framework["scale"]["max"]
    return 0, 1


def _ordered_scores(framework: Framework, scores: Scores) -> list[int]:
    """Scores in criterion order as whole numbers, refused when the count or a value is wrong."""
    criteria = framework["criteria"]
    if isinstance(scores, Mapping):
        raw = [scores.get(c["key"]) for c in criteria]
    elif isinstance(scores, str | bytes) or not isinstance(scores, Sequence):
        raise ScoreError(
            "คะแนนต้องเป็นรายการตัวเลข",
            f"scores must be a list of numbers, got {type(scores).__name__}",
        )
    else:
        raw = list(scores)
    if len(raw) != len(criteria):
        raise ScoreError(
            f"แบบประเมิน {framework['id']} ต้องมีคะแนน {len(criteria)} ข้อ แต่ได้รับ {len(raw)} ข้อ",
            f"framework {framework['id']} needs {len(criteria)} scores, got {len(raw)}",
        )
    low, high = _scale(framework)
    return [_whole_score(framework, c, v, low, high) for c, v in zip(criteria, raw, strict=True)]


def _whole_score(
    framework: Framework, criterion: Mapping[str, Any], value: Any, low: int, high: int
) -> int:
    """One criterion's score as an int within the scale."""
    name = f"{criterion['code']} ({criterion['key']})"
    if isinstance(value, bool) and framework["kind"] == "weighted_yes_no":
        return int(value)
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if not is_number or value != value:  # value != value: NaN from a blank spreadsheet cell
        raise ScoreError(
            f"ข้อ {name} ไม่มีคะแนนหรือไม่ใช่ตัวเลข ({value!r})",
            f"criterion {name} has no score or a score that is not a number ({value!r})",
        )
    if value != int(value):
        raise ScoreError(
            f"คะแนนข้อ {name} ต้องเป็นจำนวนเต็ม แต่ได้ {value}",
            f"score for criterion {name} must be a whole number, got {value}",
        )
    if not low <= value <= high:
        raise ScoreError(
            f"คะแนนข้อ {name} ต้องอยู่ระหว่าง {low} ถึง {high} แต่ได้ {value:g}",
            f"score for criterion {name} must be between {low} and {high}, got {value:g}",
        )
    return int(value)


def _alternative_weights(framework: Framework, weights: Weights) -> list[Fraction]:
    """Alternative weights in criterion order; non-negative numbers summing to 100."""
    criteria = framework["criteria"]
    if isinstance(weights, Mapping):
        raw = [weights.get(c["key"]) for c in criteria]
    else:
        raw = list(weights)
    if len(raw) != len(criteria):
        raise ScoreError(
            f"ต้องมีน้ำหนัก {len(criteria)} ค่า แต่ได้รับ {len(raw)} ค่า",
            f"{len(criteria)} weights needed, got {len(raw)}",
        )
    checked = []
    for criterion, value in zip(criteria, raw, strict=True):
        name = f"{criterion['code']} ({criterion['key']})"
        if not isinstance(value, int | float) or isinstance(value, bool) or value != value:
            raise ScoreError(
                f"น้ำหนักข้อ {name} ต้องเป็นตัวเลข แต่ได้ {value!r}",
                f"weight for criterion {name} must be a number, got {value!r}",
            )
        if value < 0:
            raise ScoreError(
                f"น้ำหนักข้อ {name} ต้องไม่ติดลบ แต่ได้ {value}",
                f"weight for criterion {name} must not be negative, got {value}",
            )
        checked.append(exact(value))
    total = sum(checked, Fraction(0))
    if total != 100:
        raise ScoreError(
            f"น้ำหนักรวมต้องเท่ากับ 100 แต่รวมได้ {float(total):g}",
            f"weights must sum to 100, they sum to {float(total):g}",
        )
    return checked


def _criterion_summary(framework: Framework, index: int) -> dict[str, Any]:
    """Key, code, group, label (and weight when it has one) of one criterion."""
    criterion = framework["criteria"][index]
    summary = {key: criterion[key] for key in ("key", "code", "group", "label")}
    if "weight" in criterion:
        summary["weight"] = criterion["weight"]
    return summary
