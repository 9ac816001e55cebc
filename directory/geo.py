"""Areas, area assignment, geocoding without the network, and walking distances.

Coordinates are stored as WGS84 latitude/longitude (EPSG:4326). Distances and
the 1 km "near" zone are measured in metres in EPSG:25832 (ETRS89 / UTM 32N),
the projection Danish authorities publish in.

geopandas, shapely and pyproj are imported inside the functions that need
them: assigning areas happens when an entry is saved or imported, never while
a resident's page is being served, and a public request should not pay the
import time of the geodata stack.
"""

import contextlib
import csv
import functools
import json
import math
import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from . import validation
from .catalogue import bump_version, slugify
from .db import write_transaction

GEODATA_DIR = Path(__file__).resolve().parent.parent / "geodata"
DEFAULT_AREAS = GEODATA_DIR / "areas.geojson"
DEFAULT_GAZETTEER = GEODATA_DIR / "gazetteer.csv"
EDITOR_GAZETTEER_NAME = "gazetteer.csv"  # in DATA_DIR, extends the shipped one

WGS84 = "EPSG:4326"
UTM32 = "EPSG:25832"
NEAR_METRES = 1000
# 4.5 km/h = 75 m a minute: a little below the usual 5 km/h adult pace, since
# many readers walk with children, a pram or a stick; and the distance is a
# straight line, so an optimistic speed would promise too much.
WALKING_METRES_PER_MINUTE = 75


AREA_KINDS = ("postcode", "parish", "custom")
RELATION_LABELS = {"inside": "i bydelen", "near": "tæt på"}
GEOCODE_STATUSES = ("", "gazetteer", "online", "manual", "failed")


class GeoError(validation.Invalid):
    """Bad geographic input; the message is Danish and meant for the user."""


class CoordinateError(GeoError):
    """A latitude/longitude that cannot be a place in Denmark."""


class AreaError(GeoError):
    """An area polygon or area file that cannot be used."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _danish_number(value: float, decimals: int = 5) -> str:
    return f"{value:.{decimals}f}".replace(".", ",")


def _in_ids(column: str, ids) -> tuple[str, list]:
    """A WHERE clause restricting `column` to `ids` (None = no restriction), any length."""
    if ids is None:
        return "", []
    return f"WHERE {column} IN (SELECT value FROM json_each(?))", [json.dumps(sorted(ids))]


@contextlib.contextmanager
def _transaction(db):
    """Join the caller's transaction if one is open, else take the write lock."""
    if db.conn.in_transaction:
        yield db
    else:
        with write_transaction(db):
            yield db


# Coordinates ------------------------------------------------------------------


def in_denmark(lat: float, lon: float) -> bool:
    """Inside validation's bounding box of Denmark (Bornholm and Skagen included)."""
    low_lat, high_lat = validation.LATITUDE_RANGE
    low_lon, high_lon = validation.LONGITUDE_RANGE
    return low_lat <= lat <= high_lat and low_lon <= lon <= high_lon


def validate_point(lat, lon) -> tuple[float, float]:
    """(lat, lon) as floats if it can be a place in Denmark, else CoordinateError.

    Accepts numbers or text with a decimal point or comma. The checks (0,0,
    swapped, outside Denmark) are validation.coordinates', shared with the
    forms and the import; here a point is required.
    """
    try:
        lat, lon = validation.coordinates(lat, lon)
    except validation.Invalid as error:
        raise CoordinateError(str(error)) from None
    if lat is None:
        raise CoordinateError("angiv både breddegrad og længdegrad")
    return lat, lon


def is_valid_point(lat, lon) -> bool:
    try:
        validate_point(lat, lon)
    except CoordinateError:
        return False
    return True


# Distances ----------------------------------------------------------------------


@functools.cache
def _to_utm():
    from pyproj import Transformer

    return Transformer.from_crs(WGS84, UTM32, always_xy=True)


def project(lats, lons):
    """Longitudes/latitudes (sequences) -> x, y arrays in metres (EPSG:25832)."""
    return _to_utm().transform(lons, lats)


