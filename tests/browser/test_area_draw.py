"""Drawing an area on the map in a real browser: corners clicked, saved, listed."""

import json

import pytest
from playwright.sync_api import expect

from directory import geo
from directory.search import get_index
from tests.browser.conftest import VENUES, log_in

pytestmark = pytest.mark.browser

EMAIL = "omraade@kvarter.example"
PASSWORD = "en lang og god adgangskode"
NAME = "Bundgaardskvarteret"
SLUG = "bundgaardskvarteret"


@pytest.fixture
def logged_in(page, live_server, live_db):
    return log_in(page, live_server, live_db, EMAIL, PASSWORD, name="Ole Område")


@pytest.fixture
def drawn_area_removed(live_app, live_db):
    """The served catalogue is shared by every browser test: take the new area away again."""
    yield
    if live_db.execute("SELECT 1 FROM areas WHERE slug = ?", [SLUG]).fetchone():
        geo.delete_area(live_db, SLUG)
        with live_app.app_context():
            geo.after_area_change(live_db, get_index())


def click_corner(page, map_name: str, lat: float, lon: float):
    """Click the map where (lat, lon) is, as Leaflet itself places it on screen."""
    point = page.evaluate(
        "([name, lat, lon]) => window[name].latLngToContainerPoint([lat, lon])",
        [map_name, lat, lon],
    )
    box = page.locator(f"#{map_name}").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def test_drawing_a_triangle_around_a_venue_adds_the_area_with_its_association(
    logged_in, live_server, live_db, drawn_area_removed, watch
):
    page = logged_in
    page.goto(f"{live_server}/redaktion/omraader/ny/tegn")
    page.wait_for_selector("[data-draw-ready]")
    expect(page.get_by_label("Området som GeoJSON")).to_be_hidden()  # folded away with JS
    map_name = page.locator("[data-draw-map]").get_attribute("data-map-name")
    page.locator("[data-draw-map]").scroll_into_view_if_needed()
    _, _, lat, lon = VENUES["bundgaard"]
    corners = [(lat + 0.004, lon), (lat - 0.003, lon - 0.006), (lat - 0.003, lon + 0.006)]
    for corner_lat, corner_lon in corners:
        click_corner(page, map_name, corner_lat, corner_lon)
    click_corner(page, map_name, lat + 0.008, lon + 0.008)  # one too many ...
    expect(page.locator("#draw-status")).to_contain_text("4 hjørner")
    page.get_by_role("button", name="Fortryd sidste punkt").click()  # ... taken back
    expect(page.locator("#draw-status")).to_contain_text("3 hjørner")
    drawing = page.locator('.draw-map path[stroke="#c2410c"]')
    expect(drawing).to_have_count(4)  # three corner dots and the polygon between them

    textarea = page.locator("textarea[name=geometry]")
    drawn = json.loads(textarea.input_value())
    ring = drawn["coordinates"][0]
    assert drawn["type"] == "Polygon" and len(ring) == 4 and ring[0] == ring[-1]
    for (drawn_lon, drawn_lat), (corner_lat, corner_lon) in zip(ring, corners, strict=False):
        assert abs(drawn_lat - corner_lat) < 0.0005 and abs(drawn_lon - corner_lon) < 0.0005

    page.get_by_label("Navn").fill(NAME)
    page.get_by_role("button", name="Gem området").click()
    expect(page.locator(".notice")).to_contain_text(f"Området »{NAME}« er tilføjet")
    row = page.locator(f"#omraade-{SLUG}")
    expect(row).to_contain_text("Eget område")
    expect(row.locator("td").nth(2)).to_have_text("1")  # Bundgaard Løbeklub meets there
    facets = page.request.get(f"{live_server}/api/associations?area={SLUG}").json()
    assert [hit["name"] for hit in facets["results"]] == ["Bundgaard Løbeklub"]
    assert watch.errors() == []


def test_ryd_clears_the_drawing(logged_in, live_server, watch):
    page = logged_in
    page.goto(f"{live_server}/redaktion/omraader/ny/tegn")
    page.wait_for_selector("[data-draw-ready]")
    map_name = page.locator("[data-draw-map]").get_attribute("data-map-name")
    page.locator("[data-draw-map]").scroll_into_view_if_needed()
    _, _, lat, lon = VENUES["trekanten"]
    for d_lat, d_lon in [(0.003, 0), (-0.002, -0.004), (-0.002, 0.004)]:
        click_corner(page, map_name, lat + d_lat, lon + d_lon)
    assert page.locator("textarea[name=geometry]").input_value() != ""
    page.get_by_role("button", name="Ryd", exact=True).click()
    assert page.locator("textarea[name=geometry]").input_value() == ""
    expect(page.locator("#draw-status")).to_contain_text("første hjørne")
    assert watch.errors() == []
