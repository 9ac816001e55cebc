"""Frozen editions of the printed catalogue, the proof report and the editors' pages."""

import io
import re

import pytest
from pypdf import PdfReader

from directory import catalogue, editions

VENUE = {"name": "Tornhøjhallen", "address": "Tornhøjvej 1", "postcode": "9220",
         "city": "Aalborg Øst", "latitude": 57.0276, "longitude": 10.0010}  # fmt: skip


@pytest.fixture
def venue_id(db):
    with db.conn:
        return catalogue.save_venue(db, dict(VENUE))


@pytest.fixture
def catalogue_2027(add, venue_id):
    """Five printed entries in two sections, one not printed and one closed."""
    sport = {"categories": ["sport-og-motion"], "venue_ids": [venue_id]}
    entries = {
        "zumba": add("Zumba Øst", **sport),
        "aeldre": add("Ældre i bevægelse", **sport),
        "aalborg": add("Aalborg Øst Skak", **sport),  # "aa" is alphabetised as å
        "badminton": add("Badminton 9220", **sport, contact_name="Ida Privat",
                         contact_phone="11 22 33 44", contact_phone_public=1),  # fmt: skip
        "kor": add("Koret", categories=["kultur-og-kreativitet"]),
        "hidden": add("Ikke i kataloget", include_in_print=0, **sport),
        "closed": add("Lukket klub", status="closed", **sport),
    }
    return entries


def numbers(edition):
    return [(e["number"], e["name"]) for e in edition["entries"]]


def test_freeze_numbers_entries_in_print_order(db, catalogue_2027):
    editions.freeze_edition(db, 2027)
    edition = editions.get_edition(db, 2027)
    assert numbers(edition) == [
        (1, "Badminton 9220"), (2, "Zumba Øst"), (3, "Ældre i bevægelse"), (4, "Aalborg Øst Skak"),
        (5, "Koret"),
    ]  # fmt: skip
    assert [s["slug"] for s in edition["sections"]] == ["sport-og-motion", "kultur-og-kreativitet"]
    assert edition["entry_count"] == 5 and edition["title"] == "Foreningskataloget"
    assert edition["area_name"] == "Aalborg Øst (9220)"


def test_snapshot_keeps_only_consented_contact_details(db, catalogue_2027):
    editions.freeze_edition(db, 2027)
    badminton = editions.get_edition(db, 2027)["entries"][0]
    assert badminton["contact"] == {"phone": "11 22 33 44"}
    assert "Ida Privat" not in str(badminton)
    assert badminton["point"] == [VENUE["latitude"], VENUE["longitude"]]


def test_later_edits_never_change_a_frozen_edition(db, index, catalogue_2027):
    editions.freeze_edition(db, 2027)
    before = editions.get_edition(db, 2027)
    zumba = catalogue_2027["zumba"]
    catalogue.save_association(db, {"id": zumba["id"], "name": "Zumba for alle",
                                    "short_description": "Ny tekst"}, index=index)  # fmt: skip
    catalogue.delete_association(db, catalogue_2027["kor"]["id"], index)
    catalogue.save_association(db, {"name": "Helt ny forening",
                                    "categories": ["sport-og-motion"]}, index=index)  # fmt: skip
    after = editions.get_edition(db, 2027)
    assert after["entries"] == before["entries"]
    assert editions.printed_number(db, zumba["id"]) == {"year": 2027, "number": 2}


def test_an_edition_is_frozen_once_unless_replaced(db, add, catalogue_2027):
    editions.freeze_edition(db, 2027)
    with pytest.raises(editions.EditionError, match="allerede frosset"):
        editions.freeze_edition(db, 2027)
    add("Ny forening", categories=["sport-og-motion"])
    editions.freeze_edition(db, 2027, replace=True, title="Katalog")
    assert len(editions.get_edition(db, 2027)["entries"]) == 6
    editions.freeze_edition(db, 2028)
    with pytest.raises(editions.EditionError, match="nyere"):
        editions.freeze_edition(db, 2027, replace=True)
    assert editions.get_edition(db, 2027)["title"] == "Katalog"


def test_freezing_nothing_is_refused(db):
    with pytest.raises(editions.EditionError, match="Ingen foreninger"):
        editions.freeze_edition(db, 2027)
    assert editions.list_editions(db) == []


@pytest.mark.parametrize("typed", ["", "to tusind", "1999", "2101", "20 27"])
def test_a_bad_year_is_refused(typed):
    with pytest.raises(editions.EditionError):
        editions.check_year(typed)


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Ørnene", "Aalborg", "Zebra", "Ådalen", "Æblerne", "Abe"],
         ["Abe", "Zebra", "Æblerne", "Ørnene", "Ådalen", "Aalborg"]),
        (["émile", "Erik", "Dora"], ["Dora", "émile", "Erik"]),
    ],
)  # fmt: skip
def test_danish_alphabetical_order(names, expected):
    assert sorted(names, key=editions.danish_sort_key) == expected