def walking_distance(origin: tuple[float, float], destination: tuple[float, float]) -> float:
    """Straight-line metres between two (lat, lon) points, measured in EPSG:25832.

    There is no street network offline, so this is the distance as the crow
    flies; the walking minutes are therefore computed at a modest pace.
    """
    (x1, x2), (y1, y2) = project([origin[0], destination[0]], [origin[1], destination[1]])
    return math.hypot(x2 - x1, y2 - y1)


def walking_minutes(metres: float) -> int:
    """Whole minutes on foot, at least 1."""
    return max(1, math.ceil(metres / WALKING_METRES_PER_MINUTE))


def _radius(value) -> float:
    try:
        radius = float(str(value).strip().replace(",", "."))
    except ValueError:
        radius = math.nan
    if not math.isfinite(radius) or radius <= 0:
        raise GeoError("Afstanden skal være et positivt antal meter.")
    return radius


def sort_by_distance(points, origin, radius_m=None) -> list[dict]:
    """Copies of `points` (dicts with latitude/longitude) nearest `origin` first.

    Each copy gets `distance_m` (whole metres) and `walking_minutes`. Points
    without usable coordinates get None for both and come last, so they are
    still listed; with a radius they are left out, as their distance is unknown.
    """
    origin = validate_point(*origin)
    if radius_m is not None:
        radius_m = _radius(radius_m)
    placed, unplaced = [], []
    for point in points:
        has_point = is_valid_point(point.get("latitude"), point.get("longitude"))
        (placed if has_point else unplaced).append(dict(point))
    if radius_m is not None:
        unplaced = []
    xs, ys = project([origin[0]] + [p["latitude"] for p in placed],
                     [origin[1]] + [p["longitude"] for p in placed])  # fmt: skip
    for point, x, y in zip(placed, xs[1:], ys[1:], strict=True):
        metres = math.hypot(x - xs[0], y - ys[0])
        point["distance_m"] = round(metres)
        point["walking_minutes"] = walking_minutes(metres)
    if radius_m is not None:
        placed = [p for p in placed if p["distance_m"] <= radius_m]
    for point in unplaced:
        point["distance_m"] = point["walking_minutes"] = None
    return sorted(placed, key=lambda p: p["distance_m"]) + unplaced


# Areas: validation and loading ------------------------------------------------------

_VALIDITY_REASONS = {
    "Self-intersection": "kanterne krydser hinanden",
    "Ring Self-intersection": "kanten krydser sig selv",
    "Too few points": "der er for få hjørner",
    "Hole lies outside shell": "et hul ligger uden for polygonen",
    "Nested holes": "to huller ligger inden i hinanden",
    "Nested shells": "to polygoner ligger inden i hinanden",
    "Interior is disconnected": "polygonen er delt i flere stykker af et hul",
    "Duplicate Rings": "den samme kant findes to gange",
}


def _geometry_of(geojson) -> dict:
    """The geometry member of a GeoJSON text, geometry, Feature or one-feature collection."""
    if isinstance(geojson, str | bytes):
        try:
            geojson = json.loads(geojson)
        except ValueError:
            raise AreaError("Filen er ikke gyldig GeoJSON (kunne ikke læses som JSON).") from None
    if not isinstance(geojson, dict):
        raise AreaError("Området skal være et GeoJSON-objekt.")
    if geojson.get("type") == "FeatureCollection":
        features = geojson.get("features") or []
        if len(features) != 1:
            raise AreaError("Angiv præcis ét område (én Feature), ikke en samling af flere.")
        geojson = features[0]
    if geojson.get("type") == "Feature":
        geojson = geojson.get("geometry") or {}
    return geojson


