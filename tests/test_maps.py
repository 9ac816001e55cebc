import json
import re
from datetime import datetime

import pytest

from directory import catalogue, geo, maps
from directory.db import write_transaction
from directory.geo import CoordinateError, GeoError

COPENHAGEN = maps.TIMEZONE
# Tuesday 2 September 2025, 15:00 in Aalborg.
TUESDAY_3PM = datetime(2025, 9, 2, 15, 0, tzinfo=COPENHAGEN)

VENUES = {
    "trekanten": ("Trekanten", "Sebbersundvej 2A", 57.027647, 10.000873),
    "bundgaard": ("Bundgaardsparken", "", 57.023552, 9.986208),  # ~1 km west of Trekanten
    "smedegaard": ("Smedegård Beboerhus", "", 57.06000, 10.01000),  # ~3.6 km north
}


@pytest.fixture
def venues(db):
    geo.load_default_areas(db)
    with write_transaction(db):
        return {
            key: catalogue.save_venue(db, {"name": name, "address": address, "postcode": "9220",
                                           "latitude": lat, "longitude": lon})
            for key, (name, address, lat, lon) in VENUES.items()
        }  # fmt: skip


@pytest.fixture
def entries(add, db, venues):
    """Four placed associations, one without a place, one closed; areas assigned."""
    add("Øst Fodboldklub", categories=["sport-og-motion"], target_groups=["boern"],
        venue_ids=[venues["bundgaard"], venues["trekanten"]],
        activities=[{"title": "U10 træning", "weekdays": [1, 3], "start_time": "16:30",
                     "end_time": "18:00", "min_age": 8, "max_age": 10}])  # fmt: skip
    add("Svømmeklubben", categories=["sport-og-motion"], venue_ids=[venues["trekanten"]])
    add("Koret Østlyd", categories=["kultur-og-kreativitet"],
        activities=[{"title": "Korprøve", "weekdays": [2], "start_time": "19:00",
                     "venue_id": venues["smedegaard"]}])  # fmt: skip
    add("Strikkecaféen", categories=["faellesskab-og-samvaer"], venue_ids=[venues["trekanten"]])
    add("Lektiecafé uden sted", categories=["sprog-lektiehjaelp-og-uddannelse"])
    add("Lukket Klub", categories=["sport-og-motion"], status="closed",
        venue_ids=[venues["trekanten"]])  # fmt: skip
    geo.assign_areas(db)


