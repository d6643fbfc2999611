"""In a real browser: a store full of hostile text, and hostile URLs, on every page.

No link or image from the data exists on any page, and the browser never asks another host for
anything (an image payload would make it fetch from evil.example).
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote, urlparse

import pytest

from auth.users import add_user
from tests.e2e.conftest import PASSWORD, rerun, serve, sign_in, wait_for_app
from tests.hostile_text import build_hostile_store

pytestmark = pytest.mark.browser

PAGES = (
    "overview",
    "scorecard",
    "operations",
    "comparisons",
    "egov-score",
    "what-if",
    "import",
    "administration",
)
URL_PAYLOADS = (
    "[Session expired](https://evil.example/login)",
    "![x](https://evil.example/p.png)",
    '<img src="https://evil.example/i.png">',
    "javascript:alert(1)",
)
# Every link and image on the page (SVG links of Plotly too) whose target is not this server.
_FOREIGN = """() => {
    const found = [];
    for (const el of document.querySelectorAll('a, img, image, iframe, source, video, audio')) {
        for (const name of ['href', 'xlink:href', 'src', 'srcset']) {
            const value = el.getAttribute(name);
            if (!value || value.startsWith('#') || value.startsWith('data:')) continue;
            let url;
            try { url = new URL(value, document.baseURI); } catch (e) { found.push(value); continue; }
            if (url.hostname !== '127.0.0.1') found.push(el.tagName + ' ' + name + '=' + value);
        }
    }
    return found;
}"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """A server on a store whose every text column holds the payloads."""
    folder = tmp_path_factory.mktemp("hostile")
    users = folder / "users.json"
    add_user("admin", PASSWORD, "admin", path=users)
    with serve(build_hostile_store(folder / "linkage.duckdb"), users) as running:
        yield running


@pytest.fixture
def watched(browser, hostile_server) -> Iterator[tuple[object, set[str]]]:
    """A signed-in admin page, and the hosts of every request it makes (others are refused)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    hosts: set[str] = set()

    def guard(route) -> None:
        """Record the request's host; let only this server answer."""
        host = urlparse(route.request.url).hostname or route.request.url[:40]
        hosts.add(host)
        if host == "127.0.0.1":
            route.continue_()
        else:
            route.abort()

    context.route("**/*", guard)
    pg = context.new_page()
    pg.on("request", lambda request: hosts.add(urlparse(request.url).hostname or "?"))
    sign_in(pg, hostile_server["url"])
    try:
        yield pg, hosts
    finally:
        context.close()


def _assert_nothing_foreign(pg, where: str) -> None:
    """No link or image to another host on the page."""
    foreign = pg.evaluate(_FOREIGN)
    assert foreign == [], f"{where}: {foreign}"
    assert not pg.locator("a[href^='javascript:']").count(), where


def test_hostile_text_everywhere_stays_text(hostile_server, watched):
    pg, hosts = watched
    url = hostile_server["url"]
    for path in PAGES:
        pg.goto(f"{url}/{path}?lang=en")
        wait_for_app(pg)
        _assert_nothing_foreign(pg, path)
    # Comparisons by ministry: the ministries on the axis are drawn as the characters written.
    pg.goto(f"{url}/comparisons?lang=en")
    wait_for_app(pg)
    with rerun(pg):
        pg.get_by_role("radio", name="Ministry", exact=True).click()
    ticks = pg.locator("[data-testid='stPlotlyChart'] svg text")
    ticks.filter(has_text="ministry link").first.wait_for()  # drawn: as a link, or as written
    _assert_nothing_foreign(pg, "comparisons by ministry")
    assert ticks.filter(has_text='<a href="https://evil.example/phish">').count() >= 1
    assert ticks.filter(has_text="<b>bold</b><br><i>italic</i>").count() >= 1
    # Hostile values in the URL filters: dropped or shown as written, never a link. One load
    # with the payloads spread over the filters (each pair is checked in AppTest, in
    # tests/test_hostile_text.py); a second one swaps them round so each payload meets two kinds.
    for turn in (0, 1):
        keys = ("ministry", "fy", "q", "direction", "partner_type", "method", "personal")
        query = "&".join(
            f"{key}={quote(URL_PAYLOADS[(i + 2 * turn) % len(URL_PAYLOADS)])}"
            for i, key in enumerate(keys)
        )
        pg.goto(f"{url}/operations?lang=en&{query}")
        wait_for_app(pg, "Dropped values in the link")
        _assert_nothing_foreign(pg, f"operations?{query}")
    assert hosts == {"127.0.0.1"}, hosts
