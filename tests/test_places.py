"""Venues and categories in the editors' workspace: directory/places.py and place_views.py."""

import html as markup
import json
import re

import pytest

from directory import catalogue, places, revisions
from directory.catalogue import StaleVersion
from directory.search import Query

TREKANTEN = (57.027647, 10.000873)  # Sebbersundvej 2A, inside Aalborg Øst
AALBORG_OEST = "aalborg-oest-9220"


@pytest.fixture
def token(editor_client, csrf):
    return csrf("/redaktion/")


@pytest.fixture
def venue(db):
    """A venue without a point (as imported), saved through places so it has a revision."""
    return places.save_venue(
        db, {"name": "Beboerhuset", "address": "Ukendt Vej 1", "postcode": "9220",
             "city": "Aalborg Øst"})  # fmt: skip


def venue_form(record: dict, token: str, **extra) -> dict:
    fields = {k: "" if record.get(k) is None else str(record[k]) for k in places.VENUE_FIELDS}
    return {**fields, "version": str(record.get("version", "")), "csrf_token": token, **extra}


def page_text(response) -> str:
    return response.get_data(as_text=True)


def field_error(html: str, field_id: str) -> str:
    match = re.search(rf'<p class="field-error" id="{field_id}-fejl">([^<]*)</p>', html)
    return markup.unescape(match.group(1)) if match else ""


def geojson_names(client) -> list[str]:
    collection = json.loads(client.get("/api/associations.geojson").data)
    return sorted(f["properties"]["name"] for f in collection["features"]
                  if "kind" not in f["properties"])  # fmt: skip


def category_id(db, slug: str) -> int:
    return db.execute("SELECT id FROM categories WHERE slug = ?", [slug]).fetchone()[0]


# Access -----------------------------------------------------------------------------------

ROUTES = [
    ("get", "/redaktion/steder"),
    ("get", "/redaktion/steder/ny"),
    ("post", "/redaktion/steder/ny"),
    ("get", "/redaktion/steder/{venue}"),
    ("post", "/redaktion/steder/{venue}"),
    ("get", "/redaktion/steder/{venue}/slet"),
    ("post", "/redaktion/steder/{venue}/slet"),
    ("get", "/redaktion/steder/{venue}/historik"),
    ("post", "/redaktion/steder/gendan/{venue_revision}"),
    ("get", "/redaktion/kategorier"),
    ("get", "/redaktion/kategorier/ny"),
    ("post", "/redaktion/kategorier/ny"),
    ("get", "/redaktion/kategorier/{category}"),
    ("post", "/redaktion/kategorier/{category}"),
    ("post", "/redaktion/kategorier/{category}/flyt"),
    ("get", "/redaktion/kategorier/{category}/slet"),
    ("post", "/redaktion/kategorier/{category}/slet"),
    ("get", "/redaktion/kategorier/{category}/historik"),
    ("post", "/redaktion/kategorier/gendan/{category_revision}"),
]


@pytest.fixture
def targets(db, venue):
    sport = category_id(db, "sport-og-motion")
    places.save_category(db, {"id": sport, "label": "Idræt"})
    return {
        "venue": venue, "category": sport,
        "venue_revision": revisions.history(db, "venue", venue)[0]["id"],
        "category_revision": revisions.history(db, "category", sport)[0]["id"],
    }  # fmt: skip


def state(db) -> tuple:
    return (
        db.execute("SELECT count(*) FROM revisions").fetchone()[0],
        list(db.query("SELECT * FROM venues")),
        list(db.query("SELECT * FROM categories ORDER BY id")),
    )


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_anonymous_visitors_are_sent_to_the_login(client, csrf, db, targets, method, path):
    before = state(db)
    data = {"csrf_token": csrf(), "name": "X", "label": "X", "retning": "op"}
    response = getattr(client, method)(path.format(**targets), data=data)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/redaktion/login")
    assert state(db) == before


