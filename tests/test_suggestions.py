"""Suggestions: the public forms, spam protection and the editors' queue."""

import json
import logging
import re
from html.parser import HTMLParser

import pytest
from markupsafe import escape

from directory import catalogue, revisions, suggestions
from directory.search import Query

ANNA = {"sender_name": "Anna Afsender", "sender_email": "anna.afsender@privat.example"}


class FormReader(HTMLParser):
    """What a browser would send for the page's form of a CSS class, unchanged."""

    def __init__(self, form_class: str):
        super().__init__()
        self.form_class = form_class
        self.fields: dict[str, list[str]] = {}
        self.inside = self.done = False
        self.textarea = self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.form_class in (attrs.get("class") or "").split():
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                self.fields.setdefault(name, [])
                if "checked" in attrs:
                    self.fields[name].append(attrs.get("value", "y"))
            elif kind != "submit":
                self.fields.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "textarea":
            self.textarea = name
            self.fields[name] = [""]
        elif tag == "select":
            self.select = name
            self.fields[name] = []
        elif tag == "option" and self.select and self._takes(attrs):
            self.fields[self.select] = [attrs.get("value", "")]

    def _takes(self, option: dict) -> bool:
        """A select sends its selected option, else its first one."""
        return "selected" in option or not self.fields[self.select]

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            value = self.fields[self.textarea][0]
            self.fields[self.textarea][0] = value[1:] if value.startswith("\n") else value
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True


def read_form(client, path, form_class="suggest-form") -> dict[str, list[str]]:
    reader = FormReader(form_class)
    reader.feed(client.get(path).get_data(as_text=True))
    return reader.fields


def stored(db) -> list[dict]:
    return [
        {**row, "data": json.loads(row["data"])}
        for row in db.query("SELECT * FROM suggestions ORDER BY id")
    ]


@pytest.fixture
def club(add):
    return add(
        "Tornhøj Fodbold", short_description="Fodbold for alle i Aalborg Øst.",
        phone="12 34 56 78", email="fodbold@klub.example", categories=["sport-og-motion"],
        contact_name="Hemmelig Hansen", contact_phone="99 88 77 66",
        contact_email="hemmelig.hansen@privat.example", contact_role="Formand",
        activities=[{"title": "Fodbold U10", "weekdays": [1], "start_time": "16:30",
                     "end_time": "18:00", "min_age": 8, "max_age": 11}],
    )  # fmt: skip


def new_form(**changes) -> dict:
    data = {"name": "Østens Strikkeklub", "short_description": "Vi strikker og drikker kaffe.",
            "categories": ["kultur-og-kreativitet"], "venue_name": "Trekanten",
            "venue_address": "Fyrkildevej 1", "venue_postcode": "9220",
            "activities": "Strikkecafé: onsdag 10:00-12:00; sted: Trekanten; pris: gratis",
            "message": "", "sender_name": "", "sender_email": "", "kontrolfelt": ""}  # fmt: skip
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def post_new(client, csrf, **changes):
    return client.post("/tilmeld", data={**new_form(**changes), "csrf_token": csrf("/tilmeld")})


def post_correction(client, slug, **changes):
    fields = read_form(client, f"/forening/{slug}/ret")
    fields.update({key: value if isinstance(value, list) else [value]
                   for key, value in changes.items()})  # fmt: skip
    return client.post(f"/forening/{slug}/ret", data=fields)


# The public forms -------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/tilmeld", "/forening/tornhoej-fodbold/ret"])
def test_public_forms_render_with_labels_and_a_hidden_honeypot(client, club, path):
    html = client.get(path).get_data(as_text=True)
    for field in ("name", "short_description", "website", "email", "phone", "activities",
                  "venue_name", "message", "sender_name", "sender_email"):  # fmt: skip
        assert f'<label for="{field}">' in html, field
    assert re.search(r'<div class="kontrol" aria-hidden="true">\s*<label for="kontrolfelt">', html)
    assert re.search(r'<input type="text" id="kontrolfelt"[^>]*tabindex="-1"', html)
    assert "Vi bruger dem kun til det" in html  # what the sender's details are used for


def test_links_to_the_forms_are_on_the_site(client, club):
    entry = client.get("/forening/tornhoej-fodbold").get_data(as_text=True)
    assert 'href="/forening/tornhoej-fodbold/ret">Ret oplysninger</a>' in entry
    assert 'href="/tilmeld">Tilmeld en ny forening</a>' in client.get("/").get_data(as_text=True)


