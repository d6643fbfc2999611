"""The planner's what-if figures: scenarios scored and compared, bands drawn, weights tried.

Pure functions over a framework dict and plain scores; every decision is the engine's
(``metrics.assessment``). Tables hold keys (outcomes, sources); ``outcome_label`` names an
outcome as the framework file or the label catalog words it, for the page to show.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

import labels
from metrics.assessment import ScoreError, score, sensitivity, what_it_would_take
from metrics.frameworks import FRAMEWORK_FOLDER, FrameworkError, load_framework
from metrics.numbers import exact, plain

Framework = Mapping[str, Any]
# A scenario kept in the session: {"name", "partner", "framework", "scores"}.
Scenario = Mapping[str, Any]

# A yes/no framework's verdicts and where a compared result comes from; their words are the
# label catalog's (what_if_outcome_<key>, what_if_candidate_<key>).
VERDICTS = ("pass", "fail")
CANDIDATE_SOURCES = ("current", "scenario", "stored")


def scale(framework: Framework) -> tuple[int, int]:
    """Lowest and highest score one criterion takes (0 and 1 for yes/no criteria)."""
    if framework["kind"] == "scored":
        return framework["scale"]["min"], framework["scale"]["max"]
    return 0, 1


def starting_scores(framework: Framework, earlier: Sequence[int] | None = None) -> list[int]:
    """Where the criteria start: an earlier assessment, else the middle of the scale or all 'no'."""
    if earlier is not None and len(earlier) == len(framework["criteria"]):
        return [int(value) for value in earlier]
    low, high = scale(framework)
    start = (low + high) // 2 if framework["kind"] == "scored" else low
    return [start] * len(framework["criteria"])


def default_weights(framework: Framework) -> list[int | float]:
    """The framework's own weights in criterion order (weighted frameworks only)."""
    return [criterion["weight"] for criterion in framework["criteria"]]


def weights_total(weights: Sequence[int | float]) -> int | float:
    """The sum of a set of weights, exactly (0.1 + 0.2 is 0.3)."""
    return plain(sum((exact(w) for w in weights), exact(0)))


def outcome(framework: Framework, result: Mapping[str, Any]) -> dict[str, Any]:
    """A scored result's band or pass/fail as ``{"key", "rank"}`` (outcome_label names it).

    ``rank`` orders outcomes from worst (0) so results can be compared and coloured.
    """
    if framework["kind"] == "scored":
        keys = [band["key"] for band in framework["bands"]]
        band = framework["bands"][keys.index(result["band"])]
        return {"key": band["key"], "rank": keys.index(band["key"])}
    key = "pass" if result["passed"] else "fail"
    return {"key": key, "rank": int(result["passed"])}


def outcome_label(framework: Framework, key: str, lang: str) -> str:
    """The label of an outcome key (a band key, or pass/fail) in one language."""
    if framework["kind"] == "scored":
        for band in framework["bands"]:
            if band["key"] == key:
                return band["label"][lang]
    return labels.label(f"what_if_outcome_{key}", lang)


def regions(framework: Framework) -> list[dict[str, Any]]:
    """The stretches of 0–100 a result can fall in: the bands, or fail below / pass from the mark."""
    if framework["kind"] == "scored":
        return [
            {
                "key": band["key"],
                "start": float(band["min"]),
                "end": float(band["max"]),
                "rank": index,
            }
            for index, band in enumerate(framework["bands"])
        ]
    mark = float(framework["pass_mark"])
    return [
        {"key": "fail", "start": 0.0, "end": mark, "rank": 0},
        {"key": "pass", "start": mark, "end": 100.0, "rank": 1},
    ]


def lift(framework: Framework, scores: Sequence[int]) -> list[int]:
    """The scores with "what it would take" applied: the next band, or the pass mark."""
    answer = what_it_would_take(framework, scores)
    lifted = [int(value) for value in scores]
    keys = [criterion["key"] for criterion in framework["criteria"]]
    if framework["kind"] == "scored":
        left = answer["points_needed"]
        for source in answer["sources"]:
            step = min(source["headroom"], left)
            lifted[keys.index(source["key"])] += step
            left -= step
        return lifted
    for criterion in answer["cheapest"]:
        lifted[keys.index(criterion["key"])] = 1
    return lifted


