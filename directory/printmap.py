"""The printed catalogue's map: the district's boundary with a numbered marker per entry.

The boundary, leader lines, scale bar and north arrow are drawn with
matplotlib's SVG backend as vector graphics (no tiles, no network) in
EPSG:25832, so the district keeps its true shape; the numbered markers are
laid over them as plain SVG <circle> and <text> elements, which WeasyPrint
lays out several times faster than matplotlib's artists. The result is a
standalone `<svg>` sized in millimetres, for the booklet's HTML: inline, or
as an <img> data: URI, which WeasyPrint renders about twice as fast (the
elements then skip the HTML style cascade).

All text stays text (svg.fonttype 'none'), so numbers can be searched and
copied in the PDF and are set in the booklet's own embedded font. The
output is deterministic: the same points give byte-identical SVG.

Crowded markers are moved apart: each marker, in number order, takes the
nearest free spot on rings around its place and, when moved, is tied to the
place by a thin leader line ending in a dot. Markers in dense clusters are
also drawn with a smaller number. Points outside the boundary are drawn too;
the view is widened to include them.

matplotlib, shapely and pyproj are imported inside the functions: the map
is drawn only when a booklet is built.
"""

import contextlib
import io
import json
import math
import re
from typing import NamedTuple

from . import geo

ATTRIBUTION = "Grænser: DAGI, Geodatastyrelsen/Klimadatastyrelsen og Danske Kommuner"
FONT_FAMILY = "sans-serif"  # the booklet's @font-face decides the real face
GENERIC_FAMILIES = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}
HASH_SALT = "directory-printmap"  # fixes matplotlib's clip-path ids: deterministic output

MM_PER_PT = 25.4 / 72
DIGIT_EM = 0.64  # width of a digit in ems, for sizing the circles (sans-serif faces ≈ 0.55-0.64)
DIGIT_HEIGHT_EM = 0.72  # height of a digit in ems, for centring it on the circle
NUMBER_PT = 5.5  # a marker's number; 5.5 pt bold is readable on paper
DENSE_NUMBER_PT = 4.5  # in dense clusters
MIN_NUMBER_PT = 3.5  # never smaller, however crowded
CROWDED_SHARE = 0.35  # markers may cover this share of the map before every number shrinks
DENSE_NEIGHBOURS = 3  # other places within DENSE_RADIUS_MM make a cluster
DENSE_RADIUS_MM = 4.0
MARKER_GAP_MM = 0.3  # white space kept between two markers
FRAME_MM = 3.0  # free edge around the drawing
MAX_RINGS = 25  # rings of candidate spots tried before settling for the least crowded one

BOUNDARY_EDGE = "#0b5d7a"  # the web map's boundary colour
BOUNDARY_FILL = "#e7f0f3"
MARKER_FILL = "#b3261e"
INK = "#1f2933"


class Marker(NamedTuple):
    """One entry on the paper, in millimetres from the map's lower left corner."""

    number: int
    place: tuple[float, float]  # where the entry is
    centre: tuple[float, float]  # where its circle is drawn (moved when crowded)
    radius: float
    font_pt: float


def numbered_map_svg(
    points: list[dict],
    width_mm: float,
    height_mm: float,
    boundary=None,
    font_family: str = FONT_FAMILY,
) -> str:
    """An inline SVG map, width_mm × height_mm, with a numbered marker per point.

    `points` are dicts {"number", "lat", "lon"}; points without usable
    coordinates are left out. `boundary` is a GeoJSON geometry, Feature or text
    (as stored in areas.geometry); None draws geodata/areas.geojson's district.
    """
    from shapely import transform

    if width_mm <= 0 or height_mm <= 0:
        raise ValueError("the map needs a positive width and height")
    area = transform(geo.validate_polygon(boundary or default_boundary()), _project_array)
    places = _projected_places(points)
    view = _view(area.bounds, places, width_mm, height_mm)
    markers = place_markers(
        [(n, view.to_paper(x, y)) for n, x, y in places], width_mm, height_mm,
        obstacles=_furniture(view, width_mm, height_mm),
    )  # fmt: skip
    return _render(area, markers, view, width_mm, height_mm, font_family)


def default_boundary() -> dict:
    """The district's geometry from geodata/areas.geojson (lowest sort_order)."""
    features = json.loads(geo.DEFAULT_AREAS.read_text(encoding="utf-8"))["features"]
    return min(features, key=lambda f: f["properties"].get("sort_order", 0))["geometry"]


