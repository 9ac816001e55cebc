import io
import math
import random
import re
import xml.etree.ElementTree as ET

import pdfplumber
import pytest
import shapely
from shapely.geometry import shape
from weasyprint import HTML

from directory import geo, printmap

SVG = "{http://www.w3.org/2000/svg}"
TREKANTEN = (57.0276469, 10.0008729)  # Sebbersundvej 2A, inside 9220
CENTRAL_AALBORG = (57.0488, 9.9217)  # Nytorv, well outside 9220


def points_around(count: int, seed: int = 9220) -> list[dict]:
    rng = random.Random(seed)
    return [
        {"number": n, "lat": rng.uniform(57.015, 57.045), "lon": rng.uniform(9.98, 10.04)}
        for n in range(1, count + 1)
    ]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def group(root: ET.Element, gid: str) -> ET.Element:
    found = root.find(f".//{SVG}g[@id='{gid}']")
    assert found is not None, f"no <g id={gid!r}>"
    return found


def number_texts(root: ET.Element) -> dict[int, ET.Element]:
    texts = {}
    for text in root.iter(f"{SVG}text"):
        match = re.fullmatch(r"printmap-number-(\d+)", text.get("id", ""))
        if match:
            texts[int(match.group(1))] = text
    return texts


def marker(root: ET.Element, number: int) -> ET.Element:
    found = root.find(f".//{SVG}circle[@id='printmap-marker-{number}']")
    assert found is not None, f"no marker {number}"
    return found


def view_box(root: ET.Element) -> tuple[float, float]:
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    return width, height


def test_svg_is_standalone_xml_sized_in_millimetres():
    svg = printmap.numbered_map_svg(points_around(5), 130, 180)
    assert svg.startswith("<svg")
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert (root.get("width"), root.get("height")) == ("130mm", "180mm")
    width, height = view_box(root)
    assert width / height == pytest.approx(130 / 180)


def test_boundary_is_drawn_as_a_vector_path():
    root = parse(printmap.numbered_map_svg([], 100, 100))
    (path,) = group(root, "printmap-boundary").findall(f"{SVG}path")
    assert path.get("d").count("L") > 100  # the 9220 polygon has 124 vertices
    assert root.find(f".//{SVG}image") is None  # no tiles, no raster


def test_one_marker_and_one_number_text_per_point():
    points = points_around(25)
    root = parse(printmap.numbered_map_svg(points, 130, 180))
    circles = group(root, "printmap-markers").findall(f"{SVG}circle")
    assert len(circles) == 25
    for point in points:
        circle, text = marker(root, point["number"]), number_texts(root)[point["number"]]
        assert circle.get("cx") == text.get("x")
        assert 0 < float(text.get("y")) - float(circle.get("cy")) < float(circle.get("r"))
    texts = number_texts(root)
    assert sorted(texts) == list(range(1, 26))
    assert all(text.text == str(number) for number, text in texts.items())


def test_numbers_are_text_in_the_requested_font_not_glyph_outlines():
    svg = printmap.numbered_map_svg(points_around(3), 100, 100)
    assert "<use" not in svg  # matplotlib's glyph paths would be <use xlink:href="#DejaVu…">
    assert group(parse(svg), "printmap-numbers").get("font-family") == "sans-serif"
    assert "font-family: sans-serif;" in group(parse(svg), "printmap-north-label")[0].get("style")
    custom = printmap.numbered_map_svg(
        points_around(3), 100, 100, font_family="Atkinson Hyperlegible"
    )
    numbers = group(parse(custom), "printmap-numbers")
    assert numbers.get("font-family") == "'Atkinson Hyperlegible'"
    assert "font-family: 'Atkinson Hyperlegible';" in custom  # scale bar and north arrow
    assert "DejaVu" not in svg + custom


def test_output_is_deterministic_and_independent_of_point_order():
    points = points_around(40)
    first = printmap.numbered_map_svg(points, 130, 180)
    shuffled = points[:]
    random.Random(1).shuffle(shuffled)
    assert printmap.numbered_map_svg(shuffled, 130, 180) == first
    assert "<metadata" not in first and "<?xml" not in first
    assert "<style" not in first  # matplotlib's global `*{…}` rule would leak into the page


