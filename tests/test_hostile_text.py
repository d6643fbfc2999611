"""Text from files and URLs is shown as written on every page; crafted URLs and failures leak
nothing (issue 10, points 5 and 6)."""

from __future__ import annotations

import json
import logging
import re
import tomllib
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.express as px
import pytest
from streamlit import config as scorecard_config
from streamlit.testing.v1 import AppTest

from labels import label
from tests.apptest import dashboard, open_page
from tests.conftest import ROOT
from tests.hostile_text import EVIL_HOST, PAYLOADS, build_hostile_store
from ui import charts, shell

# Characters Plotly or Markdown would read as markup: a payload without any is plain already.
MARKUP_CHARS = set("<>&$[]:*_`")
RISKY = [p for p in PAYLOADS if MARKUP_CHARS & set(p)]
# Trace properties drawn as text, and axis properties drawn as tick labels.
DRAWN = (*charts.DATA_PROPS, *charts.CUSTOM_PROPS)


@pytest.fixture
def hostile_store(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store whose every text column of every kind holds the payloads."""
    build_hostile_store(db_path)
    monkeypatch.setenv("LINKAGE_DB", str(db_path))
    return db_path


def _open(
    page: str | None = None, params: dict[str, Any] | None = None, lang: str = "en", **state: Any
) -> AppTest:
    """The dashboard on `page` (signed in as the test admin), caches from earlier tests cleared."""
    if page:
        return open_page(page, check=False, lang=lang, params=params, state=state)
    return dashboard(lang=lang, params=params, state=state).run()


def _strings(value: Any) -> list[str]:
    """Every string inside a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, dict) and "bdata" not in value:
        return [s for v in value.values() for s in _strings(v)]
    return []


def _figures(at: AppTest) -> list[dict[str, Any]]:
    """Every Plotly figure the page sent, as JSON."""
    return [json.loads(e.proto.spec) for e in at.get("plotly_chart")]


def _markdown_texts(at: AppTest) -> list[str]:
    """Every text the page sent as Markdown: body text, captions, alerts, labels, tab names."""
    texts = [
        e.value for e in (*at.markdown, *at.caption, *at.info, *at.warning, *at.success, *at.error)
    ]
    texts += [e.value for e in (*at.title, *at.subheader, *at.header)]
    texts += [m.label for m in at.metric] + [e.label for e in at.expander]
    texts += [tab.label for tab in at.tabs] + [e.message for e in at.exception]
    return [str(t) for t in texts]


def assert_shown_as_written(at: AppTest) -> int:
    """No payload reaches Markdown or a Plotly label unescaped; returns the figures checked."""
    assert not at.exception, [e.message for e in at.exception]
    for text in _markdown_texts(at):
        for payload in RISKY:
            assert payload not in text, (payload, text[:200])
        assert not re.search(r"\]\((https?|javascript):", text), text[:200]
    figures = _figures(at)
    for figure in figures:
        for trace in figure["data"]:
            for prop in DRAWN:
                for text in _strings(trace.get(prop)):
                    assert not set("<>$") & set(text.replace("<br>", "")), (prop, text[:120])
            for prop in charts.TEMPLATE_PROPS:
                for text in _strings(trace.get(prop)):
                    assert not any(p in text for p in RISKY), (prop, text[:120])
        layout = figure["layout"]
        for key, axis in layout.items():
            if key.startswith(("xaxis", "yaxis")):
                for prop in charts.AXIS_PROPS:
                    for text in _strings(axis.get(prop)):
                        assert not set("<>$") & set(text.replace("<br>", "")), (key, text[:120])
        for text in _strings(layout.get("annotations", [])) + _strings(layout.get("title")):
            assert not any(p in text for p in RISKY), text[:120]
    return len(figures)


# --- Plotly: one place escapes every figure -------------------------------------------------------


def test_chart_text_escapes_what_plotly_would_render():
    assert charts.chart_text('<a href="x">A & B</a>') == '&lt;a href="x"&gt;A &amp; B&lt;/a&gt;'
    assert charts.chart_text("$x$") == "&#36;x&#36;"
    assert charts.chart_text("two\nlines") == "two<br>lines"  # code's line break
    assert charts.chart_text("two\nlines", breaks=False) == "two\nlines"
    assert charts.chart_text("&lt;") == "&amp;lt;"  # an entity in the data shows as typed