def test_correction_form_is_prefilled_with_public_values_and_no_contact_person(client, club):
    html = client.get("/forening/tornhoej-fodbold/ret").get_data(as_text=True)
    assert 'value="Tornhøj Fodbold"' in html and 'value="12 34 56 78"' in html
    assert "Fodbold U10: tirsdag 16:30-18:00; 8-11 år" in html
    for private in ("Hemmelig", "99 88 77 66", "hemmelig.hansen", "Formand"):
        assert private not in html, private


def test_correction_form_of_unknown_association_is_404(client):
    assert client.get("/forening/findes-ikke/ret").status_code == 404


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "  "}, "name", "Navn mangler"),
        ({"short_description": "x" * 201}, "short_description", "højst 200"),
        ({"email": "foreningen@"}, "email", "E-mail 'foreningen@' er ikke gyldig"),
        ({"phone": "1234"}, "phone", "ikke et dansk telefonnummer"),
        ({"website": "ftp://x.dk"}, "website", "skal begynde med http:// eller https://"),
        ({"venue_postcode": "92200"}, "venue_postcode", "skal være fire cifre"),
        ({"venue_name": "", "venue_address": "", "venue_postcode": "9220"}, "venue_name",
         "Skriv stedets navn eller adresse"),
        ({"activities": "Strik: 12-8 år"}, "activities", "går den forkerte vej"),
        ({"categories": ["findes-ikke"]}, "categories", "Kategorien 'findes-ikke' findes ikke"),
        ({"sender_email": "anna@"}, "sender_email", "Din e-mail 'anna@' er ikke gyldig"),
        ({"message": "x" * 5001}, "message", "højst 5000"),
    ],
)  # fmt: skip
def test_new_form_refuses_bad_input_in_danish_and_keeps_what_was_typed(
    client, csrf, db, changes, field, message
):
    response = post_new(client, csrf, description="Hyggeligt fællesskab", **changes)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert re.search(rf'<p class="field-error" id="{field}-fejl">[^<]*{re.escape(message)}',
                     html.replace("&#39;", "'")), html  # fmt: skip
    assert re.search(rf'aria-describedby="[^"]*{field}-fejl"', html)
    assert "Hyggeligt fællesskab" in html
    for value in changes.values():  # what was typed is kept, bad values too
        if isinstance(value, str):
            assert str(escape(value)) in html
    assert stored(db) == []


def test_valid_new_association_is_queued_and_changes_nothing(client, csrf, db, index):
    version = catalogue.catalogue_version(db)
    response = post_new(client, csrf, phone="98 76 54 32", flags=["free_of_charge"], **ANNA)
    assert response.status_code == 302 and response.headers["Location"].startswith("/forslag/tak")
    [suggestion] = stored(db)
    assert suggestion["kind"] == "new" and suggestion["status"] == "pending"
    assert suggestion["submitter_email"] == ANNA["sender_email"]
    data = suggestion["data"]
    assert data["name"] == "Østens Strikkeklub" and data["phone"] == "98 76 54 32"
    assert data["categories"] == ["kultur-og-kreativitet"] and data["free_of_charge"] is True
    assert data["venue"] == {"name": "Trekanten", "address": "Fyrkildevej 1", "postcode": "9220"}
    assert data["activities"][0]["title"] == "Strikkecafé"
    assert data["activities"][0]["weekdays"] == [2]
    assert "wheelchair_access" not in data and "website" not in data
    assert db["associations"].count == 0
    assert catalogue.catalogue_version(db) == version
    assert index.search(Query(text="Strikkeklub")).total == 0
    assert "Tak!" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_valid_correction_stores_only_the_changed_fields(client, db, club, index):
    before = catalogue.association_record(db, club["id"])
    version = catalogue.catalogue_version(db)
    response = post_correction(client, club["slug"], phone="87654321",
                               short_description="Fodbold og futsal for alle.",
                               message="Nyt nummer fra 1. marts.")  # fmt: skip
    assert response.status_code == 302
    assert response.headers["Location"] == "/forslag/tak?forening=tornhoej-fodbold"
    [suggestion] = stored(db)
    assert suggestion["kind"] == "correction" and suggestion["association_id"] == club["id"]
    assert suggestion["data"] == {"phone": "87 65 43 21",
                                  "short_description": "Fodbold og futsal for alle."}
    assert suggestion["base_version"] == before["version"]
    assert suggestion["message"] == "Nyt nummer fra 1. marts."
    assert catalogue.association_record(db, club["id"]) == before
    assert catalogue.catalogue_version(db) == version
    assert index.search(Query(text="futsal")).total == 0


