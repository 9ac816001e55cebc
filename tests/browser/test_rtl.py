"""Arabic in a real browser: the layout mirrors (right to left), times stay readable, and the
map keeps its own left-to-right inside. Danish is the mirror image's reference."""

import pytest
from playwright.sync_api import expect

from directory import i18n

pytestmark = pytest.mark.browser


@pytest.fixture
def in_language(page, live_server):
    """Choose the page's language as a visitor would: with the switcher's cookie."""

    def choose(code: str):
        page.context.clear_cookies()
        page.context.add_cookies([{"name": i18n.COOKIE, "value": code, "url": live_server}])

    return choose


def box(page, selector: str) -> dict:
    found = page.locator(selector).first.bounding_box()
    assert found, selector
    return found


def centre(found: dict) -> float:
    return found["x"] + found["width"] / 2


@pytest.mark.parametrize(("code", "direction"), [("da", "ltr"), ("ar", "rtl")])
def test_the_header_and_search_box_mirror(page, live_server, watch, in_language, code,
                                          direction):
    in_language(code)
    page.set_viewport_size({"width": 1100, "height": 800})
    page.goto(f"{live_server}/")
    assert page.get_attribute("html", "dir") == direction
    assert page.get_attribute("html", "lang") == code
    brand, menu = box(page, ".site-header .brand"), box(page, ".site-header nav")
    field, button = box(page, ".hero .search-row input"), box(page, ".hero .search-row button")
    label = box(page, ".hero .search-form label")
    if direction == "rtl":
        assert centre(brand) > centre(menu)  # the site's name starts the line on the right
        assert button["x"] + button["width"] <= field["x"] + 1  # the button follows, leftwards
        assert label["x"] + label["width"] > field["x"] + field["width"] - 2  # label at the right
    else:
        assert centre(brand) < centre(menu)
        assert button["x"] >= field["x"] + field["width"] - 1
        assert label["x"] < field["x"] + 2
    assert watch.errors() == []


def test_results_and_entry_page_read_right_to_left(page, live_server, watch, in_language):
    in_language("ar")
    page.set_viewport_size({"width": 1100, "height": 900})
    page.goto(f"{live_server}/soeg?q=fodbold")
    # The query is kept whole inside the Arabic text (Unicode isolates around it).
    expect(page.locator("h1")).to_have_text("نتائج «\u2068fodbold\u2069»")
    facets, results = box(page, ".facets"), box(page, ".results")
    assert facets["x"] > results["x"]  # the filter column is on the right
    page.get_by_role("link", name="Tornhøj Fodboldklub").first.click()
    activity = page.locator(".activity").first
    expect(activity).to_contain_text("الثلاثاء والخميس 16:30–18:00")
    borders = activity.evaluate(
        "a => [getComputedStyle(a).borderRightWidth, getComputedStyle(a).borderLeftWidth]")
    assert borders == ["4px", "0px"]  # border-inline-start is on the right
    assert watch.errors() == []


def test_week_times_are_readable_latin_digits_on_the_right(page, live_server, watch,
                                                           in_language):
    in_language("ar")
    page.goto(f"{live_server}/uge?dag=tirsdag")
    expect(page.locator("h1")).to_have_text("ماذا يحدث يوم الثلاثاء؟")
    time = page.locator(".timeline .time").first
    expect(time).to_have_text("16:30–18:00")
    title = page.locator(".timeline h3").first
    assert centre(time.bounding_box()) > centre(title.bounding_box())
    # Start before end when read right to left: 16:30 is drawn to the right of 18:00.
    halves = time.evaluate("""t => {
        const range = document.createRange(), text = t.firstChild;
        range.setStart(text, 0); range.setEnd(text, 5);
        const start = range.getBoundingClientRect();
        range.setStart(text, 6); range.setEnd(text, 11);
        return [start.x, range.getBoundingClientRect().x];
    }""")
    assert halves[0] > halves[1]
    assert watch.errors() == []


def test_the_map_stays_left_to_right_inside(page, live_server, watch, in_language):
    in_language("ar")
    page.set_viewport_size({"width": 1100, "height": 900})
    page.goto(f"{live_server}/kort")
    page.wait_for_function("() => document.querySelector('[data-markers]') !== null",
                           timeout=10_000)  # fmt: skip
    overview = page.locator(".map-overview")
    assert overview.evaluate("m => getComputedStyle(m).direction") == "ltr"
    zoom, frame = box(page, ".leaflet-control-zoom"), overview.bounding_box()
    assert zoom["x"] - frame["x"] < 30  # Leaflet's controls where Leaflet puts them
    expect(page.locator("#kort-status")).to_contain_text("تعرض الخريطة 5 جمعيات و4 أماكن.")
    expect(page.locator("#kort-status")).to_contain_text("لا يمكن عرض جمعية واحدة")
    assert watch.errors() == []
