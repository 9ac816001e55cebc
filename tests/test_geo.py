import json
import math
import subprocess
import sys

import pytest
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import Point, mapping, shape
from shapely.ops import nearest_points

from directory import catalogue, geo, migrations
from directory.db import connect, write_transaction

TREKANTEN = (57.0276469, 10.0008729)  # Sebbersundvej 2A, 9220 Aalborg Øst (gazetteer row)
CENTRAL_AALBORG = (57.0488, 9.9217)  # by Nytorv, postcode 9000

to_utm = Transformer.from_crs("EPSG:4326", "EPSG:25832", always_xy=True)
to_wgs = Transformer.from_crs("EPSG:25832", "EPSG:4326", always_xy=True)


@pytest.fixture
def db(tmp_path):
    """A real, migrated database; geo needs no Flask app."""
    database = connect(tmp_path / "directory.db")
    migrations.migrate(database)
    yield database
    database.conn.close()


@pytest.fixture(scope="module")
def gazetteer():
    return geo.Gazetteer.from_csv(geo.DEFAULT_GAZETTEER)


@pytest.fixture
def areas_db(db):
    geo.load_default_areas(db)
    return db


def district_utm():
    """The shipped 9220 polygon in EPSG:25832."""
    with open(geo.DEFAULT_AREAS, encoding="utf-8") as file:
        features = json.load(file)["features"]
    polygon = shape(next(f for f in features if f["properties"]["kind"] == "postcode")["geometry"])
    return shapely.transform(polygon, to_utm.transform, interleaved=False)


def outside_district(metres: float) -> tuple[float, float]:
    """(lat, lon) `metres` outside 9220, measured from the boundary towards central Aalborg."""
    district = district_utm()
    target = Point(to_utm.transform(CENTRAL_AALBORG[1], CENTRAL_AALBORG[0]))
    edge = nearest_points(district.boundary, target)[0]
    step = metres / edge.distance(target)
    x = edge.x + (target.x - edge.x) * step
    y = edge.y + (target.y - edge.y) * step
    assert not district.contains(Point(x, y))
    assert district.distance(Point(x, y)) == pytest.approx(metres, abs=1)
    lon, lat = to_wgs.transform(x, y)
    return lat, lon


def slugs(links):
    return {link["slug"] for link in links}


def add_venue(db, name, lat=None, lon=None, **fields):
    with write_transaction(db):
        return catalogue.save_venue(db, {"name": name, "latitude": lat, "longitude": lon, **fields})


# Gazetteer -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Sebbersundvej 2A", "Trekanten - Bibliotek og Kulturhus"),
        ("Sebbersundvej 2 A", "Trekanten - Bibliotek og Kulturhus"),
        ("sebbersundvej 2a", "Trekanten - Bibliotek og Kulturhus"),
        ("  SEBBERSUNDVEJ   2A  ", "Trekanten - Bibliotek og Kulturhus"),
        ("Sebbersundvej 2A, 9220 Aalborg Øst", "Trekanten - Bibliotek og Kulturhus"),
        ("Sebbersundvej 2A 9220 Aalborg Ø", "Trekanten - Bibliotek og Kulturhus"),
        ("Sebbersundvej 2A, 9220", "Trekanten - Bibliotek og Kulturhus"),
        ("Trekanten, Sebbersundvej 2A", "Trekanten - Bibliotek og Kulturhus"),
        ("Trekanten", "Trekanten - Bibliotek og Kulturhus"),  # the place, not the bus stop
        ("trekanten - bibliotek og kulturhus", "Trekanten - Bibliotek og Kulturhus"),
        ("Brandevej 5, 9220 Aalborg Ø", "Aalborg Universitetshospital, Brandevej"),
        ("Tornhøjhave", "Tornhøjhave"),
        ("tornhoejhave", "Tornhøjhave"),
        ("Tornhojhave", "Tornhøjhave"),
        ("Tornhöjhave", "Tornhøjhave"),
        ("Faaborgvej vest", "Fåborgvej vest"),
        ("Faborgvej Vest", "Fåborgvej vest"),
        ("Nr Tranders Gadekaer", "Nr. Tranders Gadekær (Lemvigvej / Aalborg)"),
        ("Tornhøjparken", "Tornhøjparken (Tornhøjvej / Aalborg)"),
    ],
)
def test_gazetteer_matches_tolerantly(gazetteer, text, expected):
    match = gazetteer.geocode(text)
    assert match is not None and match.matched_name == expected
    geo.validate_point(match.lat, match.lon)