def scenario_table(
    frameworks: Mapping[str, Framework], scenarios: Sequence[Scenario]
) -> pd.DataFrame:
    """One row per scenario: partner, framework, total, percent and result (its key: the page
    names it with outcome_label), in the order kept."""
    rows = []
    for scenario in scenarios:
        framework = frameworks[scenario["framework"]]
        result = score(framework, scenario["scores"])
        verdict = outcome(framework, result)
        rows.append(
            {
                "scenario": scenario["name"],
                "partner": scenario["partner"],
                "framework": framework["id"],
                "total": result["total"],
                "max": result["max"],
                "percent": result["percent"],
                "outcome": verdict["key"],
                "rank": verdict["rank"],
            }
        )
    columns = [
        "scenario",
        "partner",
        "framework",
        "total",
        "max",
        "percent",
        "outcome",
        "rank",
    ]
    return pd.DataFrame(rows, columns=columns)


def sensitivity_table(
    framework: Framework,
    candidates: Sequence[Mapping[str, Any]],
    weights: Sequence[int | float],
) -> pd.DataFrame:
    """Each candidate under the manual's weights and under ``weights``; flips listed first.
    Sources and outcomes are keys (the page names them: what_if_candidate_<source>,
    outcome_label).

    ``candidates`` are ``{"name", "source", "scores"}`` with ``source`` one of CANDIDATE_SOURCES
    (one name may come from two sources). Weights that do not sum to 100 are refused (ScoreError).
    """
    by_position = {str(i): candidate["scores"] for i, candidate in enumerate(candidates)}
    rows = sensitivity(framework, by_position, list(weights))
    key = "band" if framework["kind"] == "scored" else "passed"

    def verdict(result: Mapping[str, Any]) -> str:
        """The result's outcome key: its band, or pass/fail."""
        value = result[key]
        return value if key == "band" else ("pass" if value else "fail")

    table = pd.DataFrame(
        [
            {
                "candidate": candidates[int(row["candidate"])]["name"],
                "source": candidates[int(row["candidate"])]["source"],
                "default_percent": row["default"]["percent"],
                "default_outcome": verdict(row["default"]),
                "alternative_percent": row["alternative"]["percent"],
                "alternative_outcome": verdict(row["alternative"]),
                "flipped": row["flipped"],
            }
            for row in rows
        ],
        columns=[
            "candidate",
            "source",
            "default_percent",
            "default_outcome",
            "alternative_percent",
            "alternative_outcome",
            "flipped",
        ],
    )
    return table.sort_values("flipped", ascending=False, kind="stable").reset_index(drop=True)


def refusal(framework: Framework, weights: Sequence[int | float]) -> ScoreError | None:
    """Why the engine would refuse these weights (e.g. not summing to 100), or None."""
    try:
        sensitivity(framework, {}, list(weights))
    except ScoreError as error:
        return error
    return None


def available_frameworks(folder: Path | None = None) -> tuple[list[dict[str, Any]], list[Any]]:
    """Every framework file that loads, by file name, and the refusal of each file that does not."""
    folder = FRAMEWORK_FOLDER if folder is None else folder
    loaded, refused = [], []
    for path in sorted(folder.glob("*.json")):
        try:
            framework = load_framework(path)
            if framework["id"] != path.stem:
                raise FrameworkError(
                    f"{path.name}: id ต้องตรงกับชื่อไฟล์ '{path.stem}' แต่เป็น '{framework['id']}'",
                    f"{path.name}: id must match the file name '{path.stem}', "
                    f"got '{framework['id']}'",
                )
            loaded.append(framework)
        except FrameworkError as error:
            refused.append(error)
    return loaded, refused