@pytest.mark.parametrize(("method", "path"), [r for r in ROUTES if r[0] == "post"])
def test_posts_without_csrf_token_are_refused(editor_client, db, targets, method, path):
    before = state(db)
    response = editor_client.post(path.format(**targets),
                                  data={"name": "X", "label": "X", "retning": "op"})
    assert response.status_code == 400
    assert state(db) == before


def test_sections_are_in_the_editors_navigation(editor_client):
    html = page_text(editor_client.get("/redaktion/"))
    assert 'href="/redaktion/steder">Steder<' in html
    assert 'href="/redaktion/kategorier">Kategorier<' in html


@pytest.mark.parametrize(
    "path",
    ["/redaktion/steder/999", "/redaktion/steder/999/slet", "/redaktion/steder/999/historik",
     "/redaktion/kategorier/999", "/redaktion/kategorier/999/historik"],
)  # fmt: skip
def test_unknown_entries_are_404(editor_client, path):
    assert editor_client.get(path).status_code == 404


def test_restoring_another_entitys_revision_is_404(editor_client, token, targets):
    response = editor_client.post(
        f"/redaktion/steder/gendan/{targets['category_revision']}", data={"csrf_token": token}
    )
    assert response.status_code == 404
    response = editor_client.post("/redaktion/kategorier/gendan/9999", data={"csrf_token": token})
    assert response.status_code == 404


# Venues: the form -------------------------------------------------------------------------


def test_new_venue_is_saved_with_a_revision(editor_client, token, db):
    typed = {"name": " Trekanten ", "address": "Sebbersundvej 2A", "postcode": "9220",
             "city": "Aalborg Øst", "latitude": "57,027647", "longitude": "10,000873"}
    response = editor_client.post("/redaktion/steder/ny", data=venue_form(typed, token))
    assert response.status_code == 302
    venue = catalogue.get_venue(db, "trekanten")
    assert (venue["name"], venue["latitude"], venue["longitude"]) == ("Trekanten", *TREKANTEN)
    assert venue["geocode_status"] == "manual"
    assert response.headers["Location"] == f"/redaktion/steder/{venue['id']}"
    (revision,) = revisions.history(db, "venue", venue["id"])
    assert revision["action"] == "create" and revision["user_name"] == "Rie Redaktør"
    html = page_text(editor_client.get(response.headers["Location"]))
    assert "Stedet »Trekanten« er gemt." in html
    assert 'value="57.027647"' in html


@pytest.mark.parametrize(
    ("fields", "error_id", "expected"),
    [
        ({"name": "  "}, "name", "Navn mangler."),
        ({"postcode": "92a"}, "postcode", "Postnummer '92a' skal være fire cifre."),
        ({"postcode": "92200"}, "postcode", "Postnummer '92200' skal være fire cifre."),
        ({"latitude": "0", "longitude": "0"}, "koordinater", "ikke et sted i Danmark"),
        ({"latitude": "52,52", "longitude": "13,40"}, "koordinater", "ligger uden for Danmark"),
        ({"latitude": "10.0", "longitude": "57.0"}, "koordinater", "byttet om"),
        ({"latitude": "57.03", "longitude": ""}, "koordinater", "både breddegrad og længdegrad"),
        ({"latitude": "nord", "longitude": "10"}, "koordinater", "'nord' er ikke et tal"),
    ],
)
def test_bad_venue_fields_get_a_danish_message_and_keep_what_was_typed(
    editor_client, token, db, fields, error_id, expected
):
    typed = {"name": "Nyt Sted", "address": "Humlebakken 2 <b>", "postcode": "9220",
             "city": "Aalborg Øst", "latitude": "57.03", "longitude": "10.01", **fields}
    response = editor_client.post("/redaktion/steder/ny", data=venue_form(typed, token))
    assert response.status_code == 400
    html = page_text(response)
    assert expected in field_error(html, error_id)
    assert "Stedet er ikke gemt." in html
    assert 'value="Humlebakken 2 &lt;b&gt;"' in html  # kept, and escaped
    for value in fields.values():
        assert f'value="{value}"' in html
    assert html.count('aria-invalid="true"') == (2 if error_id == "koordinater" else 1)
    assert db["venues"].count == 0


def test_find_from_the_address_fills_in_the_point_without_saving(editor_client, token, db):
    typed = {"name": "Biblioteket", "address": "Sebbersundvej 2A", "postcode": "9220"}
    response = editor_client.post("/redaktion/steder/ny",
                                  data=venue_form(typed, token, action="find"))  # fmt: skip
    assert response.status_code == 200
    html = page_text(response)
    assert "Fundet i stednavnelisten: Trekanten - Bibliotek og Kulturhus." in html
    assert 'value="57.027647"' in html and 'value="10.000873"' in html
    assert db["venues"].count == 0
    # Saving the point found records that it came from the gazetteer.
    found = dict(re.findall(r'name="(geocode_\w+)" type="hidden" value="([^"]*)"', html))
    data = venue_form({**typed, "latitude": "57.027647", "longitude": "10.000873"}, token, **found)
    assert editor_client.post("/redaktion/steder/ny", data=data).status_code == 302
    venue = catalogue.get_venue(db, "biblioteket")
    assert (venue["geocode_status"], venue["geocode_note"]) == (
        "gazetteer", "Trekanten - Bibliotek og Kulturhus")  # fmt: skip


def test_a_point_moved_after_finding_it_counts_as_placed_by_hand(editor_client, token, db):
    data = venue_form({"name": "Biblioteket", "latitude": "57.0277", "longitude": "10.0009"},
                      token, geocode_point="57.027647,10.000873", geocode_note="Trekanten")
    assert editor_client.post("/redaktion/steder/ny", data=data).status_code == 302
    assert catalogue.get_venue(db, "biblioteket")["geocode_status"] == "manual"


@pytest.mark.parametrize(
    ("address", "postcode", "expected"),
    [
        ("Ingenstedsvej 99", "9220", "Vi kunne ikke finde »Ingenstedsvej 99« i stednavnelisten."),
        ("Sebbersundvej 2A", "8000", "Vi kunne ikke finde »Sebbersundvej 2A«"),
        ("   ", "9220", "Skriv adressen først"),
    ],
)
def test_find_from_the_address_says_so_when_it_misses(editor_client, token, db, address,
                                                      postcode, expected):
    typed = {"name": "Et sted", "address": address, "postcode": postcode,
             "latitude": "57.04", "longitude": "10.02"}  # fmt: skip
    response = editor_client.post("/redaktion/steder/ny",
                                  data=venue_form(typed, token, action="find"))  # fmt: skip
    assert response.status_code == 400
    html = page_text(response)
    assert expected in field_error(html, "address")
    assert 'value="57.04"' in html and 'value="10.02"' in html  # the typed point is untouched
    assert db["venues"].count == 0


def test_the_form_has_a_map_with_a_pin_and_works_without_it(editor_client, db, venue):
    html = page_text(editor_client.get(f"/redaktion/steder/{venue}"))
    assert "data-pin-map" in html and 'data-lat="latitude"' in html
    assert "/static/js/pin.js" in html and "/static/vendor/leaflet-1.9.4/leaflet.js" in html
    assert 'name="latitude"' in html and 'name="longitude"' in html  # typed without JavaScript
    assert "Kan ikke placeres" in html
    # Enter in a field saves: the first submit button of the form is "Gem".
    buttons = re.findall(r'<button type="submit" name="action" value="(\w+)"', html)
    assert buttons[0] == "save" and "find" in buttons


# Venues: a new point ----------------------------------------------------------------------


def test_placing_a_venue_puts_its_associations_on_the_map_and_in_the_area(
    editor_client, token, db, index, add, venue
):
    add("Beboerkoret", categories=["kultur-og-kreativitet"], venue_ids=[venue])
    assert geojson_names(editor_client) == []
    assert index.search(Query(area=AALBORG_OEST)).total == 0
    version = catalogue.catalogue_version(db)
    record = places.venue_record(db, venue)
    response = editor_client.post(f"/redaktion/steder/{venue}", data=venue_form(
        {**record, "latitude": "57.027647", "longitude": "10.000873"}, token))  # fmt: skip
    assert response.status_code == 302
    assert geojson_names(editor_client) == ["Beboerkoret"]
    results = index.search(Query(area=AALBORG_OEST))
    assert [hit.name for hit in results.hits] == ["Beboerkoret"]
    areas = {value.value: value.count for value in index.search(Query()).facets["area"]}
    assert areas[AALBORG_OEST] == 1
    assert places.venue_record(db, venue)["version"] == 2
    assert catalogue.catalogue_version(db) == version + 1
    assert index.is_current(db)  # the index moved on with the catalogue
    # Moved far outside the district: off the area facet, still on the map.
    record = places.venue_record(db, venue)
    response = editor_client.post(f"/redaktion/steder/{venue}", data=venue_form(
        {**record, "latitude": "55.6761", "longitude": "12.5683"}, token))  # fmt: skip
    assert response.status_code == 302
    assert index.search(Query(area=AALBORG_OEST)).total == 0
    assert geojson_names(editor_client) == ["Beboerkoret"]


def test_the_list_flags_venues_that_cannot_be_placed(editor_client, db, venue):
    placed = places.save_venue(db, {"name": "Trekanten", "latitude": TREKANTEN[0],
                                    "longitude": TREKANTEN[1]})  # fmt: skip
    failed = places.save_venue(db, {"name": "Ukendt Hal"})
    db["venues"].update(failed, {"geocode_status": "failed"})
    db.conn.commit()
    html = page_text(editor_client.get("/redaktion/steder"))
    assert "2 steder kan ikke placeres på kortet." in html
    assert html.count("<strong class=\"flag\">Kan ikke placeres</strong>") == 2
    only = page_text(editor_client.get("/redaktion/steder?vis=uplacerede"))
    assert "Beboerhuset" in only and "Ukendt Hal" in only and "Trekanten" not in only
    assert [v["id"] for v in places.list_venues(db, unplaced_only=True)] == [venue, failed]
    assert placed not in [v["id"] for v in places.list_venues(db, unplaced_only=True)]


def test_renaming_a_venue_reindexes_the_associations_meeting_there(db, index, add, venue):
    add("Strikkeklubben", venue_ids=[venue])
    assert index.search(Query(text="Beboerhuset")).total == 1
    places.save_venue(db, {**places.venue_record(db, venue), "name": "Fælleshuset"}, index=index)
    assert index.search(Query(text="Fælleshuset")).total == 1
    assert catalogue.get_venue(db, "beboerhuset")["name"] == "Fælleshuset"  # the slug stays


def test_saving_an_unchanged_venue_records_nothing(db, venue):
    before = catalogue.catalogue_version(db)
    places.save_venue(db, places.venue_record(db, venue), expected_version=1)
    assert len(revisions.history(db, "venue", venue)) == 1
    assert places.venue_record(db, venue)["version"] == 1
    assert catalogue.catalogue_version(db) == before


# Venues: stale saves ------------------------------------------------------------------------


def test_a_stale_venue_save_is_refused_and_nothing_changes(db, venue):
    record = places.venue_record(db, venue)
    places.save_venue(db, {**record, "name": "Nyt navn"}, expected_version=1)
    with pytest.raises(StaleVersion) as caught:
        places.save_venue(db, {**record, "city": "Aalborg"}, expected_version=1)
    assert caught.value.current["name"] == "Nyt navn"
    assert places.venue_record(db, venue)["city"] == "Aalborg Øst"


def test_a_stale_form_shows_both_versions_and_the_editor_chooses(editor_client, token, db,
                                                                 venue, make_user):
    loaded = places.venue_record(db, venue)  # the editor opens the form at version 1
    other = make_user("anden@kvarter.example", name="Anden Redaktør")
    places.save_venue(db, {**loaded, "name": "Beboerhuset Øst"}, expected_version=1,
                      user_id=other)  # fmt: skip
    mine = venue_form({**loaded, "address": "Tornhøjvej 9"}, token)
    response = editor_client.post(f"/redaktion/steder/{venue}", data=mine)
    assert response.status_code == 409
    html = page_text(response)
    assert "Nogen har gemt en nyere version" in html and "Anden Redaktør" in html
    assert places.venue_record(db, venue)["address"] == "Ukendt Vej 1"  # nothing saved
    # The name the editor did not touch defaults to the stored one; the address to theirs.
    assert re.search(r'name="valg-name" value="saved" checked', html)
    assert re.search(r'name="valg-address" value="mine" checked', html)
    assert "Beboerhuset Øst" in html and 'value="Tornhøjvej 9"' in html
    assert 'name="version" type="hidden" value="2"' in html
    response = editor_client.post(f"/redaktion/steder/{venue}", data={
        **mine, "version": "2", "valg-name": "saved", "valg-address": "mine"})  # fmt: skip
    assert response.status_code == 302
    saved = places.venue_record(db, venue)
    assert (saved["name"], saved["address"], saved["version"]) == (
        "Beboerhuset Øst", "Tornhøjvej 9", 3)  # fmt: skip


def test_a_form_without_a_readable_version_is_treated_as_stale(editor_client, token, db, venue):
    data = venue_form({**places.venue_record(db, venue), "name": "Andet"}, token, version="x")
    assert editor_client.post(f"/redaktion/steder/{venue}", data=data).status_code == 409
    assert places.venue_record(db, venue)["name"] == "Beboerhuset"


# Venues: delete, restore, history ----------------------------------------------------------------


@pytest.fixture
def linked(db, add):
    """A venue that is the first place of one association and an activity's place of another."""
    first = places.save_venue(db, {"name": "Trekanten", "latitude": TREKANTEN[0],
                                   "longitude": TREKANTEN[1]})  # fmt: skip
    venue = places.save_venue(db, {"name": "Beboerhuset", "latitude": 57.04, "longitude": 10.02})
    choir = add("Koret", venue_ids=[venue, first])
    chess = add("Skakklubben", activities=[
        {"title": "Turnering", "weekdays": [2], "venue_id": venue},
        {"title": "Træning", "weekdays": [0], "venue_id": first}])  # fmt: skip
    return {"venue": venue, "first": first, "choir": choir["id"], "chess": chess["id"]}


def activity_venues(db, association_id) -> dict:
    record = catalogue.association_record(db, association_id)
    return {a["title"]: a["venue_id"] for a in record["activities"]}


def test_deleting_a_venue_unlinks_it_and_restoring_links_it_again(
    editor_client, token, db, index, linked
):
    venue, choir, chess = linked["venue"], linked["choir"], linked["chess"]
    page = page_text(editor_client.get(f"/redaktion/steder/{venue}/slet"))
    assert "2 foreninger mødes her og mister stedet" in page and "Skakklubben" in page
    response = editor_client.post(f"/redaktion/steder/{venue}/slet", data={"csrf_token": token})
    assert response.status_code == 302
    assert places.venue_record(db, venue) is None
    assert catalogue.association_record(db, choir)["venue_ids"] == [linked["first"]]
    assert activity_venues(db, chess) == {"Turnering": None, "Træning": linked["first"]}
    assert index.search(Query(text="Beboerhuset")).total == 0
    # The associations' own histories say why they changed.
    assert revisions.history(db, "association", choir)[0]["source"] == "sted slettet: Beboerhuset"
    # Saved again meanwhile: the choir's remaining venue is now at position 0.
    record = catalogue.association_record(db, choir)
    catalogue.save_association(db, {**record, "description": "Vi synger"}, index=index)
    listing = page_text(editor_client.get("/redaktion/steder"))
    assert "Slettede steder" in listing and "Beboerhuset" in listing
    (deletion,) = revisions.deleted_entries(db, "venue")
    response = editor_client.post(f"/redaktion/steder/gendan/{deletion['id']}",
                                  data={"csrf_token": token})  # fmt: skip
    assert response.headers["Location"] == f"/redaktion/steder/{venue}"
    restored = places.venue_record(db, venue)
    assert (restored["slug"], restored["latitude"]) == ("beboerhuset", 57.04)
    assert catalogue.association_record(db, choir)["venue_ids"] == [venue, linked["first"]]
    assert activity_venues(db, chess) == {"Turnering": venue, "Træning": linked["first"]}
    assert index.search(Query(text="Beboerhuset")).total == 2
    assert revisions.deleted_entries(db, "venue") == []
    assert restored["version"] > deletion["snapshot"]["version"]