def validate_polygon(geojson):
    """A shapely (Multi)Polygon from GeoJSON, valid and inside Denmark, else AreaError."""
    from shapely.errors import ShapelyError
    from shapely.geometry import shape

    geometry = _geometry_of(geojson)
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if kind not in ("Polygon", "MultiPolygon"):
        raise AreaError(
            f"Området skal være en polygon (Polygon eller MultiPolygon), ikke {kind or 'intet'}."
        )
    try:
        polygon = shape(geometry)
    except (ValueError, TypeError, IndexError, KeyError, AttributeError, ShapelyError):
        raise AreaError(
            "Polygonens koordinater kan ikke læses; hver ring skal have mindst fire punkter "
            "[længdegrad, breddegrad], hvor det sidste er lig det første."
        ) from None
    if polygon.is_empty:
        raise AreaError("Polygonen er tom.")
    _check_in_denmark(polygon.bounds)
    if not polygon.is_valid:
        raise AreaError(f"Polygonen er ugyldig: {_validity_reason(polygon)}.")
    if polygon.area == 0:
        raise AreaError("Polygonen har intet areal.")
    return polygon


def _check_in_denmark(bounds):
    min_lon, min_lat, max_lon, max_lat = bounds
    if max(abs(v) for v in bounds) > 1000:
        raise AreaError(
            "Koordinaterne ser ud til at være i meter (fx UTM, EPSG:25832). Gem filen i "
            "WGS84 (EPSG:4326) med længde- og breddegrad i grader."
        )
    if in_denmark(min_lat, min_lon) and in_denmark(max_lat, max_lon):
        return
    if in_denmark(min_lon, min_lat) and in_denmark(max_lon, max_lat):
        raise AreaError(
            "Koordinaterne står i rækkefølgen bredde, længde. I GeoJSON skal længdegraden "
            "stå først: [længdegrad, breddegrad]."
        )
    raise AreaError("Området ligger helt eller delvist uden for Danmark.")


def _validity_reason(polygon) -> str:
    from shapely.validation import explain_validity

    reason = explain_validity(polygon)
    match = re.match(r"(.*?)\[(-?[\d.]+) (-?[\d.]+)\]", reason)
    if not match:
        return "formen kan ikke bruges"
    reason = match.group(1).strip()
    text = next(
        (da for en, da in _VALIDITY_REASONS.items() if reason.startswith(en)),
        "formen kan ikke bruges",
    )
    lon, lat = float(match.group(2)), float(match.group(3))
    return f"{text} (ved {_danish_number(lat)}, {_danish_number(lon)})"


def _area_row(db, name: str, polygon, kind: str, source: str, slug: str = "", sort_order=None):
    from shapely.geometry import mapping

    name = " ".join((name or "").split())
    if not name:
        raise AreaError("Området skal have et navn.")
    if kind not in AREA_KINDS:
        raise AreaError(f"Ukendt slags område: {kind!r} (brug {', '.join(AREA_KINDS)}).")
    slug = slugify(slug or name)
    if db.execute("SELECT 1 FROM areas WHERE slug = ? OR name = ?", [slug, name]).fetchone():
        raise AreaError(f"Der findes allerede et område med navnet »{name}«.")
    if sort_order is None:
        sort_order = db.execute("SELECT coalesce(max(sort_order), 0) + 1 FROM areas").fetchone()[0]
    if not isinstance(sort_order, int) or isinstance(sort_order, bool):
        raise AreaError("sort_order skal være et helt tal.")
    return {
        "slug": slug, "name": name, "kind": kind, "source": source or "",
        "geometry": json.dumps(mapping(polygon)), "sort_order": sort_order,
        "created_at": now(),
    }  # fmt: skip


def add_area(db, name: str, geojson, kind: str = "custom", source: str = "") -> int:
    """Add one area from a GeoJSON geometry or Feature and assign every entry to it.

    Returns the new area's id; bad input raises AreaError and changes nothing.
    """
    polygon = validate_polygon(geojson)
    with _transaction(db):
        area_id = db["areas"].insert(_area_row(db, name, polygon, kind, source)).last_pk
        assign_areas(db)
    return area_id