def test_correction_that_changes_nothing_needs_a_message(client, db, club):
    response = post_correction(client, club["slug"])
    assert response.status_code == 400
    assert "Du har ikke ændret noget" in response.get_data(as_text=True)
    assert stored(db) == []
    assert post_correction(client, club["slug"], message="Træneren er ny.").status_code == 302
    assert stored(db)[0]["data"] == {}


def test_correction_from_an_old_page_does_not_undo_changes_made_since(client, db, club):
    fields = read_form(client, f"/forening/{club['slug']}/ret")
    catalogue.save_association(db, {"id": club["id"], "phone": "11 11 11 11"})
    fields["email"] = ["ny@klub.example"]
    assert client.post(f"/forening/{club['slug']}/ret", data=fields).status_code == 302
    [suggestion] = stored(db)
    assert suggestion["data"] == {"email": "ny@klub.example"}  # not the old phone number
    assert suggestion["base_version"] == club["version"]


def test_filled_honeypot_pretends_success_and_stores_nothing(client, csrf, db, club):
    response = post_new(client, csrf, kontrolfelt="http://spam.example")
    assert response.status_code == 302 and stored(db) == []
    response = post_correction(client, club["slug"], phone="87654321", kontrolfelt="køb nu")
    assert response.status_code == 302 and stored(db) == []


def test_submissions_are_rate_limited_per_address(client, csrf, db, club):
    mistakes = [post_new(client, csrf, email="x@").status_code for _ in range(3)]
    assert mistakes == [400, 400, 400]  # typing errors do not use up the quota
    codes = [post_new(client, csrf, name=f"Klub {n}").status_code for n in range(5)]
    assert codes == [302] * 5
    assert post_new(client, csrf, name="Klub 6").status_code == 429
    assert post_correction(client, club["slug"], phone="87654321").status_code == 429
    assert len(stored(db)) == 5


def test_submission_without_csrf_token_is_refused(client, db, club):
    response = client.post("/tilmeld", data=new_form())
    assert response.status_code == 400
    fields = read_form(client, f"/forening/{club['slug']}/ret")
    del fields["csrf_token"]
    fields["phone"] = ["87654321"]
    assert client.post(f"/forening/{club['slug']}/ret", data=fields).status_code == 400
    assert stored(db) == []


# The editors' queue ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/redaktion/forslag"), ("get", "/redaktion/forslag/1"),
     ("post", "/redaktion/forslag/1"), ("post", "/redaktion/forslag/1/glem-afsender")],
)  # fmt: skip
def test_queue_refuses_anonymous_visitors(client, db, club, method, path):
    suggestions.submit(db, "correction", {"phone": "87 65 43 21"}, association_id=club["id"],
                       base_version=club["version"])  # fmt: skip
    response = getattr(client, method)(path)
    assert response.status_code in (302, 400)
    if method == "get":
        assert response.headers["Location"].startswith("/redaktion/login")
    assert stored(db)[0]["status"] == "pending"


def queue_correction(db, club, **data):
    return suggestions.submit(
        db, "correction", data, association_id=club["id"], base_version=club["version"],
        submitter_name="Anna Afsender", submitter_email="anna.afsender@privat.example",
    )  # fmt: skip


def test_queue_shows_pending_first_with_current_and_proposed_values(editor_client, db, club):
    done = queue_correction(db, club, phone="11 11 11 11")
    suggestions.reject(db, done, user_id=None)
    waiting = queue_correction(db, club, phone="87 65 43 21")
    suggestions.submit(db, "round", {"email": "ny@klub.example"}, association_id=club["id"],
                       base_version=club["version"], source="Opdateringsrunde 2025")
    html = editor_client.get("/redaktion/forslag").get_data(as_text=True)
    assert html.index(f"#{waiting} Rettelse") < html.index("Senest behandlet") < html.index(
        f"#{done} Rettelse")
    assert "<strong>Nu:</strong> 12 34 56 78" in html
    assert "<strong>Forslag:</strong> 87 65 43 21" in html
    assert "Kilde: Opdateringsrunde 2025" in html
    assert "Forslag (2 venter)" in editor_client.get("/redaktion/").get_data(as_text=True)


