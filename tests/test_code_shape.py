"""Code shape: no function over one screen, and each page's top level a short list of sections.

Why 60 lines: a function that fits on one screen can be read without scrolling (issue 12 asks
for it). Why 40 lines of top-level code per page: a Streamlit page runs top to bottom, so its
module level should read as the list of its sections (`_header(); _kpis(filters); ...`) with the
few lines that get the filters and stop on an empty store; the work lives in named functions.
"""

from __future__ import annotations

import ast
import re

import pytest

from tests.conftest import ROOT

FUNCTION_MAX_LINES = 60
PAGE_TOP_LEVEL_MAX_LINES = 40
CHECKED = ("pages", "ui", "metrics", "loaders", "auth", "labels", "dashboard.py", "serve.py")
CONSTANT = re.compile(r"^_?[A-Z][A-Z0-9_]*$")

# Functions still over the limit, by name, with the reason; aim for none.
LONG_FUNCTIONS: dict[str, str] = {}
# Pages whose top level is still over the limit, by file stem, with the reason; aim for none.
LONG_PAGES: dict[str, str] = {}


def _files() -> list:
    """Every checked .py file."""
    found = []
    for name in CHECKED:
        path = ROOT / name
        found += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return found


def _long_functions() -> dict[str, int]:
    """`path:line name` -> length of every function or method over the limit."""
    long = {}
    for path in _files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > FUNCTION_MAX_LINES:
                    long[f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"] = length
    return long


def _is_declaration(node: ast.stmt) -> bool:
    """Imports, definitions, the docstring and CONSTANT = ... lines: not code the page runs."""
    if isinstance(node, ast.Import | ast.ImportFrom | ast.FunctionDef | ast.ClassDef):
        return True
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
        return True
    targets = (
        node.targets
        if isinstance(node, ast.Assign)
        else [node.target]
        if isinstance(node, ast.AnnAssign)
        else []
    )
    return bool(targets) and all(isinstance(t, ast.Name) and CONSTANT.match(t.id) for t in targets)


def page_top_level_lines(source: str) -> int:
    """Lines of the statements a page runs at module level, outside its functions."""
    tree = ast.parse(source)
    return sum(node.end_lineno - node.lineno + 1 for node in tree.body if not _is_declaration(node))


def test_no_function_is_longer_than_one_screen():
    long = {
        where: length
        for where, length in _long_functions().items()
        if where.split()[-1] not in LONG_FUNCTIONS
    }
    assert not long, f"functions over {FUNCTION_MAX_LINES} lines: {long}"


def test_the_allow_list_only_names_functions_still_too_long():
    names = {where.split()[-1] for where in _long_functions()}
    assert not set(LONG_FUNCTIONS) - names, "split: drop them from LONG_FUNCTIONS"


@pytest.mark.parametrize("path", sorted((ROOT / "pages").glob("*.py")), ids=lambda p: p.stem)
def test_a_page_top_level_is_a_short_list_of_sections(path):
    if path.stem in LONG_PAGES:
        pytest.skip(LONG_PAGES[path.stem])
    lines = page_top_level_lines(path.read_text(encoding="utf-8"))
    assert lines <= PAGE_TOP_LEVEL_MAX_LINES, (
        f"{path.name}: {lines} lines of top-level code; move them into section functions"
    )


def test_the_page_measure_counts_only_running_code():
    source = (
        '"""Doc."""\nimport x\nLIMIT = 3\n\n\ndef _f():\n    pass\n\n\nx.a()\nif x:\n    x.b()\n'
    )
    assert page_top_level_lines(source) == 3