@pytest.mark.parametrize(
    "text, postcode",
    [
        ("Sebbersundvej 3", None),  # a street with a bus stop, but no such house
        ("Sebbersundvej 2B", None),
        ("Sebbersundvej 2A, 9000 Aalborg", None),  # postcode disagrees
        ("Sebbersundvej 2A", "9000"),
        ("Tornhøjhallen", None),  # the sources give no coordinates for it
        ("Fakevej 1, 9220 Aalborg Øst", None),
        ("", None),
        ("   ", None),
        ("x" * 400, None),
        (None, None),
    ],
)
def test_gazetteer_misses(gazetteer, text, postcode):
    assert gazetteer.geocode(text, postcode) is None


def test_a_place_beats_a_bus_stop_whatever_the_order(gazetteer):
    trekanten = [p for p in gazetteer.places if p.name.startswith("Trekanten")]
    assert sorted(p.kind for p in trekanten) == ["bus_stop", "library"]
    for places in (trekanten, trekanten[::-1]):
        assert geo.Gazetteer(places).geocode("Trekanten").matched_name.endswith("Kulturhus")


def test_shipped_gazetteer_is_clean(gazetteer):
    assert gazetteer.problems == []
    assert len(gazetteer.places) >= 70
    assert all(geo.is_valid_point(p.lat, p.lon) for p in gazetteer.places)


def test_editor_csv_extends_and_wins_and_bad_rows_are_reported(tmp_path):
    editor_csv = tmp_path / "gazetteer.csv"
    editor_csv.write_text(
        "name;address;postcode;lat;lon;kind;source\n"
        "Testhuset;Sebbersundvej 2 A;9220;57,0300;10,0100;place;test\n"
        "Nulpunktet;;;0;0;place;test\n"
        ";;;57,03;10,01;place;test\n"
        "Paris;;;48,85;2,35;place;test\n",
        encoding="utf-8",
    )
    gazetteer = geo.Gazetteer.from_csv(geo.DEFAULT_GAZETTEER, editor_csv)
    assert gazetteer.geocode("Sebbersundvej 2A") == (57.03, 10.01, "Testhuset")
    assert gazetteer.geocode("Testhuset").matched_name == "Testhuset"
    assert gazetteer.geocode("Nulpunktet") is None
    assert [p.split(":")[0] for p in gazetteer.problems] == [
        "gazetteer.csv, linje 3", "gazetteer.csv, linje 4", "gazetteer.csv, linje 5",
    ]  # fmt: skip
    assert "0, 0 er ikke et sted" in gazetteer.problems[0]
    assert "uden for Danmark" in gazetteer.problems[2]


def test_missing_editor_csv_is_fine(tmp_path):
    gazetteer = geo.load_gazetteer(tmp_path)
    assert gazetteer.problems == [] and gazetteer.geocode("Trekanten")


# Coordinates -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "lat, lon, expected",
    [
        (57.0276, 10.0009, (57.0276, 10.0009)),
        ("57,0276", " 10,0009 ", (57.0276, 10.0009)),
        ("55.1", "14.9", (55.1, 14.9)),  # Bornholm
    ],
)
def test_good_coordinates_pass(lat, lon, expected):
    assert geo.validate_point(lat, lon) == expected