def test_detail_shows_fields_side_by_side_and_the_sender_to_editors(editor_client, db, club):
    suggestion_id = queue_correction(db, club, phone="87 65 43 21")
    html = editor_client.get(f"/redaktion/forslag/{suggestion_id}").get_data(as_text=True)
    assert re.search(r'class="now"><p class="compare-head">Nu</p><div class="value">12 34 56 78',
                     html)  # fmt: skip
    assert re.search(r'<p class="compare-head">Forslag</p><div class="value">87 65 43 21', html)
    assert "anna.afsender@privat.example" in html
    assert re.search(r'<input checked id="accept_phone"', html)


def decide(client, csrf, suggestion_id, action="accept", **fields):
    path = f"/redaktion/forslag/{suggestion_id}"
    data = {key: value for key, value in read_form(client, path, "decision-form").items()
            if not key.startswith("accept_")}  # fmt: skip
    data.update(fields, action=action, csrf_token=csrf(path))
    return client.post(path, data=data)


def test_accepting_some_fields_rejects_the_others_and_names_the_source(
    editor_client, csrf, db, club, index
):
    suggestion_id = queue_correction(db, club, phone="87 65 43 21",
                                     short_description="Fodbold og futsal for alle.")
    response = decide(editor_client, csrf, suggestion_id, accept_short_description="y")
    assert response.status_code == 302
    after = catalogue.association_record(db, club["id"])
    assert after["short_description"] == "Fodbold og futsal for alle."
    assert after["phone"] == "12 34 56 78"
    latest = revisions.history(db, "association", club["id"])[0]
    assert latest["source"] == f"forslag #{suggestion_id} (Rettelse: Anna Afsender)"
    assert latest["user_name"] == "Rie Redaktør"
    assert set(latest["changes"]) == {"short_description"}
    suggestion = suggestions.get_suggestion(db, suggestion_id)
    assert suggestion["status"] == "partly"
    assert suggestion["decided_by_name"] == "Rie Redaktør" and suggestion["decided_at"]
    assert index.search(Query(text="futsal")).total == 1


def test_reject_all_changes_nothing(editor_client, csrf, db, club):
    suggestion_id = queue_correction(db, club, phone="87 65 43 21")
    before = catalogue.association_record(db, club["id"])
    count = db["revisions"].count
    assert decide(editor_client, csrf, suggestion_id, action="reject").status_code == 302
    assert catalogue.association_record(db, club["id"]) == before
    assert db["revisions"].count == count
    assert suggestions.get_suggestion(db, suggestion_id)["status"] == "rejected"
    again = decide(editor_client, csrf, suggestion_id, accept_phone="y")
    assert again.status_code == 302
    assert catalogue.association_record(db, club["id"]) == before


def test_accepting_nothing_is_refused(editor_client, csrf, db, club):
    suggestion_id = queue_correction(db, club, phone="87 65 43 21")
    response = decide(editor_client, csrf, suggestion_id)
    assert response.status_code == 400
    assert "Vælg mindst ét felt" in response.get_data(as_text=True)
    assert suggestions.get_suggestion(db, suggestion_id)["status"] == "pending"


def test_editor_may_adjust_a_value_and_bad_values_are_refused(editor_client, csrf, db, club):
    suggestion_id = queue_correction(db, club, phone="87 65 43 21")
    response = decide(editor_client, csrf, suggestion_id, accept_phone="y", value_phone="87")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Telefon &#39;87&#39; er ikke et dansk telefonnummer" in html and 'value="87"' in html
    assert catalogue.association_record(db, club["id"])["phone"] == "12 34 56 78"
    response = decide(editor_client, csrf, suggestion_id, accept_phone="y",
                      value_phone="+45 87 65 43 22")  # fmt: skip
    assert response.status_code == 302
    assert catalogue.association_record(db, club["id"])["phone"] == "87 65 43 22"
    assert suggestions.get_suggestion(db, suggestion_id)["status"] == "accepted"


