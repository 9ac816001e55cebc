"""Maps: the overview map, the small map on entry pages, the GeoJSON of markers, near me.

folium builds each map (tile layer, the area's boundary, an entry's few
venues) and its parts are placed in our own Jinja templates. The overview's
markers are not Python objects: map.js fetches /api/associations.geojson with
the page's filters and clusters them in the browser, so the page stays small
however large the catalogue. Every script and stylesheet is served from
static/vendor (see VENDORED.md); only basemap tiles come from another host, and
only when MAP_TILE_URL is set. folium is imported inside the functions that
draw a map, so other pages never pay for importing it.
"""

import contextlib
import gc
import gzip
import hashlib
import json
import math
import re
import threading
from collections import OrderedDict
from datetime import date, datetime, time, timedelta
from json.encoder import encode_basestring as _quote
from typing import NamedTuple
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal
from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for
from flask_babel import gettext
from markupsafe import Markup

from . import geo, schedule
from .catalogue import catalogue_version
from .db import get_db
from .filters import API_NAMES, PUBLIC_NAMES, parse_query
from .i18n import current_language, isolate, weekday_name
from .search import Query, get_index
from .vocabulary import FREQUENCIES, N_

bp = Blueprint("maps", __name__)

DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_TILE_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-bidragydere'
)
BOUNDARY_ATTRIBUTION = N_("Grænser: DAGI, Geodatastyrelsen/Klimadatastyrelsen og Danske Kommuner")
TIMEZONE = ZoneInfo("Europe/Copenhagen")
HOME_CENTER = (57.035, 10.0)  # used only when no area is loaded
MIN_ZOOM, MAX_ZOOM = 9, 19  # from the region to a single building
SMALL_MAP_ZOOM = 15  # an entry's place with its streets around it
COORDINATE_DECIMALS = 5  # about 1 m: finer than any venue's position
CACHE_SECONDS = 60
NEXT_BUCKET_MINUTES = 10  # "next activity" is computed per ten minutes, so it can be cached
RADII = (500, 1000, 2000, 5000)  # the choices offered on the map page
MAX_RADIUS = 50_000
SEARCH_DAYS = 400  # how far ahead a next activity is looked for
BODY_CACHE_SIZE = 16  # GeoJSON bodies kept per process (a few MB at most each)
GZIP_LEVEL = 5  # 2.4 MB of markers -> 0.33 MB in about 20 ms

VENDOR_JS = [
    ("leaflet", "vendor/leaflet-1.9.4/leaflet.js"),
    ("markercluster", "vendor/leaflet.markercluster-1.5.3/leaflet.markercluster.js"),
]
VENDOR_CSS = [
    ("leaflet_css", "vendor/leaflet-1.9.4/leaflet.css"),
    ("markercluster_css", "vendor/leaflet.markercluster-1.5.3/MarkerCluster.css"),
    ("markercluster_default_css", "vendor/leaflet.markercluster-1.5.3/MarkerCluster.Default.css"),
    ("map_css", "css/map.css"),
]
BOUNDARY_STYLE = {"color": "#0b5d7a", "weight": 3, "fill": True, "fillOpacity": 0.04}
PARISH_STYLE = {"color": "#6b7280", "weight": 1.5, "dashArray": "4 4", "fillOpacity": 0}
ORIGIN_STYLE = {"color": "#c2410c", "weight": 2, "fillOpacity": 0.06}

PUBLIC_NEAR = {"point": "naer", "address": "adresse", "radius": "radius"}
API_NEAR = {"point": "near", "address": "near_address", "radius": "radius"}


class Near(NamedTuple):
    """Where distances are measured from, what to call it, and an optional radius."""

    lat: float
    lon: float
    label: str
    radius_m: int | None = None

    @property
    def origin(self) -> tuple[float, float]:
        return (self.lat, self.lon)

    @property
    def radius_text(self) -> str:
        """'500 m', '2 km', '1,5 km'; '' without a radius."""
        if not self.radius_m:
            return ""
        if self.radius_m < 1000:
            return f"{self.radius_m} m"
        return f"{self.radius_m / 1000:g} km".replace(".", ",")


# Settings ---------------------------------------------------------------------------


def tile_settings() -> tuple[str, str]:
    """(tile URL template, attribution HTML); an empty URL means no basemap at all."""
    config = current_app.config
    return config["MAP_TILE_URL"], config["MAP_TILE_ATTRIBUTION"]


def _static(filename: str) -> str:
    return url_for("static", filename=filename)


# Drawing maps with folium -------------------------------------------------------------


class MapParts(NamedTuple):
    """A rendered folium map, in the pieces a template places."""

    name: str  # the JavaScript variable holding the L.Map
    css: list[str]
    js: list[str]
    html: Markup
    script: Markup


def _vendored(element, js, css):
    """Point a folium element's assets at our static files instead of CDNs."""
    element.default_js = [(name, _static(path)) for name, path in js]
    element.default_css = [(name, _static(path)) for name, path in css]