@pytest.mark.parametrize(
    "lat, lon, message",
    [
        (0, 0, "0, 0 er ikke et sted i Danmark"),
        ("0", "0.0", "0, 0 er ikke et sted i Danmark"),
        (10.0009, 57.0276, "byttet om"),
        (48.8566, 2.3522, "uden for Danmark"),  # Paris
        (64.18, -51.72, "uden for Danmark"),  # Nuuk
        (91, 10, "breddegrad 91 ligger uden for Danmark"),
        (57, 200, "længdegrad 200 ligger uden for Danmark"),
        ("abc", 10, "'abc' er ikke et tal"),
        (None, 10, "angiv både breddegrad og længdegrad"),
        (None, None, "angiv både breddegrad og længdegrad"),
        (float("nan"), 10, "er ikke et tal"),
    ],
)
def test_bad_coordinates_are_rejected_with_a_clear_message(lat, lon, message):
    with pytest.raises(geo.CoordinateError, match=message):
        geo.validate_point(lat, lon)


# Areas -----------------------------------------------------------------------------


def test_default_areas_load_once(db):
    ids = geo.load_default_areas(db)
    assert len(ids) == 9
    assert geo.load_default_areas(db) == []
    areas = geo.list_areas(db)
    assert areas[0]["name"] == "Aalborg Øst (9220)" and areas[0]["kind"] == "postcode"
    assert {a["kind"] for a in areas[1:]} == {"parish"}
    assert geo.home_area(db)["slug"] == "aalborg-oest-9220"


@pytest.mark.parametrize(
    "where, relation",
    [
        (lambda: TREKANTEN, "inside"),
        (lambda: outside_district(500), "near"),
        (lambda: outside_district(990), "near"),
        (lambda: outside_district(1010), None),
        (lambda: CENTRAL_AALBORG, None),
    ],
)
def test_venue_relation_to_the_district(areas_db, where, relation):
    lat, lon = where()
    venue_id = add_venue(areas_db, "Sted", lat, lon)
    geo.assign_venue_areas(areas_db, [venue_id])
    links = geo.venue_area_links(areas_db, [venue_id]).get(venue_id, [])
    found = {link["slug"]: link["relation"] for link in links}
    assert found.get("aalborg-oest-9220") == relation


def test_a_point_on_the_boundary_is_inside(areas_db):
    features = json.loads(geo.DEFAULT_AREAS.read_text(encoding="utf-8"))["features"]
    lon, lat = features[0]["geometry"]["coordinates"][0][0][5]  # a vertex of the 9220 polygon
    venue_id = add_venue(areas_db, "Skel", lat, lon)
    geo.assign_venue_areas(areas_db, [venue_id])
    assert geo.venue_area_links(areas_db)[venue_id][0]["relation"] == "inside"


def test_central_aalborg_is_more_than_a_kilometre_away():
    lat, lon = CENTRAL_AALBORG
    assert district_utm().distance(Point(to_utm.transform(lon, lat))) > 1000


def test_trekanten_lies_in_a_parish_too(areas_db):
    venue_id = add_venue(areas_db, "Trekanten", *TREKANTEN)
    geo.assign_venue_areas(areas_db)
    links = geo.venue_area_links(areas_db)[venue_id]
    inside = {link["slug"] for link in links if link["relation"] == "inside"}
    assert inside == {"aalborg-oest-9220", "sogn-noerre-tranders"}