def test_entry_changed_meanwhile_is_shown_and_never_silently_overwritten(
    editor_client, csrf, db, club
):
    suggestion_id = queue_correction(db, club, phone="87 65 43 21", email="ny@klub.example")
    catalogue.save_association(db, {"id": club["id"], "phone": "11 11 11 11"})
    path = f"/redaktion/forslag/{suggestion_id}"
    html = editor_client.get(path).get_data(as_text=True)
    assert "Foreningen er ændret, siden forslaget blev sendt" in html
    assert re.search(r'<p class="compare-head">Nu</p><div class="value">11 11 11 11', html)
    assert "Dengang stod der: 12 34 56 78" in html
    assert re.search(r'<input id="accept_phone"', html)  # not ticked in advance
    assert re.search(r'<input checked id="accept_email"', html)

    # The editor opens the page; then someone else saves the entry.
    fields = read_form(editor_client, path, "decision-form")
    catalogue.save_association(db, {"id": club["id"], "website": "https://klub.example"})
    fields.update(accept_phone=["y"], action=["accept"])
    response = editor_client.post(path, data=fields)
    assert response.status_code == 409
    assert "blevet ændret, mens du så på forslaget" in response.get_data(as_text=True)
    now = catalogue.association_record(db, club["id"])
    assert (now["phone"], now["email"]) == ("11 11 11 11", "fodbold@klub.example")
    assert suggestions.get_suggestion(db, suggestion_id)["status"] == "pending"

    fields = read_form(editor_client, path, "decision-form")
    fields.update(accept_phone=["y"], accept_email=["y"], action=["accept"])
    assert editor_client.post(path, data=fields).status_code == 302
    now = catalogue.association_record(db, club["id"])
    assert (now["phone"], now["email"], now["website"]) == (
        "87 65 43 21", "ny@klub.example", "https://klub.example")


def test_accepted_new_association_is_created_and_searchable(
    editor_client, client, csrf, db, index
):
    assert post_new(client, csrf, target_groups=["voksne"]).status_code == 302
    [suggestion] = stored(db)
    response = decide(editor_client, csrf, suggestion["id"], value_name="Østens Strikkeklub 9220",
                      **{f"accept_{key}": "y" for key in suggestion["data"]})  # fmt: skip
    assert response.status_code == 302
    created = catalogue.get_association(db, "oestens-strikkeklub-9220")
    assert created["short_description"] == "Vi strikker og drikker kaffe."
    assert [c["slug"] for c in created["categories"]] == ["kultur-og-kreativitet"]
    assert created["target_groups"] == ["voksne"]
    assert [v["name"] for v in created["venues"]] == ["Trekanten"] and db["venues"].count == 1
    assert created["activities"][0]["venue"]["name"] == "Trekanten"
    results = index.search(Query(text="strikkeklub"))
    assert [hit.slug for hit in results.hits] == ["oestens-strikkeklub-9220"]
    [revision] = revisions.history(db, "association", created["id"])
    assert revision["action"] == "create"
    assert revision["source"] == f"forslag #{suggestion['id']} (Ny forening: anonym)"
    decided = suggestions.get_suggestion(db, suggestion["id"])
    assert decided["status"] == "accepted" and decided["association_id"] == created["id"]


def test_new_association_needs_its_name_accepted(editor_client, client, csrf, db):
    assert post_new(client, csrf).status_code == 302
    [suggestion] = stored(db)
    response = decide(editor_client, csrf, suggestion["id"], accept_short_description="y")
    assert response.status_code == 400
    assert "godkend feltet Navn" in response.get_data(as_text=True)
    assert db["associations"].count == 0


def test_new_association_at_a_known_venue_uses_it(editor_client, client, csrf, db, add):
    add("Noget andet", venue_ids=[catalogue.save_venue(db, {"name": "Trekanten"})])
    db.conn.commit()
    assert post_new(client, csrf, venue_address="").status_code == 302
    [suggestion] = stored(db)
    html = editor_client.get(f"/redaktion/forslag/{suggestion['id']}").get_data(as_text=True)
    assert "Stedet findes allerede: Trekanten" in html
    decide(editor_client, csrf, suggestion["id"], accept_name="y", accept_venue="y")
    assert db["venues"].count == 1