def home_boundary(db) -> dict | None:
    """The home area's GeoJSON geometry from the areas table, None if there are no areas."""
    home = geo.home_area(db)
    if home is None:
        return None
    row = db.execute("SELECT geometry FROM areas WHERE id = ?", [home["id"]]).fetchone()
    return json.loads(row[0])


# Geometry -----------------------------------------------------------------------------------


def _project_array(lonlat):
    import numpy as np

    xs, ys = geo.project(lonlat[:, 1], lonlat[:, 0])
    return np.column_stack([xs, ys])


def _projected_places(points) -> list[tuple[int, float, float]]:
    """(number, x, y) in EPSG:25832 for each point that can be placed, in number order."""
    usable = []
    for point in points:
        with contextlib.suppress(geo.CoordinateError):
            lat, lon = geo.validate_point(point.get("lat"), point.get("lon"))
            usable.append((int(point["number"]), lat, lon))
    if not usable:
        return []
    usable.sort()
    numbers, lats, lons = zip(*usable, strict=True)
    xs, ys = geo.project(lats, lons)
    return list(zip(numbers, xs, ys, strict=True))


class View(NamedTuple):
    """The map's window: its lower left corner in metres and metres per paper millimetre."""

    x0: float
    y0: float
    metres_per_mm: float

    def to_paper(self, x: float, y: float) -> tuple[float, float]:
        return (x - self.x0) / self.metres_per_mm, (y - self.y0) / self.metres_per_mm

    def to_ground(self, x_mm: float, y_mm: float) -> tuple[float, float]:
        return self.x0 + x_mm * self.metres_per_mm, self.y0 + y_mm * self.metres_per_mm


def _view(bounds, places, width_mm: float, height_mm: float) -> View:
    """The smallest window, true to scale, holding the boundary and every point."""
    min_x, min_y, max_x, max_y = bounds
    for _, x, y in places:
        min_x, min_y, max_x, max_y = min(min_x, x), min(min_y, y), max(max_x, x), max(max_y, y)
    edge = FRAME_MM + _radius(3, NUMBER_PT)  # room for a marker at the outermost point
    inner_w, inner_h = max(width_mm - 2 * edge, 1.0), max(height_mm - 2 * edge, 1.0)
    scale = max((max_x - min_x) / inner_w, (max_y - min_y) / inner_h, 1e-3)
    centre_x, centre_y = (min_x + max_x) / 2, (min_y + max_y) / 2
    return View(centre_x - scale * width_mm / 2, centre_y - scale * height_mm / 2, scale)


# Marker placement ---------------------------------------------------------------------------


def _radius(digits: int, font_pt: float) -> float:
    """A circle's radius in mm, wide enough for `digits` digits in `font_pt` type."""
    font_mm = font_pt * MM_PER_PT
    return max(digits * DIGIT_EM * font_mm / 2, 0.5 * font_mm) + 0.35


def place_markers(places, width_mm: float, height_mm: float, obstacles=()) -> list[Marker]:
    """Markers for [(number, (x_mm, y_mm))], moved apart so that no two circles overlap.

    Greedy, in number order: a marker stays on its place if that is free, else
    takes the nearest free spot on rings around it, inside the frame and clear
    of the `obstacles` [(centre, radius)]. If none of MAX_RINGS rings has room,
    it takes the least crowded spot tried, which is never exactly on top of
    another marker.
    """
    fonts = _number_sizes(places, width_mm, height_mm)
    radii = {number: _radius(len(str(number)), fonts[number]) for number, _ in places}
    largest = max([*radii.values(), *(radius for _, radius in obstacles)], default=1.0)
    grid = _Grid(cell=2 * largest + MARKER_GAP_MM)
    for centre, radius in obstacles:
        grid.add(centre, radius)
    first_ring: dict[tuple[int, int], int] = {}  # per place: inner rings known to be full
    markers = []
    for number, place in places:
        radius = radii[number]
        key = round(place[0] * 4), round(place[1] * 4)
        start = first_ring.get(key, 0)
        centre, ring = _free_spot(grid, place, radius, (width_mm, height_mm), start)
        if ring is not None:
            first_ring[key] = ring
        grid.add(centre, radius)
        markers.append(Marker(number, place, centre, radius, fonts[number]))
    return markers