def test_associations_take_the_closest_relation_of_their_venues(areas_db):
    inside = add_venue(areas_db, "Trekanten", *TREKANTEN)
    near = add_venue(areas_db, "Lige udenfor", *outside_district(500))
    far = add_venue(areas_db, "Byen", *CENTRAL_AALBORG)
    unplaced = add_venue(areas_db, "Ukendt")
    activity = {"title": "Træning", "venue_id": inside}
    both = catalogue.save_association(areas_db, {"name": "Begge", "venue_ids": [near],
                                                 "activities": [activity]})  # fmt: skip
    only_near = catalogue.save_association(areas_db, {"name": "Nær", "venue_ids": [near]})
    elsewhere = catalogue.save_association(areas_db, {"name": "By", "venue_ids": [far, unplaced]})
    assert geo.assign_areas(areas_db) is None
    assert geo.home_relations(areas_db) == {both: "inside", only_near: "near"}
    # central Aalborg is near a parish that reaches into town, but not near the district
    assert "aalborg-oest-9220" not in slugs(geo.association_area_links(areas_db)[elsewhere])
    assert geo.relation_label(geo.home_relations(areas_db).get(elsewhere)) == ""


def test_moving_a_venue_refreshes_the_associations_meeting_there(areas_db):
    venue_id = add_venue(areas_db, "Flytter", *CENTRAL_AALBORG)
    association_id = catalogue.save_association(areas_db, {"name": "K", "venue_ids": [venue_id]})
    assert geo.assign_areas(areas_db, [association_id]) == {association_id}
    assert geo.home_relations(areas_db) == {}
    areas_db["venues"].update(venue_id, {"latitude": TREKANTEN[0], "longitude": TREKANTEN[1]})
    assert geo.assign_venue_areas(areas_db, [venue_id]) == {association_id}
    assert geo.home_relations(areas_db) == {association_id: "inside"}


def test_bad_stored_coordinates_are_not_assigned_but_listed_for_editors(areas_db):
    venue_id = add_venue(areas_db, "Nul", 0, 0)
    geo.assign_venue_areas(areas_db)
    assert geo.venue_area_links(areas_db) == {}
    assert [v["id"] for v in geo.unplaced_venues(areas_db)] == [venue_id]


@pytest.mark.parametrize(
    "label_of, expected", [("inside", "i bydelen"), ("near", "tæt på"), (None, ""), ("", "")]
)
def test_relation_labels(label_of, expected):
    assert geo.relation_label(label_of) == expected


def square_around(lat, lon, metres=150):
    x, y = to_utm.transform(lon, lat)
    corners = [(x - metres, y - metres), (x + metres, y - metres), (x + metres, y + metres),
               (x - metres, y + metres), (x - metres, y - metres)]  # fmt: skip
    return {"type": "Polygon", "coordinates": [[list(to_wgs.transform(*c)) for c in corners]]}


def test_custom_area_from_geojson_assigns_entries(areas_db):
    venue_id = add_venue(areas_db, "Trekanten", *TREKANTEN)
    feature = {"type": "Feature", "properties": {}, "geometry": square_around(*TREKANTEN)}
    area_id = geo.add_area(areas_db, "Tornhøj", json.dumps(feature), source="tegnet af redaktør")
    area = areas_db["areas"].get(area_id)
    assert (area["slug"], area["kind"]) == ("tornhoej", "custom")
    assert area["source"] == "tegnet af redaktør"
    assert {"slug": "tornhoej", "name": "Tornhøj", "kind": "custom", "relation": "inside"} in (
        geo.venue_area_links(areas_db)[venue_id]
    )
    with pytest.raises(geo.AreaError, match="findes allerede"):
        geo.add_area(areas_db, "Tornhøj", feature)
    geo.delete_area(areas_db, "tornhoej")
    assert "tornhoej" not in slugs(geo.venue_area_links(areas_db)[venue_id])


SMEDEGAARD = {"type": "Feature", "properties": {"name": "Smedegaard"},
              "geometry": square_around(57.034, 10.005)}  # fmt: skip


