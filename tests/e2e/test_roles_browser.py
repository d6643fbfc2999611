"""In a real browser: each role signs in and sees exactly its pages; a wrong password is refused;
a forbidden page's URL does not show that page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from labels import label
from tests.e2e.conftest import PASSWORD, rerun, sign_in, wait_for_app, wait_idle

pytestmark = pytest.mark.browser

VIEWS = ["page_home", "page_strategic", "page_operational", "page_tactical", "page_egov"]
ROLE_PAGES = {
    "exec": VIEWS,
    "it": [*VIEWS, "page_upload"],
    "planner": [*VIEWS, "page_whatif"],
    "admin": [*VIEWS, "page_upload", "page_whatif", "page_admin"],
}


def _sidebar_pages(page) -> set[str]:
    """The page names listed in the sidebar navigation."""
    nav = page.locator("[data-testid='stSidebarNav']")
    nav.wait_for(timeout=60_000)
    more = page.locator("[data-testid='stSidebarNavViewButton']")
    if more.count():  # "View N more": list every page, and wait until the list is whole
        more.first.click()
        expect(more.first).to_have_text("View less")
    links = nav.locator("[data-testid='stSidebarNavLink']")
    # Each link reads "<icon name>\n\n<title>": keep the title.
    return {links.nth(i).inner_text().strip().split("\n")[-1] for i in range(links.count())}


# Pages each role may not open, typed as a URL: (path, title key, navigation key).
FORBIDDEN = {
    "exec": [
        ("import", "upload_title", "page_upload"),
        ("administration", "administration_title", "page_admin"),
    ],
    "planner": [("import", "upload_title", "page_upload")],
    "it": [("what-if", "what_if_title", "page_whatif")],
    "admin": [],
}


@pytest.mark.parametrize("username", sorted(ROLE_PAGES))
def test_each_role_sees_exactly_its_pages_and_a_typed_forbidden_url_shows_none(
    server, anonymous_page, username
):
    """One sign-in per role: its sidebar lists exactly its pages, and each forbidden page's URL
    runs the overview instead (no title, no file input, no link to it)."""
    sign_in(anonymous_page, server["url"], username)
    wait_for_app(anonymous_page, "ภาพรวมการเชื่อมโยงข้อมูล")
    expected = {label(key, "th") for key in ROLE_PAGES[username]}
    assert _sidebar_pages(anonymous_page) == expected
    for path, title_key, nav_key in FORBIDDEN[username]:
        anonymous_page.goto(f"{server['url']}/{path}")
        wait_for_app(anonymous_page, "ภาพรวมการเชื่อมโยงข้อมูล")  # the overview runs instead
        assert label(title_key, "th") not in anonymous_page.inner_text("body"), path
        assert anonymous_page.locator("input[type='file']").count() == 0, path
        assert label(nav_key, "th") not in _sidebar_pages(anonymous_page), path


def test_wrong_password_shows_the_message(server, anonymous_page):
    anonymous_page.goto(f"{server['url']}/")
    anonymous_page.get_by_label("ชื่อผู้ใช้").wait_for(timeout=60_000)
    wait_idle(anonymous_page)
    anonymous_page.get_by_label("ชื่อผู้ใช้").fill("planner")
    anonymous_page.get_by_label("รหัสผ่าน").fill(PASSWORD + "-wrong")
    anonymous_page.get_by_role("button", name="เข้าสู่ระบบ").click()
    anonymous_page.get_by_text("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง").wait_for(timeout=30_000)
    wait_idle(anonymous_page)
    assert anonymous_page.get_by_text("ออกจากระบบ").count() == 0


def test_admin_page_shows_accounts_audit_and_backups(server, page):
    page.goto(f"{server['url']}/administration")
    wait_for_app(page, label("administration_title", "th"))
    # Tables are drawn on a canvas: check they are there, and read the counts in the captions.
    page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=30_000)
    page.get_by_role("button", name=label("administration_btn_add", "th")).wait_for(timeout=30_000)
    with rerun(page):  # a section tab runs the page for its own content only
        page.get_by_role("tab", name=label("administration_tab_audit", "th")).click()
    caption = page.get_by_text(re.compile(r"ถึง .* · [1-9][0-9,]* รายการ")).first
    caption.wait_for(timeout=30_000)  # at least this admin's sign-in
    with rerun(page):
        page.get_by_role("tab", name=label("administration_tab_backups", "th")).click()
    page.get_by_text("python -m loaders restore").wait_for(timeout=30_000)