def load_areas(db, path, kind: str | None = None, source: str | None = None) -> list[int]:
    """Add every feature of a GeoJSON file as an area (all or nothing).

    Each feature needs a `name` (or `navn`); `slug`, `kind`, `source` and
    `sort_order` properties are used when present, `kind` and `source`
    arguments override them. Returns the new ids.
    """
    features = _read_features(path)
    with _transaction(db):
        ids = []
        for number, feature in enumerate(features, start=1):
            try:
                if not isinstance(feature, dict):
                    raise AreaError("hvert område skal være et GeoJSON-objekt (Feature).")
                polygon = validate_polygon(feature)
                props = feature.get("properties") or {}
                if not isinstance(props, dict):
                    raise AreaError("egenskaberne (properties) skal være et objekt.")
                row = _area_row(
                    db, str(props.get("name") or props.get("navn") or ""), polygon,
                    kind or props.get("kind") or "custom",
                    source if source is not None else str(props.get("source") or Path(path).name),
                    str(props.get("slug") or ""), props.get("sort_order"),
                )  # fmt: skip
            except AreaError as error:
                raise AreaError(f"Område nr. {number} i filen: {error}") from None
            ids.append(db["areas"].insert(row).last_pk)
        assign_areas(db)
    return ids


def _read_features(path) -> list[dict]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except OSError:
        raise AreaError(f"Filen {Path(path).name} kan ikke åbnes.") from None
    except ValueError:
        raise AreaError("Filen er ikke gyldig GeoJSON (kunne ikke læses som JSON).") from None
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        features = data.get("features") or []
    elif isinstance(data, dict) and data.get("type") == "Feature":
        features = [data]
    else:
        raise AreaError("Filen skal være en GeoJSON FeatureCollection eller Feature.")
    if not features:
        raise AreaError("Filen indeholder ingen områder.")
    return features


def load_default_areas(db) -> list[int]:
    """Load geodata/areas.geojson if there are no areas yet; [] if there were."""
    if db.execute("SELECT count(*) FROM areas").fetchone()[0]:
        return []
    return load_areas(db, DEFAULT_AREAS)


def delete_area(db, slug: str):
    """Remove an area; its links go with it (ON DELETE CASCADE)."""
    with _transaction(db):
        if not db.execute("DELETE FROM areas WHERE slug = ?", [slug]).rowcount:
            raise AreaError("Området findes ikke.")


def after_area_change(db, index):
    """Areas changed the entries' area labels and facets: mark the catalogue changed, reindex.

    add_area and delete_area have already reassigned the entries; this makes
    the change visible (catalogue version, search facets) at once.
    """
    with _transaction(db):
        bump_version(db)
    index.rebuild(db)


def inside_counts(db) -> dict[int, int]:
    """{area id: number of associations inside it}; areas with none are absent."""
    return dict(
        db.execute(
            "SELECT area_id, count(*) FROM association_areas WHERE relation = 'inside' "
            "GROUP BY area_id"
        ).fetchall()
    )


def list_areas(db) -> list[dict]:
    """Areas in display order, without their geometry."""
    return list(
        db.query("SELECT id, slug, name, kind, source, sort_order FROM areas "
                 "ORDER BY sort_order, name")
    )  # fmt: skip


def home_area(db) -> dict | None:
    """The district itself: the area with the lowest sort_order (Aalborg Øst by default)."""
    rows = list(db.query("SELECT id, slug, name, kind FROM areas ORDER BY sort_order, id LIMIT 1"))
    return rows[0] if rows else None


def relation_label(relation: str | None) -> str:
    """'inside' -> 'i bydelen', 'near' -> 'tæt på', anything else (elsewhere) -> ''."""
    return RELATION_LABELS.get(relation or "", "")


# Areas: assignment -------------------------------------------------------------------


def assign_venue_areas(db, venue_ids=None) -> set[int] | None:
    """Recompute which areas the venues (None = all) lie in or near.

    Also refreshes the associations meeting at those venues. Returns their
    ids (None when everything was recomputed) so the caller can re-index them.
    """
    with _transaction(db):
        _assign_venues(db, venue_ids)
        affected = None if venue_ids is None else set(_associations_at(db, venue_ids))
        _refresh_associations(db, affected)
    return affected