@pytest.mark.parametrize(
    "bad, message",
    [
        ({**SMEDEGAARD, "geometry": {"type": "Point", "coordinates": [10.0, 57.0]}},
         "Område nr. 2 i filen: .*polygon"),
        ({**SMEDEGAARD, "properties": {"name": "Sortering", "sort_order": "først"}}, "helt tal"),
        ({**SMEDEGAARD, "properties": {"name": "Sært", "kind": "bydel"}}, "Ukendt slags"),
        ({**SMEDEGAARD, "properties": ["x"]}, "properties"),
        ({**SMEDEGAARD, "properties": {}}, "skal have et navn"),
        ("ikke en feature", "GeoJSON-objekt"),
        (SMEDEGAARD, "findes allerede"),  # the same name twice in one file
    ],
)  # fmt: skip
def test_an_area_file_with_one_bad_feature_loads_nothing(areas_db, tmp_path, bad, message):
    path = tmp_path / "omraader.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [SMEDEGAARD, bad]}))
    with pytest.raises(geo.AreaError, match=message):
        geo.load_areas(areas_db, path)
    assert len(geo.list_areas(areas_db)) == 9


@pytest.mark.parametrize(
    "content, message",
    [(None, "kan ikke åbnes"), ("{", "JSON"), ('{"type": "Polygon"}', "FeatureCollection"),
     ('{"type": "FeatureCollection", "features": []}', "ingen områder")],
)  # fmt: skip
def test_unusable_area_files_are_rejected(areas_db, tmp_path, content, message):
    path = tmp_path / "omraader.geojson"
    if content is not None:
        path.write_text(content)
    with pytest.raises(geo.AreaError, match=message):
        geo.load_areas(areas_db, path)


def test_an_area_file_loads(areas_db, tmp_path):
    path = tmp_path / "omraader.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [SMEDEGAARD]}))
    [area_id] = geo.load_areas(areas_db, path)
    area = areas_db["areas"].get(area_id)
    assert (area["name"], area["kind"], area["source"]) == ("Smedegaard", "custom", path.name)
    assert area["sort_order"] == 9  # after the parishes


BOWTIE = [[[10.0, 57.0], [10.01, 57.01], [10.01, 57.0], [10.0, 57.01], [10.0, 57.0]]]


@pytest.mark.parametrize(
    "geojson, message",
    [
        ({"type": "Polygon", "coordinates": BOWTIE}, "ugyldig: kant.* krydser"),
        ({"type": "Point", "coordinates": [10.0, 57.0]}, "skal være en polygon"),
        ({"type": "Polygon", "coordinates": [[[10.0, 57.0], [10.01, 57.0], [10.0, 57.0]]]},
         "ugyldig: der er for få hjørner"),
        ({"type": "Polygon", "coordinates": [[[10.0, 57.0], [10.01, 57.0]]]},
         "mindst fire punkter"),
        ({"type": "Polygon", "coordinates": "x"}, "kan ikke læses"),
        ({"type": "Polygon"}, "kan ikke læses"),
        ({"type": "Polygon", "coordinates": [[[2.3, 48.8], [2.4, 48.8], [2.4, 48.9], [2.3, 48.8]]]},
         "uden for Danmark"),
        ({"type": "Polygon", "coordinates": [[[57.0, 10.0], [57.01, 10.0], [57.01, 10.01],
                                              [57.0, 10.0]]]}, "længdegraden stå først"),
        ({"type": "Polygon", "coordinates": [[[560000, 6317000], [561000, 6317000],
                                              [561000, 6318000], [560000, 6317000]]]}, "meter"),
        ("{not json", "JSON"),
        ({"type": "FeatureCollection", "features": []}, "præcis ét"),
        ([1, 2], "GeoJSON-objekt"),
    ],
)  # fmt: skip
def test_invalid_polygons_are_rejected_and_change_nothing(areas_db, geojson, message):
    with pytest.raises(geo.AreaError, match=message):
        geo.add_area(areas_db, "Forkert", geojson)
    assert len(geo.list_areas(areas_db)) == 9


@pytest.mark.parametrize("name", ["", "   "])
def test_an_area_needs_a_name(areas_db, name):
    with pytest.raises(geo.AreaError, match="navn"):
        geo.add_area(areas_db, name, square_around(*TREKANTEN))


