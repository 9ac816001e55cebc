"""Areas in the editors' workspace: directory/area_views.py (upload, draw, delete)."""

import html as markup
import io
import json
import re

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from directory import area_views, catalogue, geo

TREKANTEN = (57.027647, 10.000873)  # Sebbersundvej 2A, inside Aalborg Øst
HOME = "aalborg-oest-9220"


def square(lat, lon, half=0.003) -> dict:
    """A square Polygon around (lat, lon), GeoJSON order [lon, lat]."""
    ring = [[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half],
            [lon - half, lat + half], [lon - half, lat - half]]  # fmt: skip
    return {"type": "Polygon", "coordinates": [ring]}


AROUND_TREKANTEN = square(*TREKANTEN)
BOWTIE = {"type": "Polygon", "coordinates": [[[10.0, 57.02], [10.01, 57.03], [10.01, 57.02],
                                              [10.0, 57.03], [10.0, 57.02]]]}  # fmt: skip


@pytest.fixture
def areas(db):
    geo.load_default_areas(db)


@pytest.fixture
def token(editor_client, csrf):
    return csrf("/redaktion/")


@pytest.fixture
def member(db, add, areas):
    """An association meeting at Trekanten, with its areas assigned and indexed."""
    venue_id = catalogue.save_venue(db, {"name": "Trekanten", "latitude": TREKANTEN[0],
                                         "longitude": TREKANTEN[1]})  # fmt: skip
    association = add("Øst Svømmeklub", venue_ids=[venue_id])
    geo.assign_areas(db)
    return association


def state(db) -> tuple:
    return (
        list(db.query("SELECT id, slug, name, kind, source FROM areas ORDER BY id")),
        list(db.query("SELECT * FROM association_areas ORDER BY association_id, area_id")),
        catalogue.catalogue_version(db),
    )


def field_error(html: str, error_id: str) -> str:
    match = re.search(rf'<p class="field-error" id="{error_id}">([^<]*)</p>', html)
    return markup.unescape(match.group(1)) if match else ""


def area_facet(client) -> dict:
    facets = client.get("/api/associations").get_json()["facets"]
    return {value["value"]: value["count"] for value in facets["area"]}