def test_proof_report_lists_new_removed_and_changed_fields(db, index, catalogue_2027):
    editions.freeze_edition(db, 2026)
    zumba, kor = catalogue_2027["zumba"], catalogue_2027["kor"]
    catalogue.save_association(db, {"id": zumba["id"], "phone": "98 76 54 32", "activities": [
        {"title": "Zumba", "weekdays": [1], "start_time": "17:00", "end_time": "18:00"}]},
        index=index)  # fmt: skip
    catalogue.save_association(db, {"id": kor["id"], "include_in_print": 0}, index=index)
    new = catalogue.save_association(db, {"name": "Strikkecafé",
                                          "categories": ["faellesskab-og-samvaer"]}, index=index)
    db["associations"].update(catalogue_2027["aeldre"]["id"], {"needs_print_decision": 1})

    draft = editions.proof_report(db)
    assert [e["name"] for e in draft["new"]] == ["Strikkecafé"]
    assert [e["name"] for e in draft["removed"]] == ["Koret"]
    [changed] = draft["changed"]
    assert changed["entry"]["name"] == "Zumba Øst"
    assert changed["changes"] == [
        {"field": "Aktiviteter", "old": "", "new": "Zumba · tirsdag 17:00–18:00"},
        {"field": "Telefon", "old": "", "new": "98 76 54 32"},
    ]
    assert draft["unchanged"] == 3
    assert [f["name"] for f in draft["flagged"]] == ["Ældre i bevægelse"]

    editions.freeze_edition(db, 2027)
    frozen = editions.proof_report(db, 2027)
    assert frozen["previous"]["year"] == 2026 and frozen["edition"]["year"] == 2027
    assert [e["association_id"] for e in frozen["new"]] == [new]


def test_first_edition_has_everything_new(db, catalogue_2027):
    report = editions.proof_report(db)
    assert report["previous"] is None and len(report["new"]) == 5 and report["changed"] == []


# The editors' pages ------------------------------------------------------------


EDITOR_PAGES = ["/redaktion/katalog/", "/redaktion/katalog/2027", "/redaktion/katalog/korrektur",
                "/redaktion/katalog/korrektur.pdf", "/redaktion/katalog/2027/korrektur",
                "/redaktion/katalog/job/1", "/redaktion/katalog/job/1/pdf"]  # fmt: skip
EDITOR_FORMS = ["/redaktion/katalog/frys", "/redaktion/katalog/2027/forside",
                "/redaktion/katalog/2027/byg", "/redaktion/katalog/beslutning/1"]  # fmt: skip


@pytest.mark.parametrize("path", EDITOR_PAGES)
def test_anonymous_visitors_are_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/redaktion/login" in response.location


@pytest.mark.parametrize("path", EDITOR_FORMS)
def test_anonymous_posts_are_refused(client, db, catalogue_2027, path):
    editions.freeze_edition(db, 2027)
    response = client.post(path, data={"year": "2028", "variant": "web", "decision": "exclude"})
    assert response.status_code in (302, 400)
    assert editions.list_editions(db)[0]["year"] == 2027 and len(editions.list_editions(db)) == 1
    assert db.execute("SELECT count(*) FROM print_jobs").fetchone()[0] == 0


def test_a_form_without_csrf_token_changes_nothing(editor_client, db, catalogue_2027):
    response = editor_client.post("/redaktion/katalog/frys", data={"year": "2027"})
    assert response.status_code == 400
    assert editions.list_editions(db) == []


def test_editor_freezes_an_edition(editor_client, csrf, db, catalogue_2027):
    page = editor_client.get("/redaktion/katalog/").get_data(as_text=True)
    assert "Frys udgaven" in page
    response = editor_client.post("/redaktion/katalog/frys", data={
        "year": "2027", "title": "Foreninger i Øst", "csrf_token": csrf("/redaktion/katalog/")})
    assert response.status_code == 302 and response.location.endswith("/redaktion/katalog/2027")
    page = editor_client.get("/redaktion/katalog/2027").get_data(as_text=True)
    assert "Foreninger i Øst" in page and "5 foreninger" in page