def test_markers_at_one_place_are_spread_without_overlapping():
    same_place = [{"number": n, "lat": TREKANTEN[0], "lon": TREKANTEN[1]} for n in range(1, 31)]
    root = parse(printmap.numbered_map_svg(same_place, 130, 180))
    positions = {(t.get("x"), t.get("y")) for t in number_texts(root).values()}
    assert len(positions) == 30
    assert len(group(root, "printmap-leaders").findall(f"{SVG}path")) == 29  # all but the first


@pytest.mark.parametrize("count", [2, 30, 200])
def test_placed_markers_never_overlap(count):
    places = [(n, (50.0 + (n % 3) * 0.4, 60.0)) for n in range(1, count + 1)]
    markers = printmap.place_markers(places, 130, 180)
    assert [m.number for m in markers] == list(range(1, count + 1))
    for i, a in enumerate(markers):
        assert a.radius <= a.centre[0] <= 130 - a.radius
        assert a.radius <= a.centre[1] <= 180 - a.radius
        for b in markers[i + 1 :]:
            assert math.dist(a.centre, b.centre) >= a.radius + b.radius


def test_markers_keep_clear_of_obstacles():
    obstacles = [((10.0, 10.0), 3.0)]
    (moved,) = printmap.place_markers([(1, (10.0, 10.0))], 100, 100, obstacles=obstacles)
    assert math.dist(moved.centre, (10.0, 10.0)) >= 3.0 + moved.radius


def test_the_scale_bar_and_north_arrow_are_obstacles_for_markers():
    width, height = 130, 180
    root = parse(printmap.numbered_map_svg([], width, height))
    area = shapely.transform(
        geo.validate_polygon(printmap.default_boundary()), printmap._project_array
    )
    furniture = printmap._furniture(printmap._view(area.bounds, [], width, height), width, height)
    for gid in ("printmap-scale-bar", "printmap-north-arrow"):
        d = group(root, gid).find(f"{SVG}path").get("d")
        for x, y in re.findall(r"([-\d.]+) ([-\d.]+)", d):
            corner = float(x) * printmap.MM_PER_PT, height - float(y) * printmap.MM_PER_PT
            assert any(math.dist(corner, centre) <= radius for centre, radius in furniture)


def test_a_free_marker_stays_on_its_place():
    markers = printmap.place_markers([(1, (20.0, 20.0)), (2, (80.0, 80.0))], 100, 100)
    assert [m.centre for m in markers] == [(20.0, 20.0), (80.0, 80.0)]


def test_a_full_map_still_never_puts_two_markers_on_one_spot():
    places = [(n, (10.0, 10.0)) for n in range(1, 120)]
    markers = printmap.place_markers(places, 20, 20)  # far too small for 119 markers
    assert len({m.centre for m in markers}) == len(markers)


def test_numbers_are_smaller_in_dense_clusters():
    cluster = [(n, (40.0 + n * 0.1, 40.0)) for n in range(1, 6)]
    markers = printmap.place_markers([*cluster, (6, (100.0, 150.0))], 130, 180)
    sizes = {m.number: m.font_pt for m in markers}
    assert {sizes[n] for n in range(1, 6)} == {printmap.DENSE_NUMBER_PT}
    assert sizes[6] == printmap.NUMBER_PT
    radii = {m.number: m.radius for m in markers}
    assert radii[1] < radii[6]


