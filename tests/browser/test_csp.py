"""The Content-Security-Policy in a real browser: every page with a map works under it.

A violation (a blocked script, style, image or handler) is recorded by the
page's `securitypolicyviolation` listener and by Chromium's console; both
must stay empty, and the maps must still draw.
"""

import re

import pytest

from directory import places
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

EMAIL = "csp@kvarter.example"
PASSWORD = "en lang og god adgangskode"

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', function (event) {
  window.__violations.push(event.violatedDirective + ' blocked ' + event.blockedURI);
});
"""


@pytest.fixture
def violations(page):
    """The page's CSP violations: from its own listener and from the console."""
    console = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on("console", lambda m: "Content Security Policy" in m.text and console.append(m.text))

    def collected() -> list[str]:
        return page.evaluate("() => window.__violations") + console

    return collected


@pytest.fixture
def logged_in(page, live_server, live_db):
    return log_in(page, live_server, live_db, EMAIL, PASSWORD, name="Carl CSP")


@pytest.fixture
def placed_venue(live_db):
    """A venue of its own with coordinates (no associations: the map tests see no change)."""
    venue_id = places.save_venue(live_db, {"name": "CSP-stedet", "postcode": "9220",
                                           "latitude": 57.03, "longitude": 10.01})  # fmt: skip
    yield venue_id
    places.delete_venue(live_db, venue_id)


def drawn(page, selector: str):
    page.wait_for_function(
        f"() => document.querySelector('{selector} .leaflet-pane') !== null", timeout=10_000
    )


def test_the_map_page_with_tiles_has_no_violations(page, live_server, tile_url, watch, violations):
    response = page.goto(f"{live_server}/kort")
    policy = response.headers["content-security-policy"]
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    page.wait_for_function("() => document.querySelector('[data-markers]') !== null")
    assert page.get_attribute(".map-overview", "data-markers") != "error"
    # The tiles were asked for (and refused: nothing listens there), not blocked by the policy.
    page.wait_for_function("() => document.querySelector('.leaflet-tile') !== null")
    tile_origin = re.match(r"http://[^/]+", tile_url).group(0)
    assert tile_origin in policy
    page.locator(".marker-cluster").first.click()
    page.wait_for_timeout(500)
    assert violations() == []
    assert watch.errors(ignore_urls=tile_origin) == []


def test_an_entry_page_with_a_small_map_has_no_violations(page, live_server, live_db, watch,
                                                           violations):  # fmt: skip
    slug = live_db.execute(
        "SELECT slug FROM associations WHERE name = 'Tornhøj Fodboldklub'"
    ).fetchone()[0]
    page.goto(f"{live_server}/forening/{slug}")
    drawn(page, ".map-small")
    assert page.locator(".map-small .leaflet-marker-icon").count() == 1
    assert violations() == []
    assert watch.errors() == []


@pytest.mark.parametrize("path", ["/", "/soeg?q=fodbold", "/uge", "/tilmeld"])
def test_pages_without_maps_have_no_violations(page, live_server, watch, violations, path):
    page.goto(f"{live_server}{path}")
    page.wait_for_load_state("load")
    assert violations() == []
    assert watch.errors() == []


def test_the_editors_pin_map_has_no_violations(logged_in, live_server, placed_venue, watch,
                                               violations):  # fmt: skip
    page = logged_in
    page.goto(f"{live_server}/redaktion/steder/{placed_venue}")
    drawn(page, ".map")
    assert violations() == []
    assert watch.errors() == []


def test_the_area_drawing_map_has_no_violations(logged_in, live_server, watch, violations):
    page = logged_in
    page.goto(f"{live_server}/redaktion/omraader/ny/tegn")
    drawn(page, ".map")
    page.locator(".leaflet-container").click(position={"x": 100, "y": 100})
    assert violations() == []
    assert watch.errors() == []


def test_a_script_in_the_page_without_the_nonce_is_blocked(page, live_server, violations):
    """The policy really is enforced: an inline script without the nonce does not run."""
    page.goto(f"{live_server}/")
    page.evaluate("""() => {
        const script = document.createElement('script');
        script.textContent = 'window.__ran = true';
        document.body.appendChild(script);
    }""")
    assert page.evaluate("() => window.__ran === undefined")
    assert any("script-src" in violation for violation in violations())
