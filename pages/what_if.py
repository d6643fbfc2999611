"""What-if planner: score a partner or candidate live, see what it would take, compare, save."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from loaders.normalize import normalize_text
from loaders.spec import ASSESSMENTS, REGISTER
from metrics import planner
from metrics.assessment import score, what_it_would_take
from metrics.assessment_store import AssessmentRefused, save_assessment
from metrics.partners import (
    assessment_history,
    latest_assessments,
    partner_directory,
    partner_linkages,
)
from ui import charts, db, shell, sign_in
from ui.i18n import fmt_date, lang, pick, t
from ui.what_if_view import (
    history_chart,
    history_table,
    pin_in_view,
    result_bar,
    result_panel,
    scenarios_table,
    side_by_side,
    take_advice,
)

SCENARIOS = "what_if_scenarios"  # scenarios kept for the session: [{"name", "partner", "framework", "scores"}]
LOADED = "what_if_loaded"  # (framework, partner) whose starting scores the criteria widgets hold
NOTICE = "what_if_notice"  # ("success" | "error", message) left by the save button for its run
SHOWN_PARTNER = (
    "what_if_shown_partner"  # the partner on record shown last run (None: a new candidate)
)


@dataclass(frozen=True)
class _Choice:
    """Step 1's answers, which the later steps read: who is scored, on which framework."""

    partner: str  # as picked or typed ("" while a new candidate has no name)
    on_record: str | None  # the partner when it is on record, else None
    framework: dict[str, Any]
    history: pd.DataFrame | None  # its stored assessments (None when not on record)

    @property
    def shown_name(self) -> str:
        """The partner's name, or the label for a candidate not named yet."""
        return self.partner or t("what_if_unnamed")


def _init_state() -> None:
    """Create the page's own session keys once (no widget owns them)."""
    st.session_state.setdefault(SCENARIOS, [])
    st.session_state.setdefault(LOADED, None)
    st.session_state.setdefault(NOTICE, None)
    st.session_state.setdefault(SHOWN_PARTNER, None)
    user = sign_in.current_user() or {}
    st.session_state.setdefault("what_if_assessor", user.get("display_name", ""))


def _score_key(framework: dict[str, Any], criterion: dict[str, Any]) -> str:
    """The widget key of one criterion of one framework."""
    return f"what_if_score_{framework['id']}_{criterion['key']}"


def _weight_key(framework: dict[str, Any], criterion: dict[str, Any]) -> str:
    """The widget key of one criterion's alternative weight."""
    return f"what_if_weight_{framework['id']}_{criterion['key']}"


def _set_scores(framework: dict[str, Any], scores: list[int]) -> None:
    """Put scores into the criteria widgets (before they are drawn, or from a callback)."""
    for criterion, value in zip(framework["criteria"], scores, strict=True):
        yes_no = framework["kind"] == "weighted_yes_no"
        st.session_state[_score_key(framework, criterion)] = bool(value) if yes_no else int(value)


def _current_scores(framework: dict[str, Any]) -> list[int]:
    """The scores the criteria widgets hold now."""
    return [int(st.session_state[_score_key(framework, c)]) for c in framework["criteria"]]


def _apply_lift(framework: dict[str, Any]) -> None:
    """Button: move the criteria to what it would take."""
    _set_scores(framework, planner.lift(framework, _current_scores(framework)))


def _reset_scores(framework: dict[str, Any], start: list[int]) -> None:
    """Button: back to the starting scores."""
    _set_scores(framework, start)


def _keep_scenario(framework: dict[str, Any], partner: str, suggested: str) -> None:
    """Button: keep the current settings as a named scenario (a same-named one is replaced)."""
    name = (st.session_state.get("what_if_scenario_name") or "").strip() or suggested
    scenario = {
        "name": name,
        "partner": partner,
        "framework": framework["id"],
        "scores": _current_scores(framework),
    }
    kept = st.session_state[SCENARIOS]
    names = [s["name"] for s in kept]
    if name in names:
        kept[names.index(name)] = scenario
        st.toast(t("what_if_replaced", name=shell.plain(name)))
    else:
        kept.append(scenario)
        st.toast(t("what_if_kept", name=shell.plain(name)))
    st.session_state["what_if_scenario_name"] = ""


