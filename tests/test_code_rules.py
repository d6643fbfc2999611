"""House rules checked by the suite: lint and format clean, no Streamlit in labels/, loaders/ or metrics/, no SQL in pages/."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

PURE_PACKAGES = ("labels", "loaders", "metrics")
SQL_WORDS = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b\s+.*\b(FROM|INTO|SET)\b", re.S)


def _python_files(folder: str) -> list:
    """Every .py file under a top-level folder."""
    return sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("package", PURE_PACKAGES)
def test_pure_packages_never_import_streamlit(package):
    for path in _python_files(package):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n == "streamlit" or n.startswith(("streamlit.", "ui")) for n in names), (
                f"{path.relative_to(ROOT)} imports {names}"
            )


def test_pages_hold_no_sql():
    for path in _python_files("pages"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not SQL_WORDS.search(node.value.upper()), f"SQL in {path.relative_to(ROOT)}"


def test_ruff_lint_and_format_clean():
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
    fmt = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


def test_every_page_starts_with_the_access_guard():
    """shell.access_guard() sends a page run without the router (e.g. by Streamlit's legacy
    pages/ discovery) back to it (sign-in and roles); a page without it could be opened by its
    file name, signed out. It comes before anything the page draws."""
    for path in _python_files("pages"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [
            ast.unparse(node.value.func)
            for node in tree.body
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
        ]
        where = f"{path.relative_to(ROOT)}"
        assert "shell.access_guard" in calls, (
            f"{where} does not call shell.access_guard() at module level"
        )
        drawing = [c for c in calls if c.startswith(("st.", "shell.sample_banner"))]
        assert not drawing or calls.index("shell.access_guard") < calls.index(drawing[0]), (
            f"{where} draws before shell.access_guard()"
        )


def test_every_run_ends_with_the_finished_run_marker():
    """Browser tests wait for the marker that ui/shell.py draws at the end of every run: a page
    that stopped with st.stop() or a fragment made with st.fragment would never draw it."""
    offenders = []
    for path in [
        ROOT / "dashboard.py",
        *(ROOT / "pages").glob("*.py"),
        *(ROOT / "ui").glob("*.py"),
    ]:
        if path == ROOT / "ui" / "shell.py":
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in (r"\bst\.stop\(\)", r"@st\.fragment\b"):
            offenders += [f"{path.name}: {m.group(0)}" for m in re.finditer(pattern, text)]
    assert offenders == [], "use shell.stop() and @shell.fragment instead"


def test_download_buttons_never_rerun_the_page():
    """A download that reruns the page re-registers its file while the browser asks for it: under
    load the file asked for was dropped and the download never came. Every download button
    says on_click="ignore"."""
    offenders = []
    for path in [*(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "download_button"
            ):
                ignore = any(
                    k.arg == "on_click"
                    and isinstance(k.value, ast.Constant)
                    and k.value.value == "ignore"
                    for k in node.keywords
                )
                if not ignore:
                    offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []
