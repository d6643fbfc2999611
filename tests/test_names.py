"""Names that say what users see: a page's file is named after its URL, and no two modules of
two layers share a name (issue 12: one page had four names, two `planner` modules)."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("pages", "ui", "metrics", "loaders", "auth", "labels")
# Names every package may hold once; not a module a reader could take for another.
SHARED_BY_DESIGN = {"__init__", "__main__"}
# A layer's module named like another layer's package, with the reason it stays.
MODULE_NAMED_LIKE_PACKAGE: dict[tuple[str, str], str] = {}


def _registered_pages() -> list[tuple[str, str]]:
    """(file, url_path) of every page dashboard.py declares in its PAGES table."""
    tree = ast.parse((ROOT / "dashboard.py").read_text(encoding="utf-8"))
    table = next(
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "PAGES"
    )
    return [(file, url) for _, file, _, _, url in ast.literal_eval(table)]


def test_every_page_file_is_named_after_its_url():
    pages = _registered_pages()
    assert len(pages) == len(list((ROOT / "pages").glob("*.py"))), "a page file is unrouted"
    wrong = [
        f"{file} is served at /{url}"
        for file, url in pages
        if file != f"pages/{url.replace('-', '_')}.py"
    ]
    assert not wrong, wrong


def test_the_legacy_pages_mode_is_off_before_any_request():
    """Streamlit runs a pages/ folder's files on their own (no router, no sign-in) on a fresh
    server, under URLs that are the real pages' file names, unless serve.py switches the
    legacy mode off as it loads (the browser check: tests/e2e/test_fresh_server_browser.py)."""
    import inspect

    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner import script_runner

    assert "use_the_router_only()" in (ROOT / "serve.py").read_text(encoding="utf-8")
    # Still how Streamlit decides? Then the switch still does what it says.
    assert "uses_pages_directory is None" in inspect.getsource(PagesManager.__init__)
    assert "if PagesManager.uses_pages_directory:" in inspect.getsource(script_runner)


def test_no_two_layers_hold_a_module_of_the_same_name():
    where: dict[str, list[str]] = defaultdict(list)
    for layer in LAYERS:
        for path in (ROOT / layer).rglob("*.py"):
            if path.stem not in SHARED_BY_DESIGN:
                where[path.stem].append(str(path.relative_to(ROOT)))
    shared = {name: paths for name, paths in where.items() if len(paths) > 1}
    assert not shared, shared


def test_no_module_is_named_like_another_layers_package():
    clashes = [
        (layer, path.stem)
        for layer in LAYERS
        for path in (ROOT / layer).glob("*.py")
        if path.stem in LAYERS and path.stem != layer
    ]
    unexplained = [c for c in clashes if c not in MODULE_NAMED_LIKE_PACKAGE]
    assert not unexplained, unexplained
    stale = [c for c in MODULE_NAMED_LIKE_PACKAGE if c not in clashes]
    assert not stale, f"allow-list entries with no clash left: {stale}"