def geojson(client, query=""):
    response = client.get(f"/api/associations.geojson{'?' if query else ''}{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response, json.loads(response.data)


def association_names(collection) -> list[str]:
    return [f["properties"]["name"] for f in collection["features"]
            if "kind" not in f["properties"]]  # fmt: skip


# The GeoJSON endpoint ---------------------------------------------------------------


def test_geojson_is_valid_and_places_associations_at_their_first_venue(client, entries):
    response, collection = geojson(client)
    assert response.mimetype == "application/geo+json"
    assert collection["type"] == "FeatureCollection"
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert geo.in_denmark(lat, lon)
        assert all(len(str(c).split(".")[1]) <= maps.COORDINATE_DECIMALS for c in (lon, lat))
    by_name = {f["properties"]["name"]: f for f in collection["features"]}
    football = by_name["Øst Fodboldklub"]
    assert football["geometry"]["coordinates"] == [9.98621, 57.02355]  # Bundgaardsparken
    assert football["properties"]["slug"] == "oest-fodboldklub"
    assert collection["urls"] == {"association": "/forening/{slug}", "venue": "/sted/{slug}"}
    labels = [collection["categories"][n] for n in football["properties"]["categories"]]
    assert labels == ["Sport og motion"]
    assert football["properties"]["relation"] == "i bydelen"
    assert football["properties"]["next"].endswith("16:30–18:00: U10 træning")
    # Placed through its activity's venue:
    assert by_name["Koret Østlyd"]["geometry"]["coordinates"] == [10.01, 57.06]


def test_geojson_leaves_out_unplaced_and_closed_and_adds_venues(client, entries):
    _, collection = geojson(client)
    assert sorted(association_names(collection)) == [
        "Koret Østlyd", "Strikkecaféen", "Svømmeklubben", "Øst Fodboldklub"]  # fmt: skip
    venues = {f["properties"]["name"]: f["properties"] for f in collection["features"]
              if "kind" in f["properties"]}  # fmt: skip
    assert venues["Trekanten"] == {"kind": "venue", "slug": "trekanten", "name": "Trekanten",
                                   "count": 3}  # fmt: skip
    assert venues["Bundgaardsparken"]["count"] == 1
    assert venues["Smedegård Beboerhus"]["count"] == 1


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("category=sport-og-motion", ["Svømmeklubben", "Øst Fodboldklub"]),
        ("category=kultur-og-kreativitet", ["Koret Østlyd"]),
        ("target=boern", ["Øst Fodboldklub"]),
        ("weekday=onsdag", ["Koret Østlyd"]),
        ("weekday=torsdag", ["Øst Fodboldklub"]),
        ("age=9", ["Koret Østlyd", "Strikkecaféen", "Svømmeklubben", "Øst Fodboldklub"]),
        ("age=30", ["Koret Østlyd", "Strikkecaféen", "Svømmeklubben"]),
        ("q=strikke", ["Strikkecaféen"]),
        ("category=aeldre", []),
    ],
)
def test_geojson_filters_are_the_json_apis(client, entries, query, names):
    _, collection = geojson(client, query)
    assert sorted(association_names(collection)) == names
    listed = client.get(f"/api/associations?{query}&per_page=100").get_json()["results"]
    placed = {r["name"] for r in listed} - {"Lektiecafé uden sted"}
    assert set(names) == placed


def test_geojson_names_are_json_escaped(client, add, venues):
    tricky = 'Klub "Øst" \\ </script>\nny linje'
    add(tricky, categories=["aeldre"], venue_ids=[venues["trekanten"]],
        activities=[{"title": 'Sang "højt"', "weekdays": [0, 1, 2, 3, 4, 5, 6]}])  # fmt: skip
    _, collection = geojson(client)
    properties = next(
        f["properties"] for f in collection["features"] if "kind" not in f["properties"]
    )
    assert properties["name"] == tricky
    assert properties["next"] == 'i dag: Sang "højt"'


def test_geojson_venues_follow_the_filter(client, entries):
    _, collection = geojson(client, "category=kultur-og-kreativitet")
    venues = [f["properties"] for f in collection["features"] if "kind" in f["properties"]]
    assert venues == [
        {
            "kind": "venue",
            "slug": "smedegaard-beboerhus",
            "count": 1,
            "name": "Smedegård Beboerhus",
        }
    ]


def test_geojson_matches_the_openapi_schema(client, entries):
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    document = client.get("/api/openapi.json").get_json()
    assert "/api/associations.geojson" in document["paths"]
    registry = Registry().with_resource("urn:api", Resource.from_contents(
        {**document, "$schema": "https://json-schema.org/draft/2020-12/schema"}))  # fmt: skip
    schema = {"$ref": "urn:api#/components/schemas/MarkerCollection"}
    Draft202012Validator(schema, registry=registry).validate(geojson(client)[1])


def test_geojson_cache_headers_and_not_modified(client, entries):
    response, _ = geojson(client, "category=sport-og-motion")
    etag = response.headers["ETag"]
    assert response.cache_control.public and response.cache_control.max_age == 60
    again = client.get("/api/associations.geojson?category=sport-og-motion",
                       headers={"If-None-Match": etag})  # fmt: skip
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    other, _ = geojson(client, "category=kultur-og-kreativitet")
    assert other.headers["ETag"] != etag