def _number_sizes(places, width_mm: float, height_mm: float) -> dict[int, float]:
    """Each marker's font size: smaller in dense clusters, and all smaller on a crowded map."""
    dense = _dense(places)
    footprint = sum((2 * _radius(len(str(n)), NUMBER_PT) + MARKER_GAP_MM) ** 2 for n, _ in places)
    shrink = min(1.0, math.sqrt(CROWDED_SHARE * width_mm * height_mm / max(footprint, 1e-9)))
    return {
        number: max((DENSE_NUMBER_PT if number in dense else NUMBER_PT) * shrink, MIN_NUMBER_PT)
        for number, _ in places
    }


def _dense(places) -> set[int]:
    """Numbers of the places with at least DENSE_NEIGHBOURS others close by."""
    grid = _Grid(cell=DENSE_RADIUS_MM)
    for _, place in places:
        grid.add(place, 0.0)
    return {
        number for number, place in places
        if grid.count_within(place, DENSE_RADIUS_MM) - 1 >= DENSE_NEIGHBOURS
    }  # fmt: skip


def _free_spot(grid, place, radius: float, size, start_ring: int):
    """(spot, ring) of the first free candidate, else (least crowded spot, None)."""
    for ring, spot in _candidates(place, radius, size, start_ring):
        if not grid.collides(spot, radius):
            return spot, ring
    best, best_crowding = None, math.inf
    for _, spot in _candidates(place, radius, size, start_ring):
        crowding = grid.overlap(spot, radius)
        if crowding < best_crowding:
            best, best_crowding = spot, crowding
    if best is None:  # every spot tried lies exactly on another marker, or outside the frame
        best = place
        while grid.overlap(best, radius) == math.inf:
            best = best[0] + radius, best[1]
    return best, None


def _candidates(place, radius: float, size, start_ring: int):
    """(ring, spot): the place itself (ring 0), then spots on widening rings, inside the frame."""
    (x, y), (width_mm, height_mm) = place, size
    low, high_x, high_y = radius, width_mm - radius, height_mm - radius
    if start_ring == 0:
        yield 0, (min(max(x, low), high_x), min(max(y, low), high_y))
    step = radius * 1.1
    for ring in range(max(start_ring, 1), MAX_RINGS + 1):
        count = 6 * ring
        for k in range(count):
            # start each ring at a different angle so neighbours do not line up
            angle = 2 * math.pi * (k + 0.5 * (ring % 2)) / count
            spot = x + ring * step * math.cos(angle), y + ring * step * math.sin(angle)
            if low <= spot[0] <= high_x and low <= spot[1] <= high_y:
                yield ring, spot


class _Grid:
    """Circles hashed into square cells, for quick neighbour look-ups.

    A cell must be at least as wide as the longest distance asked about, so
    that the 3 × 3 cells around a point hold everything within reach.
    """

    def __init__(self, cell: float):
        self.cell = cell
        self.cells: dict[tuple[int, int], list[tuple[float, float, float]]] = {}

    def add(self, centre, radius: float):
        key = math.floor(centre[0] / self.cell), math.floor(centre[1] / self.cell)
        self.cells.setdefault(key, []).append((*centre, radius))

    def _near(self, x: float, y: float) -> list[tuple[float, float, float]]:
        cx, cy = math.floor(x / self.cell), math.floor(y / self.cell)
        get = self.cells.get
        return [c for i, j in _NEIGHBOURHOOD for c in get((cx + i, cy + j), ())]

    def collides(self, centre, radius: float) -> bool:
        x, y = centre
        for ox, oy, other in self._near(x, y):
            reach = radius + other + MARKER_GAP_MM
            if (x - ox) ** 2 + (y - oy) ** 2 < reach * reach:
                return True
        return False

    def overlap(self, centre, radius: float) -> float:
        """How deeply a circle here would overlap the others: 0 = free, inf = on one's centre."""
        x, y = centre
        total = 0.0
        for ox, oy, other in self._near(x, y):
            distance = math.hypot(x - ox, y - oy)
            if distance == 0:
                return math.inf
            total += max(radius + other + MARKER_GAP_MM - distance, 0.0)
        return total

    def count_within(self, centre, distance: float) -> int:
        x, y = centre
        return sum(math.hypot(x - ox, y - oy) <= distance for ox, oy, _ in self._near(x, y))


_NEIGHBOURHOOD = [(i, j) for i in (-1, 0, 1) for j in (-1, 0, 1)]


# Drawing ------------------------------------------------------------------------------------