def test_restore_skips_associations_gone_and_finds_activities_saved_anew(db, index, linked):
    venue, choir, chess = linked["venue"], linked["choir"], linked["chess"]
    places.delete_venue(db, venue, index=index)
    catalogue.delete_association(db, choir, index)
    # Saving rewrites the activities with new ids: the title identifies them.
    record = catalogue.association_record(db, chess)
    catalogue.save_association(db, {**record, "activities": list(reversed(record["activities"]))})
    (deletion,) = revisions.deleted_entries(db, "venue")
    places.restore_venue(db, deletion["id"], index=index)
    assert activity_venues(db, chess) == {"Turnering": venue, "Træning": linked["first"]}
    assert catalogue.association_record(db, choir) is None
    assert places.venue_users(db, venue) == [{"id": chess, "slug": "skakklubben",
                                              "name": "Skakklubben"}]  # fmt: skip


def test_venue_history_lists_changes_and_restores_an_old_version(editor_client, token, db,
                                                                 venue):
    record = places.venue_record(db, venue)
    places.save_venue(db, {**record, "name": "Fælleshuset", "postcode": "9000"})
    html = page_text(editor_client.get(f"/redaktion/steder/{venue}/historik"))
    assert "Historik for stedet »Fælleshuset«" in html
    assert re.search(r"<th scope=\"row\">Navn</th><td>Beboerhuset</td><td>Fælleshuset</td>", html)
    assert re.search(r"<th scope=\"row\">Postnummer</th><td>9220</td><td>9000</td>", html)
    oldest = revisions.history(db, "venue", venue)[-1]
    response = editor_client.post(f"/redaktion/steder/gendan/{oldest['id']}",
                                  data={"csrf_token": token})  # fmt: skip
    assert response.status_code == 302
    restored = places.venue_record(db, venue)
    assert (restored["name"], restored["postcode"]) == ("Beboerhuset", "9220")
    latest = revisions.history(db, "venue", venue)[0]
    assert latest["action"] == "restore" and latest["user_name"] == "Rie Redaktør"
    assert latest["source"] == f"gendannet fra revision {oldest['id']}"


def test_history_of_a_deleted_venue_can_be_opened(editor_client, db, venue):
    places.delete_venue(db, venue)
    html = page_text(editor_client.get(f"/redaktion/steder/{venue}/historik"))
    assert "Slettet" in html and "Gendan stedet" in html


# Categories -----------------------------------------------------------------------------------


def test_category_list_is_in_sort_order_with_counts(editor_client, db, add):
    add("Fodboldklubben", categories=["sport-og-motion"])
    last = catalogue.categories(db)[-1]
    places.move_category(db, last["id"], -1)
    html = page_text(editor_client.get("/redaktion/kategorier"))
    shown = re.findall(r'<a href="/redaktion/kategorier/\d+">([^<]+)</a>', html)
    assert shown == [c["label"] for c in catalogue.categories(db)]
    assert shown.index(last["label"]) == len(shown) - 2
    row = html[html.index(">Sport og motion</a>"):]
    assert re.search(r"<td>1</td>", row[: row.index("</tr>")])


