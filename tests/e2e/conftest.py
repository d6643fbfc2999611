"""A real `streamlit run` server on localhost and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from auth import handoff
from auth.users import add_user

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "e2e-password-123"
ACCOUNTS = {"admin": "admin", "it": "it_staff", "planner": "planner", "exec": "executive"}
ARTIFACTS = ROOT / "test-artifacts"
# Screenshots cost the browser a full redraw (a page 4,400 px tall for some): a test's own shots
# are taken when E2E_SCREENSHOTS=1; the page of a failed test is always saved.
SCREENSHOTS = os.environ.get("E2E_SCREENSHOTS") == "1"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _free_port() -> int:
    """A TCP port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    """Poll until Streamlit answers its health check (or fail with its log)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited: {log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("streamlit did not become healthy in time")


@contextmanager
def serve(db: Path, users: Path) -> Iterator[dict[str, object]]:
    """`streamlit run serve.py` (the dashboard) on `db` with the accounts of `users`, until the
    block ends. Its output goes to server.log beside `db`: a pipe nobody reads fills up after
    64 KB of log and then stops the server in the middle of a test."""
    port = _free_port()
    env = {**os.environ, "LINKAGE_DB": str(db), "LINKAGE_USERS": str(users)}
    log = db.with_name("server.log")
    output = log.open("w", encoding="utf-8")
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", str(ROOT / "serve.py"),
            "--server.port", str(port), "--server.address", "127.0.0.1",
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none",
        ],
        cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc, log)
        yield {"url": url, "db": db, "users": users, "proc": proc, "log": log}
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        output.close()


@pytest.fixture(scope="session")
def server(
    tmp_path_factory: pytest.TempPathFactory, _sample_seed: Path
) -> Iterator[dict[str, object]]:
    """The dashboard on a store as its first start leaves it: a copy of the session's store with
    the sample loaded by the same load_sample (a first start on an empty file, sample load and
    all, is test_fresh_server_browser.py's; doing it again per worker cost each one 5-10 s)."""
    folder = tmp_path_factory.mktemp("e2e")
    users = folder / "users.json"
    for username, role in ACCOUNTS.items():
        add_user(username, PASSWORD, role, path=users)
    db = folder / "linkage.duckdb"
    shutil.copy(_sample_seed, db)
    with serve(db, users) as running:
        yield running


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium (never a downloaded browser)."""
    playwright = pytest.importorskip("playwright.sync_api")
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("chromium is not installed: ./scripts/test installs it with apt-get")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield b
        b.close()


# The dashboard ends every finished run (whole page or fragment) with an invisible marker whose
# class counts the session's finished runs (ui/shell.py): "a run that began after my click has
# finished" is then a state to wait for, never a time.
_FINISHED_RUNS = """() => {
    let most = 0;
    for (const el of document.querySelectorAll('[class*="st-key-run_done_"]')) {
        const found = el.className.match(/st-key-run_done_(\\d+)/);
        if (found) most = Math.max(most, Number(found[1]));
    }
    return most;
}"""
# ...and the browser has drawn what the run sent: a component whose code is still loading shows
# a skeleton in its place (seen under load: the run over, a chart and all below it not drawn).
_IDLE_AFTER = (
    "(after) => (" + _FINISHED_RUNS + ")() > after"
    " && document.querySelector('[data-testid=\"stApp\"]')"
    "?.getAttribute('data-test-script-state') === 'notRunning'"
    ' && !document.querySelector(\'[data-testid="stSkeleton"], [data-testid="stAppSkeleton"]\')'
)


# How often a wait checks its state in the page. Playwright's default is every animation frame:
# four browsers doing that on two cores took CPU from the servers they were waiting for.
POLL_MS = 50


def finished_runs(pg) -> int:
    """How many script runs this browser session has finished so far (0 before the first)."""
    return int(pg.evaluate(_FINISHED_RUNS))


def wait_idle(pg, after: int = 0, timeout: float = 60_000) -> None:
    """Wait until a run numbered above `after` has finished and no script is running."""
    pg.wait_for_function(_IDLE_AFTER, arg=after, timeout=timeout, polling=POLL_MS)


@contextmanager
def rerun(pg, timeout: float = 60_000) -> Iterator[None]:
    """Around an interaction: wait until the run that it started has finished drawing."""
    before = finished_runs(pg)
    yield
    wait_idle(pg, before, timeout)


def _sets_cookies(response) -> bool:
    """Whether a response answers the page's cookie hand-off (auth/handoff.py)."""
    return response.request.method == "POST" and response.url.endswith(handoff.ROUTE)


# (server url, username) -> the cookies a real sign-in through the form left: a later test signs
# in as the same user by a page load with them, as a returning browser does (a sign-in through
# the form costs a run of the form, the cookie hand-off and a second page load).
_SIGNED_IN: dict[tuple[str, str], list[dict[str, object]]] = {}


def sign_in(pg, url: str, username: str = "admin", password: str = PASSWORD) -> None:
    """Signed in as `username`: through the real form the first time on this server, then with
    the cookies that sign-in left (the e2e accounts are made by the server fixture)."""
    cookies = _SIGNED_IN.get((url, username))
    if cookies and password == PASSWORD:
        pg.context.add_cookies(cookies)
        pg.goto(f"{url}/")
        pg.get_by_text("ออกจากระบบ").wait_for(timeout=60_000)
        wait_idle(pg)
        return
    _sign_in_by_form(pg, url, username, password)
    _SIGNED_IN[(url, username)] = pg.context.cookies(url)


def _sign_in_by_form(pg, url: str, username: str, password: str) -> None:
    """Sign in through the real form."""
    pg.goto(f"{url}/")
    pg.get_by_label("ชื่อผู้ใช้").wait_for(timeout=60_000)
    wait_idle(pg)
    pg.get_by_label("ชื่อผู้ใช้").fill(username)
    pg.get_by_label("รหัสผ่าน").fill(password)
    # Signed in once the page has handed its one-time code to serve.py, which sets the
    # HttpOnly cookies that a later page load (goto) signs in with.
    with pg.expect_response(_sets_cookies, timeout=60_000), rerun(pg):
        pg.get_by_role("button", name="เข้าสู่ระบบ").click()
    pg.get_by_text("ออกจากระบบ").wait_for(timeout=60_000)
    wait_idle(pg)


@pytest.fixture
def anonymous_page(browser, request) -> Iterator[object]:
    """A fresh browser page, not signed in; if the test failed (or E2E_SCREENSHOTS=1), a
    screenshot of it is saved as a test artifact at the end."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    yield pg
    report = getattr(request.node, "rep_call", None)
    try:
        if SCREENSHOTS or report is None or report.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    finally:
        context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so a fixture can tell whether the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def page(anonymous_page, server) -> object:
    """A browser page signed in as the administrator (every page and action allowed)."""
    sign_in(anonymous_page, server["url"])
    return anonymous_page


def charts_drawn(pg, timeout: float = 60_000) -> None:
    """Wait until every Plotly chart has drawn: a chart drawing late moves what is below it,
    and a click aimed at a moving button can land on whatever slides under the pointer."""
    pg.wait_for_function(
        """() => {
            const charts = document.querySelectorAll("[data-testid='stPlotlyChart']");
            const drawn = document.querySelectorAll("[data-testid='stPlotlyChart'] .main-svg");
            return drawn.length >= charts.length;
        }""",
        timeout=timeout,
        polling=POLL_MS,
    )


def wait_for_app(pg, text: str | None = None, timeout: float = 60_000) -> None:
    """Wait until the page shows `text` (or a title) and no script run is under way."""
    if text:
        pg.get_by_text(text).first.wait_for(timeout=timeout)
    else:
        pg.locator("h1").first.wait_for(timeout=timeout)
    wait_idle(pg, 0, timeout)