@pytest.mark.parametrize(
    ("year", "message"),
    [("", "Skriv årstallet"), ("tyve", "Årstal skal være et tal"), ("1850", "mellem 2000")],
)
def test_a_bad_year_in_the_form_is_explained(editor_client, csrf, db, catalogue_2027, year,
                                             message):  # fmt: skip
    response = editor_client.post("/redaktion/katalog/frys", data={
        "year": year, "csrf_token": csrf("/redaktion/katalog/")})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and message in html
    assert 'aria-invalid="true"' in html and f'value="{year}"' in html
    assert editions.list_editions(db) == []


def test_front_matter_is_saved_and_a_bad_cover_refused(editor_client, csrf, db, catalogue_2027):
    editions.freeze_edition(db, 2027)
    token = csrf("/redaktion/katalog/2027")
    bad = editor_client.post("/redaktion/katalog/2027/forside", data={
        "title": "Katalog", "foreword": "Hej", "csrf_token": token,
        "cover": (io.BytesIO(b"not an image"), "forside.png")}, content_type="multipart/form-data")
    assert bad.status_code == 400
    assert "ikke et JPEG- eller PNG-billede" in bad.get_data(as_text=True)
    assert editions.get_edition(db, 2027)["title"] == "Foreningskataloget"
    good = editor_client.post("/redaktion/katalog/2027/forside", data={
        "title": "Katalog", "foreword": "Velkommen til kataloget.", "csrf_token": token})
    assert good.status_code == 302
    edition = editions.get_edition(db, 2027)
    assert (edition["title"], edition["foreword"]) == ("Katalog", "Velkommen til kataloget.")


def test_proof_page_and_pdf(editor_client, db, index, catalogue_2027):
    editions.freeze_edition(db, 2026)
    catalogue.save_association(db, {"id": catalogue_2027["zumba"]["id"],
                                    "website": "https://zumba.example"}, index=index)
    editions.freeze_edition(db, 2027)
    page = editor_client.get("/redaktion/katalog/2027/korrektur").get_data(as_text=True)
    assert "Ændrede (1)" in page and "https://zumba.example" in page and "Hjemmeside" in page
    response = editor_client.get("/redaktion/katalog/2027/korrektur.pdf")
    assert response.mimetype == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert "nr. 2 Zumba Øst" in text and "https://zumba.example" in text


def test_editor_decides_a_flagged_entry(editor_client, csrf, db, catalogue_2027):
    koret = catalogue_2027["kor"]["id"]
    db["associations"].update(koret, {"needs_print_decision": 1})
    token = csrf("/redaktion/katalog/korrektur")
    missing = editor_client.post(f"/redaktion/katalog/beslutning/{koret}",
                                 data={"csrf_token": token})
    assert missing.status_code == 400 and "Vælg, om foreningen" in missing.get_data(as_text=True)
    response = editor_client.post(f"/redaktion/katalog/beslutning/{koret}",
                                  data={"csrf_token": token, "decision": "exclude"})
    assert response.status_code == 302
    row = db["associations"].get(koret)
    assert (row["needs_print_decision"], row["include_in_print"]) == (0, 0)
    assert "Koret" not in [e["name"] for e in editions.draft_entries(db)[1]]


def test_entry_page_shows_its_number_in_the_latest_edition(client, db, catalogue_2027):
    editions.freeze_edition(db, 2027)
    html = client.get("/forening/" + catalogue_2027["zumba"]["slug"]).get_data(as_text=True)
    assert re.search(r"Nr\. 2 i kataloget 2027", html)
    html = client.get("/forening/" + catalogue_2027["hidden"]["slug"]).get_data(as_text=True)
    assert "print-number" not in html


def test_cli_freeze(runner, db, catalogue_2027):
    result = runner.invoke(args=["freeze", "2027"])
    assert result.exit_code == 0, result.output
    assert "5 entries" in result.output
    again = runner.invoke(args=["freeze", "2027"])
    assert again.exit_code != 0 and "allerede frosset" in again.output


def test_a_cover_image_is_stored_with_the_edition(editor_client, csrf, db, catalogue_2027):
    from PIL import Image

    editions.freeze_edition(db, 2027)
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "#0b5d7a").save(buffer, format="PNG")
    response = editor_client.post("/redaktion/katalog/2027/forside", data={
        "title": "Katalog", "foreword": "", "csrf_token": csrf("/redaktion/katalog/2027"),
        "cover": (io.BytesIO(buffer.getvalue()), "forside.png")},
        content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 302
    edition = editions.get_edition(db, 2027)
    assert edition["cover_image"] == buffer.getvalue()
    assert edition["cover_image_type"] == "image/png"
    editions.freeze_edition(db, 2027, replace=True)  # a new freeze keeps the front matter
    assert editions.get_edition(db, 2027)["cover_image"] == buffer.getvalue()
