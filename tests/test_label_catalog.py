"""The label catalog (labels/catalog.toml) against the code (issue 12, step 4).

Every key has Thai and English with the same {placeholders}; every key the shipped code uses
is in the catalog; every key in the catalog is used. Uses are found statically (ast): the key
argument of `t(...)`, `label(...)`, `has(...)` and of every function that hands one of its
parameters on to them (found by following the code, e.g. `shell.empty_state`); the key argument
of `say(...)` is checked with the prefix it puts before it (PREFIXED_CALLS). A key held in a
variable is followed to the literals it is bound from (an assignment, or a `for`/comprehension
over literal tuples, `zip(...)` of them or a constant dict's `.items()`). A key built from run-time
data (`f"administration_action_{action}"`) must have its shape declared in DYNAMIC below with the data it is
built from, and every combination must be in the catalog.
"""

from __future__ import annotations

import ast
import importlib
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import labels
from tests.conftest import ROOT

SCANNED = ("ui", "pages", "metrics", "loaders", "auth", "labels", "dashboard.py", "serve.py")
# How the code names a key: ui.i18n's t/has (imported by name) and the catalog's own
# labels.label/labels.has; functions that hand a parameter on to them are found from the code.
KEY_CALLS = {"t", "has", "labels.label", "labels.has"}


def _constant(module: str, name: str) -> Callable[[], Iterable[str]]:
    """The keys a module's constant holds (imported when the test runs, not at collection)."""
    return lambda: getattr(importlib.import_module(module), name)


# Functions that read the label `prefix + key`: the key their callers pass is checked with the
# prefix; their own `labels.label(f"{prefix}{key}", ...)` must use this very prefix.
PREFIXED_CALLS = {"say": "briefing_"}  # metrics.briefing_text.say: the briefing's words


def _processes() -> Iterable[str]:
    from metrics.kpi_registry import KPIS, PROCESSES, SATISFACTION_PROCESS_NUMBERS

    return {*PROCESSES, *(k.process for k in KPIS), *SATISFACTION_PROCESS_NUMBERS.values()}


def _kpi_kinds() -> Iterable[str]:
    from metrics.kpi_registry import KPIS

    return {k.kind for k in KPIS}


def _count_kpis() -> Iterable[str]:
    from metrics.kpi_registry import KPIS

    return [k.id for k in KPIS if k.measure == "register_count"]


def _kpi_ids() -> Iterable[str]:
    from metrics.kpi_registry import KPIS

    return [k.id for k in KPIS]


def _responsible() -> Iterable[str]:
    from metrics.kpi_registry import KPIS

    return {k.responsible for k in KPIS if k.responsible}


def _upload_history_columns() -> Iterable[str]:
    import tempfile

    from loaders.history import upload_history
    from loaders.store import open_store

    with tempfile.TemporaryDirectory() as folder:
        con = open_store(Path(folder) / "labels.duckdb")
        try:
            return list(upload_history(con).columns)
        finally:
            con.close()


def _assessment_sources() -> Iterable[str]:
    # metrics/partners.py names each past assessment's source in its SQL (CASE ... END AS source).
    source = (ROOT / "metrics" / "partners.py").read_text(encoding="utf-8")
    found = ("sample", "import", "planner")
    assert all(f"'{s}'" in source for s in found), "partners.py's assessment sources changed"
    return found


def _lead_time_segments() -> Iterable[str]:
    from metrics.lead_times import LEAD_TIME_SEGMENTS

    return [key for key, _, _ in LEAD_TIME_SEGMENTS]


def _year_reasons() -> Iterable[str]:
    # metrics.register.default_fiscal_year says why it chose the year it returns.
    return ("chosen", "latest_with_data", "current")


def _egov_reference_rows() -> Iterable[str]:
    from metrics.egov import reference_rows

    return [row["key"] for row in reference_rows()]


def _plain_settings() -> Iterable[str]:
    # ui/settings_editor.py names a per-stage limit from its stage; every other setting by its id.
    from metrics.agency_settings import MOU_STEP_PREFIX, SETTINGS, STUCK_PREFIX

    return [s.id for s in SETTINGS if not s.id.startswith((STUCK_PREFIX, MOU_STEP_PREFIX))]