def test_renaming_a_category_shows_in_search_results(editor_client, token, db, index, add):
    add("Fodboldklubben", categories=["sport-og-motion"])
    sport = places.category_record(db, category_id(db, "sport-og-motion"))
    response = editor_client.post(f"/redaktion/kategorier/{sport['id']}", data={
        "label": "Idræt og bevægelse", "description": "Bold, løb og svømning",
        "version": sport["version"], "csrf_token": token})  # fmt: skip
    assert response.status_code == 302
    assert index.is_current(db)
    (hit,) = index.search(Query(text="fodbold")).hits
    assert hit.categories == ["Idræt og bevægelse"]
    assert "Idræt og bevægelse" in page_text(editor_client.get("/soeg?q=fodbold"))
    facet = {v.value: v.label for v in index.search(Query()).facets["category"]}
    assert facet["sport-og-motion"] == "Idræt og bevægelse"  # the slug stays
    assert places.category_record(db, sport["id"])["slug"] == "sport-og-motion"


@pytest.mark.parametrize(
    ("label", "description", "field", "expected"),
    [
        ("", "", "label", "Navn mangler."),
        ("Kultur og kreativitet", "", "label", "Der findes allerede en kategori med navnet"),
        ("Ny", "x" * 201, "description", "Beskrivelse er 201 tegn; højst 200."),
    ],
)
def test_bad_category_fields_are_refused(editor_client, token, db, label, description, field,
                                         expected):
    before = state(db)
    response = editor_client.post("/redaktion/kategorier/ny", data={
        "label": label, "description": description, "csrf_token": token})  # fmt: skip
    assert response.status_code == 400
    html = page_text(response)
    assert expected in field_error(html, field)
    assert description in html
    assert state(db) == before


def test_a_new_category_goes_last(editor_client, token, db):
    response = editor_client.post("/redaktion/kategorier/ny", data={
        "label": "Dyr og natur", "description": "", "csrf_token": token})  # fmt: skip
    assert response.status_code == 302
    assert [c["label"] for c in catalogue.categories(db)][-1] == "Dyr og natur"
    assert catalogue.get_category(db, "dyr-og-natur")["version"] == 1


def test_categories_move_up_and_down(editor_client, token, db):
    order = [c["id"] for c in catalogue.categories(db)]
    second = order[1]
    response = editor_client.post(f"/redaktion/kategorier/{second}/flyt",
                                  data={"retning": "op", "csrf_token": token})  # fmt: skip
    assert response.status_code == 302
    assert [c["id"] for c in catalogue.categories(db)] == [second, order[0], *order[2:]]
    changes = revisions.history(db, "category", second)[0]["changes"]
    assert changes == {"sort_order": {"old": 1, "new": 0}}
    # The first cannot go further up, the last not further down.
    assert not places.move_category(db, second, -1)
    assert not places.move_category(db, order[-1], 1)
    places.move_category(db, second, 1)
    assert [c["id"] for c in catalogue.categories(db)] == order
    response = editor_client.post(f"/redaktion/kategorier/{second}/flyt",
                                  data={"retning": "sidelæns", "csrf_token": token})  # fmt: skip
    assert response.status_code == 400


def test_the_home_page_and_the_map_follow_the_new_order(editor_client, token, db):
    order = catalogue.categories(db)
    places.move_category(db, order[-1]["id"], -1)
    html = page_text(editor_client.get("/"))
    assert html.index(order[-1]["label"]) < html.index(order[-2]["label"])
    collection = json.loads(editor_client.get("/api/associations.geojson").data)
    assert collection["categories"][-2] == order[-1]["label"]