def upload(client, token, content, name="Tornhøjparken", filename="omraade.geojson", **extra):
    data = {"csrf_token": token, "name": name, "kind": "custom", "source": "", **extra}
    if content is not None:
        body = content if isinstance(content, bytes) else json.dumps(content).encode()
        data["file"] = FileStorage(io.BytesIO(body), filename=filename)
    # Encoded in memory: the test client would spool a body over 500 kB to a file it never closes.
    boundary, body = encode_multipart(data)
    return client.post("/redaktion/omraader/ny/fil", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")  # fmt: skip


def draw(client, token, geometry, name="Tornhøjparken", source=""):
    text = geometry if isinstance(geometry, str) else json.dumps(geometry)
    return client.post("/redaktion/omraader/ny/tegn", data={
        "csrf_token": token, "name": name, "source": source, "geometry": text})  # fmt: skip


# Access -----------------------------------------------------------------------------------

ROUTES = [
    ("get", "/redaktion/omraader/"),
    ("get", "/redaktion/omraader/ny/fil"),
    ("post", "/redaktion/omraader/ny/fil"),
    ("get", "/redaktion/omraader/ny/tegn"),
    ("post", "/redaktion/omraader/ny/tegn"),
    ("get", "/redaktion/omraader/sogn-roerdal/slet"),
    ("post", "/redaktion/omraader/sogn-roerdal/slet"),
]


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_anonymous_visitors_are_sent_to_the_login(client, csrf, db, areas, method, path):
    before = state(db)
    data = {"csrf_token": csrf(), "name": "X", "geometry": json.dumps(AROUND_TREKANTEN)}
    response = getattr(client, method)(path, data=data)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/redaktion/login")
    assert state(db) == before


@pytest.mark.parametrize("path", [p for m, p in ROUTES if m == "post"])
def test_posts_without_csrf_token_are_refused(editor_client, db, areas, path):
    before = state(db)
    response = editor_client.post(
        path, data={"name": "X", "geometry": json.dumps(AROUND_TREKANTEN)}
    )
    assert response.status_code == 400
    assert state(db) == before


def test_areas_are_in_the_navigation_and_listed_with_counts(editor_client, member):
    html = editor_client.get("/redaktion/").get_data(as_text=True)
    assert 'href="/redaktion/omraader/">Områder<' in html
    html = editor_client.get("/redaktion/omraader/").get_data(as_text=True)
    row = re.search(r'<tr id="omraade-aalborg-oest-9220">(.*?)</tr>', html, re.S).group(1)
    assert "Aalborg Øst (9220)" in row and "Postnummer" in row and "<td>1</td>" in row
    assert "Bydelen selv" in row and "/slet" not in row  # no delete link for the district
    row = re.search(r'<tr id="omraade-sogn-klarup">(.*?)</tr>', html, re.S).group(1)
    assert "Sogn" in row and "<td>0</td>" in row and "DAGI sogne" in row


def test_the_draw_page_shows_the_map_with_the_district_and_a_pasteable_textarea(
    editor_client, areas
):
    html = editor_client.get("/redaktion/omraader/ny/tegn").get_data(as_text=True)
    assert "data-draw-map" in html and "js/draw-area.js" in html
    assert "Aalborg Øst (9220)" in html  # the boundary for reference, in folium's script
    assert re.search(r'<textarea[^>]*name="geometry"', html)
    assert "Fortryd sidste punkt" in html and ">Ryd<" in html


# Upload -----------------------------------------------------------------------------------


@pytest.mark.parametrize("wrap", ["geometry", "feature", "collection"])
def test_uploading_a_polygon_adds_the_area_and_its_associations_at_once(
    editor_client, token, db, member, wrap
):
    content = {
        "geometry": AROUND_TREKANTEN,
        "feature": {"type": "Feature", "properties": {}, "geometry": AROUND_TREKANTEN},
        "collection": {"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"name": "ignored"}, "geometry": AROUND_TREKANTEN}]},
    }[wrap]  # fmt: skip
    version = catalogue.catalogue_version(db)
    assert "tornhoejparken" not in area_facet(editor_client)
    response = upload(editor_client, token, content, source="Beboerforeningens kort")
    assert response.status_code == 302
    area = db.execute(
        "SELECT slug, kind, source FROM areas WHERE name = 'Tornhøjparken'"
    ).fetchone()
    assert area == ("tornhoejparken", "custom", "Beboerforeningens kort")
    assert area_facet(editor_client)["tornhoejparken"] == 1
    assert catalogue.catalogue_version(db) == version + 1
    html = editor_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Området »Tornhøjparken« er tilføjet" in html
    assert re.search(r'<tr id="omraade-tornhoejparken">.*?<td>1</td>', html, re.S)


def test_an_uploaded_file_without_a_source_is_credited_to_its_file_name(
    editor_client, token, db, areas
):
    response = upload(editor_client, token, AROUND_TREKANTEN, kind="parish",
                      filename="sogn.geojson")  # fmt: skip
    assert response.status_code == 302
    row = db.execute("SELECT kind, source FROM areas WHERE slug = 'tornhoejparken'").fetchone()
    assert row == ("parish", "sogn.geojson")


BIG = b'{"type": "Polygon", "coordinates": [[' + b" " * (2 * 1024 * 1024) + b"]]}"


@pytest.mark.parametrize(
    ("content", "name", "field", "expected"),
    [
        (b"not json at all", "Parken", "file-fejl", "ikke gyldig GeoJSON"),
        ({"type": "Point", "coordinates": [10.0, 57.03]}, "Parken", "file-fejl",
         "skal være en polygon"),
        (BOWTIE, "Parken", "file-fejl", "kanterne krydser hinanden"),
        (square(55.68, 12.57), "Parken", "file-fejl", None),  # Copenhagen: fine, it is Denmark
        (square(52.52, 13.40), "Parken", "file-fejl", "uden for Danmark"),
        (square(10.0, 57.03), "Parken", "file-fejl", "længdegraden"),  # lat/lon swapped
        (BIG, "Parken", "file-fejl", "for stor"),
        (b"  \n", "Parken", "file-fejl", "Filen er tom"),
        (None, "Parken", "file-fejl", "Vælg en GeoJSON-fil"),
        (AROUND_TREKANTEN, "  ", "name-fejl", "Skriv et navn"),
        (AROUND_TREKANTEN, "Rørdal sogn", "name-fejl", "findes allerede"),
    ],
)  # fmt: skip
def test_bad_uploads_are_refused_next_to_the_field_and_change_nothing(
    editor_client, token, db, areas, content, name, field, expected
):
    before = state(db)
    response = upload(editor_client, token, content, name=name, source="Mit kort")
    if expected is None:
        assert response.status_code == 302
        return
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert expected in field_error(html, field)
    assert 'value="Mit kort"' in html  # what was typed is kept
    assert state(db) == before


def test_an_unknown_kind_is_refused(editor_client, token, db, areas):
    before = state(db)
    response = upload(editor_client, token, AROUND_TREKANTEN, kind="planet")
    assert response.status_code == 400
    assert "Vælg en slags" in field_error(response.get_data(as_text=True), "kind-fejl")
    assert state(db) == before


# Drawing (or pasting) ------------------------------------------------------------------------


def test_a_drawn_polygon_adds_a_custom_area_found_in_the_facets(editor_client, token, db, member):
    response = draw(editor_client, token, AROUND_TREKANTEN, name="Trekantområdet")
    assert response.status_code == 302
    row = db.execute("SELECT kind, source FROM areas WHERE slug = 'trekantomraadet'").fetchone()
    assert row == ("custom", area_views.DRAWN_SOURCE)
    facet = area_facet(editor_client)
    assert facet["trekantomraadet"] == 1 and facet[HOME] == 1
    found = editor_client.get("/api/associations?area=trekantomraadet").get_json()
    assert [hit["name"] for hit in found["results"]] == ["Øst Svømmeklub"]


@pytest.mark.parametrize(
    ("geometry", "name", "error_id", "expected"),
    [
        ("", "Parken", "omraade-fejl", "Tegn området på kortet"),
        ("{not json", "Parken", "omraade-fejl", "ikke gyldig GeoJSON"),
        ({"type": "LineString", "coordinates": [[10.0, 57.03], [10.01, 57.03]]}, "Parken",
         "omraade-fejl", "skal være en polygon"),
        ({"type": "Polygon", "coordinates": [[[10.0, 57.03], [10.01, 57.03], [10.0, 57.03]]]},
         "Parken", "omraade-fejl", "for få hjørner"),
        (BOWTIE, "Parken", "omraade-fejl", "kanterne krydser hinanden"),
        (square(59.91, 10.75), "Parken", "omraade-fejl", "uden for Danmark"),  # Oslo
        ("[1, 2]", "Parken", "omraade-fejl", "GeoJSON-objekt"),
        (AROUND_TREKANTEN, "", "name-fejl", "Skriv et navn"),
        (AROUND_TREKANTEN, "Aalborg Øst (9220)", "name-fejl", "findes allerede"),
    ],
)  # fmt: skip
def test_bad_drawings_are_refused_next_to_the_field_and_change_nothing(
    editor_client, token, db, areas, geometry, name, error_id, expected
):
    before = state(db)
    response = draw(editor_client, token, geometry, name=name, source="Eget kort")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert expected in field_error(html, error_id)
    assert 'value="Eget kort"' in html
    text = geometry if isinstance(geometry, str) else json.dumps(geometry)
    textarea = re.search(r"<textarea[^>]*>\s*(.*?)</textarea>", html, re.S).group(1)
    assert markup.unescape(textarea) == text  # the drawing or pasted text comes back
    assert state(db) == before


# Deleting ---------------------------------------------------------------------------------


def test_deleting_an_area_removes_it_from_the_facets(editor_client, token, db, member):
    draw(editor_client, token, AROUND_TREKANTEN, name="Trekantområdet")
    version = catalogue.catalogue_version(db)
    page = editor_client.get("/redaktion/omraader/trekantomraadet/slet").get_data(as_text=True)
    assert "1 forening ligger" in page
    response = editor_client.post("/redaktion/omraader/trekantomraadet/slet",
                                  data={"csrf_token": token})  # fmt: skip
    assert response.status_code == 302
    assert db.execute("SELECT 1 FROM areas WHERE slug = 'trekantomraadet'").fetchone() is None
    assert "trekantomraadet" not in area_facet(editor_client)
    assert area_facet(editor_client)[HOME] == 1
    assert catalogue.catalogue_version(db) == version + 1
    html = editor_client.get("/redaktion/omraader/").get_data(as_text=True)
    assert "Området »Trekantområdet« er slettet." in html


def test_the_district_itself_cannot_be_deleted(editor_client, token, db, member):
    before = state(db)
    page = editor_client.get(f"/redaktion/omraader/{HOME}/slet").get_data(as_text=True)
    assert "kan ikke slettes" in page and 'type="submit">Slet' not in page
    response = editor_client.post(f"/redaktion/omraader/{HOME}/slet", data={"csrf_token": token})
    assert response.status_code == 400
    assert "»Aalborg Øst (9220)« er selve bydelen" in response.get_data(as_text=True)
    assert state(db) == before


def test_unknown_areas_are_404(editor_client, token, areas):
    assert editor_client.get("/redaktion/omraader/findes-ikke/slet").status_code == 404
    response = editor_client.post("/redaktion/omraader/findes-ikke/slet",
                                  data={"csrf_token": token})  # fmt: skip
    assert response.status_code == 404