# The shape of each key built from data ("{}" where the data goes) -> what it is built from.
DYNAMIC: dict[str, Callable[[], Iterable[str]]] = {
    # pages/administration.py: the audit trail's actions
    "administration_action_{}": _constant("auth.audit", "ACTIONS"),
    "ch_process_{}": _processes,  # ui/charts.py, ui/scorecard_view.py
    "scorecard_kind_{}": _kpi_kinds,  # ui/scorecard_view.py
    "scorecard_short_{}": _count_kpis,  # ui/scorecard_view.py, pages/scorecard.py: the count KPIs
    "scorecard_f_{}": _constant("metrics.targets", "BAND_LEVELS"),  # ui/target_editor.py
    "f_{}": _constant("ui.filter_bar", "URL_KEYS"),  # ui/filter_bar.py, pages/comparisons.py
    "operations_band_{}": _constant("metrics.pipeline", "MOU_BANDS"),  # pages/operations.py
    "pipeline_event_{}": _constant("metrics.pipeline", "EVENTS"),  # pages/comparisons.py
    "lead_time_{}": _lead_time_segments,  # pages/comparisons.py
    "kpi_reason_{}": _constant("metrics.kpis", "REASONS"),  # ui/scorecard_view.py
    # ui/scorecard_view.py: KPI 6.4's evidence
    "kpi_report_source_{}": _constant("metrics.kpis", "REPORT_SOURCES"),
    "target_band_{}": _constant("metrics.targets", "BAND_RESULTS"),  # ui/scorecard_view.py
    # ui/charts.py, metrics/report.py
    "sat_method_{}": _constant("metrics.satisfaction", "METHODS"),
    # ui/charts.py, metrics/report.py
    "sat_few_responses_{}": _constant("metrics.satisfaction", "FEW_RESPONSES_FORMS"),
    "h_{}": _upload_history_columns,  # pages/import.py
    "what_if_src_{}": _assessment_sources,  # ui/what_if_view.py: the history table
    # metrics/planner.py: a yes/no framework's pass or fail
    "what_if_outcome_{}": _constant("metrics.planner", "VERDICTS"),
    # metrics/planner.py: sensitivity_table's sources
    "what_if_candidate_{}": _constant("metrics.planner", "CANDIDATE_SOURCES"),
    # pages/egov_score.py: the live linkages' statuses
    "egov_status_{}": _constant("metrics.lifecycle", "LIVE_STATUSES"),
    "egov_direction_{}": _constant("loaders.spec", "DIRECTIONS"),  # pages/egov_score.py
    "scorecard_year_{}": _year_reasons,  # pages/scorecard.py
    # pages/egov_score.py (an unknown method has its own label)
    "egov_method_{}": _constant("loaders.spec", "METHODS"),
    "ch_ref_{}": _egov_reference_rows,  # ui/charts.py (an unknown row shows its source)
    # pages/operations.py, ui/settings_editor.py
    "mou_step_{}": _constant("metrics.mou_procedure", "MOU_STEPS"),
    # pages/operations.py, metrics/briefing.py
    "finding_{}": _constant("metrics.findings", "FINDINGS"),
    # pages/operations.py, metrics/briefing.py, metrics/report.py
    "finding_rule_{}": _constant("metrics.findings", "FINDINGS"),
    "briefing_short_{}": _count_kpis,  # metrics/briefing.py: say(f"short_{kpi id}")
    # metrics/publish.py: the rule's treatment
    "briefing_pub_rule_{}": _constant("metrics.publish", "TREATMENTS"),
    "setting_{}": _plain_settings,  # ui/settings_editor.py: the agency's settings
    "kpi_{}_name": _kpi_ids,  # metrics/kpis.py (the report), ui/scorecard_view.py
    "kpi_{}_target": _kpi_ids,  # metrics/kpis.py, ui/scorecard_view.py, ui/target_editor.py
    "kpi_{}_explanation": _kpi_ids,  # metrics/kpis.py, pages/scorecard.py
    "kpi_responsible_{}": _responsible,  # metrics/kpis.py, ui/scorecard_view.py
    # ui/target_editor.py, ui/scorecard_view.py: the 6.1 milestones
    "milestone_{}": _constant("metrics.kpi_registry", "MILESTONES"),
}