# Geocoding venues ------------------------------------------------------------------


def test_venues_are_placed_from_the_gazetteer_or_flagged(areas_db, gazetteer):
    placed = add_venue(areas_db, "Biblioteket", address="Sebbersundvej 2 A", postcode="9220")
    by_name = add_venue(areas_db, "Tornhøjhave")
    manual = add_venue(areas_db, "Eget sted", *CENTRAL_AALBORG, address="Sebbersundvej 2A")
    missing = add_venue(areas_db, "Ukendt", address="Fakevej 1", postcode="9220")
    association_id = catalogue.save_association(areas_db, {"name": "K", "venue_ids": [placed]})
    assert geo.geocode_venues(areas_db, gazetteer) == {association_id}
    venues = {v["id"]: v for v in areas_db["venues"].rows}
    assert venues[placed]["geocode_status"] == "gazetteer"
    assert (venues[placed]["latitude"], venues[placed]["longitude"]) == (57.027647, 10.000873)
    assert venues[by_name]["geocode_note"] == "Tornhøjhave"
    assert venues[manual]["geocode_status"] == "manual"
    assert venues[manual]["latitude"] == CENTRAL_AALBORG[0]
    assert venues[missing]["geocode_status"] == "failed" and venues[missing]["latitude"] is None
    assert [v["id"] for v in geo.unplaced_venues(areas_db)] == [missing]
    assert geo.home_relations(areas_db) == {association_id: "inside"}
    geo.geocode_venues(areas_db, gazetteer, [manual], force=True)
    assert areas_db["venues"].get(manual)["latitude"] == CENTRAL_AALBORG[0]


def test_online_geocoder_is_off_by_default(db, gazetteer):
    assert geo.geocode(db, gazetteer, "Fakevej 1, 9220 Aalborg Øst") == (None, "failed")
    assert db["geocode_cache"].count == 0


def test_online_answers_are_checked_and_cached(db, gazetteer):
    """The lookup stands in for the external address service (never called in tests)."""
    asked = []

    def lookup(query):
        asked.append(query)
        return {"Fakevej 1 9220": (57.03, 10.01, "Fakevej 1, 9220 Aalborg Øst")}.get(
            query, (48.85, 2.35, "Paris")
        )

    for _ in range(2):
        match, status = geo.geocode(db, gazetteer, "Fakevej 1", "9220", online_lookup=lookup)
        assert (match, status) == ((57.03, 10.01, "Fakevej 1, 9220 Aalborg Øst"), "online")
        assert geo.geocode(db, gazetteer, "Rue de Rivoli", online_lookup=lookup) == (None, "failed")
    assert asked == ["Fakevej 1 9220", "Rue de Rivoli"]
    assert geo.geocode(db, gazetteer, "Trekanten", online_lookup=lookup)[1] == "gazetteer"


def test_an_unreachable_online_service_is_a_miss_that_is_not_cached(db, gazetteer):
    def offline(query):
        raise OSError("no route to host")

    assert geo.geocode(db, gazetteer, "Fakevej 1", online_lookup=offline) == (None, "failed")
    assert db["geocode_cache"].count == 0


# Distances -------------------------------------------------------------------------


def geodesic_metres(a, b):
    """An independent reference: the distance on the ellipsoid."""
    return Geod(ellps="GRS80").inv(a[1], a[0], b[1], b[0])[2]


@pytest.mark.parametrize("destination", [(57.03, 10.0009), CENTRAL_AALBORG, (55.68, 12.57)])
def test_walking_distance_in_metres(destination):
    # UTM distorts scale by well under 0.1 % across Denmark (Copenhagen is in zone 33)
    expected = geodesic_metres(TREKANTEN, destination)
    assert geo.walking_distance(TREKANTEN, destination) == pytest.approx(expected, rel=1e-3)
    assert geo.walking_distance(TREKANTEN, TREKANTEN) == 0