def assign_areas(db, association_ids=None) -> set[int] | None:
    """Recompute areas for associations (None = all) from their venues' coordinates.

    An association's points are its venues and its activities' venues. Other
    associations sharing those venues are refreshed too; returns every
    association id refreshed (None when all were).
    """
    with _transaction(db):
        if association_ids is None:
            _assign_venues(db, None)
            _refresh_associations(db, None)
            return None
        venue_ids = _venues_of(db, association_ids)
        _assign_venues(db, venue_ids)
        affected = set(association_ids) | set(_associations_at(db, venue_ids))
        _refresh_associations(db, affected)
    return affected


_LINKS = (
    "SELECT association_id, venue_id FROM association_venues "
    "UNION SELECT association_id, venue_id FROM activities WHERE venue_id IS NOT NULL"
)


def _venues_of(db, association_ids) -> list[int]:
    where, params = _in_ids("association_id", association_ids)
    sql = f"SELECT DISTINCT venue_id FROM ({_LINKS}) {where}"
    return [row[0] for row in db.execute(sql, params).fetchall()]


def _associations_at(db, venue_ids) -> list[int]:
    where, params = _in_ids("venue_id", venue_ids)
    sql = f"SELECT DISTINCT association_id FROM ({_LINKS}) {where}"
    return [row[0] for row in db.execute(sql, params).fetchall()]


def _assign_venues(db, venue_ids):
    where, params = _in_ids("id", venue_ids)
    venues = db.execute(f"SELECT id, latitude, longitude FROM venues {where}", params).fetchall()
    placed = [(i, lat, lon) for i, lat, lon in venues if is_valid_point(lat, lon)]
    rows = classify_points(area_shapes(db), placed)
    db.execute(f"DELETE FROM venue_areas {_in_ids('venue_id', venue_ids)[0]}", params)
    db["venue_areas"].insert_all(
        {"venue_id": venue_id, "area_id": area_id, "relation": relation}
        for venue_id, area_id, relation in rows
    )


def _refresh_associations(db, association_ids):
    """Derive association_areas from venue_areas: the closest relation per area wins."""
    where, params = _in_ids("association_id", association_ids)
    db.execute(f"DELETE FROM association_areas {where}", params)
    # 'inside' < 'near' alphabetically, so MIN() picks inside when both occur.
    db.execute(
        "INSERT INTO association_areas (association_id, area_id, relation) "
        f"SELECT l.association_id, va.area_id, MIN(va.relation) FROM ({_LINKS}) l "
        f"JOIN venue_areas va ON va.venue_id = l.venue_id {where.replace('WHERE ', 'WHERE l.')} "
        "GROUP BY l.association_id, va.area_id",
        params,
    )


def area_shapes(db) -> list[tuple[int, dict]]:
    """(area id, GeoJSON geometry) for every area."""
    return [(i, json.loads(g)) for i, g in db.execute("SELECT id, geometry FROM areas").fetchall()]


def classify_points(areas, points) -> list[tuple[int, int, str]]:
    """Spatial join of points with areas, done with geopandas in EPSG:25832.

    `areas` is [(area_id, GeoJSON geometry)], `points` is [(key, lat, lon)].
    Returns (key, area_id, 'inside' | 'near') for every point inside an
    area (its boundary included) or within NEAR_METRES outside it.
    """
    if not areas or not points:
        return []
    import geopandas as gpd
    from shapely.geometry import shape

    area_frame = gpd.GeoDataFrame(
        {"area_id": [a for a, _ in areas]}, geometry=[shape(g) for _, g in areas], crs=WGS84
    ).to_crs(UTM32)
    keys, lats, lons = zip(*points, strict=True)
    point_frame = gpd.GeoDataFrame(
        {"key": keys}, geometry=gpd.points_from_xy(lons, lats), crs=WGS84
    ).to_crs(UTM32)
    within_reach = gpd.sjoin(point_frame, area_frame, predicate="dwithin", distance=NEAR_METRES)
    inside = gpd.sjoin(point_frame, area_frame, predicate="intersects")
    inside_pairs = set(zip(inside["key"], inside["area_id"], strict=True))
    return [
        (int(key), int(area_id), "inside" if (key, area_id) in inside_pairs else "near")
        for key, area_id in zip(within_reach["key"], within_reach["area_id"], strict=True)
    ]