def _render(area, markers, view: View, width_mm: float, height_mm: float, font_family) -> str:
    """The map drawn by matplotlib, with the markers laid over it as plain SVG."""
    import matplotlib
    from matplotlib.figure import Figure

    settings = {"svg.fonttype": "none", "svg.hashsalt": HASH_SALT, "font.family": "sans-serif"}
    with matplotlib.rc_context(settings):
        figure = Figure(figsize=(width_mm / 25.4, height_mm / 25.4))
        axes = figure.add_axes((0, 0, 1, 1))
        axes.set_axis_off()
        axes.set_xlim(view.x0, view.x0 + width_mm * view.metres_per_mm)
        axes.set_ylim(view.y0, view.y0 + height_mm * view.metres_per_mm)
        _draw_boundary(axes, area)
        _draw_leaders(axes, markers, view)
        _draw_scale_bar(axes, view, width_mm)
        _draw_north_arrow(axes, view, width_mm, height_mm)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", facecolor="none", metadata=_NO_METADATA)
    svg = _inline(buffer.getvalue(), width_mm, height_mm, font_family)
    end = svg.rindex("</svg>")
    return svg[:end] + _marker_layer(markers, height_mm, font_family) + svg[end:]


_NO_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}


def _draw_boundary(axes, area):
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    rings = [ring for polygon in getattr(area, "geoms", [area]) for ring in
             (polygon.exterior, *polygon.interiors)]  # fmt: skip
    path = Path.make_compound_path(*(Path(list(ring.coords), closed=True) for ring in rings))
    axes.add_patch(PathPatch(
        path, facecolor=BOUNDARY_FILL, edgecolor=BOUNDARY_EDGE, linewidth=1.2,
        joinstyle="round", clip_on=False, gid="printmap-boundary", zorder=1,
    ))  # fmt: skip


def _draw_leaders(axes, markers, view: View):
    """A thin line from each moved marker to a dot on its place."""
    from matplotlib.collections import LineCollection

    moved = [m for m in markers if math.dist(m.place, m.centre) > 1e-6]
    if not moved:
        return
    lines = [[view.to_ground(*m.place), view.to_ground(*_rim(m))] for m in moved]
    axes.add_collection(LineCollection(
        lines, colors=INK, linewidths=0.35, clip_on=False, gid="printmap-leaders", zorder=2,
    ))  # fmt: skip
    xs, ys = zip(*(view.to_ground(*m.place) for m in moved), strict=True)
    axes.scatter(xs, ys, s=1.2, color=INK, linewidths=0, clip_on=False, gid="printmap-places",
                 zorder=3)  # fmt: skip


def _marker_layer(markers, height_mm: float, font_family: str) -> str:
    """The numbered circles as plain SVG <circle> and <text> elements.

    Written directly rather than as matplotlib artists: one short element per
    circle and per number, styled once on their group, lays out several times
    faster in WeasyPrint than matplotlib's Bézier paths and per-element styles
    (seconds saved for a thousand entries), and no text metrics are needed.
    """
    circles, numbers = [], []
    for m in markers:
        x, y = m.centre[0] / MM_PER_PT, (height_mm - m.centre[1]) / MM_PER_PT
        circles.append(f'<circle id="printmap-marker-{m.number}" cx="{x:.2f}" cy="{y:.2f}" '
                       f'r="{m.radius / MM_PER_PT:.2f}"/>')  # fmt: skip
        baseline = y + DIGIT_HEIGHT_EM / 2 * m.font_pt  # digits centred on the circle
        numbers.append(f'<text id="printmap-number-{m.number}" x="{x:.2f}" y="{baseline:.2f}" '
                       f'font-size="{m.font_pt:g}">{m.number}</text>')  # fmt: skip
    return (
        f'<g id="printmap-markers" fill="{MARKER_FILL}" stroke="#ffffff" stroke-width="0.4">'
        + "".join(circles)
        + f'</g><g id="printmap-numbers" font-family="{_css_family(font_family)}" '
        'font-weight="bold" fill="#ffffff" text-anchor="middle">' + "".join(numbers) + "</g>\n"
    )


def _rim(marker: Marker) -> tuple[float, float]:
    """Where the leader line from the place meets the marker's circle."""
    (px, py), (cx, cy) = marker.place, marker.centre
    distance = math.dist(marker.place, marker.centre)
    shorten = max(distance - marker.radius, 0) / distance
    return px + (cx - px) * shorten, py + (cy - py) * shorten


def nice_length(metres: float) -> float:
    """The largest 1, 2 or 5 × 10^k metres not above `metres`."""
    power = 10 ** math.floor(math.log10(metres))
    return max(step * power for step in (1, 2, 5) if step * power <= metres)