def inert(text) -> str:
    """Text that folium cannot evaluate as a template.

    branca renders each element's output a second time as a Jinja template, so
    '{{', '{%' or '{#' in a venue or area name would run on the server. A
    zero-width space between the two characters keeps them apart.
    """
    return re.sub(r"\{(?=[{%#])", "{\u200b", str(text))


def _inert_features(collection):
    """A FeatureCollection whose text properties are inert (see inert)."""
    if not collection:
        return collection
    features = [
        {**feature, "properties": {key: inert(value) if isinstance(value, str) else value
                                   for key, value in (feature.get("properties") or {}).items()}}
        for feature in collection["features"]
    ]  # fmt: skip
    return {**collection, "features": features}


def build_map(boundary=None, parishes=None, venues=(), near=None, small=False):
    """A folium.Map: tiles (if configured), the boundary, parishes, venues, a near-me circle.

    `boundary` and `parishes` are GeoJSON FeatureCollections; `venues` are a
    few dicts with name, latitude and longitude (an entry's own places);
    `near` draws where distances are measured from.
    """
    import folium

    tile_url, attribution = tile_settings()
    attribution = inert(attribution)
    boundary, parishes = _inert_features(boundary), _inert_features(parishes)
    m = folium.Map(location=HOME_CENTER, zoom_start=13, tiles=None, control_scale=not small,
                   scroll_wheel_zoom=not small)  # fmt: skip
    # Leaflet takes the zoom range from the tile layer; without tiles the map needs its own
    # (marker clustering refuses to work without a maxZoom).
    m.options.update(max_zoom=MAX_ZOOM, min_zoom=MIN_ZOOM)
    if small:  # no clustering on an entry's few places
        _vendored(m, VENDOR_JS[:1], [VENDOR_CSS[0], VENDOR_CSS[-1]])
    else:
        _vendored(m, VENDOR_JS, VENDOR_CSS)
    if tile_url:
        folium.TileLayer(tiles=tile_url, attr=attribution, name="Baggrundskort", max_zoom=MAX_ZOOM,
                         control=False).add_to(m)  # fmt: skip
    if parishes and parishes["features"]:
        folium.GeoJson(parishes, name="Sogne", show=False, interactive=False,
                       style_function=lambda _: PARISH_STYLE).add_to(m)  # fmt: skip
    if boundary and boundary["features"]:
        name = boundary["features"][0]["properties"]["name"]
        folium.GeoJson(boundary, name=name, interactive=False, control=False,
                       style_function=lambda _: BOUNDARY_STYLE).add_to(m)  # fmt: skip
    for venue in venues:
        icon = folium.DivIcon(class_name="map-marker map-marker-venue", icon_size=(22, 22),
                              icon_anchor=(11, 11))  # fmt: skip
        folium.Marker([venue["latitude"], venue["longitude"]], icon=icon,
                      title=inert(venue["name"]), alt=inert(venue["name"])).add_to(m)  # fmt: skip
    if near is not None:
        _draw_near(m, near)
    if parishes and parishes["features"] and not small:
        folium.LayerControl(collapsed=True).add_to(m)
    bounds = _bounds(boundary, venues, near)
    if bounds:  # else stay at HOME_CENTER, zoom 13
        m.fit_bounds(bounds, max_zoom=SMALL_MAP_ZOOM if small else None)
    return m


def _draw_near(m, near: Near):
    import folium

    folium.CircleMarker(list(near.origin), radius=7, color="#c2410c", fill=True,
                        fill_opacity=1, interactive=False).add_to(m)  # fmt: skip
    if near.radius_m:
        folium.Circle(list(near.origin), radius=near.radius_m, interactive=False,
                      **ORIGIN_STYLE).add_to(m)  # fmt: skip