def _links(db, table: str, key: str, ids) -> dict[int, list[dict]]:
    where, params = _in_ids(f"l.{key}", ids)
    grouped: dict[int, list[dict]] = {}
    for row in db.query(
        f"SELECT l.{key} AS owner, a.slug, a.name, a.kind, l.relation FROM {table} l "
        f"JOIN areas a ON a.id = l.area_id {where} ORDER BY a.sort_order, a.name",
        params,
    ):
        owner = row.pop("owner")
        grouped.setdefault(owner, []).append(row)
    return grouped


def association_area_links(db, association_ids=None) -> dict[int, list[dict]]:
    """{association id: [{slug, name, kind, relation}]} for the search facet and the API."""
    return _links(db, "association_areas", "association_id", association_ids)


def venue_area_links(db, venue_ids=None) -> dict[int, list[dict]]:
    """{venue id: [{slug, name, kind, relation}]}."""
    return _links(db, "venue_areas", "venue_id", venue_ids)


def home_relations(db, association_ids=None) -> dict[int, str]:
    """{association id: 'inside' | 'near'} relative to the district; absent = elsewhere."""
    home = home_area(db)
    if home is None:
        return {}
    links = association_area_links(db, association_ids)
    return {
        owner: link["relation"]
        for owner, rows in links.items()
        for link in rows
        if link["slug"] == home["slug"]
    }


# Geocoding ---------------------------------------------------------------------------

GAZETTEER_COLUMNS = ["name", "address", "postcode", "lat", "lon", "kind", "source"]
_SPELLINGS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
# A Danish postcode at the end: after a comma ("…, 9220" or "…, 9220 Aalborg Øst"),
# or after a space when a town name follows ("… 2A 9220 Aalborg Øst").
_POSTCODE_TAIL = re.compile(r"(?:,\s*([1-9]\d{3})(?:\s+[^\d,]*)?|\s([1-9]\d{3})\s+[^\d,]+)\s*$")
_HOUSE_NUMBER = re.compile(r"\b(\d+) ([a-z])\b")
_NAME_HEAD = re.compile(r"\s+(?:-|–|\()\s*")
MAX_QUERY_LENGTH = 300


class Match(NamedTuple):
    lat: float
    lon: float
    matched_name: str


class Place(NamedTuple):
    name: str
    address: str
    postcode: str
    lat: float
    lon: float
    kind: str
    source: str


def normalize(text: str) -> str:
    """A spelling-tolerant key: 'Tornhøj', 'tornhoej', 'TORNHOJ' -> 'tornhoj'.

    æ/ø/å may be written ae/oe/aa or a/o; accents and punctuation are dropped;
    a house-number letter is joined to its number ('2 A' -> '2a').
    """
    text = unicodedata.normalize("NFKC", text).casefold().translate(_SPELLINGS)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    for written, key in (("aa", "a"), ("ae", "a"), ("oe", "o")):
        text = text.replace(written, key)
    text = " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())
    return _HOUSE_NUMBER.sub(r"\1\2", text)


def split_postcode(text: str) -> tuple[str, str]:
    """'Sebbersundvej 2A, 9220 Aalborg Øst' -> ('Sebbersundvej 2A', '9220')."""
    match = _POSTCODE_TAIL.search(text)
    if not match:
        return text.strip(" ,"), ""
    return text[: match.start()].strip(" ,"), match.group(1) or match.group(2)


def _looks_like_address(key: str) -> bool:
    return bool(re.search(r"[a-z] \d+[a-z]?$", key))