@dataclass
class Uses:
    """What the code names: literal keys, shapes of built keys, and keys it cannot tell."""

    keys: dict[str, list[str]] = field(default_factory=dict)  # key -> where
    shapes: dict[str, list[str]] = field(default_factory=dict)  # "prefix_{}" -> where
    unknown: list[str] = field(default_factory=list)  # where: the expression


def _files() -> list[Path]:
    found = []
    for name in SCANNED:
        path = ROOT / name
        found += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return found


def _called_name(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


def _scopes(tree: ast.Module) -> Iterable[tuple[ast.AST, ast.AST]]:
    """(node, the function or module it belongs to) for every node."""
    stack: list[tuple[ast.AST, ast.AST]] = [(tree, tree)]
    while stack:
        node, scope = stack.pop()
        yield node, scope
        inner = node if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) else scope
        stack += [(child, inner) for child in ast.iter_child_nodes(node)]


# A key-taking function's name -> (the key parameter's position, its name, the prefix the key
# gets: "" for t/label/has, the PREFIXED_CALLS one for say and for functions handing on to it).
Functions = dict[str, tuple[int, str, str]]


def _key_argument(call: ast.Call, functions: Functions) -> tuple[ast.expr, str] | None:
    """The expression a call passes as a key and the prefix the key gets, if it calls a
    key-taking function."""
    name = _called_name(call)
    if ast.unparse(call.func) in KEY_CALLS:
        name = ast.unparse(call.func)
    elif name not in functions or name in ("label", "has"):
        return None
    index, param, prefix = functions[name]
    if len(call.args) > index and not isinstance(call.args[index], ast.Starred):
        return call.args[index], prefix
    found = next((k.value for k in call.keywords if k.arg == param), None)
    return None if found is None else (found, prefix)


def _handed_on(argument: ast.expr, scope: ast.FunctionDef, functions: Functions) -> bool:
    """Whether a key-taking function hands its own key parameter on: as it is (`key`), or, in a
    PREFIXED_CALLS function, behind exactly its prefix (`f"briefing_{key}"`). Its callers are
    checked instead."""
    if scope.name not in functions:
        return False
    params = [a.arg for a in scope.args.args]
    if isinstance(argument, ast.Name):
        return argument.id in params
    if scope.name not in PREFIXED_CALLS or not isinstance(argument, ast.JoinedStr):
        return False
    if len(argument.values) != 2:
        return False
    head, tail = argument.values
    return (
        isinstance(head, ast.Constant)
        and head.value == PREFIXED_CALLS[scope.name]
        and isinstance(tail, ast.FormattedValue)
        and tail.conversion == -1
        and tail.format_spec is None
        and isinstance(tail.value, ast.Name)
        and tail.value.id in params
    )


def _target_path(target: ast.expr, name: str) -> list[int] | None:
    """Where `name` sits in a for-target: [] for the whole item, [1, 0] inside nested tuples."""
    if isinstance(target, ast.Name):
        return [] if target.id == name else None
    if isinstance(target, ast.Tuple):
        for index, element in enumerate(target.elts):
            inner = _target_path(element, name)
            if inner is not None:
                return [index, *inner]
    return None