def test_geojson_is_gzipped_for_clients_that_take_it(client, entries):
    import gzip

    plain, _ = geojson(client)
    packed = client.get("/api/associations.geojson", headers={"Accept-Encoding": "gzip, br"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.data) == plain.data
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert packed.headers["ETag"] != plain.headers["ETag"]
    headers = {"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]}
    again = client.get("/api/associations.geojson", headers=headers)
    assert again.status_code == 304


def test_geojson_etag_changes_when_the_catalogue_does(client, entries, add, db):
    etag = geojson(client)[0].headers["ETag"]
    add("Ny Forening", categories=["aeldre"])
    assert geojson(client)[0].headers["ETag"] != etag


def test_geojson_etag_changes_when_a_venue_moves(client, entries, db):
    etag = geojson(client)[0].headers["ETag"]
    db.execute("UPDATE venues SET latitude = 57.03 WHERE slug = 'trekanten'")
    db.conn.commit()
    response, collection = geojson(client)
    assert response.headers["ETag"] != etag
    by_name = {f["properties"]["name"]: f for f in collection["features"]}
    assert by_name["Svømmeklubben"]["geometry"]["coordinates"][1] == 57.03


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ("near=0,0", "near", "ikke et sted i Danmark"),
        ("near=52.52,13.40", "near", "uden for Danmark"),
        ("near=10.0,57.0", "near", "byttet om"),
        ("near=abc", "near", "breddegrad"),
        ("near_address=Ingenstedsvej 99", "near_address", "kunne ikke finde"),
        ("near=57.03,10.0&radius=abc", "radius", "helt antal meter"),
        ("near=57.03,10.0&radius=0", "radius", "helt antal meter"),
        ("age=abc", "age", "tal"),
    ],
)
def test_geojson_bad_input_is_a_clear_400(client, entries, query, parameter, message):
    response = client.get(f"/api/associations.geojson?{query}")
    assert response.status_code == 400
    problems = response.get_json()["problems"]
    assert message in problems[parameter]


def test_geojson_near_keeps_those_within_the_radius_nearest_first(client, entries):
    _, collection = geojson(client, "near=57.023552,9.986208&radius=1500")  # Bundgaardsparken
    assert association_names(collection) == ["Øst Fodboldklub", "Strikkecaféen", "Svømmeklubben"]
    _, collection = geojson(client, "near_address=Trekanten&radius=1500")
    assert "Koret Østlyd" not in association_names(collection)
    # Near Trekanten the football club is drawn at its nearest venue, not its first.
    by_name = {f["properties"]["name"]: f for f in collection["features"]}
    assert by_name["Øst Fodboldklub"]["geometry"]["coordinates"] == [10.00087, 57.02765]


# Distances ---------------------------------------------------------------------------


def test_near_results_sorted_by_walking_distance(db, entries):
    ids = [row["id"] for row in db.query("SELECT id FROM associations WHERE status != 'closed'")]
    names = {row["id"]: row["name"] for row in db.query("SELECT id, name FROM associations")}
    ranked = maps.near_results(db, ids, (57.023552, 9.986208))  # at Bundgaardsparken
    assert [names[i] for i, _, _ in ranked][:1] == ["Øst Fodboldklub"]
    metres = [m for _, m, _ in ranked if m is not None]
    assert metres == sorted(metres) and metres[0] == 0
    assert ranked[-1] == (next(i for i, n in names.items() if n == "Lektiecafé uden sted"),
                          None, None)  # fmt: skip
    from_bundgaard = {i: (m, minutes) for i, m, minutes in ranked}
    swimming = next(i for i, n in names.items() if n == "Svømmeklubben")
    metres, minutes = from_bundgaard[swimming]
    assert 950 < metres < 1050  # Bundgaardsparken-Trekanten in EPSG:25832
    assert minutes == geo.walking_minutes(metres)


def test_near_results_with_radius_drops_far_and_unplaced(db, entries):
    ids = [row["id"] for row in db.query("SELECT id FROM associations WHERE status != 'closed'")]
    ranked = maps.near_results(db, ids, (57.027647, 10.000873), radius_m=500)
    names = {row["id"]: row["name"] for row in db.query("SELECT id, name FROM associations")}
    assert sorted(names[i] for i, _, _ in ranked) == [
        "Strikkecaféen", "Svømmeklubben", "Øst Fodboldklub"]  # fmt: skip
    assert all(m == 0 for _, m, _ in ranked)  # the football club counts its nearest venue


