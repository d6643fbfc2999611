"""A freshly started server: the first request, a bookmarked page, is answered by the router.

Before serve.py switched Streamlit's legacy multipage mode off, the first request to a fresh
server listed the files of pages/ as links and could run the named page on its own."""

from __future__ import annotations

import pytest

from auth.users import add_user
from tests.e2e.conftest import PASSWORD, serve, sign_in, wait_for_app, wait_idle

pytestmark = pytest.mark.browser


@pytest.fixture
def fresh_server(tmp_path):
    users = tmp_path / "users.json"
    add_user("admin", PASSWORD, "admin", path=users)
    with serve(tmp_path / "linkage.duckdb", users) as running:
        yield running


def _nav_links(pg) -> list[str]:
    return pg.locator("[data-testid='stSidebarNavLink']").all_inner_texts()


def test_the_first_request_to_a_fresh_server_is_the_routers(fresh_server, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        pg = context.new_page()
        pg.goto(f"{fresh_server['url']}/operations")  # the very first request of the process
        pg.get_by_label("ชื่อผู้ใช้").wait_for(timeout=60_000)
        wait_idle(pg)
        body = pg.inner_text("body")
        assert "Page not found" not in body
        assert _nav_links(pg) == []  # no list of pages/ file names before sign-in
        assert "งานที่กำลังดำเนินการ" not in body  # nothing of the operations page itself
        sign_in(pg, fresh_server["url"])
        pg.goto(f"{fresh_server['url']}/operations")
        wait_for_app(pg)
        links = _nav_links(pg)
        assert links and not {"overview", "operations", "home", "dashboard"} & set(links)
        assert "/operations" in pg.url
    finally:
        context.close()