class Gazetteer:
    """Named places and street addresses with coordinates, matched tolerantly."""

    def __init__(self, places=(), problems=()):
        self.places: list[Place] = []
        self.problems: list[str] = list(problems)
        self._exact: dict[str, list[Place]] = {}
        self._heads: dict[str, list[Place]] = {}
        for place in places:
            self.add(place)

    @classmethod
    def from_csv(cls, path, *extra_paths) -> "Gazetteer":
        """The gazetteer from CSV files; later files (editors' own) take precedence.

        A missing extra file is skipped; rows that cannot be used are skipped
        and described in `problems`.
        """
        gazetteer = cls()
        for csv_path in reversed([path, *extra_paths]):
            if csv_path == path or Path(csv_path).exists():
                places, problems = read_gazetteer_csv(csv_path)
                gazetteer.problems.extend(problems)
                for place in places:
                    gazetteer.add(place)
        return gazetteer

    def add(self, place: Place):
        """Add a place; a place added earlier wins a tie with one added later."""
        self.places.append(place)
        keys = {normalize(place.name)} | {self._address_key(place.address)}
        for key in keys - {""}:
            self._exact.setdefault(key, []).append(place)
        head = normalize(_NAME_HEAD.split(place.name, maxsplit=1)[0])
        if len(head) >= 3 and head not in keys:
            self._heads.setdefault(head, []).append(place)

    @staticmethod
    def _address_key(address: str) -> str:
        return normalize(split_postcode(address.split(",")[0] if address else "")[0])

    def geocode(self, text: str, postcode: str | None = None) -> Match | None:
        """(lat, lon, matched_name) for a place name or address, or None.

        Tries the whole text, then each comma-separated part, first against
        full names and addresses, then against the leading part of a name
        ('Trekanten' for 'Trekanten - Bibliotek og Kulturhus'). A postcode,
        given or written in the text, must agree with the place's.
        """
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_QUERY_LENGTH:
            return None
        text, written_postcode = split_postcode(text)
        postcode = str(postcode or "").strip() or written_postcode
        candidates = [normalize(text)] + [normalize(part) for part in text.split(",")]
        candidates = [c for c in dict.fromkeys(candidates) if c]
        for index in (self._exact, self._heads):
            for key in candidates:
                place = self._best(index.get(key, []), postcode, address=_looks_like_address(key))
                if place:
                    return Match(place.lat, place.lon, place.name or place.address)
        return None

    @staticmethod
    def _best(places, postcode: str, address: bool) -> Place | None:
        fitting = [p for p in places if not (postcode and p.postcode and p.postcode != postcode)]
        if address:  # a house number never lands on a bus stop named after the street
            fitting = [p for p in fitting if p.kind != "bus_stop"]
        # Bus stops are only where a place is reached, so real places win.
        fitting.sort(key=lambda p: p.kind == "bus_stop")
        return fitting[0] if fitting else None