@pytest.mark.parametrize("metres, minutes", [(0, 1), (75, 1), (76, 2), (1500, 20), (4500, 60)])
def test_walking_minutes_at_four_and_a_half_km_an_hour(metres, minutes):
    assert geo.walking_minutes(metres) == minutes


def points_around_trekanten():
    return [
        {"name": "far", "latitude": CENTRAL_AALBORG[0], "longitude": CENTRAL_AALBORG[1]},
        {"name": "unplaced", "latitude": None, "longitude": None},
        {"name": "zero", "latitude": 0, "longitude": 0},
        {"name": "here", "latitude": TREKANTEN[0], "longitude": TREKANTEN[1]},
        {"name": "near", "latitude": 57.0330, "longitude": 10.0009},
    ]


@pytest.mark.parametrize(
    "radius, expected",
    [
        (None, ["here", "near", "far", "unplaced", "zero"]),
        (1000, ["here", "near"]),
        ("700", ["here", "near"]),
        (500, ["here"]),
        (10_000, ["here", "near", "far"]),
    ],
)
def test_sort_by_distance_with_radius(radius, expected):
    points = points_around_trekanten()
    result = geo.sort_by_distance(points, TREKANTEN, radius)
    assert [p["name"] for p in result] == expected
    assert "distance_m" not in points[0]  # the caller's dicts are left alone
    near = next((p for p in result if p["name"] == "near"), None)
    if near:
        expected = geodesic_metres(TREKANTEN, (57.0330, 10.0009))
        assert near["distance_m"] == pytest.approx(expected, abs=2)
        assert near["walking_minutes"] == math.ceil(near["distance_m"] / 75)


@pytest.mark.parametrize(
    "origin, radius, error",
    [((0, 0), None, "0, 0"), (TREKANTEN, -5, "positivt antal meter"),
     (TREKANTEN, "langt", "positivt antal meter"), (TREKANTEN, "inf", "positivt antal meter")],
)  # fmt: skip
def test_sort_by_distance_rejects_bad_input(origin, radius, error):
    with pytest.raises(geo.GeoError, match=error):
        geo.sort_by_distance(points_around_trekanten(), origin, radius)


# Prepared files and the request path ----------------------------------------------


def test_prepared_areas_are_valid_and_labelled():
    features = json.loads(geo.DEFAULT_AREAS.read_text(encoding="utf-8"))["features"]
    assert [f["properties"]["kind"] for f in features] == ["postcode"] + ["parish"] * 8
    for feature in features:
        assert {"slug", "name", "kind", "source"} <= feature["properties"].keys()
        assert geo.validate_polygon(feature).is_valid
    district = shape(features[0]["geometry"])
    assert district.contains(Point(TREKANTEN[1], TREKANTEN[0]))
    assert mapping(district)["type"] == "MultiPolygon"


def test_importing_geo_does_not_load_the_geodata_stack():
    code = (
        "import sys, directory.geo; "
        "print(sorted({'geopandas', 'shapely', 'pyproj'} & set(sys.modules)))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert output.stdout.strip() == "[]"


SOURCE = geo.GEODATA_DIR.parent.parent / "shared" / "geodata-src"


@pytest.mark.skipif(not SOURCE.exists(), reason="needs ../shared/geodata-src")
def test_committed_geodata_is_what_the_script_makes(tmp_path):
    script = geo.GEODATA_DIR.parent / "scripts" / "prepare_geodata"
    subprocess.run(
        [sys.executable, str(script), "--source", str(SOURCE), "--out", str(tmp_path)],
        capture_output=True, check=True,
    )  # fmt: skip
    for name in ("areas.geojson", "context.geojson", "gazetteer.csv"):
        assert (tmp_path / name).read_bytes() == (geo.GEODATA_DIR / name).read_bytes(), name