def test_numbers_shrink_on_a_crowded_map_but_not_below_the_minimum():
    places = [(n, (10.0 + n % 40 * 3, 10.0 + n // 40 * 3)) for n in range(1, 1001)]
    sizes = {m.font_pt for m in printmap.place_markers(places, 130, 180)}
    assert sizes == {printmap.MIN_NUMBER_PT}


def test_points_outside_the_boundary_widen_the_view():
    inside = {"number": 1, "lat": TREKANTEN[0], "lon": TREKANTEN[1]}
    outside = {"number": 2, "lat": CENTRAL_AALBORG[0], "lon": CENTRAL_AALBORG[1]}
    root = parse(printmap.numbered_map_svg([inside, outside], 130, 180))
    width, height = view_box(root)
    for text in number_texts(root).values():
        assert 0 < float(text.get("x")) < width and 0 < float(text.get("y")) < height
    alone = parse(printmap.numbered_map_svg([inside], 130, 180))
    assert boundary_width(root) < 0.8 * boundary_width(alone)  # the district drawn smaller


def boundary_width(root: ET.Element) -> float:
    d = group(root, "printmap-boundary").find(f"{SVG}path").get("d")
    xs = [float(x) for x, _ in re.findall(r"([-\d.]+) ([-\d.]+)", d)]
    return max(xs) - min(xs)


def scale_label(root: ET.Element) -> str:
    return group(root, "printmap-scale-label").find(f"{SVG}text").text


def test_scale_bar_and_north_arrow():
    root = parse(printmap.numbered_map_svg([], 130, 180))
    assert re.fullmatch(r"\d+(,\d+)? k?m", scale_label(root))
    assert group(root, "printmap-scale-bar").find(f"{SVG}path") is not None
    assert group(root, "printmap-north-arrow").find(f"{SVG}path") is not None
    assert group(root, "printmap-north-label").find(f"{SVG}text").text == "N"


@pytest.mark.parametrize(
    ("metres", "nice", "label"),
    [(1234, 1000, "1 km"), (2600, 2000, "2 km"), (4999, 2000, "2 km"), (730, 500, "500 m"),
     (95, 50, "50 m"), (5000, 5000, "5 km"), (26000, 20000, "20 km")],
)  # fmt: skip
def test_scale_bar_lengths(metres, nice, label):
    assert printmap.nice_length(metres) == nice
    assert printmap.length_label(nice) == label


def test_length_label_uses_a_decimal_comma():
    assert printmap.length_label(2500) == "2,5 km"


def test_points_without_usable_coordinates_are_left_out():
    points = [
        {"number": 1, "lat": TREKANTEN[0], "lon": TREKANTEN[1]},
        {"number": 2, "lat": None, "lon": None},
        {"number": 3, "lat": 0.0, "lon": 0.0},
        {"number": 4, "lat": TREKANTEN[1], "lon": TREKANTEN[0]},  # swapped
    ]
    assert sorted(number_texts(parse(printmap.numbered_map_svg(points, 100, 100)))) == [1]


def test_home_boundary_from_the_database_draws_the_same_map(db):
    geo.load_default_areas(db)
    boundary = printmap.home_boundary(db)
    assert shape(boundary).equals(shape(printmap.default_boundary()))
    points = points_around(10)
    assert printmap.numbered_map_svg(points, 130, 180, boundary=boundary) == (
        printmap.numbered_map_svg(points, 130, 180)
    )


def test_home_boundary_is_none_without_areas(db):
    db.execute("DELETE FROM areas")
    assert printmap.home_boundary(db) is None


def test_a_custom_boundary_is_drawn_instead():
    square = {
        "type": "Polygon",
        "coordinates": [
            [[10.0, 57.02], [10.01, 57.02], [10.01, 57.03], [10.0, 57.03], [10.0, 57.02]]
        ],
    }
    root = parse(printmap.numbered_map_svg([], 100, 100, boundary=square))
    (path,) = group(root, "printmap-boundary").findall(f"{SVG}path")
    assert path.get("d").split()[::3] == ["M", "L", "L", "L", "z"]  # four corners, closed


UTM_TRIANGLE = [[550000, 6320000], [551000, 6320000], [551000, 6321000], [550000, 6320000]]


@pytest.mark.parametrize(
    "boundary",
    [
        {"type": "Point", "coordinates": [10, 57]},
        "not json",
        {"type": "Polygon", "coordinates": [UTM_TRIANGLE]},  # metres, not degrees
    ],
)
def test_a_bad_boundary_is_refused(boundary):
    with pytest.raises(geo.AreaError):
        printmap.numbered_map_svg([], 100, 100, boundary=boundary)


@pytest.mark.parametrize(("width", "height"), [(0, 100), (100, -1)])
def test_a_map_needs_a_size(width, height):
    with pytest.raises(ValueError):
        printmap.numbered_map_svg([], width, height)


def test_numbers_are_searchable_text_in_a_weasyprint_pdf():
    points = points_around(30)
    svg = printmap.numbered_map_svg(points, 120, 160)
    html = f"<style>@page {{ size: A5; margin: 10mm }}</style><body>{svg}</body>"
    with pdfplumber.open(io.BytesIO(HTML(string=html).write_pdf())) as pdf:
        (page,) = pdf.pages
        words = {
            word["text"] for word in page.extract_words(keep_blank_chars=False, x_tolerance=0.5)
        }
        fonts = {char["fontname"] for char in page.chars}
    assert {str(n) for n in range(1, 31)} <= words
    assert "N" in words
    assert all("+" in font for font in fonts)  # subset prefix: the font is embedded