def test_deleting_a_category_takes_it_off_and_restoring_puts_it_back(editor_client, token, db,
                                                                     index, add):
    club = add("Fodboldklubben", categories=["sport-og-motion", "sundhed"])["id"]
    sport = category_id(db, "sport-og-motion")
    order = [c["id"] for c in catalogue.categories(db)]
    page = page_text(editor_client.get(f"/redaktion/kategorier/{sport}/slet"))
    assert "1 forening har kategorien" in page
    response = editor_client.post(f"/redaktion/kategorier/{sport}/slet",
                                  data={"csrf_token": token})  # fmt: skip
    assert response.status_code == 302
    assert catalogue.association_record(db, club)["categories"] == ["sundhed"]
    assert index.search(Query(category="sport-og-motion")).total == 0
    assert "Slettede kategorier" in page_text(editor_client.get("/redaktion/kategorier"))
    (deletion,) = revisions.deleted_entries(db, "category")
    assert deletion["snapshot"]["association_ids"] == [club]
    response = editor_client.post(f"/redaktion/kategorier/gendan/{deletion['id']}",
                                  data={"csrf_token": token})  # fmt: skip
    assert response.status_code == 302
    assert sorted(catalogue.association_record(db, club)["categories"]) == [
        "sport-og-motion", "sundhed"]  # fmt: skip
    assert [c["id"] for c in catalogue.categories(db)] == order  # back at its place
    assert index.search(Query(category="sport-og-motion")).total == 1


def test_a_category_cannot_be_restored_over_a_label_taken_meanwhile(editor_client, token, db):
    sport = category_id(db, "sport-og-motion")
    places.delete_category(db, sport)
    places.save_category(db, {"label": "Sport og motion"})
    (deletion,) = revisions.deleted_entries(db, "category")
    response = editor_client.post(f"/redaktion/kategorier/gendan/{deletion['id']}",
                                  data={"csrf_token": token}, follow_redirects=True)  # fmt: skip
    assert "Der findes allerede en kategori med navnet »Sport og motion«" in page_text(response)
    assert places.category_record(db, sport) is None


def test_a_stale_category_save_is_refused_with_both_versions(editor_client, token, db):
    sport = places.category_record(db, category_id(db, "sport-og-motion"))
    places.save_category(db, {**sport, "label": "Idræt"}, expected_version=sport["version"])
    data = {"label": "Sport", "description": "", "version": sport["version"], "csrf_token": token}
    response = editor_client.post(f"/redaktion/kategorier/{sport['id']}", data=data)
    assert response.status_code == 409
    html = page_text(response)
    assert "Idræt" in html and 'value="Sport"' in html
    assert places.category_record(db, sport["id"])["label"] == "Idræt"
    response = editor_client.post(f"/redaktion/kategorier/{sport['id']}", data={
        **data, "version": sport["version"] + 1, "valg-label": "mine"})  # fmt: skip
    assert response.status_code == 302
    assert places.category_record(db, sport["id"])["label"] == "Sport"


def test_category_history_and_restore(editor_client, token, db):
    sport = category_id(db, "sport-og-motion")
    places.save_category(db, {"id": sport, "label": "Idræt", "description": "Bold"})
    html = page_text(editor_client.get(f"/redaktion/kategorier/{sport}/historik"))
    assert "Historik for kategorien »Idræt«" in html
    assert re.search(r"<th scope=\"row\">Navn</th><td>Sport og motion</td><td>Idræt</td>", html)
    (revision,) = revisions.history(db, "category", sport)
    # The revision holds the state after the change; restoring the first one of a
    # category created by the migration gives that state back, so use the snapshot's.
    places.save_category(db, {"id": sport, "label": "Motion"})
    editor_client.post(f"/redaktion/kategorier/gendan/{revision['id']}",
                       data={"csrf_token": token})  # fmt: skip
    assert places.category_record(db, sport)["label"] == "Idræt"
    assert revisions.history(db, "category", sport)[0]["action"] == "restore"


@pytest.mark.parametrize("entity", ["venue", "category"])
def test_a_new_entry_never_takes_a_deleted_ones_id(db, entity):
    if entity == "venue":
        first = places.save_venue(db, {"name": "Gammelt sted"})
        places.delete_venue(db, first)
        second = places.save_venue(db, {"name": "Nyt sted"})
    else:
        first = places.save_category(db, {"label": "Gammel kategori"})
        places.delete_category(db, first)
        second = places.save_category(db, {"label": "Ny kategori"})
    assert second != first
    assert [r["action"] for r in revisions.history(db, entity, second)] == ["create"]