def _remove_scenarios() -> None:
    """Button: drop the scenarios picked for removal."""
    picked = set(st.session_state.get("what_if_remove_pick") or [])
    st.session_state[SCENARIOS] = [
        s for s in st.session_state[SCENARIOS] if s["name"] not in picked
    ]
    st.session_state["what_if_remove_pick"] = []


def _reset_weights(framework: dict[str, Any]) -> None:
    """Button: back to the manual's weights."""
    for criterion in framework["criteria"]:
        st.session_state[_weight_key(framework, criterion)] = float(criterion["weight"])


def _save(current: dict[str, Any]) -> None:
    """Button: store the chosen scenario (or the current settings) as an assessment."""
    if not sign_in.can("save_assessment"):  # checked on the server, whatever the page showed
        role = (sign_in.current_user() or {}).get("role") or "-"
        reason = t("not_allowed", role=sign_in.role_label(role))
        st.session_state[NOTICE] = ("error", t("what_if_save_refused", reason=reason))
        return
    choice = st.session_state.get("what_if_save_which")
    named = {s["name"]: s for s in st.session_state[SCENARIOS]}
    chosen = named.get(choice, current)
    try:
        assessment_id = save_assessment(
            db.connection(),
            chosen["partner"],
            chosen["framework"],
            chosen["scores"],
            st.session_state.get("what_if_assessed_on"),
            st.session_state.get("what_if_assessor"),
        )
    except AssessmentRefused as error:
        reason = pick(error.th, error.en)
        st.session_state[NOTICE] = ("error", t("what_if_save_refused", reason=reason))
        return
    db.data_changed()
    sign_in.record(
        "save_assessment",
        {
            "assessment_id": assessment_id,
            "partner": chosen["partner"],
            "framework": chosen["framework"],
        },
    )
    partner = normalize_text(chosen["partner"])  # as stored, so the partner list holds it
    message = t("what_if_saved", id=assessment_id, partner=shell.plain(partner))
    st.session_state[NOTICE] = ("success", message)
    # Show the partner (a new candidate is now on record) with its history.
    st.session_state["what_if_mode"] = "existing"
    st.session_state["what_if_partner"] = partner