class Resolver:
    """Follows a key expression to the literal keys it can be, within one module."""

    def __init__(self, tree: ast.Module):
        self.constants = {
            target.id: node.value
            for node in tree.body
            if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(target, ast.Name)
        }

    def items(self, expr: ast.expr, path: list[int], scope: ast.AST) -> list[ast.expr] | None:
        """The expressions an iterable yields at `path` of each item, or None if unknown."""
        if isinstance(expr, ast.Call) and _called_name(expr) == "zip" and path:
            return self.items(expr.args[path[0]], path[1:], scope)
        if isinstance(expr, ast.Call) and _called_name(expr) in ("items", "keys") and not expr.args:
            mapping = self._value(expr.func.value, scope)  # type: ignore[attr-defined]
            if not isinstance(mapping, ast.Dict):
                return None
            pairs = [
                ast.Tuple(elts=[k, v]) for k, v in zip(mapping.keys, mapping.values, strict=True)
            ]
            listed = [p.elts[0] for p in pairs] if _called_name(expr) == "keys" else pairs
            return self._at(listed, path)
        value = self._value(expr, scope)
        if isinstance(value, ast.Tuple | ast.List | ast.Set):
            return self._at(value.elts, path)
        if isinstance(value, ast.Dict):
            return self._at(value.keys, path)  # type: ignore[arg-type]
        return None

    def _at(self, elements: list[ast.expr], path: list[int]) -> list[ast.expr] | None:
        found = []
        for element in elements:
            for index in path:
                if not isinstance(element, ast.Tuple | ast.List):
                    return None
                element = element.elts[index]
            found.append(element)
        return found

    def _value(self, expr: ast.expr, scope: ast.AST) -> ast.expr | None:
        """A name's literal value (a module constant), else the expression itself."""
        if isinstance(expr, ast.Name) and expr.id in self.constants:
            return self.constants[expr.id]
        return expr

    def bindings(self, name: str, scope: ast.AST) -> list[ast.expr] | None:
        """Every expression `name` is bound to in `scope`, or None if one is not known."""
        found: list[ast.expr] = []
        for node in ast.walk(scope):
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == name for t in node.targets
            ):
                found.append(node.value)
            elif isinstance(node, ast.For | ast.comprehension):
                path = _target_path(node.target, name)
                if path is not None:
                    items = self.items(node.iter, path, scope)
                    if items is None:
                        return None
                    found += items
        if not found and scope is not None and name in self.constants:
            found.append(self.constants[name])
        return found or None

    def resolve(self, expr: ast.expr, scope: ast.AST) -> tuple[set[str], set[str]] | None:
        """(literal keys, shapes of built keys) an expression can be; None if unknown."""
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return {expr.value}, set()
        if isinstance(expr, ast.IfExp):
            both = [self.resolve(expr.body, scope), self.resolve(expr.orelse, scope)]
            if None in both:
                return None
            return both[0][0] | both[1][0], both[0][1] | both[1][1]  # type: ignore[index]
        if isinstance(expr, ast.JoinedStr):
            return self._built(expr, scope)
        if isinstance(expr, ast.Name):
            bound = self.bindings(expr.id, scope)
            if bound is None:
                return None
            keys: set[str] = set()
            shapes: set[str] = set()
            for value in bound:
                found = self.resolve(value, scope)
                if found is None:
                    return None
                keys |= found[0]
                shapes |= found[1]
            return keys, shapes
        return None

    def _built(self, expr: ast.JoinedStr, scope: ast.AST) -> tuple[set[str], set[str]]:
        """An f-string's keys when every part is known, else its shape."""
        texts = [""]
        for part in expr.values:
            if isinstance(part, ast.Constant):
                texts = [t + str(part.value) for t in texts]
                continue
            found = self.resolve(part.value, scope)  # type: ignore[attr-defined]
            if found is None or found[1]:
                shape = "".join(
                    str(p.value) if isinstance(p, ast.Constant) else "{}" for p in expr.values
                )
                return set(), {shape}
            texts = [t + value for t in texts for value in sorted(found[0])]
        return set(texts), set()


def _forwarders(trees: dict[Path, ast.Module]) -> Functions:
    """KEY_CALLS and PREFIXED_CALLS plus every function that passes one of its parameters on
    to them as a key."""
    functions: Functions = {name: (0, "key", "") for name in KEY_CALLS}
    functions |= {name: (0, "key", prefix) for name, prefix in PREFIXED_CALLS.items()}
    grew = True
    while grew:
        grew = False
        for tree in trees.values():
            for node in ast.walk(tree):
                if not isinstance(node, ast.FunctionDef) or node.name in functions:
                    continue
                params = [a.arg for a in node.args.args]
                for call in ast.walk(node):
                    found = isinstance(call, ast.Call) and _key_argument(call, functions)
                    if found and isinstance(found[0], ast.Name) and found[0].id in params:
                        param = found[0].id
                        functions[node.name] = (params.index(param), param, found[1])
                        grew = True
                        break
    return functions