@pytest.mark.parametrize(
    ("metres", "minutes", "text"),
    [(0, 1, "0 m · 1 min gang"), (347, 5, "350 m · 5 min gang"),
     (1234, 17, "1,2 km · 17 min gang"), (None, None, "")],
)  # fmt: skip
def test_distance_text(metres, minutes, text):
    assert maps.distance_text(metres, minutes) == text


@pytest.mark.parametrize(
    ("text", "point"),
    [("57.03,10.01", (57.03, 10.01)), ("57.03; 10.01", (57.03, 10.01)),
     ("57,03 10,01", (57.03, 10.01)), ("57,03,10,01", (57.03, 10.01)),
     (" 57.03 10.01 ", (57.03, 10.01))],
)  # fmt: skip
def test_parse_point(text, point):
    assert maps.parse_point(text) == point


@pytest.mark.parametrize("text", ["0,0", "10.01,57.03", "52.5,13.4", "abc", "1,2,3", "", "57.03"])
def test_parse_point_rejects_with_danish_message(text):
    with pytest.raises(CoordinateError) as error:
        maps.parse_point(text)
    assert re.search(r"breddegrad|Danmark|byttet", str(error.value))


@pytest.mark.parametrize(("value", "metres"), [("500", 500), (" 2000 ", 2000), ("1000m", 1000)])
def test_parse_radius(value, metres):
    assert maps.parse_radius(value) == metres


@pytest.mark.parametrize("value", ["0", "-5", "abc", "1.5", "100000"])
def test_parse_radius_rejects(value):
    with pytest.raises(GeoError):
        maps.parse_radius(value)


# The next activity ---------------------------------------------------------------------


def activity(title="Træning", weekdays=(1,), start="16:30", end="18:00", **more):
    return {"title": title, "weekdays": list(weekdays), "start_time": start, "end_time": end,
            "frequency": "weekly", "season_start": "", "season_end": "", **more}  # fmt: skip


@pytest.mark.parametrize(
    ("activities", "text"),
    [
        ([activity("U10 træning")], "i dag 16:30–18:00: U10 træning"),
        ([activity(start="14:00", end="16:00")], "i dag 14:00–16:00: Træning"),  # going on now
        ([activity(start="13:00", end="14:30")], "tirsdag 9/9 13:00–14:30: Træning"),  # over
        ([activity(weekdays=[3], start="10:00", end="")], "torsdag fra 10:00: Træning"),
        ([activity("Sent", weekdays=[4]), activity("Snart", weekdays=[2])],
         "onsdag 16:30–18:00: Snart"),
        ([activity(weekdays=[0], frequency="first-of-month")], "mandag 6/10 16:30–18:00: Træning"),
        ([activity(weekdays=[4], frequency="last-of-month")], "fredag 26/9 16:30–18:00: Træning"),
        ([activity(weekdays=[2], frequency="biweekly")],
         "onsdag 16:30–18:00 (hver anden uge): Træning"),
        ([activity(season_start="10-01", season_end="05-31")],
         "tirsdag 7/10 16:30–18:00: Træning"),  # summer break until October
        ([activity(season_start="08-01", season_end="06-30")], "i dag 16:30–18:00: Træning"),
        ([activity(weekdays=[3], frequency="irregular")], ""),
        ([activity(season_start="xx", season_end="yy")], ""),  # unreadable season: no date
        ([activity(start="25:99", end="")], "i dag fra 25:99: Træning"),
        ([activity(weekdays=[])], ""),
        ([], ""),
    ],
)  # fmt: skip
def test_next_activity(activities, text):
    assert maps.next_activity(activities, TUESDAY_3PM) == text


def test_next_activity_on_a_whole_day_without_times():
    assert maps.next_activity([activity(start="", end="")], TUESDAY_3PM) == "i dag: Træning"


def test_map_now_is_copenhagen_time_in_ten_minute_steps():
    now = maps.map_now()
    assert now.tzinfo == COPENHAGEN
    assert now.minute % maps.NEXT_BUCKET_MINUTES == 0 and now.second == 0


