"""metrics/ is cut by subject and each query is written once (issue 12): guards against regrowth."""

from __future__ import annotations

import re
from pathlib import Path

METRICS = Path(__file__).resolve().parent.parent / "metrics"

# Modules named after a page (or the page that first needed them); their functions now live
# in register, pipeline, lead_times, satisfaction, egov_store, kpis, targets and drilldown.
PAGE_NAMED = (
    "home",
    "overview",
    "strategic",
    "tactical",
    "operational",
    "comparisons",
    "activity",
    "operations",
    "target_plans",
    "whatif",
    "admin",
    "upload",
)

# A fragment of each query that used to be written two or three times -> the one module
# allowed to write it.
WRITTEN_ONCE = {
    # the survey rows behind a satisfaction figure
    r"SELECT response_id": "satisfaction.py",
    # the latest e-Gov assessment per unit
    r"PARTITION BY unit": "egov_store.py",
    # the MOU expiry bands
    r"THEN 'within_90'": "pipeline.py",
    # helpers that were copied
    r"^def _?as_date\(": "fiscal.py",
    r"^def _?now\(": "targets.py",
}


def _sources() -> dict[str, str]:
    """Every metrics module's text by file name."""
    return {path.name: path.read_text(encoding="utf-8") for path in METRICS.glob("*.py")}


def test_no_page_named_module():
    present = {path.stem for path in METRICS.glob("*.py")}
    assert not present & set(PAGE_NAMED), "metrics/ is by subject; put these functions there"


def test_each_once_duplicated_query_has_one_home():
    sources = _sources()
    for fragment, home in WRITTEN_ONCE.items():
        pattern = re.compile(fragment, re.M)
        found = {name: len(pattern.findall(text)) for name, text in sources.items()}
        found = {name: n for name, n in found.items() if n}
        assert found == {home: 1}, f"{fragment!r} should be written once, in {home}: {found}"


# The command line is where the layers are put together, and no module imports it: its
# snapshot command hands the metrics report to loaders.snapshot as the snapshot's figures.
# That one import, inside the command, is the only one allowed.
COMPOSITION_ROOT = {"__main__.py": ["from metrics.agency_ranking import snapshot_figures"]}


def test_loaders_never_import_metrics():
    loaders = METRICS.parent / "loaders"
    found = [
        f"{path.name}: {line.strip()}"
        for path in loaders.rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.match(r"\s*(from|import) metrics\b", line)
        and line.strip() not in COMPOSITION_ROOT.get(path.name, [])
    ]
    assert not found, "metrics reads loaders, never the other way round: " + "; ".join(found)
    # ... and the allowed one stays inside the command (never at the top of the module).
    main = (loaders / "__main__.py").read_text(encoding="utf-8")
    assert not re.search(r"^(from|import) metrics\b", main, re.M)