def read_gazetteer_csv(path) -> tuple[list[Place], list[str]]:
    """Places from a gazetteer CSV (comma or semicolon separated), and problems found.

    Coordinates may use a decimal comma. Rows without a name or address, or
    with coordinates outside Denmark, are reported and skipped.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return [], [f"{path.name}: filen kan ikke læses (skal være UTF-8 CSV)."]
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(text.splitlines(), delimiter=delimiter)
    missing = {"name", "lat", "lon"} - set(reader.fieldnames or [])
    if missing:
        return [], [f"{path.name}: mangler kolonnerne {', '.join(sorted(missing))}."]
    places, problems = [], []
    for line, row in enumerate(reader, start=2):
        try:
            places.append(_place_from_row(row))
        except GeoError as error:
            problems.append(f"{path.name}, linje {line}: {error}")
    return places, problems


def _place_from_row(row: dict) -> Place:
    def cell(column):
        return " ".join((row.get(column) or "").split())

    if not (cell("name") or cell("address")):
        raise GeoError("rækken mangler både navn og adresse.")
    lat, lon = validate_point(cell("lat"), cell("lon"))
    address, written_postcode = split_postcode(cell("address"))
    return Place(
        cell("name"), address, cell("postcode") or written_postcode, lat, lon,
        cell("kind"), cell("source"),
    )  # fmt: skip


def _mtime(path: Path) -> float:
    return path.stat().st_mtime if path.exists() else 0.0


@functools.lru_cache(maxsize=4)
def _cached_gazetteer(paths: tuple[str, ...], mtimes: tuple[float, ...]) -> Gazetteer:
    return Gazetteer.from_csv(*paths)


def load_gazetteer(data_dir=None) -> Gazetteer:
    """The shipped gazetteer plus DATA_DIR/gazetteer.csv if editors made one.

    Cached until one of the files changes.
    """
    paths = [DEFAULT_GAZETTEER]
    if data_dir is not None:
        paths.append(Path(data_dir) / EDITOR_GAZETTEER_NAME)
    return _cached_gazetteer(tuple(map(str, paths)), tuple(_mtime(p) for p in paths))


def geocode(db, gazetteer: Gazetteer, text: str, postcode=None, online_lookup=None):
    """Gazetteer first; then, only if an online lookup is configured, the cached service.

    `online_lookup(text) -> (lat, lon, name) | None` wraps an external
    address service; the default (None) keeps everything offline. Returns
    (Match, status) with status 'gazetteer' or 'online', or (None, 'failed').
    """
    match = gazetteer.geocode(text, postcode)
    if match:
        return match, "gazetteer"
    if online_lookup is not None and isinstance(text, str) and text.strip():
        query = " ".join(filter(None, [text.strip(), str(postcode or "").strip()]))
        match = cached_online_geocode(db, query, online_lookup)
        if match:
            return match, "online"
    return None, "failed"


def cached_online_geocode(db, query: str, online_lookup) -> Match | None:
    """Ask the external service once per query; answers (misses too) are cached."""
    key = normalize(query)
    row = db.execute(
        "SELECT latitude, longitude, matched_name FROM geocode_cache WHERE query = ?", [key]
    ).fetchone()
    if row is None:
        try:
            found = online_lookup(query)
        except (OSError, ValueError):
            return None  # service down or answering nonsense: not cached, tried again next time
        if found and not is_valid_point(found[0], found[1]):
            found = None
        row = (found[0], found[1], found[2]) if found else (None, None, "")
        with _transaction(db):
            db["geocode_cache"].upsert(
                {"query": key, "latitude": row[0], "longitude": row[1],
                 "matched_name": row[2], "fetched_at": now()},
                pk="query",
            )  # fmt: skip
    return Match(*row) if row[0] is not None else None


def geocode_venues(db, gazetteer: Gazetteer, venue_ids=None, force=False, online_lookup=None):
    """Place venues (None = all) that have no coordinates, then assign their areas.

    The address is tried first, then the venue's name. Venues that cannot be
    placed get status 'failed' and no coordinates: they are still listed
    everywhere, flagged for editors and left off the map. With `force`, venues
    placed before are placed again, except those an editor placed by hand.
    Returns the ids of the associations whose areas were refreshed.
    """
    where, params = _in_ids("id", venue_ids)
    with _transaction(db):
        venues = list(db.query(f"SELECT * FROM venues {where}", params))
        for venue in venues:
            _place_venue(db, gazetteer, venue, force, online_lookup)
        return assign_venue_areas(db, [v["id"] for v in venues])


def _place_venue(db, gazetteer, venue: dict, force: bool, online_lookup):
    status = venue["geocode_status"]
    has_point = is_valid_point(venue["latitude"], venue["longitude"])
    if has_point and not status:  # given by a person (form or import), not by us
        db["venues"].update(venue["id"], {"geocode_status": "manual"})
        return
    if status == "manual" or (has_point and not force):
        return
    match, status = None, "failed"
    for text in (venue["address"], venue["name"]):
        if text and match is None:
            match, status = geocode(db, gazetteer, text, venue["postcode"], online_lookup)
    db["venues"].update(
        venue["id"],
        {
            "latitude": match.lat if match else None,
            "longitude": match.lon if match else None,
            "geocode_status": status,
            "geocode_note": match.matched_name if match else "",
        },
    )


def unplaced_venues(db) -> list[dict]:
    """Venues without usable coordinates, for the editors' to-do list."""
    return [
        venue
        for venue in db.query("SELECT * FROM venues ORDER BY name COLLATE NOCASE")
        if not is_valid_point(venue["latitude"], venue["longitude"])
    ]