def test_safe_figure_escapes_data_and_keeps_code_markup():
    ministry = '<a href="https://evil.example/phish">M</a>'
    frame = pd.DataFrame({"label": [ministry, "$5"], "n": [1, 2], "group": ["<b>g</b>", "h"]})
    figure = px.bar(frame, x="n", y="label", color="group", custom_data=["label"])
    figure.update_yaxes(categoryorder="array", categoryarray=[ministry, "$5"])
    figure.add_annotation(text="<b>code</b> about <b>g</b>", x=1, y=0)
    spec = charts.safe_figure(figure)
    first = spec["data"][0]
    assert first["y"] == ['&lt;a href="https://evil.example/phish"&gt;M&lt;/a&gt;']
    assert first["customdata"] == [['&lt;a href="https://evil.example/phish"&gt;M&lt;/a&gt;']]
    assert first["name"] == "&lt;b&gt;g&lt;/b&gt;"
    # Plotly Express wrote the colour's value into the template: escaped there, <br> kept.
    assert first["hovertemplate"].startswith("group=&lt;b&gt;g&lt;/b&gt;<br>")
    assert spec["layout"]["yaxis"]["categoryarray"] == [first["y"][0], "&#36;5"]
    assert spec["layout"]["annotations"][0]["text"] == "<b>code</b> about &lt;b&gt;g&lt;/b&gt;"
    assert figure.data[0].y[0] == ministry  # the caller's figure is left as it was


def test_a_selected_point_gives_back_the_value_as_stored():
    raw = "A & <B> $1 &amp;"
    escaped = charts.safe_figure(px.bar(x=[1], y=[raw], custom_data=[[raw]]))["data"][0]
    event = {"selection": {"points": [{"customdata": escaped["customdata"][0]}]}}
    assert charts.selected_point(event) == [raw]


def test_pages_draw_plotly_charts_only_through_charts_module():
    offenders = [
        str(path.relative_to(ROOT))
        for path in [*ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py")]
        if path.name != "charts.py" and "st.plotly_chart(" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_download_file_names_keep_no_path_or_markup():
    assert shell.file_name("../../etc/<b>x") == "etc_b_x"
    assert shell.file_name("linkages_กระทรวงมหาดไทย") == "linkages_กระทรวงมหาดไทย"
    assert shell.file_name("[a](https://evil.example)") == "a_https_evil.example"
    assert len(shell.file_name("x" * 500)) == shell.FILE_NAME_MAX
    assert shell.file_name("///") == "table"


# --- every page on a store full of payloads --------------------------------------------------------

PAGES = {
    "pages/overview.py": {},
    "pages/scorecard.py": {},
    "pages/operations.py": {},
    **{  # each section of the operations page (only the open one is drawn)
        f"pages/operations.py#{tab}": {"section_operations": label(f"operations_tab_{tab}", "en")}
        for tab in ("stuck", "agreements", "procedure", "findings", "history")
    },
    "pages/comparisons.py": {"comparisons_dimension": "ministry"},
    "pages/egov_score.py": {},
}


SECTION_HEADINGS = {
    "stuck": "operations_stuck",
    "agreements": "operations_lapsed",
    "procedure": "operations_procedure",
    "findings": "operations_findings",
    "history": "operations_changes",
}


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_shows_file_text_as_written(hostile_store, page):
    at = _open(page.split("#")[0], **PAGES[page])
    assert_shown_as_written(at)
    if "#" in page:  # the section asked for was drawn (its heading), not the first one
        heading = SECTION_HEADINGS[page.split("#")[1]]
        assert label(heading, "en") in [h.value for h in at.subheader]
    if page == "pages/comparisons.py":  # the chart the issue found: ministries on the y axis
        compare = next(f for f in _figures(at) if f["layout"].get("barmode") == "stack")
        labels = [y for trace in compare["data"] for y in _strings(trace.get("y"))]
        assert '&lt;a href="https://evil.example/phish"&gt;ministry link&lt;/a&gt;' in labels


def test_comparison_drill_down_names_the_ministry_as_written(hostile_store):
    at = _open("pages/comparisons.py", comparisons_dimension="ministry")
    at.session_state["comparisons_compare_chart"] = {
        "selection": {
            "points": [
                {"customdata": [charts.chart_text(PAYLOADS[2], breaks=False), "in_progress"]}
            ],
            "point_indices": [0],
            "box": [],
            "lasso": [],
        }
    }
    at.run()
    assert_shown_as_written(at)
    heading = next(m.value for m in at.markdown if "Session expired" in m.value)
    assert "\\[Session expired\\]" in heading  # the key came back unescaped, then made plain


def test_what_if_partners_and_scenarios_show_as_written(hostile_store):
    at = _open("pages/what_if.py")
    at.selectbox(key="what_if_partner").set_value(PAYLOADS[0]).run()
    at.button(key="what_if_keep").click().run()
    assert at.get("plotly_chart")
    assert assert_shown_as_written(at) >= 2
    names = [y for f in _figures(at) for t in f["data"] for y in _strings(t.get("y"))]
    assert any(n.startswith("&lt;a href=") for n in names)


# --- URL values ---------------------------------------------------------------------------------

FILTER_PAGES = ("pages/operations.py", "pages/comparisons.py", "pages/scorecard.py")


@pytest.mark.parametrize("page", FILTER_PAGES)
def test_crafted_url_values_are_dropped_with_a_notice(empty_store, page):
    params = {"fy": "-5", "q": "9", "direction": "bogus", "personal": "maybe"}
    at = _open(page, params=params, lang="th")  # (AppTest redraws English select boxes wrongly)
    assert not at.exception, [e.message for e in at.exception]
    notice = " ".join(w.value for w in at.warning)
    assert "ละค่าในลิงก์ที่ใช้ไม่ได้" in notice
    for key in params:
        assert f"`{key}`" in notice
        assert key not in at.query_params  # dropped from the URL: later pages work again
    at.run()  # the next run has nothing left to drop
    assert not any("ละค่าในลิงก์" in w.value for w in at.warning)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_payloads_in_every_url_parameter(hostile_store, payload):
    keys = ("fy", "q", "direction", "partner_type", "method", "classification", "personal")
    params = {key: payload for key in keys} | {
        "ministry": [payload.strip(), "[x](https://evil.example)"]
    }
    at = _open("pages/operations.py", params=params)
    assert_shown_as_written(at)
    for key in keys:
        assert key not in at.query_params
    # A ministry the register holds (stored trimmed) is a valid filter: kept, shown as written.
    assert at.query_params.get("ministry") in (payload.strip(), [payload.strip()])
    assert any("Filters in use" in c.value for c in at.caption)


def test_valid_url_filters_are_kept(empty_store):
    at = _open("pages/operations.py", params={"q": "2", "direction": "inbound"})
    assert not at.warning or not any("Dropped" in w.value for w in at.warning)
    assert at.query_params["q"] == "2" and at.query_params["direction"] == "inbound"


# --- failures: a reference, never a traceback or a path ---------------------------------------------


def test_a_failing_page_shows_only_a_reference_that_the_log_has(empty_store, monkeypatch, caplog):
    import metrics.register

    secret = "/srv/secret/path/linkage.duckdb"

    def broken(_con):
        raise RuntimeError(f"cannot read {secret}")

    monkeypatch.setattr(metrics.register, "home_figures", broken)
    with caplog.at_level(logging.ERROR, logger="linkage.dashboard"):
        at = _open(params={"lang": "en"})
    assert len(at.exception) == 1
    shown = at.exception[0]
    assert shown.proto.type == "Error" and not shown.stack_trace
    ref = re.search(r"reference ([0-9A-F]{8})", shown.message)[1]
    page_text = " ".join(_markdown_texts(at))
    assert secret not in page_text and "Traceback" not in page_text
    logged = [r for r in caplog.records if ref in r.getMessage()]
    assert logged and secret in str(logged[0].exc_info[1])


@pytest.mark.parametrize("admin", [True, False])
def test_a_damaged_database_shows_no_path(db_path, tmp_path, monkeypatch, caplog, admin):
    db_path.write_bytes(b"this is not a database" * 100)
    backup = db_path.with_name(db_path.name + ".bak-20250101-000000-manual")
    backup.write_bytes(b"a backup")
    monkeypatch.setenv("LINKAGE_DB", str(db_path))
    if not admin:
        import ui.sign_in

        monkeypatch.setattr(ui.sign_in, "current_user", lambda: None)
    with caplog.at_level(logging.ERROR, logger="linkage.dashboard"):
        at = _open()
    page_text = " ".join(_markdown_texts(at) + [t.value for t in at.text])
    assert str(tmp_path) not in page_text and "Traceback" not in page_text
    ref = re.search(r"reference ([0-9A-F]{8})", page_text)[1]
    assert (backup.name in page_text) is admin  # an administrator sees the file's name only
    logged = " ".join(r.getMessage() for r in caplog.records if ref in r.getMessage())
    assert str(db_path) in logged and str(backup) in logged


def test_error_details_are_off_in_the_server_config():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    value = config["client"]["showErrorDetails"]
    assert value == scorecard_config.ShowErrorDetailsConfigOptions.NONE.value


def test_the_evil_host_is_what_the_corpus_points_at():
    assert all(EVIL_HOST in p for p in PAYLOADS if "http" in p)