def _weight_inputs(framework: dict[str, Any], language: str) -> None:
    """Every criterion's weight to change, in two halves, and the way back to the manual's."""
    with st.expander(t("what_if_weights_edit"), icon=":material/balance:", expanded=False):
        halves = st.columns(2, gap="large")
        half = (len(framework["criteria"]) + 1) // 2
        for index, criterion in enumerate(framework["criteria"]):
            with halves[index // half]:
                st.number_input(
                    f"{criterion['code']} {criterion['label'][language]} "
                    f"({t('what_if_manual_weight', w=criterion['weight'])})",
                    min_value=0.0,
                    max_value=100.0,
                    step=1.0,
                    format="%g",
                    key=_weight_key(framework, criterion),
                )
        st.button(
            t("what_if_weights_reset"),
            icon=":material/restart_alt:",
            on_click=_reset_weights,
            args=(framework,),
            key="what_if_weights_reset",
        )


def _linkages_table(linkages: pd.DataFrame, language: str) -> None:
    """The partner's register rows (drawn only while their expander is open)."""
    if linkages.empty:
        st.caption(t("what_if_no_linkages"))
    else:
        shown = linkages.copy()
        for key in ("direction", "method", "status"):
            column = REGISTER.column(key)
            shown[key] = shown[key].map(lambda v, c=column: c.value_label(v, language))
        for key in ("mou_signed_on", "mou_expires_on"):
            shown[key] = shown[key].map(lambda v: fmt_date(v) if pd.notna(v) else "")
        shown.columns = [REGISTER.column(c).label(language) for c in linkages.columns]
        st.dataframe(shown, hide_index=True, width="stretch")
        shell.download_buttons(shown, "partner_linkages", key="what_if_linkages")


def _sensitivity(
    con: Any,
    framework: dict[str, Any],
    weights: list[float],
    candidates: list[dict[str, Any]],
    language: str,
) -> None:
    """Which candidates' outcome the changed weights would flip."""
    framework_id = framework["id"]
    candidates = [
        *candidates,
        *(
            {"name": row.partner_name, "source": "stored", "scores": row.scores}
            for row in latest_assessments(con, framework_id).itertuples()
        ),
    ]
    flips = planner.sensitivity_table(framework, candidates, weights)
    st.markdown(t("what_if_flips", n=int(flips["flipped"].sum()), m=len(flips)))
    shown = pd.DataFrame(
        {
            t("what_if_col_candidate"): flips["candidate"],
            t("what_if_col_source"): [t(f"what_if_candidate_{s}") for s in flips["source"]],
            t("what_if_col_default"): [
                f"{p:.2f}% {planner.outcome_label(framework, o, language)}"
                for p, o in zip(flips["default_percent"], flips["default_outcome"], strict=True)
            ],
            t("what_if_col_alternative"): [
                f"{p:.2f}% {planner.outcome_label(framework, o, language)}"
                for p, o in zip(
                    flips["alternative_percent"], flips["alternative_outcome"], strict=True
                )
            ],
            t("what_if_col_flipped"): flips["flipped"].map(lambda f: "✓" if f else ""),
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch")
    shell.download_buttons(shown, "weight_sensitivity", key="what_if_sensitivity")


def _weights(
    con: Any,
    framework: dict[str, Any],
    candidates: list[dict[str, Any]],
    language: str,
) -> None:
    """Step 4: other weights for a yes/no framework, and whose outcome they would flip."""
    st.subheader(t("what_if_step_weights"))
    if framework["kind"] != "weighted_yes_no":
        st.caption(t("what_if_weights_scored"))
        return
    st.caption(t("what_if_weights_intro"))
    for criterion in framework["criteria"]:
        st.session_state.setdefault(_weight_key(framework, criterion), float(criterion["weight"]))
    _weight_inputs(framework, language)
    weights = [st.session_state[_weight_key(framework, c)] for c in framework["criteria"]]
    total = planner.weights_total(weights)
    problem = planner.refusal(framework, weights)
    sum_col, verdict_col = st.columns([1, 3], vertical_alignment="center")
    sum_col.metric(t("what_if_weights_sum"), f"{total:g} / 100")
    if problem is not None:
        verdict_col.error(
            t("what_if_weights_refused", reason=pick(problem.th, problem.en)),
            icon=":material/block:",
        )
    else:
        verdict_col.success(t("what_if_weights_sum_ok"), icon=":material/check_circle:")
        _sensitivity(con, framework, weights, candidates, language)


def _save_step(current: dict[str, Any], display_partner: str, kept: list, language: str) -> None:
    """Step 5: which result to save, by whom and when; the save's outcome once."""
    st.subheader(t("what_if_step_save"))
    st.caption(t("what_if_save_help"))
    current_label = f"{t('what_if_save_current')} — {display_partner}"
    which_col, who_col, when_col = st.columns([3, 2, 1])
    which_col.selectbox(
        t("what_if_save_which"),
        ["", *(s["name"] for s in kept)],
        format_func=lambda name, now=current_label: name or now,
        key="what_if_save_which",
    )
    who_col.text_input(ASSESSMENTS.column("assessor").label(language), key="what_if_assessor")
    assessed_on = when_col.date_input(
        ASSESSMENTS.column("assessed_on").label(language),
        value=dt.date.today(),
        format="DD/MM/YYYY",
        key="what_if_assessed_on",
    )
    if language == "th" and assessed_on:
        when_col.caption(fmt_date(assessed_on))  # the picker shows the Common Era year
    st.button(
        t("what_if_save"),
        type="primary",
        icon=":material/save:",
        on_click=_save,
        args=(current,),
        key="what_if_save",
    )
    notice = st.session_state[NOTICE]
    if notice is not None:
        kind, message = notice
        if kind == "success":
            st.success(message, icon=":material/check_circle:")
        else:
            st.error(message, icon=":material/block:")
        st.session_state[NOTICE] = None


def _frameworks() -> dict[str, dict[str, Any]]:
    """The frameworks that can be scored, by id; a warning for each one whose file is refused."""
    frameworks, refused = planner.available_frameworks()
    for error in refused:
        st.warning(pick(error.th, error.en), icon=":material/rule:")
    return {f["id"]: f for f in frameworks}


def _pick_partner(directory: pd.DataFrame, known: pd.DataFrame | None) -> tuple[str, str]:
    """A partner on record or a typed-in candidate: (mode, partner name as picked or typed)."""
    if known is None:
        st.info(t("what_if_no_partners"), icon=":material/inbox:")
        mode = "new"
    else:
        mode = st.radio(
            t("what_if_mode"),
            ["existing", "new"],
            format_func={m: t(f"what_if_mode_{m}") for m in ("existing", "new")}.get,
            horizontal=True,
            key="what_if_mode",
        )
    if mode == "existing":
        partner = st.selectbox(
            t("what_if_partner"),
            list(known.index),
            format_func={
                row.partner_name: t(
                    "what_if_partner_option",
                    name=row.partner_name,
                    linkages=row.linkages,
                    assessments=row.assessments,
                )
                for row in directory.itertuples()
            }.get,
            key="what_if_partner",
        )
    else:
        partner = st.text_input(
            t("what_if_new_name"), placeholder=t("what_if_new_placeholder"), key="what_if_new_name"
        ).strip()
    return mode, partner


def _open_on_latest_framework(
    on_record: str | None, history: pd.DataFrame | None, by_id: dict[str, dict[str, Any]]
) -> None:
    """A partner just picked opens on the framework of its latest assessment (before the
    framework radio is drawn, so it shows the choice)."""
    if st.session_state[SHOWN_PARTNER] != on_record:
        st.session_state[SHOWN_PARTNER] = on_record
        assessed = history[history["framework"].isin(by_id)] if history is not None else []
        if len(assessed):
            st.session_state["what_if_framework"] = assessed["framework"].iloc[-1]


def _pick_framework(by_id: dict[str, dict[str, Any]], language: str) -> dict[str, Any]:
    """The framework to score on, and where it comes from."""
    framework_id = st.radio(
        t("what_if_framework"),
        list(by_id),
        format_func=lambda fid: by_id[fid]["name"][language],
        key="what_if_framework",
    )
    framework = by_id[framework_id]
    if "source" in framework:
        st.caption(t("what_if_framework_source", source=framework["source"][language]))
    return framework


def _history(history: pd.DataFrame, by_id: dict[str, dict[str, Any]], language: str) -> None:
    """The partner's earlier assessments: a chart over time, the table and its downloads."""
    if history.empty:
        st.caption(t("what_if_no_history"))
        return
    table = history_table(history, by_id, language)
    charts.plotly_chart(
        history_chart(history, by_id, language, t("what_if_history_chart")),
        width="stretch",
        key="what_if_history_chart",
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={t("what_if_col_percent"): st.column_config.NumberColumn(format="%.2f")},
    )
    shell.download_buttons(table, "assessment_history", key="what_if_history")


def _partner_record(con: Any, choice: _Choice, by_id: dict[str, Any], language: str) -> None:
    """A partner on record: its linkages (folded) and its earlier assessments."""
    linkages = partner_linkages(con, choice.on_record)
    linkages_box = shell.folded(
        t("what_if_linkages", n=len(linkages)), "what_if_linkages", ":material/hub:"
    )
    if linkages_box:
        with linkages_box:
            _linkages_table(linkages, language)
    with st.expander(
        t("what_if_history", n=len(choice.history)), icon=":material/history:", expanded=True
    ):
        _history(choice.history, by_id, language)


def _partner_step(con: Any, by_id: dict[str, dict[str, Any]], language: str) -> _Choice:
    """Step 1: the partner (on record or a new candidate) and the framework to score it on."""
    st.subheader(t("what_if_step_partner"))
    directory = partner_directory(con)
    known = directory.set_index("partner_name") if len(directory) else None
    left, right = st.columns([3, 2], gap="large")
    with left:
        mode, partner = _pick_partner(directory, known)
    on_record = partner if known is not None and partner in known.index else None
    history = assessment_history(con, on_record) if on_record else None
    _open_on_latest_framework(on_record, history, by_id)
    with right:
        framework = _pick_framework(by_id, language)
    choice = _Choice(partner, on_record, framework, history)
    if mode == "new" and on_record:
        st.info(t("what_if_new_known"), icon=":material/info:")
    if on_record:
        _partner_record(con, choice, by_id, language)
    return choice


def _starting_point(choice: _Choice) -> tuple[pd.Series | None, list[int]]:
    """The latest scored assessment on this framework (None if there is none) and the scores to
    start from; they go into the criteria widgets when another partner or framework is shown."""
    framework = choice.framework
    earlier = None
    if choice.history is not None:
        history = choice.history
        usable = history[(history["framework"] == framework["id"]) & history["outcome"].notna()]
        if len(usable):
            earlier = usable.iloc[-1]
    start = planner.starting_scores(framework, earlier["scores"] if earlier is not None else None)
    token = (framework["id"], choice.on_record)
    missing = any(_score_key(framework, c) not in st.session_state for c in framework["criteria"])
    if st.session_state[LOADED] != token or missing:  # another partner, or back from another page
        _set_scores(framework, start)
        st.session_state[LOADED] = token
    return earlier, start


def _criteria_inputs(
    framework: dict[str, Any], earlier: pd.Series | None, start: list[int], language: str
) -> None:
    """A toggle (yes/no) or slider per criterion, by group, and the way back to the start."""
    low, high = planner.scale(framework)
    yes_no = framework["kind"] == "weighted_yes_no"
    if yes_no:
        st.caption(t("what_if_yes_no_hint", mark=framework["pass_mark"]))
    else:
        st.caption(t("what_if_scored_hint", low=low, high=high))
    if earlier is not None:
        st.caption(t("what_if_started_from", date=fmt_date(earlier["assessed_on"])))
    for group in framework["groups"]:
        st.markdown(f"**{group['label'][language]}**")
        for criterion in framework["criteria"]:
            if criterion["group"] != group["key"]:
                continue
            label = f"{criterion['code']} {criterion['label'][language]}"
            if yes_no:
                st.toggle(
                    f"{label} ({t('what_if_points', w=criterion['weight'])})",
                    key=_score_key(framework, criterion),
                    wrap=True,
                )
            else:
                st.slider(label, low, high, step=1, key=_score_key(framework, criterion))
    st.button(
        t("what_if_reset"),
        icon=":material/restart_alt:",
        on_click=_reset_scores,
        args=(framework, start),
        key="what_if_reset",
    )


def _what_it_would_take(
    framework: dict[str, Any], scores: list[int], verdict: dict[str, Any], language: str
) -> None:
    """What it would take to reach the next band or pass, and a button to move there."""
    st.markdown(f"#### {t('what_if_take')}")
    answer = what_it_would_take(framework, scores)
    take_advice(framework, answer, verdict, language)
    if not answer.get("already_highest") and not answer.get("already_passes"):
        st.button(
            t("what_if_take_apply"),
            icon=":material/auto_fix_high:",
            on_click=_apply_lift,
            args=(framework,),
            key="what_if_take_apply",
        )


def _criteria_step(choice: _Choice, language: str) -> list[int]:
    """Step 2: the criteria beside the live result (pinned in view), then what it would take;
    the scores the criteria hold now."""
    framework = choice.framework
    earlier, start = _starting_point(choice)
    st.subheader(t("what_if_step_score"))
    criteria_col, result_col = st.columns([3, 2], gap="large")
    with criteria_col:
        _criteria_inputs(framework, earlier, start, language)
    scores = _current_scores(framework)
    result = score(framework, scores)
    verdict = planner.outcome(framework, result)
    pin_in_view("what_if_result_panel")
    with result_col, st.container(key="what_if_result_panel"):
        result_panel(framework, result, verdict, earlier, language)
    with criteria_col:  # below the criteria, so the live result beside them stays short and in view
        _what_it_would_take(framework, scores, verdict, language)
    return scores


def _keep_row(choice: _Choice) -> None:
    """A name (a numbered one suggested) and the button that keeps the settings under it."""
    suggested = f"{choice.shown_name} · {len(st.session_state[SCENARIOS]) + 1}"
    name_col, keep_col = st.columns([3, 1], vertical_alignment="bottom")
    name_col.text_input(
        t("what_if_scenario_name"), placeholder=suggested, key="what_if_scenario_name"
    )
    keep_col.button(
        t("what_if_keep"),
        icon=":material/bookmark_add:",
        on_click=_keep_scenario,
        args=(choice.framework, choice.partner, suggested),
        key="what_if_keep",
        width="stretch",
    )


def _scenario_charts(
    summary: pd.DataFrame, kept: list[dict[str, Any]], by_id: dict[str, Any], language: str
) -> None:
    """Per framework: the scenarios' results as bars, and their criteria side by side (folded)."""
    for fid in dict.fromkeys(summary["framework"]):
        rows = summary[summary["framework"] == fid]
        charts.plotly_chart(
            result_bar(
                by_id[fid],
                list(zip(rows["scenario"], rows["percent"], rows["rank"], strict=True)),
                language,
                title=t("what_if_compare_chart", framework=by_id[fid]["name"][language]),
            ),
            width="stretch",
            key=f"what_if_compare_{fid}",
            config={"displayModeBar": False},
        )
        side = f"{t('what_if_side_by_side')} — {by_id[fid]['name'][language]}"
        if box := shell.folded(side, f"what_if_side_{fid}"):
            with box:
                grid = side_by_side(
                    by_id[fid], [s for s in kept if s["framework"] == fid], language
                )
                st.dataframe(grid, width="stretch", height=35 * (len(grid) + 1) + 3)


def _remove_row(kept: list[dict[str, Any]]) -> None:
    """Scenarios to pick and the button that drops them."""
    pick_col, remove_col = st.columns([3, 1], vertical_alignment="bottom")
    pick_col.multiselect(
        t("what_if_remove_pick"),
        [s["name"] for s in kept],
        placeholder=t("what_if_remove_placeholder"),
        key="what_if_remove_pick",
    )
    remove_col.button(
        t("what_if_remove"),
        icon=":material/delete:",
        on_click=_remove_scenarios,
        key="what_if_remove",
        width="stretch",
    )


def _scenarios_step(
    choice: _Choice, by_id: dict[str, dict[str, Any]], language: str
) -> list[dict[str, Any]]:
    """Step 3: keep the settings as a named scenario, compare the kept ones, remove some; the
    kept scenarios whose framework can still be scored."""
    st.subheader(t("what_if_step_compare"))
    _keep_row(choice)
    kept = [s for s in st.session_state[SCENARIOS] if s["framework"] in by_id]
    if not kept:
        st.caption(t("what_if_no_scenarios"))
    else:
        summary = planner.scenario_table(by_id, kept)
        scenarios_table(summary, by_id, language)
        _scenario_charts(summary, kept, by_id, language)
        _remove_row(kept)
    return kept


def _candidates(
    choice: _Choice, scores: list[int], kept: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The current settings and the scenarios on the same framework, for the weights step."""
    candidates = [{"name": choice.shown_name, "source": "current", "scores": scores}]
    candidates += [
        {"name": s["name"], "source": "scenario", "scores": s["scores"]}
        for s in kept
        if s["framework"] == choice.framework["id"]
    ]
    return candidates


_init_state()
shell.access_guard()
shell.sample_banner()
st.title(t("what_if_title"))
st.caption(t("what_if_intro"))
con = db.connection()
language = lang()
by_id = _frameworks()
choice = _partner_step(con, by_id, language)
scores = _criteria_step(choice, language)
kept = _scenarios_step(choice, by_id, language)
_weights(con, choice.framework, _candidates(choice, scores, kept), language)
current = {"partner": choice.partner, "framework": choice.framework["id"], "scores": scores}
_save_step(current, choice.shown_name, kept, language)