def length_label(metres: float) -> str:
    """'500 m', '1 km', '2,5 km' (Danish decimal comma)."""
    if metres < 1000:
        return f"{metres:g} m"
    return f"{metres / 1000:g} km".replace(".", ",")


def _scale_bar(view: View, width_mm: float) -> tuple[float, float, float, float]:
    """The bar's length in metres and in mm, and its left end (mm)."""
    length = nice_length(width_mm / 4 * view.metres_per_mm)
    return length, length / view.metres_per_mm, FRAME_MM + 1, FRAME_MM + 1


def _north_tip(width_mm: float, height_mm: float) -> tuple[float, float]:
    return width_mm - FRAME_MM - 3, height_mm - FRAME_MM - 4


def _furniture(view: View, width_mm: float, height_mm: float) -> list:
    """Circles (centre, radius) in mm covering the scale bar and the north arrow."""
    _, bar_mm, left, base = _scale_bar(view, width_mm)
    steps = max(1, math.ceil(bar_mm / 3))
    bar = [((left + bar_mm * i / steps, base + 1.8), 2.6) for i in range(steps + 1)]
    tip_x, tip_y = _north_tip(width_mm, height_mm)
    arrow = [((tip_x, tip_y + 1.5), 3.0), ((tip_x, tip_y - 3.5), 3.5)]  # the "N" and the arrow
    return [*bar, *arrow]


def _draw_scale_bar(axes, view: View, width_mm: float):
    length, bar_mm, left, base = _scale_bar(view, width_mm)
    (x0, y0), (x1, _) = view.to_ground(left, base), view.to_ground(left + bar_mm, base)
    tick = 1.2 * view.metres_per_mm
    axes.plot(
        [x0, x0, x1, x1], [y0 + tick, y0, y0, y0 + tick], color=INK, linewidth=0.8,
        solid_joinstyle="miter", clip_on=False, gid="printmap-scale-bar", zorder=6,
    )  # fmt: skip
    axes.text(
        (x0 + x1) / 2, y0 + tick, length_label(length), color=INK, fontsize=6,
        ha="center", va="bottom", gid="printmap-scale-label", zorder=6,
    )  # fmt: skip


def _draw_north_arrow(axes, view: View, width_mm: float, height_mm: float):
    """Grid north of EPSG:25832; in Aalborg it is within 1° of true north."""
    from matplotlib.patches import Polygon

    tip_x, tip_y = _north_tip(width_mm, height_mm)
    corners = [(tip_x, tip_y), (tip_x + 2, tip_y - 6), (tip_x, tip_y - 4.8), (tip_x - 2, tip_y - 6)]
    axes.add_patch(Polygon(
        [view.to_ground(*c) for c in corners], closed=True, facecolor=INK, edgecolor="none",
        clip_on=False, gid="printmap-north-arrow", zorder=6,
    ))  # fmt: skip
    axes.text(
        *view.to_ground(tip_x, tip_y + 0.6), "N", color=INK, fontsize=7, fontweight="bold",
        ha="center", va="bottom", gid="printmap-north-label", zorder=6,
    )  # fmt: skip


def _inline(svg: str, width_mm: float, height_mm: float, font_family: str) -> str:
    """matplotlib's file made fit for inline HTML: no XML prolog, size in mm, our font."""
    svg = svg[svg.index("<svg") :]
    # matplotlib's global `*{stroke-linejoin…}` rule would leak into the HTML page
    svg = re.sub(r"\s*<defs>\s*<style[^>]*>.*?</style>\s*</defs>", "", svg, count=1, flags=re.S)
    svg = re.sub(r' transform="rotate\(-0 [-\d.]+ [-\d.]+\)"', "", svg)  # text is never turned
    svg = re.sub(r'width="[\d.]+pt" height="[\d.]+pt"',
                 f'width="{width_mm:g}mm" height="{height_mm:g}mm"', svg, count=1)  # fmt: skip
    # matplotlib names its fallback list of fonts; the booklet decides with one family name
    family = _css_family(font_family)
    return re.sub(r"font-family: [^;\"]*", f"font-family: {family}", svg).rstrip() + "\n"


def _css_family(font_family: str) -> str:
    """A generic family as a keyword, any other quoted: sans-serif, 'Atkinson Hyperlegible'."""
    family = re.sub(r"[\"'<>&;]", "", font_family)
    return family if family in GENERIC_FAMILIES else f"'{family}'"