def _bounds(boundary, venues, near) -> list[list[float]] | None:
    """[[south, west], [north, east]]: the entry's places, or the near-me circle, else the area.

    None when there is nothing to show (no area loaded).
    """
    points = [(v["latitude"], v["longitude"]) for v in venues]
    if near is not None:
        reach = (near.radius_m or 500) / 111_000  # metres -> degrees of latitude, roughly
        stretch = reach / math.cos(math.radians(near.lat))
        points += [(near.lat - reach, near.lon - stretch), (near.lat + reach, near.lon + stretch)]
    if not points and boundary and boundary["features"]:
        points += list(_coordinates(boundary))
    if not points:
        return None
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _coordinates(collection):
    """(lat, lon) of every vertex of a FeatureCollection of (Multi)Polygons."""
    for feature in collection["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            for ring in polygon:
                for lon, lat in ring:
                    yield lat, lon


def map_parts(m) -> MapParts:
    """Render a folium map into the parts our templates place.

    folium's own page header (styles for html/body, a viewport tag) is not
    used: only the asset links, which must all be our own static files.
    """
    from branca.element import CssLink, JavascriptLink

    figure = m.get_root()
    figure.render()
    links = list(figure.header._children.values())
    css = [link.url for link in links if isinstance(link, CssLink)]
    js = [link.url for link in links if isinstance(link, JavascriptLink)]
    foreign = [url for url in css + js if urlsplit(url).netloc]
    if foreign:
        raise RuntimeError(f"map asset from another host: {foreign}")
    return MapParts(
        name=m.get_name(),
        css=css,
        js=js,
        html=Markup(figure.html.render().strip()),
        script=Markup(figure.script.render().strip()),
    )


def area_layers(db) -> tuple[dict, dict]:
    """(the district's boundary, the parishes) as GeoJSON FeatureCollections from the database."""
    home = geo.home_area(db)
    boundary, parishes = [], []
    for row in db.query("SELECT slug, name, kind, geometry FROM areas ORDER BY sort_order, id"):
        feature = {"type": "Feature", "geometry": json.loads(row["geometry"]),
                   "properties": {"name": row["name"], "slug": row["slug"]}}  # fmt: skip
        if home and row["slug"] == home["slug"]:
            boundary.append(feature)
        elif row["kind"] == "parish":
            parishes.append(feature)
    collection = {"type": "FeatureCollection"}
    return {**collection, "features": boundary}, {**collection, "features": parishes}


def entry_places(association=None, venue=None) -> list[dict]:
    """The venues with coordinates to draw on an entry's small map, each once."""
    if venue is not None:
        candidates = [venue]
    else:
        activity_venues = [a["venue"] for a in association.get("activities") or [] if a["venue"]]
        candidates = list(association.get("venues") or []) + activity_venues
    places = {}
    for place in candidates:
        if geo.is_valid_point(place.get("latitude"), place.get("longitude")):
            places.setdefault(place["id"], place)
    return list(places.values())


def small_map(association=None, venue=None) -> MapParts | None:
    """The small map of an association's or venue's places; None if none is placed.

    Cached by everything it is drawn from: folium takes ~15 ms to render one
    (it compiles a template per element), the largest part of an entry page
    (scripts/bench_load).
    """
    places = entry_places(association, venue)
    if not places:
        return None
    boundary, _ = area_layers(get_db())
    config = current_app.config
    key = json.dumps([places, boundary, current_language(), config.get("MAP_TILE_URL"),
                      config.get("MAP_TILE_ATTRIBUTION")], sort_keys=True, default=str)  # fmt: skip
    with _SMALL_MAPS_LOCK:
        if key in _SMALL_MAPS:
            _SMALL_MAPS.move_to_end(key)
            return _SMALL_MAPS[key]
    parts = map_parts(build_map(boundary, venues=places, small=True))
    with _SMALL_MAPS_LOCK:
        _SMALL_MAPS[key] = parts
        if len(_SMALL_MAPS) > SMALL_MAP_CACHE_SIZE:
            _SMALL_MAPS.popitem(last=False)
    return parts


SMALL_MAP_CACHE_SIZE = 4096  # small maps kept per process (~4 KB each): one per venue set
_SMALL_MAPS: OrderedDict = OrderedDict()
_SMALL_MAPS_LOCK = threading.Lock()


# The next activity ------------------------------------------------------------------------


def _clock(value) -> time | None:
    try:
        hours, minutes = str(value or "").split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        return None


def _month_day(day: date) -> str:
    return f"{day.month:02d}-{day.day:02d}"


def _in_season(activity: dict, day: date) -> bool:
    """Inside season_start..season_end (MM-DD, may wrap over New Year); open-ended = always."""
    start, end = activity.get("season_start") or "", activity.get("season_end") or ""
    if not (start and end):
        return True
    today = _month_day(day)
    if start <= end:
        return start <= today <= end
    return today >= start or today <= end


def _season_start_after(activity: dict, day: date) -> date:
    """The next date (after `day`) on which the activity's season begins."""
    try:
        month, month_day = (int(part) for part in activity["season_start"].split("-"))
    except ValueError:  # not MM-DD: try the next day (the search gives up after SEARCH_DAYS)
        return day + timedelta(days=1)
    for year in (day.year, day.year + 1, day.year + 2):
        try:
            candidate = date(year, month, month_day)
        except ValueError:  # 29 February in a common year
            continue
        if candidate > day:
            return candidate
    return day + timedelta(days=1)


def _fits_frequency(activity: dict, day: date) -> bool:
    frequency = activity.get("frequency") or "weekly"
    if frequency == "first-of-month":
        return day.day <= 7
    if frequency == "last-of-month":
        return (day + timedelta(days=7)).month != day.month
    return True


def _still_today(activity: dict, now: datetime) -> bool:
    """Not over yet today: ongoing or later (no times at all: the whole day)."""
    finish = _clock(activity.get("end_time")) or _clock(activity.get("start_time"))
    return finish is None or finish > now.time().replace(second=0, microsecond=0)


def next_occurrence(activity: dict, now: datetime) -> date | None:
    """The date of the activity's next meeting on or after `now`, or None if unknown.

    Only activities with weekdays have one; 'efter aftale' (irregular) has none.
    Seasons with both ends are respected; first/last weekday of the month are
    exact; biweekly and monthly meetings are taken as possible every week,
    since we do not know which weeks.
    """
    days = {d for d in activity.get("weekdays") or [] if isinstance(d, int) and 0 <= d < 7}
    if not days or activity.get("frequency") == "irregular":
        return None
    day, last = now.date(), now.date() + timedelta(days=SEARCH_DAYS)
    while day <= last:
        if not _in_season(activity, day):
            day = _season_start_after(activity, day)
            continue
        meets = day.weekday() in days and _fits_frequency(activity, day)
        if meets and (day > now.date() or _still_today(activity, now)):
            return day
        day += timedelta(days=1)
    return None


def _schedule(activity: dict) -> tuple:
    """What decides when an activity meets; many activities share one."""
    return (
        tuple(activity.get("weekdays") or ()), activity.get("start_time") or "",
        activity.get("end_time") or "", activity.get("frequency") or "weekly",
        activity.get("season_start") or "", activity.get("season_end") or "",
    )  # fmt: skip


def soonest(activities, now: datetime, memo: dict | None = None) -> tuple[date, dict] | None:
    """(date, activity) of the activity meeting next (the first listed on a tie), or None.

    `memo` keeps next_occurrence per schedule across calls with the same `now`.
    """
    memo = {} if memo is None else memo
    best = None
    for activity in activities:
        schedule_key = _schedule(activity)
        if schedule_key not in memo:
            memo[schedule_key] = next_occurrence(activity, now)
        day = memo[schedule_key]
        if day is not None and (best is None or (day, schedule_key[1]) < best[0]):
            best = ((day, schedule_key[1]), activity)
    return (best[0][0], best[1]) if best else None


def next_activity(activities: list[dict], now: datetime) -> str:
    """'tirsdag 16:30–18:00: U10 træning' for the soonest coming activity, or ''."""
    found = soonest(activities, now)
    return activity_text(found[1], found[0], now.date()) if found else ""


def activity_text(activity: dict, day: date, today: date) -> str:
    """'tirsdag 16:30–18:00: U10 træning' ('i dag', or with the date a week or more ahead)."""
    if day == today:
        when = gettext("i dag")
    elif (day - today).days < 7:
        when = weekday_name(day.weekday())
    else:
        when = f"{weekday_name(day.weekday())} {day.day}/{day.month}"
    text = " ".join(p for p in (when, schedule.time_range(activity)) if p)
    frequency = activity.get("frequency") or "weekly"
    if frequency in ("biweekly", "monthly"):
        text += f" ({gettext(FREQUENCIES[frequency])})"
    title = activity.get("title") or ""
    return f"{text}: {isolate(title)}" if title else text


def map_now() -> datetime:
    """Copenhagen time, floored to NEXT_BUCKET_MINUTES (so one bucket gives one answer)."""
    now = datetime.now(TIMEZONE).replace(second=0, microsecond=0)
    return now.replace(minute=now.minute - now.minute % NEXT_BUCKET_MINUTES)


# Loading what the map shows, in bulk ------------------------------------------------------
#
# A handful of queries for any number of associations (ids=None: all), returning
# tuples and leaving sorting to Python: at 10,000 associations this is what keeps
# the GeoJSON within its time budget.


def _only(column: str, ids) -> tuple[str, list]:
    """An SQL condition keeping `column` in `ids` (None: no condition, always true)."""
    if ids is None:
        return "1", []
    return f"{column} IN (SELECT value FROM json_each(?))", [json.dumps(list(ids))]


def placed_venues(db) -> dict[int, dict]:
    """{venue id: {id, slug, name, latitude, longitude}} for venues with usable coordinates."""
    return {
        row["id"]: row
        for row in db.query(
            "SELECT id, slug, name, latitude, longitude FROM venues "
            "WHERE latitude IS NOT NULL AND longitude IS NOT NULL"
        )
        if geo.is_valid_point(row["latitude"], row["longitude"])
    }


def venues_by_association(db, ids, placed: dict[int, dict]) -> dict[int, list[int]]:
    """{association id: placed venue ids}: its own venues in order, then its activities'."""
    condition, params = _only("association_id", ids)
    rows = db.execute(
        f"SELECT association_id, 0, position, venue_id FROM association_venues WHERE {condition} "
        "UNION ALL SELECT association_id, 1, position, venue_id FROM activities "
        f"WHERE venue_id IS NOT NULL AND {condition}",
        params * 2,
    ).fetchall()
    rows.sort()
    grouped: dict[int, list[int]] = {}
    for association_id, _, _, venue_id in rows:
        if venue_id in placed:
            venues = grouped.setdefault(association_id, [])
            if venue_id not in venues:
                venues.append(venue_id)
    return grouped


def home_relations(db, ids=None) -> dict[int, str]:
    """{id: 'i bydelen' | 'tæt på'} relative to the district; absent = elsewhere."""
    home = geo.home_area(db)
    if home is None:
        return {}
    condition, params = _only("association_id", ids)
    rows = db.execute(
        f"SELECT association_id, relation FROM association_areas WHERE area_id = ? AND {condition}",
        [home["id"], *params],
    ).fetchall()
    return {association_id: geo.relation_label(relation) for association_id, relation in rows}


def category_table(db) -> tuple[list[str], dict[int, int]]:
    """(labels in display order, {category id: position in that list})."""
    rows = db.execute("SELECT id, label FROM categories ORDER BY sort_order, label").fetchall()
    return [label for _, label in rows], {cid: n for n, (cid, _) in enumerate(rows)}


def category_positions(db, ids, position: dict[int, int]) -> dict[int, list[int]]:
    """{association id: positions of its categories in category_table's order}."""
    condition, params = _only("association_id", ids)
    grouped: dict[int, list[int]] = {}
    for association_id, category_id in db.execute(
        f"SELECT association_id, category_id FROM association_categories WHERE {condition}", params
    ).fetchall():
        grouped.setdefault(association_id, []).append(position[category_id])
    for positions in grouped.values():
        positions.sort()
    return grouped


def category_labels(db, ids) -> dict[int, list[str]]:
    """{association id: its category labels in display order}."""
    labels, position = category_table(db)
    grouped = category_positions(db, ids, position)
    return {aid: [labels[n] for n in positions] for aid, positions in grouped.items()}


_ACTIVITY_FIELDS = ("weekdays", "start_time", "end_time", "frequency",
                    "season_start", "season_end", "title")  # fmt: skip


def next_activities(db, ids, now: datetime) -> dict[int, str]:
    """{association id: its next activity as text}, for those that have one.

    Works on rows, not dicts: the next date is found once per distinct schedule
    (weekdays, times, frequency, season), which many activities share.
    """
    condition, params = _only("association_id", ids)
    rows = db.execute(
        f"SELECT association_id, position, id, {', '.join(_ACTIVITY_FIELDS)} FROM activities "
        f"WHERE weekdays != '[]' AND {condition}",
        params,
    ).fetchall()
    occurrences: dict[tuple, date | None] = {}
    best: dict[int, tuple] = {}
    for row in rows:
        schedule_key = row[3:9]
        if schedule_key not in occurrences:
            activity = dict(zip(_ACTIVITY_FIELDS, row[3:], strict=True))
            activity["weekdays"] = json.loads(activity["weekdays"] or "[]")
            occurrences[schedule_key] = next_occurrence(activity, now)
        day = occurrences[schedule_key]
        if day is not None:
            key = (day, row[4] or "", row[1], row[2])  # soonest; on a tie the first listed
            if row[0] not in best or key < best[row[0]][0]:
                best[row[0]] = (key, row)
    prefixes: dict[tuple, str] = {}  # "tirsdag 16:30–18:00", shared by many
    texts = {}
    for association_id, (key, row) in best.items():
        when = (key[0], row[3:9])
        if when not in prefixes:
            activity = dict(zip(_ACTIVITY_FIELDS, row[3:9], strict=False))
            prefixes[when] = activity_text(activity, key[0], now.date())
        texts[association_id] = f"{prefixes[when]}: {row[9]}" if row[9] else prefixes[when]
    return texts


def list_entries(db, ids: list[int], now: datetime, distances=None) -> list[dict]:
    """List entries for these ids, in this order: id, slug, name, short_description,
    categories (labels), next, relation_label, and with `distances` ({id: (metres,
    minutes)}) distance_m, walking_minutes and distance (the text)."""
    condition, params = _only("id", ids)
    rows = {
        row["id"]: row
        for row in db.query(
            f"SELECT id, slug, name, short_description FROM associations WHERE {condition}", params
        )
    }
    labels = category_labels(db, ids)
    upcoming = next_activities(db, ids, now)
    relations = home_relations(db, ids)
    return [
        {
            **rows[association_id],
            "categories": labels.get(association_id, []),
            "next": upcoming.get(association_id, ""),
            "relation_label": relations.get(association_id, ""),
            **_distance_fields(distances, association_id),
        }
        for association_id in ids
        if association_id in rows
    ]


def _distance_fields(distances, association_id) -> dict:
    metres, minutes = (distances or {}).get(association_id, (None, None))
    return {"distance_m": metres, "walking_minutes": minutes,
            "distance": distance_text(metres, minutes)}  # fmt: skip


# The GeoJSON ------------------------------------------------------------------------


class MarkerData(NamedTuple):
    """Everything the markers show, for every placeable association at one moment.

    Built with a few queries for the whole catalogue and kept per process while
    the catalogue and the ten-minute slot stay the same. Points and properties
    are kept as JSON text, so each query's GeoJSON is put together from them
    (marker_geojson) without the database and without encoding 10,000 dicts.
    """

    venues: dict[int, dict]  # placed venues
    points: dict[int, str]  # venue id -> its GeoJSON Point, as JSON
    by_association: dict[int, list[int]]  # association id -> placed venue ids
    properties: dict[int, str]  # association id -> its feature's properties, as JSON
    labels: list[str]  # category labels; properties hold positions in this list


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_json = _ENCODER.encode


@contextlib.contextmanager
def _no_gc_pauses():
    """Hold off the cyclic garbage collector while tens of thousands of rows are read.

    Bulk loading creates objects fast, which sets off full collections over the
    whole heap (the search index included): they made the build take half as
    long again, and unevenly. Nothing built here forms reference cycles.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _properties_json(slug: str, name: str, categories: list[int], upcoming, relation) -> str:
    """An association's feature properties as JSON, written directly (10,000 of them)."""
    numbers = ",".join(map(str, categories))
    text = f'{{"slug":{_quote(slug)},"name":{_quote(name)},"categories":[{numbers}]'
    if upcoming:
        text += f',"next":{_quote(upcoming)}'
    if relation:
        text += f',"relation":{_quote(relation)}'
    return text + "}"


def load_marker_data(db, now: datetime) -> MarkerData:
    with _no_gc_pauses():
        venues = placed_venues(db)
        by_association = venues_by_association(db, None, venues)
        relations = home_relations(db)
        labels, position = category_table(db)
        categories = category_positions(db, None, position)
        upcoming = next_activities(db, None, now)
        properties = {
            association_id: _properties_json(
                slug, name, categories.get(association_id, []),
                upcoming.get(association_id), relations.get(association_id),
            )
            for association_id, slug, name in db.execute("SELECT id, slug, name FROM associations")
            if association_id in by_association
        }  # fmt: skip
    points = {
        venue_id: _json({"type": "Point", "coordinates": [
            round(venue["longitude"], COORDINATE_DECIMALS),
            round(venue["latitude"], COORDINATE_DECIMALS)]})
        for venue_id, venue in venues.items()
    }  # fmt: skip
    return MarkerData(venues, points, by_association, properties, labels)


def marker_geojson(data: MarkerData, ids: list[int], near: Near | None = None) -> str:
    """A GeoJSON FeatureCollection (as text): a Point per placeable association and venue.

    An association sits at its first placed venue (or, with `near`, at the one
    nearest the origin); those without a placed venue are left off. Venues
    have kind "venue" and the number of these associations meeting there.
    To keep 10,000 markers small, associations carry their slug (the page's
    address is in the collection's `urls`) and their categories as positions
    in the collection's `categories`.
    """
    shown = [aid for aid in ids if aid in data.properties]
    nearest = {}
    if near is not None and shown:
        distances = _venue_distances(data.venues, near.origin)
        nearest = {aid: min(data.by_association[aid], key=distances.__getitem__) for aid in shown}
    features, counts = [], {}
    for association_id in shown:
        venue_ids = data.by_association[association_id]
        for venue_id in venue_ids:
            counts[venue_id] = counts.get(venue_id, 0) + 1
        point = data.points[nearest.get(association_id, venue_ids[0])]
        features.append(_feature(point, data.properties[association_id]))
    for venue_id, count in counts.items():
        venue = data.venues[venue_id]
        properties = {"kind": "venue", "slug": venue["slug"], "name": venue["name"], "count": count}
        features.append(_feature(data.points[venue_id], _json(properties)))
    head = _json({"type": "FeatureCollection", "urls": entry_urls(), "categories": data.labels})
    return f'{head[:-1]},"features":[{",".join(features)}]}}'


def _feature(point: str, properties: str) -> str:
    return f'{{"type":"Feature","geometry":{point},"properties":{properties}}}'


def entry_urls() -> dict[str, str]:
    """Where an association's and a venue's pages are, with {slug} to fill in."""
    return {
        "association": url_for("public.association", slug="SLUG").replace("SLUG", "{slug}"),
        "venue": url_for("public.venue", slug="SLUG").replace("SLUG", "{slug}"),
    }


def _venue_distances(placed: dict[int, dict], origin) -> dict[int, float]:
    """{venue id: metres from origin}, all at once through one projection (EPSG:25832)."""
    ordered = geo.sort_by_distance(placed.values(), origin)
    return {venue["id"]: venue["distance_m"] for venue in ordered}


# Near me -------------------------------------------------------------------------------


def parse_point(text: str) -> tuple[float, float]:
    """'57.03,10.01', '57.03;10.01', '57,03 10,01' or '57,03,10,01' -> (lat, lon).

    Raises geo.CoordinateError with a Danish message.
    """
    text = " ".join(str(text).split())[:100]
    if ";" in text:
        parts = text.split(";")
    elif text.count(",") == 1:
        parts = text.split(",")
    elif text.count(",") == 3:  # decimal commas: 57,03,10,01
        pieces = text.replace(" ", "").split(",")
        parts = [f"{pieces[0]}.{pieces[1]}", f"{pieces[2]}.{pieces[3]}"]
    else:
        parts = text.split(" ")
    if len(parts) != 2:
        raise geo.CoordinateError("skriv positionen som breddegrad,længdegrad, fx 57.03,10.01")
    return geo.validate_point(parts[0].strip(), parts[1].strip())


def parse_radius(value: str) -> int:
    """Metres, a whole number from 1 to MAX_RADIUS; raises geo.GeoError otherwise."""
    try:
        radius = int(str(value).strip().removesuffix("m").strip())
    except ValueError:
        radius = 0
    if not 1 <= radius <= MAX_RADIUS:
        raise geo.GeoError(f"afstanden skal være et helt antal meter fra 1 til {MAX_RADIUS}")
    return radius


def resolve_near(args, names: dict, data_dir=None) -> tuple[Near | None, dict[str, str]]:
    """Where "near" is, from a position or an address/place, and the problems found.

    `names` maps point/address/radius to the parameter names (PUBLIC_NEAR or
    API_NEAR). Addresses and places are looked up in the offline gazetteer.
    Bad values give Danish messages (parameter -> message), never an error.
    """
    problems: dict[str, str] = {}
    point_text = (args.get(names["point"]) or "").strip()
    address = " ".join((args.get(names["address"]) or "").split())[: geo.MAX_QUERY_LENGTH]
    radius = None
    if (args.get(names["radius"]) or "").strip():
        try:
            radius = parse_radius(args[names["radius"]])
        except geo.GeoError as error:
            problems[names["radius"]] = gettext("Afstand: %(error)s.", error=error)
    origin = None
    if point_text:
        try:
            lat, lon = parse_point(point_text)
            origin = Near(lat, lon, gettext("din position"), radius)
        except geo.GeoError as error:
            problems[names["point"]] = gettext(
                "Positionen kan ikke bruges: %(error)s.", error=error)
    elif address:
        match = geo.load_gazetteer(data_dir).geocode(address)
        if match:
            origin = Near(match.lat, match.lon, match.matched_name, radius)
        else:
            problems[names["address"]] = gettext(
                "Vi kunne ikke finde »%(address)s«. Prøv et sted eller en adresse i 9220, "
                "fx »Trekanten« eller »Sebbersundvej 2A«.", address=address,
            )  # fmt: skip
    return origin, problems


def near_results(db, ids, origin, radius_m=None) -> list[tuple[int, int | None, int | None]]:
    """(id, metres, walking minutes) for these associations, nearest first.

    An association's distance is to the nearest of its venues (straight line,
    measured in EPSG:25832; minutes at geo's walking pace). Without a radius,
    associations that cannot be placed come last with None; with one, only
    those within it are kept.
    """
    placed = placed_venues(db)
    by_association = venues_by_association(db, ids, placed)
    distances = _venue_distances(placed, origin) if placed else {}
    found, unplaced = [], []
    for association_id in ids:
        venue_ids = by_association.get(association_id)
        if not venue_ids:
            unplaced.append((association_id, None, None))
            continue
        metres = min(distances[v] for v in venue_ids)
        if radius_m is None or metres <= radius_m:
            found.append((association_id, metres, geo.walking_minutes(metres)))
    found.sort(key=lambda item: item[1])
    return found if radius_m is not None else found + unplaced


def distance_text(metres, minutes) -> str:
    """'350 m · 5 min gang', '1,2 km · 16 min gang', or '' when unknown."""
    if metres is None:
        return ""
    language = current_language()
    shown = f"{round(metres, -1):.0f} m" if metres < 1000 else (
        f"{format_decimal(round(metres / 1000, 1), '0.0', locale=language)} km")
    return gettext("%(distance)s · %(minutes)s min gang", distance=shown, minutes=minutes)


# The set: what the results page shows ------------------------------------------------------


def matching_ids(query: Query) -> list[int]:
    """Every association the search finds for `query`, in result order (closed left out)."""
    return get_index().matching_ids(query)


def selected_ids(db, query: Query, near: Near | None) -> list[int]:
    """The map's set: the search's, within the radius and nearest first when near is given."""
    ids = matching_ids(query)
    if near is None:
        return ids
    return [aid for aid, _, _ in near_results(db, ids, near.origin, near.radius_m)]


def api_params(query: Query, near: Near | None) -> dict[str, str]:
    """The query (and near) as GeoJSON endpoint parameters: API names, canonical values."""
    params = {}
    for field, name in API_NAMES.items():
        value = getattr(query, field, None)
        if field not in ("page", "per_page") and value not in (None, ""):
            params[name] = str(value)
    if near is not None:
        params["near"] = f"{near.lat:.{COORDINATE_DECIMALS}f},{near.lon:.{COORDINATE_DECIMALS}f}"
        if near.radius_m:
            params["radius"] = str(near.radius_m)
    return params


def map_fingerprint(db) -> str:
    """Changes whenever anything the markers show may have changed.

    The catalogue version covers associations; venues and areas are also
    changed without bumping it (geocoding, editors' areas), so their rows are
    summarised too. A few aggregate queries: far cheaper than building the body.
    """
    row = db.execute(
        "SELECT (SELECT count(*) || ':' || coalesce(max(updated_at), '') || ':' || "
        "total(latitude) || ':' || total(longitude) FROM venues), "
        "(SELECT count(*) || ':' || coalesce(max(id), 0) FROM areas), "
        "(SELECT count(*) FROM association_areas)"
    ).fetchone()
    return f"{catalogue_version(db)}|{'|'.join(map(str, row))}"


class MarkerCache:
    """Per process: the newest MarkerData and the latest GeoJSON bodies, by ETag.

    MarkerData is built under the lock, so concurrent requests build it once.
    """

    def __init__(self, size: int = BODY_CACHE_SIZE):
        self.size = size
        self.lock = threading.Lock()
        self.data_key = None
        self.data: MarkerData | None = None
        self.bodies: OrderedDict = OrderedDict()

    def marker_data(self, key, build) -> MarkerData:
        with self.lock:
            if self.data is None or self.data_key != key:
                self.data, self.data_key = build(), key
            return self.data

    def body(self, etag: str, build) -> bytes:
        with self.lock:
            if etag in self.bodies:
                self.bodies.move_to_end(etag)
                return self.bodies[etag]
        body = build()
        with self.lock:
            self.bodies[etag] = body
            while len(self.bodies) > self.size:
                self.bodies.popitem(last=False)
        return body

    def clear(self):
        with self.lock:
            self.data, self.data_key = None, None
            self.bodies.clear()


def marker_cache() -> MarkerCache:
    return current_app.extensions["directory.maps"]


def geojson_response(db, query: Query, near: Near | None) -> Response:
    """The markers as GeoJSON, with an ETag and a short public cache lifetime.

    The ETag covers the catalogue (map_fingerprint), the query and the
    ten-minute slot of "next activity"; gzip is used when the client takes it.
    """
    now = map_now()
    fingerprint = map_fingerprint(db)
    canonical = json.dumps(api_params(query, near), sort_keys=True)
    tag = hashlib.sha256(f"{fingerprint}|{canonical}|{now:%Y%m%d%H%M}".encode()).hexdigest()
    compress = "gzip" in request.accept_encodings
    etag = tag[:32] + ("-gz" if compress else "")
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        cache = marker_cache()

        def build() -> bytes:
            data = cache.marker_data((fingerprint, now), lambda: load_marker_data(db, now))
            body = marker_geojson(data, selected_ids(db, query, near), near).encode()
            return gzip.compress(body, GZIP_LEVEL, mtime=0) if compress else body

        response = Response(cache.body(etag, build), mimetype="application/geo+json")
        if compress:
            response.content_encoding = "gzip"
    response.set_etag(etag)
    response.vary.add("Accept-Encoding")
    response.cache_control.public = True
    response.cache_control.max_age = CACHE_SECONDS
    return response


# Views ----------------------------------------------------------------------------------


@bp.get("/api/associations.geojson")
def geojson():
    query, problems = parse_query(request.args, API_NAMES)
    near, near_problems = resolve_near(request.args, API_NEAR, current_app.config["DATA_DIR"])
    problems.update(near_problems)
    if problems:
        return jsonify({"error": "bad_request", "problems": problems}), 400
    return geojson_response(get_db(), query, near)


class Listing(NamedTuple):
    """One page of the map's accessible list (the shape _pagination.html reads)."""

    total: int
    pages: int
    entries: list[dict]


def map_listing(db, query: Query, near: Near | None, now: datetime) -> tuple[Listing, object]:
    """The page of the list under the map, and the search results (for the facets)."""
    results = get_index().search(query)
    if near is None:
        ids = [hit.id for hit in results.hits]
        return Listing(results.total, results.pages, list_entries(db, ids, now)), results
    ranked = near_results(db, matching_ids(query), near.origin, near.radius_m)
    start = (query.page - 1) * query.per_page
    shown = ranked[start : start + query.per_page]
    distances = {aid: (metres, minutes) for aid, metres, minutes in shown}
    entries = list_entries(db, [aid for aid, _, _ in shown], now, distances)
    pages = max(1, -(-len(ranked) // query.per_page))
    return Listing(len(ranked), pages, entries), results


@bp.get("/kort")
def map_page():
    db = get_db()
    query, problems = parse_query(request.args, PUBLIC_NAMES)  # as the results page does
    near, near_problems = resolve_near(request.args, PUBLIC_NEAR, current_app.config["DATA_DIR"])
    problems.update(near_problems)
    listing, results = map_listing(db, query, near, map_now())
    boundary, parishes = area_layers(db)
    parts = map_parts(build_map(boundary, parishes, near=near))
    list_args = {k: v for k, v in request.args.items() if k != "side"}
    return render_template(
        "map.html", map=parts, query=query, problems=problems, near=near, listing=listing,
        results=results, radii=RADII, boundary_attribution=BOUNDARY_ATTRIBUTION,
        boundary_name=boundary["features"][0]["properties"]["name"] if boundary["features"] else "",
        geojson_url=url_for("maps.geojson", **api_params(query, near)),
        list_url=url_for("public.search", **list_args),
    )  # fmt: skip


def map_url(category=None) -> str:
    """The map page with the current results page's filters ("Vis på kort")."""
    args = request.args.to_dict()
    args.pop("side", None)
    if category:
        args["kategori"] = category["slug"]
    return url_for("maps.map_page", **args)


def init_app(app):
    app.extensions["directory.maps"] = MarkerCache()
    app.jinja_env.globals.update(small_map=small_map, map_url=map_url)
    app.register_blueprint(bp)