def code_uses(files: list[Path] | None = None) -> Uses:
    """Every key the code names (literal or built) and every key expression it cannot tell."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in files or _files()}
    functions = _forwarders(trees)
    uses = Uses()
    for path, tree in trees.items():
        resolver = Resolver(tree)
        for node, scope in _scopes(tree):
            passed = isinstance(node, ast.Call) and _key_argument(node, functions)
            if not passed:
                continue
            argument, prefix = passed
            name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
            where = f"{name}:{node.lineno}"
            if isinstance(scope, ast.FunctionDef) and _handed_on(argument, scope, functions):
                continue  # a parameter handed on: its callers are checked
            found = resolver.resolve(argument, scope)
            if found is None:
                uses.unknown.append(f"{where}: {ast.unparse(argument)}")
                continue
            for key in found[0]:
                uses.keys.setdefault(prefix + key, []).append(where)
            for shape in found[1]:
                uses.shapes.setdefault(prefix + shape, []).append(where)
    return uses


@pytest.fixture(scope="module")
def uses() -> Uses:
    return code_uses()


def _built_keys() -> dict[str, set[str]]:
    """Each declared shape -> the keys its data makes."""
    return {shape: {shape.format(value) for value in data()} for shape, data in DYNAMIC.items()}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_label_has_thai_and_english_with_the_same_placeholders():
    catalog = labels.catalog()
    assert len(catalog) > 600
    for key, entry in catalog.items():
        assert entry["th"].strip() and entry["en"].strip(), key
        assert _placeholders(entry["th"]) == _placeholders(entry["en"]), key


def test_every_key_the_code_uses_is_in_the_catalog(uses):
    missing = {key: where for key, where in uses.keys.items() if not labels.has(key)}
    assert not missing, f"keys used but not in labels/catalog.toml: {missing}"


def test_every_key_is_known_statically_or_built_from_declared_data(uses):
    assert not uses.unknown, f"key expressions this test cannot follow: {uses.unknown}"
    undeclared = {shape: where for shape, where in uses.shapes.items() if shape not in DYNAMIC}
    assert not undeclared, f"keys built from data: declare them in DYNAMIC: {undeclared}"
    stale = set(DYNAMIC) - set(uses.shapes)
    assert not stale, f"DYNAMIC shapes the code no longer builds: {stale}"


def test_every_key_built_from_data_is_in_the_catalog():
    missing = {
        shape: sorted(k for k in keys if not labels.has(k)) for shape, keys in _built_keys().items()
    }
    assert not any(missing.values()), f"built keys missing from the catalog: {missing}"


def test_no_key_in_the_catalog_is_unused(uses):
    used = set(uses.keys).union(*_built_keys().values())
    unused = sorted(set(labels.catalog()) - used)
    assert not unused, f"labels nobody uses (delete them from labels/catalog.toml): {unused}"


def test_the_catalog_is_read_once():
    assert labels.catalog() is labels.catalog()


def test_the_scan_sees_a_missing_and_a_built_key(tmp_path):
    """The checks above would catch a new t("nonexistent") and an undeclared built key."""
    page = tmp_path / "probe.py"
    source = (
        "from ui.i18n import t\n\n"
        'KEYS = ("m_live", "m_open")\n\n\n'
        "def _f(x):\n"
        '    t("nonexistent_probe")\n'
        "    for k in KEYS:\n"
        "        t(k)\n"
        '    return t(f"probe_{x}")\n'
    )
    page.write_text(source, encoding="utf-8")
    found = code_uses([page])
    assert set(found.keys) == {"nonexistent_probe", "m_live", "m_open"}
    assert set(found.shapes) == {"probe_{}"}
    assert not labels.has("nonexistent_probe")


def test_the_scan_reads_say_keys_with_their_prefix(tmp_path):
    """say(key) reads briefing_<key>: its callers' keys, literal, followed or built, are checked
    with the prefix (also through a function handing its key on to say); say's own f-string is
    not a key built from data, unless its prefix is not the declared one."""
    page = tmp_path / "probe.py"
    source = (
        "import labels\n\n\n"
        "def say(key, lang):\n"
        '    return labels.label(f"briefing_{key}", lang)\n\n\n'
        "def bold(key):\n"
        '    return say(key, "th").upper()\n\n\n'
        "def _f(x):\n"
        '    say("title", "en")\n'
        '    for k in ("a", "b"):\n'
        '        say(k, "th")\n'
        '    bold("c")\n'
        '    return say(f"made_{x}", "en")\n'
    )
    page.write_text(source, encoding="utf-8")
    found = code_uses([page])
    assert set(found.keys) == {"briefing_title", "briefing_a", "briefing_b", "briefing_c"}
    assert set(found.shapes) == {"briefing_made_{}"}
    assert not found.unknown
    page.write_text(source.replace('f"briefing_{key}"', 'f"other_{key}"'), encoding="utf-8")
    assert "other_{}" in code_uses([page]).shapes
