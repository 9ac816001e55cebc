"""The venue form's pin in a real browser: clicking and dragging write the point."""

import pytest
from playwright.sync_api import expect

from directory import places
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

EMAIL = "pin@kvarter.example"
PASSWORD = "en lang og god adgangskode"


@pytest.fixture
def unplaced_venue(live_db):
    """A venue of its own (no associations), so the shared map tests see no change."""
    venue_id = places.save_venue(live_db, {"name": "Nålestedet", "postcode": "9220"})
    yield venue_id
    places.delete_venue(live_db, venue_id)


@pytest.fixture
def logged_in(page, live_server, live_db):
    return log_in(page, live_server, live_db, EMAIL, PASSWORD, name="Pia Pin")


def test_dragging_the_pin_writes_the_coordinates_that_are_saved(
    logged_in, live_server, live_db, unplaced_venue, watch
):
    page = logged_in
    page.goto(f"{live_server}/redaktion/steder/{unplaced_venue}")
    page.wait_for_selector("[data-pin-ready]")
    latitude, longitude = page.get_by_label("Breddegrad"), page.get_by_label("Længdegrad")
    assert latitude.input_value() == "" and longitude.input_value() == ""
    page.locator(".pin-map").scroll_into_view_if_needed()
    box = page.locator(".pin-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    marker = page.locator(".pin-map .leaflet-marker-icon")
    expect(marker).to_have_count(1)
    clicked = (float(latitude.input_value()), float(longitude.input_value()))
    pin = marker.bounding_box()
    x, y = pin["x"] + pin["width"] / 2, pin["y"] + pin["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 80, y + 40, steps=10)
    page.mouse.up()
    dragged = (float(latitude.input_value()), float(longitude.input_value()))
    assert dragged[0] < clicked[0] and dragged[1] > clicked[1]  # south-east of the click
    expect(page.locator("#pin-status")).to_contain_text("Tryk Gem")
    page.get_by_role("button", name="Gem").click()
    expect(page.locator(".notice")).to_contain_text("Stedet »Nålestedet« er gemt.")
    saved = places.venue_record(live_db, unplaced_venue)
    assert (saved["latitude"], saved["longitude"]) == dragged
    assert saved["geocode_status"] == "manual"
    assert watch.errors() == []


def test_typed_coordinates_move_the_pin(logged_in, live_server, unplaced_venue, watch):
    page = logged_in
    page.goto(f"{live_server}/redaktion/steder/{unplaced_venue}")
    page.wait_for_selector("[data-pin-ready]")
    expect(page.locator(".pin-map .leaflet-marker-icon")).to_have_count(0)
    page.get_by_label("Breddegrad").fill("57,027647")
    page.get_by_label("Længdegrad").fill("10,000873")
    page.get_by_label("Længdegrad").press("Tab")
    expect(page.locator(".pin-map .leaflet-marker-icon")).to_have_count(1)
    assert watch.errors() == []