def test_geojson_has_next_activity(client, entries):
    _, collection = geojson(client, "category=kultur-og-kreativitet")
    properties = collection["features"][0]["properties"]
    assert properties["next"].endswith("fra 19:00: Korprøve")


# The map page ------------------------------------------------------------------------------


def local_assets(html: str) -> list[str]:
    return re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)


def test_map_page_uses_only_our_own_assets(app, client, entries):
    app.config["MAP_TILE_URL"] = ""
    html = client.get("/kort").get_data(as_text=True)
    assets = local_assets(html)
    assert "/static/vendor/leaflet-1.9.4/leaflet.js" in assets
    assert "/static/vendor/leaflet.markercluster-1.5.3/leaflet.markercluster.js" in assets
    assert "/static/js/map.js" in assets
    assert all(a.startswith("/static/") for a in assets), assets
    assert "L.tileLayer" not in html
    assert "jquery" not in html.casefold() and "bootstrap" not in html.casefold()


def test_map_page_tiles_from_settings(app, client, entries):
    assert app.config["MAP_TILE_URL"] == maps.DEFAULT_TILE_URL
    html = client.get("/kort").get_data(as_text=True)
    assert "https://tile.openstreetmap.org/{z}/{x}/{y}.png" in html
    assert "OpenStreetMap" in html
    app.config.update(MAP_TILE_URL="http://127.0.0.1:9/{z}/{x}/{y}.png",
                      MAP_TILE_ATTRIBUTION="Egne fliser")  # fmt: skip
    html = client.get("/kort").get_data(as_text=True)
    assert "http://127.0.0.1:9/{z}/{x}/{y}.png" in html and "Egne fliser" in html
    assert "tile.openstreetmap.org" not in html


def test_map_page_draws_boundary_and_points_at_the_geojson(client, entries):
    html = client.get("/kort?kategori=sport-og-motion&alder=9").get_data(as_text=True)
    assert "Aalborg Øst (9220)" in html
    assert "MultiPolygon" in html  # the boundary, inline in folium's script
    match = re.search(r'data-geojson="([^"]+)"', html)
    assert match.group(1).replace("&amp;", "&") == (
        "/api/associations.geojson?category=sport-og-motion&age=9"
    )
    assert 'data-total="2"' in html


def test_map_list_is_the_results_set(client, entries):
    for query in ("", "kategori=sport-og-motion", "q=klub", "dag=onsdag"):
        results = client.get(f"/soeg?{query}").get_data(as_text=True)
        on_map = client.get(f"/kort?{query}").get_data(as_text=True)
        listed = re.findall(r'<h3><a href="(/forening/[^"]+)"', on_map)
        assert listed and listed == re.findall(r'<h3><a href="(/forening/[^"]+)"', results)


def test_results_and_map_link_to_each_other(client, entries):
    html = client.get("/soeg?q=klub&kategori=sport-og-motion&side=1").get_data(as_text=True)
    assert 'href="/kort?q=klub&amp;kategori=sport-og-motion">Vis på kort' in html
    html = client.get("/kategori/sport-og-motion").get_data(as_text=True)
    assert 'href="/kort?kategori=sport-og-motion">Vis på kort' in html
    html = client.get("/kort?q=klub&naer=57.03,10.0&side=2").get_data(as_text=True)
    assert 'href="/soeg?q=klub&amp;naer=57.03,10.0">Vis som liste' in html
    assert 'href="/kort">Kort</a>' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("page", ["/kort", "/soeg"])
