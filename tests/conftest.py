"""Shared fixtures: a fresh DuckDB file per test, with or without the sample data."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from loaders.sample import SAMPLE_STATE_KEY
from loaders.store import open_store

ROOT = Path(__file__).resolve().parent.parent
# What the shipped sample (data/sample/) holds, as loaded before issue 12 moved its generator to
# scripts/: rows per record table (150 linkages = the generator's status counts, 8 + 8 + 10 + 5 +
# 6 + 6 + 9 + 7 + 30 + 40 + 12 + 9; 12 e-Gov units x 4 fiscal years = 48) and history rows.
SAMPLE_ROWS = {"linkages": 150, "survey_responses": 412, "assessments": 30, "egov_assessments": 48}
SAMPLE_HISTORY_ROWS = 870
ADMIN = {"username": "test-admin", "role": "admin", "display_name": "Test Admin", "via": "local"}


def pytest_configure(config: pytest.Config) -> None:
    """Register the markers of this suite."""
    config.addinivalue_line("markers", "real_auth: run pages with the real sign-in, no test user")
    config.addinivalue_line(
        "markers", "slow: runs the dashboard in AppTest or a command in a child process"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tier the suite: browser tests are marked in tests/e2e; a test module that runs the
    dashboard in AppTest (it imports tests.apptest) or starts child processes is `slow`.
    The fast tier, `./scripts/test -m "not browser and not slow"`, is what is left."""
    slow: dict[Path, bool] = {}
    for item in items:
        path = item.path
        if path not in slow:
            source = path.read_text(encoding="utf-8")
            slow[path] = any(
                word in source for word in ("tests.apptest", "views_pages", "subprocess")
            )
        if slow[path]:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _isolated_accounts(tmp_path_factory: pytest.TempPathFactory, monkeypatch, request) -> None:
    """Never touch data/users.json nor data/linkage.duckdb (a test that names no store gets a
    file of its own; the store fixtures below set theirs); page tests run signed in as an admin
    unless marked real_auth.

    Page tests import ui.sign_in through tests/apptest.py; pure tests never import Streamlit."""
    monkeypatch.setenv("LINKAGE_USERS", str(tmp_path_factory.mktemp("users") / "users.json"))
    monkeypatch.setenv("LINKAGE_DB", str(tmp_path_factory.mktemp("store") / "linkage.duckdb"))
    sign_in_ui = sys.modules.get("ui.sign_in")
    if sign_in_ui is not None and request.node.get_closest_marker("real_auth") is None:
        monkeypatch.setattr(sign_in_ui, "current_user", lambda: dict(ADMIN))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Path of a database file that does not exist yet."""
    return tmp_path / "linkage.duckdb"


@pytest.fixture
def empty_store(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store with no records, where the sample was already removed (so it stays empty)."""
    con = open_store(db_path)
    con.execute(
        "INSERT INTO settings VALUES (?, 'removed', current_timestamp::TIMESTAMP)",
        [SAMPLE_STATE_KEY],
    )
    con.close()
    monkeypatch.setenv("LINKAGE_DB", str(db_path))
    return db_path


@pytest.fixture
def first_start_store(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No store yet: the dashboard's first run creates it and loads the sample (about 1 s)."""
    monkeypatch.setenv("LINKAGE_DB", str(db_path))
    return db_path


@pytest.fixture
def sample_store(seeded_store: Path) -> Path:
    """A store as a newcomer has it after the first start: the sample data loaded, by the same
    load_sample the first start calls, copied from one made per test session."""
    return seeded_store


ROLE_ACCOUNTS = {"admin": "admin", "it": "it_staff", "planner": "planner", "exec": "executive"}
ACCOUNT_PASSWORD = "test-password-1"


@pytest.fixture
def fast_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 with the cheapest parameters, so tests that hash many passwords stay quick."""
    from argon2 import PasswordHasher

    import auth.users

    monkeypatch.setattr(
        auth.users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


@pytest.fixture
def accounts(fast_argon2) -> dict[str, dict[str, str]]:
    """One account per role (admin, it, planner, exec) in the users file; each as the session's
    `auth_user` value (set `at.session_state["auth_user"]` to sign an AppTest in)."""
    from auth.users import add_user

    users = {}
    for username, role in ROLE_ACCOUNTS.items():
        add_user(username, ACCOUNT_PASSWORD, role, display_name=username.title())
        users[username] = {
            "username": username,
            "role": role,
            "display_name": username.title(),
            "via": "local",
        }
    return users


@pytest.fixture(scope="session")
def _sample_seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the sample data, made once per test session."""
    from loaders.sample import load_sample

    path = tmp_path_factory.mktemp("seed") / "seed.duckdb"
    con = open_store(path)
    load_sample(con)
    con.close()
    return path


@pytest.fixture
def seeded_store(_sample_seed: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of a store with the sample data already loaded (quicker than sample_store)."""
    import shutil

    shutil.copy(_sample_seed, db_path)
    monkeypatch.setenv("LINKAGE_DB", str(db_path))
    return db_path