def test_round_suggestions_are_decided_in_the_same_queue(editor_client, csrf, db, club):
    suggestion_id = suggestions.submit(
        db, "round", {"email": "ny@klub.example", "contact_name": "Ny Formand"},
        association_id=club["id"], base_version=club["version"], source="Opdateringsrunde 2025",
    )  # fmt: skip
    assert decide(editor_client, csrf, suggestion_id, accept_email="y",
                  accept_contact_name="y").status_code == 302  # fmt: skip
    latest = revisions.history(db, "association", club["id"])[0]
    assert latest["source"] == f"forslag #{suggestion_id} (Opdateringsrunde: Opdateringsrunde 2025)"
    assert catalogue.association_record(db, club["id"])["contact_name"] == "Ny Formand"


def test_message_only_suggestion_can_be_marked_done(editor_client, csrf, db, club):
    suggestion_id = queue_correction(db, club)
    html = editor_client.get(f"/redaktion/forslag/{suggestion_id}").get_data(as_text=True)
    assert "Markér som behandlet" in html
    assert decide(editor_client, csrf, suggestion_id).status_code == 302
    assert suggestions.get_suggestion(db, suggestion_id)["status"] == "accepted"


def test_editor_can_erase_the_sender(editor_client, csrf, db, club):
    suggestion_id = queue_correction(db, club, phone="87 65 43 21")
    path = f"/redaktion/forslag/{suggestion_id}/glem-afsender"
    assert editor_client.post(path, data={"csrf_token": csrf("/redaktion/")}).status_code == 302
    suggestion = suggestions.get_suggestion(db, suggestion_id)
    assert (suggestion["submitter_name"], suggestion["submitter_email"]) == ("", "")


def test_logs_never_hold_the_sender(editor_client, client, csrf, db, club, caplog):
    caplog.set_level(logging.DEBUG)
    assert post_correction(client, club["slug"], phone="87654321", **ANNA).status_code == 302
    [suggestion] = stored(db)
    assert decide(editor_client, csrf, suggestion["id"], accept_phone="y").status_code == 302
    assert f"suggestion {suggestion['id']} (correction) queued" in caplog.text
    assert f"suggestion {suggestion['id']} accepted" in caplog.text
    for personal in ("Anna", "Afsender", "anna.afsender", "privat.example"):
        assert personal not in caplog.text


# The functions behind the forms -----------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "base", "proposed", "changed"),
    [
        ("phone", "12345678", "12 34 56 78", False),
        ("phone", "12 34 56 78", "87 65 43 21", True),
        ("website", "www.klub.dk", "https://www.klub.dk", False),
        ("categories", ["a", "b"], ["b", "a"], False),
        ("venue", {"name": "Trekanten"}, {"name": "trekanten ", "address": "", "postcode": ""},
         False),
        ("venue", {}, {"name": "Trekanten"}, True),
        ("wheelchair_access", 0, False, False),
        ("wheelchair_access", 0, True, True),
        ("description", None, "", False),
    ],
)  # fmt: skip
def test_changed_fields_ignores_differences_of_form_only(db, key, base, proposed, changed):
    assert (key in suggestions.changed_fields(db, {key: base}, {key: proposed})) is changed


def test_submit_refuses_unknown_kinds(db):
    with pytest.raises(ValueError):
        suggestions.submit(db, "spam", {})


def test_fields_are_listed_in_the_order_of_the_form():
    data = dict.fromkeys(["activities", "phone", "contact_name", "short_description", "zz", "name"])
    assert suggestions.ordered_keys(data) == [
        "name", "short_description", "phone", "activities", "contact_name", "zz"]  # fmt: skip


def test_old_senders_are_forgotten_by_the_command(db, club, runner):
    old, recent, waiting = (queue_correction(db, club, phone="87 65 43 21") for _ in range(3))
    db["suggestions"].update(old, {"status": "rejected", "decided_at": "2020-01-01T00:00:00+00:00"})
    suggestions.reject(db, recent, user_id=None)
    db["suggestions"].update(waiting, {"created_at": "2020-01-01T00:00:00+00:00"})
    result = runner.invoke(args=["forget-submitters", "--days", "90"])
    assert result.exit_code == 0, result.output
    assert "Erased the sender of 1 suggestions" in result.output
    senders = {row["id"]: row["submitter_email"] for row in stored(db)}
    assert senders == {old: "", recent: ANNA["sender_email"], waiting: ANNA["sender_email"]}
