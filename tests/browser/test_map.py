"""The maps in a real browser: Debian's Chromium, a real server, no other host reached."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# Markers the catalogue of conftest.py gives: 5 placed associations + the 4 venues they use.
ALL_MARKERS = 9
SPORT_MARKERS = 6  # 3 sport associations at 3 venues

# Each drawn icon is one marker or a cluster showing how many it holds.
COUNT_DRAWN = """() => Array.from(document.querySelectorAll('.map-overview .leaflet-marker-icon'))
    .reduce((n, icon) => n + (icon.classList.contains('marker-cluster')
        ? parseInt(icon.textContent, 10) : 1), 0)"""


def open_map(page, url: str):
    page.goto(url)
    page.wait_for_function(
        "() => document.querySelector('[data-markers]') !== null", timeout=10_000
    )
    assert page.get_attribute(".map-overview", "data-markers") != "error"


def drawn_markers(page) -> int:
    return page.evaluate(COUNT_DRAWN)


def boundary_paths(page) -> int:
    return page.locator(".map-overview .leaflet-overlay-pane svg path").count()


def open_marker(page, title: str):
    """Click clusters until the marker called `title` is on the map, then click it."""
    marker = page.locator(f'.leaflet-marker-icon[title="{title}"]')
    for _ in range(8):
        if marker.count() and marker.first.is_visible():
            break
        page.locator(".marker-cluster").first.click()
        page.wait_for_timeout(500)  # zoom or spiderfy animation
    marker.first.click()
    return page.locator(".leaflet-popup-content")


def test_map_draws_boundary_and_markers(page, live_server, watch):
    open_map(page, f"{live_server}/kort")
    assert boundary_paths(page) >= 1
    assert drawn_markers(page) == ALL_MARKERS
    expect(page.locator("#kort-status")).to_contain_text("1 forening kan ikke vises")
    assert page.locator(".map-list .result").count() == 6  # the list holds the unplaced one too
    assert watch.errors() == []
    assert watch.foreign == []


def test_filter_narrows_markers(page, live_server, watch):
    open_map(page, f"{live_server}/kort")
    everything = drawn_markers(page)
    page.locator(".facets summary", has_text="Kategori").click()
    page.locator(".facets a", has_text="Sport og motion").click()
    page.wait_for_url(re.compile(r"kategori=sport-og-motion"))
    page.wait_for_function("() => document.querySelector('[data-markers]') !== null")
    assert drawn_markers(page) == SPORT_MARKERS < everything
    assert page.locator(".map-list .result").count() == 3
    assert watch.errors() == []


def test_results_page_links_to_the_same_set_on_the_map(page, live_server, watch):
    page.goto(f"{live_server}/kategori/kultur-og-kreativitet")
    page.get_by_role("link", name="Vis på kort").click()
    page.wait_for_url(re.compile(r"/kort\?kategori=kultur-og-kreativitet"))
    page.wait_for_function("() => document.querySelector('[data-markers]') !== null")
    assert drawn_markers(page) == 2  # Koret Østlyd and its venue
    page.get_by_role("link", name="Vis som liste").click()
    page.wait_for_url(re.compile(r"/soeg\?kategori=kultur-og-kreativitet"))
    assert watch.errors() == []


def test_marker_popup_links_to_the_entry(page, live_server, watch):
    open_map(page, f"{live_server}/kort?kategori=kultur-og-kreativitet")
    popup = open_marker(page, "Koret Østlyd")
    expect(popup).to_contain_text("Kultur og kreativitet")
    expect(popup).to_contain_text("Korprøve")
    popup.get_by_role("link", name="Koret Østlyd").click()
    page.wait_for_url(re.compile(r"/forening/koret-oestlyd$"))
    expect(page.locator("h1")).to_have_text("Koret Østlyd")
    assert watch.errors() == []


def test_popup_shows_names_as_text_not_html(page, live_server, watch):
    open_map(page, f"{live_server}/kort?kategori=faellesskab-og-samvaer")
    popup = open_marker(page, "Strikkecaféen <b>Trekanten</b>")
    expect(popup.locator("a")).to_have_text("Strikkecaféen <b>Trekanten</b>")
    assert popup.locator("b").count() == 0
    assert watch.errors() == []


def test_unreachable_tile_server_still_shows_boundary_and_markers(
    page, live_server, watch, tile_url
):
    open_map(page, f"{live_server}/kort")
    assert page.locator(".leaflet-tile-pane img").count() > 0  # tiles were asked for ...
    assert boundary_paths(page) >= 1  # ... and failed, yet the map is drawn
    assert drawn_markers(page) == ALL_MARKERS
    tile_origin = tile_url.split("/{z}")[0]
    assert watch.errors(ignore_urls=tile_origin) == []


def test_small_map_on_association_page(page, live_server, watch):
    page.goto(f"{live_server}/forening/tornhoej-fodboldklub")
    page.wait_for_selector(".map-small .leaflet-marker-icon")
    assert page.locator(".map-small .leaflet-marker-icon").count() == 1
    assert page.locator(".map-small .leaflet-overlay-pane svg path").count() >= 1
    assert watch.errors() == []


def test_list_is_reachable_by_keyboard_past_the_map(page, live_server, watch):
    open_map(page, f"{live_server}/kort")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('skip-map')"):
            break
    else:
        pytest.fail("Tab never reached the link past the map")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#kortliste$"))
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.getAttribute('href')")
    assert focused.startswith("/forening/")  # the first entry of the list
    assert watch.errors() == []


@pytest.mark.parametrize("path", ["/soeg", "/kort"])
def test_near_me_sorts_by_distance_from_the_browser_position(
    page, context, live_server, watch, path
):
    context.grant_permissions(["geolocation"], origin=live_server)
    context.set_geolocation({"latitude": 57.02360, "longitude": 9.98625})  # Bundgaardsparken
    page.goto(f"{live_server}{path}")
    page.get_by_text("Tæt på en adresse, et sted eller dig").click()
    page.get_by_role("button", name="Tæt på mig").click()
    page.wait_for_url(re.compile(r"naer=57\.0236"))
    first = page.locator(".result").first
    expect(first).to_contain_text("Bundgaard Løbeklub")
    expect(first.locator(".distance")).to_contain_text("min gang")
    assert watch.errors() == []
    assert watch.foreign == []