def test_list_near_an_address_sorted_with_distances(client, entries, page):
    html = client.get(f"{page}?adresse=Bundgaardsparken&radius=2000").get_data(as_text=True)
    listed = re.findall(r'<h3><a href="/forening/([^"]+)"', html)
    assert listed[0] == "oest-fodboldklub"
    assert set(listed) == {"oest-fodboldklub", "svoemmeklubben", "strikkecafeen"}
    assert "0 m · 1 min gang" in html
    assert re.search(r"1,0 km · 14 min gang", html)
    assert "højst 2 km" in html
    if page == "/kort":  # the markers are fetched for the same place and radius
        assert "radius=2000" in html and "near=57.02355,9.98621" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("naer=0,0", "ikke et sted i Danmark"),
        ("naer=55.0,30.0", "uden for Danmark"),
        ("adresse=Ingenstedsvej+99", "Vi kunne ikke finde »Ingenstedsvej 99«"),
        ("naer=57.03,10.0&radius=meget", "helt antal meter"),
        ("alder=gammel", "alder skal være et tal"),
        ("naer=" + "9" * 5000, "Positionen kan ikke bruges"),
    ],
)
def test_map_page_bad_input_is_a_message_not_an_error(client, entries, query, message):
    response = client.get(f"/kort?{query}")
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)


def test_map_page_list_is_paginated(client, add, venues):
    for number in range(23):
        add(f"Forening {number:02d}", categories=["aeldre"], venue_ids=[venues["trekanten"]])
    first = client.get("/kort").get_data(as_text=True)
    assert len(re.findall(r'<li class="result">', first)) == 20
    assert "Side 1 af 2" in first and 'href="/kort?side=2"' in first
    second = client.get("/kort?side=2").get_data(as_text=True)
    assert len(re.findall(r'<li class="result">', second)) == 3
    near = client.get("/kort?adresse=Trekanten&side=2").get_data(as_text=True)
    assert len(re.findall(r'<li class="result">', near)) == 3


def test_area_names_cannot_break_out_of_the_map_script(client, db, entries):
    db.execute("UPDATE areas SET name = 'Øst </script><b>x</b>' WHERE slug = 'aalborg-oest-9220'")
    db.conn.commit()
    html = client.get("/kort").get_data(as_text=True)
    assert "</script><b>" not in html
    assert "Øst &lt;/script&gt;&lt;b&gt;x&lt;/b&gt;" in html  # the legend, escaped


# Small maps ----------------------------------------------------------------------------------


def test_association_page_has_a_small_map_of_its_places(client, entries):
    html = client.get("/forening/oest-fodboldklub").get_data(as_text=True)
    assert 'class="map map-small"' in html
    assert "/static/vendor/leaflet-1.9.4/leaflet.js" in html
    assert "markercluster" not in html
    assert html.count("map-marker-venue") == 2  # both its venues
    assert '"title": "Bundgaardsparken"' in html


def test_small_map_includes_activity_venues(client, entries):
    html = client.get("/forening/koret-oestlyd").get_data(as_text=True)
    assert '"title": "Smedeg\\u00e5rd Beboerhus"' in html  # folium's JSON of the marker
    assert 'class="map map-small"' in html


def test_no_small_map_without_a_place(client, entries):
    html = client.get("/forening/lektiecafe-uden-sted").get_data(as_text=True)
    assert "map-small" not in html


def test_venue_page_has_a_small_map(client, entries):
    html = client.get("/sted/trekanten").get_data(as_text=True)
    assert 'class="map map-small"' in html
    assert html.count("map-marker-venue") == 1


def test_list_entries_in_the_given_order_with_distances(db, entries):
    ids = {row["name"]: row["id"] for row in db.query("SELECT id, name FROM associations")}
    order = [ids["Svømmeklubben"], ids["Lektiecafé uden sted"], ids["Koret Østlyd"]]
    listed = maps.list_entries(db, order, TUESDAY_3PM, {ids["Svømmeklubben"]: (120, 2)})
    assert [e["name"] for e in listed] == ["Svømmeklubben", "Lektiecafé uden sted", "Koret Østlyd"]
    swimming, homework, choir = listed
    assert (swimming["distance_m"], swimming["walking_minutes"]) == (120, 2)
    assert swimming["distance"] == "120 m · 2 min gang" and homework["distance"] == ""
    assert swimming["relation_label"] == "i bydelen" and homework["relation_label"] == ""
    assert choir["categories"] == ["Kultur og kreativitet"]
    assert choir["next"] == "onsdag fra 19:00: Korprøve"
