"""Editing associations in the editors' workspace: forms, conflicts, history, wastebasket."""

import re
from html.parser import HTMLParser

import pytest

from directory import catalogue, revisions
from directory.db import write_transaction
from directory.search import Query

BASE = "/redaktion/foreninger"
SPORT = "sport-og-motion"
CULTURE = "kultur-og-kreativitet"


class FormReader(HTMLParser):
    """What a browser would send for the first form with the given class."""

    def __init__(self, form_class: str):
        super().__init__()
        self.form_class, self.inside, self.fields = form_class, False, []
        self.textarea, self.select, self.option = None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.form_class in (attrs.get("class") or "").split():
            self.inside = True
        if not self.inside:
            return
        kind = attrs.get("type", "text")
        if tag == "input" and kind not in ("submit", "checkbox", "radio"):
            self.fields.append((attrs["name"], attrs.get("value", "")))
        elif tag == "input" and "checked" in attrs:
            self.fields.append((attrs["name"], attrs.get("value", "on")))
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]
        elif tag == "select":
            self.select, self.option = attrs["name"], None
        elif tag == "option" and (self.option is None or "selected" in attrs):
            self.option = attrs.get("value", "")  # no option selected: browsers send the first

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea is not None:
            # Browsers read CRLF as LF and drop the newline that follows <textarea>.
            text = self.textarea[1].replace("\r\n", "\n").removeprefix("\n")
            self.fields.append((self.textarea[0], text))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            self.fields.append((self.select, self.option))
            self.select = None
        elif tag == "form":
            self.inside = False


def read_form(html: str, form_class: str = "association-form") -> list[tuple[str, str]]:
    reader = FormReader(form_class)
    reader.feed(html)
    return reader.fields


def change(fields, **values) -> list[tuple[str, str]]:
    """The fields with some values replaced (a list value sets a checkbox group)."""
    names = {name.replace("__", "-") for name in values}
    kept = [(name, value) for name, value in fields if name not in names]
    for name, value in values.items():
        name = name.replace("__", "-")
        kept += [(name, v) for v in value] if isinstance(value, list) else [(name, value)]
    return kept


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def edit_fields(client, association_id: int) -> list[tuple[str, str]]:
    return read_form(page(client, f"{BASE}/{association_id}"))


def post(client, path: str, fields):
    return client.post(path, data=_multidict(fields))


def _multidict(fields):
    from werkzeug.datastructures import MultiDict

    return MultiDict(fields)


def field_error(html: str, field_id: str) -> str:
    """The error shown next to a field (its aria-describedby target)."""
    match = re.search(rf'<p class="field-error" id="{re.escape(field_id)}-fejl">([^<]*)</p>', html)
    return match.group(1) if match else ""


def unescape(text: str) -> str:
    import html

    return html.unescape(text)


def names_found(index, text: str) -> list[str]:
    return [hit.name for hit in index.search(Query(text=text)).hits]


@pytest.fixture
def club(db, index):
    """An association with a venue, categories and one activity."""
    with write_transaction(db):
        venue_id = catalogue.save_venue(db, {
            "name": "Tornhøjhallen", "address": "Tornhøjvej 1", "postcode": "9220"})  # fmt: skip
        other_id = catalogue.save_venue(db, {"name": "Trekanten", "postcode": "9220"})
    association_id = catalogue.save_association(db, {
        "name": "Tornhøj Fodboldklub", "short_description": "Fodbold for alle",
        "phone": "12 34 56 78", "categories": [SPORT], "venue_ids": [venue_id],
        "activities": [{"title": "U10 træning", "weekdays": [1, 3], "start_time": "16:30",
                        "end_time": "18:00", "min_age": 8, "max_age": 10, "venue_id": venue_id}],
    }, index=index)  # fmt: skip
    record = catalogue.association_record(db, association_id)
    record["other_venue_id"] = other_id
    return record


# Access ---------------------------------------------------------------------------

ROUTES = [
    ("get", BASE + "/"),
    ("get", BASE + "/ny"),
    ("post", BASE + "/ny"),
    ("get", BASE + "/{id}"),
    ("post", BASE + "/{id}"),
    ("post", BASE + "/{id}/status"),
    ("get", BASE + "/{id}/slet"),
    ("post", BASE + "/{id}/slet"),
    ("get", BASE + "/{id}/historik"),
    ("post", BASE + "/revision/{revision}/gendan"),
    ("get", BASE + "/papirkurv"),
]


def _url(template: str, club: dict, db) -> str:
    revision = revisions.history(db, "association", club["id"])[-1]["id"]
    return template.format(id=club["id"], revision=revision)


@pytest.mark.parametrize(("method", "template"), ROUTES)
def test_anonymous_visitors_are_sent_to_the_login(client, csrf, db, club, method, template):
    url = _url(template, club, db)
    data = {"csrf_token": csrf(), "name": "Overtaget", "status": "closed"}
    response = client.get(url) if method == "get" else client.post(url, data=data)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/redaktion/login?next=")
    assert catalogue.association_record(db, club["id"])["version"] == club["version"]


def test_every_route_of_the_blueprint_is_covered(app):
    rules = {
        (method.lower(), re.sub(r"<int:(\w+)>", "{x}", rule.rule))
        for rule in app.url_map.iter_rules() if rule.endpoint.startswith("editing.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }  # fmt: skip
    covered = {(m, re.sub(r"\{\w+\}", "{x}", t)) for m, t in ROUTES}
    assert rules == covered


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/{id}", {"name": "Uden token", "version": "1"}),
        ("/ny", {"name": "Uden token"}),
        ("/{id}/status", {"status": "closed", "version": "1"}),
        ("/{id}/slet", {}),
    ],
)
def test_posts_without_csrf_token_are_refused(editor_client, db, club, path, data):
    response = editor_client.post(BASE + path.format(id=club["id"]), data=data)
    assert response.status_code == 400
    assert catalogue.association_record(db, club["id"])["version"] == club["version"]
    assert db["associations"].count == 1


def test_missing_association_is_404(editor_client):
    assert editor_client.get(f"{BASE}/999").status_code == 404
    assert editor_client.get(f"{BASE}/999/historik").status_code == 404


def test_editor_menu_has_the_sections(editor_client):
    html = page(editor_client, "/redaktion/")
    assert f'href="{BASE}/"' in html and f'href="{BASE}/papirkurv"' in html


# The list ------------------------------------------------------------------------


def test_list_searches_by_name_and_filters(editor_client, add):
    add("Tornhøj Fodboldklub", categories=[SPORT], phone="12345678", last_verified="2099-01-01")
    add("Koret Østlyd", categories=[CULTURE], status="paused", email="kor@example.dk",
        last_verified="2099-01-01")  # fmt: skip
    add("Strikkecaféen")
    add("Åens Venner", categories=[CULTURE], email="aa@example.dk", last_verified="2099-01-01")

    def listed(**args):
        html = page(editor_client, f"{BASE}/?" + "&".join(f"{k}={v}" for k, v in args.items()))
        return re.findall(r'<td><a href="/redaktion/foreninger/\d+">([^<]+)</a>', html)

    assert listed() == ["Koret Østlyd", "Strikkecaféen", "Tornhøj Fodboldklub", "Åens Venner"]
    assert listed(q="østLYD") == ["Koret Østlyd"]
    assert listed(q="cafeen") == ["Strikkecaféen"]
    assert listed(status="paused") == ["Koret Østlyd"]
    assert listed(kategori=CULTURE) == ["Koret Østlyd", "Åens Venner"]
    assert listed(opmaerksomhed="1") == ["Strikkecaféen"]
    assert listed(status="ukendt", side="x") == listed()


def test_list_shows_what_needs_attention(editor_client, db, add):
    association = add("Strikkecaféen", contact_name="Anna", contact_name_public=1)
    db["associations"].update(association["id"], {"needs_print_decision": 1})
    html = page(editor_client, f"{BASE}/")
    for marker in ("Ikke bekræftet det seneste år", "Mangler kategori",
                   "Kontaktperson vist uden registreret samtykke", "Skal med i tryk? Afgør"):
        assert marker in html  # fmt: skip
    assert "Mangler kontaktoplysninger" not in html  # the contact person is shown


# Creating and editing ----------------------------------------------------------------


def test_new_association_is_created_and_searchable(editor_client, db, index, club):
    fields = read_form(page(editor_client, f"{BASE}/ny"))
    fields = change(
        fields, name="Øst Svømmeklub", short_description="Svømning for kvinder",
        categories=[SPORT], venue_ids=[str(club["venue_ids"][0])], languages=["da", "ar"],
        activities__0__title="Kvindesvømning", activities__0__weekdays=["2"],
        activities__0__start_time="19.00", activities__0__season="1/9-31/5",
        wheelchair_access="y", email="mailto:svoem@example.dk",
    )  # fmt: skip
    response = post(editor_client, f"{BASE}/ny", fields)
    assert response.status_code == 302, response.get_data(as_text=True)
    association_id = int(response.headers["Location"].rsplit("/", 1)[1])
    record = catalogue.association_record(db, association_id)
    assert record["name"] == "Øst Svømmeklub" and record["email"] == "svoem@example.dk"
    assert record["categories"] == [SPORT] and record["languages"] == ["da", "ar"]
    assert record["wheelchair_access"] == 1 and record["include_in_print"] == 1
    assert record["activities"] == [{
        "title": "Kvindesvømning", "weekdays": [2], "start_time": "19:00", "end_time": "",
        "frequency": "weekly", "season_start": "09-01", "season_end": "05-31",
        "target_group": "", "min_age": None, "max_age": None, "price": "", "venue_id": None,
        "note": "",
    }]  # fmt: skip
    assert names_found(index, "svømning") == ["Øst Svømmeklub"]
    newest = revisions.history(db, "association", association_id)[0]
    assert (newest["action"], newest["source"]) == ("create", "redigeret af redaktionen")


def test_unchanged_form_saves_nothing(editor_client, db, club):
    response = post(editor_client, f"{BASE}/{club['id']}", edit_fields(editor_client, club["id"]))
    assert response.status_code == 302
    assert catalogue.association_record(db, club["id"])["version"] == club["version"]
    assert len(revisions.history(db, "association", club["id"])) == 1


def test_edit_adds_changes_and_removes_activities(editor_client, db, index, club):
    fields = edit_fields(editor_client, club["id"])
    fields = change(
        fields, name="Tornhøj Boldklub", activities__0__end_time="18:15",
        activities__1__title="Old boys", activities__1__weekdays=["4"],
        activities__1__venue_id=str(club["other_venue_id"]),
        venue_ids=[str(club["other_venue_id"]), str(club["venue_ids"][0])],
    )  # fmt: skip
    assert post(editor_client, f"{BASE}/{club['id']}", fields).status_code == 302
    record = catalogue.association_record(db, club["id"])
    assert record["name"] == "Tornhøj Boldklub"
    assert record["slug"] == club["slug"]  # the public address stays
    assert [a["title"] for a in record["activities"]] == ["U10 træning", "Old boys"]
    assert record["activities"][0]["end_time"] == "18:15"
    assert record["activities"][1]["venue_id"] == club["other_venue_id"]
    assert record["venue_ids"] == [club["venue_ids"][0], club["other_venue_id"]]  # old order kept

    fields = change(edit_fields(editor_client, club["id"]), activities__0__remove="y")
    assert post(editor_client, f"{BASE}/{club['id']}", fields).status_code == 302
    record = catalogue.association_record(db, club["id"])
    assert [a["title"] for a in record["activities"]] == ["Old boys"]
    assert names_found(index, "Boldklub") == ["Tornhøj Boldklub"]
    newest = revisions.history(db, "association", club["id"])[0]
    assert newest["user_name"] == "Rie Redaktør"


def test_add_row_button_keeps_typing_and_saves_nothing(editor_client, db, club):
    fields = change(edit_fields(editor_client, club["id"]), name="Halvfærdig",
                    activities__1__title="Ny aktivitet", add_activity="Tilføj en aktivitet mere")
    response = post(editor_client, f"{BASE}/{club['id']}", fields)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="Halvfærdig"' in html and 'value="Ny aktivitet"' in html
    assert 'name="activities-2-title"' in html  # one more blank row
    assert catalogue.association_record(db, club["id"])["version"] == club["version"]


def test_editor_pages_link_to_the_public_page_and_venues(editor_client, club):
    html = page(editor_client, f"{BASE}/{club['id']}")
    assert f'href="/forening/{club["slug"]}"' in html
    assert f'href="/redaktion/steder/{club["venue_ids"][0]}"' in html


def test_public_page_links_to_editing_only_for_editors(client, make_user, login, club):
    path = f"/forening/{club['slug']}"
    edit_link = f'href="{BASE}/{club["id"]}"'
    assert edit_link not in page(client, path)
    make_user()
    login()
    assert edit_link in page(client, path)


# Validation -----------------------------------------------------------------------

LONG = "x" * 201


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("name", "", "Navn mangler."),
        ("email", "foo@", "E-mail 'foo@' er ikke gyldig."),
        ("contact_email", "anna@@x", "Kontaktpersonens e-mail 'anna@@x' er ikke gyldig."),
        ("phone", "1234 56",
         "Telefon '1234 56' er ikke et dansk telefonnummer med 8 cifre."),
        ("contact_phone", "+46 12 34 56 78", "Kontaktpersonens telefon '+46 12 34 56 78' er "
         "ikke et dansk telefonnummer med 8 cifre."),
        ("website", "ftp://klub.dk", "Hjemmeside 'ftp://klub.dk' skal begynde med http:// "
         "eller https://."),
        ("website", "http://klub dk", "Hjemmeside 'http://klub dk' er ikke en gyldig "
         "internetadresse."),
        ("short_description", LONG, "Kort beskrivelse er 201 tegn; højst 200."),
        ("last_verified", "2024-02-30", "Senest bekræftet '2024-02-30' er ikke en gyldig dato "
         "(skriv fx 2024-05-31)."),
        ("status", "deleted", "Vælg blandt mulighederne (deleted findes ikke)."),
        ("categories", "svindel", "Vælg blandt mulighederne (svindel findes ikke)."),
        ("activities-0-start_time", "25:00", "Starttidspunkt '25:00' er ikke et klokkeslæt "
         "(skriv fx 16:30)."),
        ("activities-0-end_time", "15:00", "Sluttidspunktet skal ligge efter 16:30."),
        ("activities-0-min_age", "otte", "Alder fra 'otte' skal være et helt tal mellem 0 og "
         "120."),
        ("activities-0-max_age", "7", "'Alder til' skal være mindst 8."),
        ("activities-0-max_age", "121", "Alder til '121' skal være et helt tal mellem 0 og "
         "120."),
        ("activities-0-season", "32/13-1/1", "Sæson '32/13-1/1' har en dato, der ikke findes."),
        ("activities-0-title", "", "Aktivitetens titel mangler."),
        ("activities-0-venue_id", "999", "Vælg blandt mulighederne (999 findes ikke)."),
    ],
)  # fmt: skip
def test_bad_value_is_refused_next_to_its_field(editor_client, db, club, field, typed, message):
    fields = change(edit_fields(editor_client, club["id"]), description="Typed by the editor",
                    **{field.replace("-", "__"): typed})  # fmt: skip
    response = post(editor_client, f"{BASE}/{club['id']}", fields)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert unescape(field_error(html, field)) == message
    kept = dict(read_form(html))  # everything typed is shown again
    assert kept["description"] == "Typed by the editor"
    if field not in ("status", "categories", "activities-0-venue_id"):  # not offered choices
        assert kept[field] == typed
    assert 'class="error-summary"' in html and f'href="#{field}"' in html
    assert catalogue.association_record(db, club["id"])["version"] == club["version"]


def test_bad_values_on_a_new_association_are_kept(editor_client, db):
    fields = change(read_form(page(editor_client, f"{BASE}/ny")), name="Ny klub",
                    phone="12", activities__0__title="Træning", activities__0__start_time="nu")
    response = post(editor_client, f"{BASE}/ny", fields)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="Ny klub"' in html and 'value="Træning"' in html and 'value="nu"' in html
    assert field_error(html, "phone") and field_error(html, "activities-0-start_time")
    assert db["associations"].count == 0


def test_shown_contact_person_needs_recorded_consent(editor_client, db, club):
    fields = change(edit_fields(editor_client, club["id"]), contact_name="Anna Andersen",
                    contact_name_public="y")  # fmt: skip
    response = post(editor_client, f"{BASE}/{club['id']}", fields)
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert "Kontaktpersoner er privatpersoner." in html
    assert field_error(html, "consent_date").startswith("Skriv datoen for samtykket")
    assert field_error(html, "consent_source").startswith("Skriv, hvordan samtykket blev givet")
    assert 'value="Anna Andersen"' in html

    fields = change(fields, consent_date="2025-03-01", consent_source="e-mail fra Anna")
    assert post(editor_client, f"{BASE}/{club['id']}", fields).status_code == 302
    record = catalogue.association_record(db, club["id"])
    assert (record["contact_name_public"], record["consent_date"]) == (1, "2025-03-01")
    assert "Anna Andersen" in page(editor_client, f"/forening/{club['slug']}")


def test_blank_and_removed_rows_are_not_validated(editor_client, db, club):
    fields = change(edit_fields(editor_client, club["id"]), activities__0__remove="y",
                    activities__0__start_time="ikke et tidspunkt")  # fmt: skip
    assert post(editor_client, f"{BASE}/{club['id']}", fields).status_code == 302
    assert catalogue.association_record(db, club["id"])["activities"] == []


@pytest.mark.parametrize("version", ["abc", "", None])
def test_tampered_version_is_refused(editor_client, db, club, version):
    fields = change(edit_fields(editor_client, club["id"]), version=version or "", name="X")
    if version is None:
        fields = [(name, value) for name, value in fields if name != "version"]
    response = post(editor_client, f"{BASE}/{club['id']}", fields)
    assert response.status_code == 400
    assert "Formularen er beskadiget" in response.get_data(as_text=True)
    assert catalogue.association_record(db, club["id"])["name"] == club["name"]


def test_at_most_so_many_activities(editor_client, db, club):
    rows = {f"activities__{n}__title": f"Aktivitet {n}" for n in range(51)}
    response = post(editor_client, f"{BASE}/{club['id']}",
                    change(edit_fields(editor_client, club["id"]), **rows))  # fmt: skip
    assert response.status_code == 400
    assert "En forening kan højst have 50 aktiviteter." in response.get_data(as_text=True)
    assert 'value="Aktivitet 50"' in response.get_data(as_text=True)


# Pause, close, delete, restore ----------------------------------------------------------


def _status(client, csrf, club, status: str, version: int):
    return client.post(f"{BASE}/{club['id']}/status", data={
        "csrf_token": csrf(f"{BASE}/{club['id']}"), "status": status, "version": version})


@pytest.mark.parametrize(
    ("status", "message", "searchable"),
    [
        ("paused", "Foreningen holder nu pause.", True),
        ("closed", "Foreningen er lukket.", False),
    ],
)
def test_pause_and_close(editor_client, csrf, db, index, club, status, message, searchable):
    response = _status(editor_client, csrf, club, status, club["version"])
    assert response.status_code == 302
    assert catalogue.association_record(db, club["id"])["status"] == status
    assert message in page(editor_client, f"{BASE}/{club['id']}")
    assert bool(names_found(index, "Tornhøj")) is searchable

    reopened = _status(editor_client, csrf, club, "active", club["version"] + 1)
    assert reopened.status_code == 302
    assert names_found(index, "Tornhøj") == ["Tornhøj Fodboldklub"]


def test_status_change_from_a_stale_page_is_refused(editor_client, csrf, db, club):
    catalogue.save_association(db, {"id": club["id"], "phone": "87654321"})
    _status(editor_client, csrf, club, "closed", club["version"])
    assert catalogue.association_record(db, club["id"])["status"] == "active"
    assert "ændret af en anden" in page(editor_client, f"{BASE}/{club['id']}")


def test_unknown_status_is_refused(editor_client, csrf, db, club):
    assert _status(editor_client, csrf, club, "deleted", club["version"]).status_code == 400


def test_delete_and_restore_from_wastebasket(editor_client, csrf, db, index, club):
    assert "Slet foreningen" in page(editor_client, f"{BASE}/{club['id']}/slet")
    response = editor_client.post(f"{BASE}/{club['id']}/slet",
                                  data={"csrf_token": csrf(f"{BASE}/")})  # fmt: skip
    assert response.status_code == 302
    assert catalogue.association_record(db, club["id"]) is None
    assert names_found(index, "Tornhøj") == []
    assert editor_client.get(f"/forening/{club['slug']}").status_code == 404

    # A new association must not take over the deleted one's id and history.
    newcomer = catalogue.save_association(db, {"name": "Nykommer"})
    assert newcomer != club["id"]

    basket = page(editor_client, f"{BASE}/papirkurv")
    assert "Tornhøj Fodboldklub" in basket and "Rie Redaktør" in basket
    action = re.search(r'action="([^"]+/gendan)"', basket).group(1)
    response = editor_client.post(action, data={"csrf_token": csrf(f"{BASE}/papirkurv")})
    assert response.headers["Location"].endswith(f"{BASE}/{club['id']}")
    restored = catalogue.association_record(db, club["id"])
    assert restored["activities"] == club["activities"] and restored["slug"] == club["slug"]
    assert catalogue.association_record(db, newcomer)["name"] == "Nykommer"
    assert names_found(index, "Tornhøj") == ["Tornhøj Fodboldklub"]
    assert "Papirkurven er tom." in page(editor_client, f"{BASE}/papirkurv")


# Conflicts between two editors ------------------------------------------------------------


@pytest.fixture
def second_editor(app, make_user, login):
    """Another editor, logged in through a client of their own."""
    make_user("bo@kvarter.example", name="Bo Bogholder")
    other = app.test_client()
    login("bo@kvarter.example", test_client=other)
    return other


def _conflict(editor_client, second_editor, club):
    """Both open the entry; Bo renames it and saves first; Rie then saves a new phone."""
    mine = edit_fields(editor_client, club["id"])
    theirs = change(edit_fields(second_editor, club["id"]), name="Tornhøj FC",
                    activities__0__end_time="18:30")  # fmt: skip
    assert post(second_editor, f"{BASE}/{club['id']}", theirs).status_code == 302
    return post(editor_client, f"{BASE}/{club['id']}", change(mine, phone="87 65 43 21"))


def test_stale_save_shows_both_versions(editor_client, second_editor, db, club):
    response = _conflict(editor_client, second_editor, club)
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 409
    record = catalogue.association_record(db, club["id"])
    assert (record["name"], record["phone"]) == ("Tornhøj FC", "12 34 56 78")  # nothing saved
    assert "Bo Bogholder" in html
    rows = dict(re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', html, re.S))
    assert set(rows) == {"Navn", "Telefon", "Aktiviteter"}
    assert "Tornhøj Fodboldklub" in rows["Navn"] and "Tornhøj FC" in rows["Navn"]
    assert "87 65 43 21" in rows["Telefon"] and "12 34 56 78" in rows["Telefon"]
    # Suggested: keep what I changed, take what the other editor changed.
    choices = dict(read_form(html, "conflict-form"))
    assert choices["valg-name"] == "ny" and choices["valg-phone"] == "min"
    assert choices["valg-activities"] == "ny"
    assert choices["version"] == str(record["version"])


def test_conflict_is_resolved_field_by_field(editor_client, second_editor, db, index, club):
    html = _conflict(editor_client, second_editor, club).get_data(as_text=True)
    fields = change(read_form(html, "conflict-form"), **{"valg-name": "min"})
    response = post(editor_client, f"{BASE}/{club['id']}", fields)
    assert response.status_code == 302
    record = catalogue.association_record(db, club["id"])
    assert record["name"] == "Tornhøj Fodboldklub"  # mine, chosen
    assert record["phone"] == "87 65 43 21"  # mine
    assert record["activities"][0]["end_time"] == "18:30"  # theirs
    assert names_found(index, "Fodboldklub") == ["Tornhøj Fodboldklub"]
    history = revisions.history(db, "association", club["id"])
    assert [r["user_name"] for r in history[:2]] == ["Rie Redaktør", "Bo Bogholder"]


def test_conflict_again_when_the_entry_moves_on_during_resolution(
    editor_client, second_editor, db, club
):
    html = _conflict(editor_client, second_editor, club).get_data(as_text=True)
    catalogue.save_association(db, {"id": club["id"], "email": "ny@example.dk"})
    response = post(editor_client, f"{BASE}/{club['id']}", read_form(html, "conflict-form"))
    assert response.status_code == 409
    assert "ny@example.dk" in response.get_data(as_text=True)
    assert catalogue.association_record(db, club["id"])["phone"] == "12 34 56 78"


def test_saving_an_association_deleted_meanwhile(editor_client, db, club):
    fields = change(edit_fields(editor_client, club["id"]), name="For sent")
    catalogue.delete_association(db, club["id"])
    response = post(editor_client, f"{BASE}/{club['id']}", fields)
    assert response.headers["Location"].endswith(f"{BASE}/{club['id']}/historik")
    assert "blev slettet, mens du redigerede" in page(editor_client, response.headers["Location"])
    assert catalogue.association_record(db, club["id"]) is None


# History ------------------------------------------------------------------------------------


def test_history_shows_who_when_and_readable_changes(editor_client, db, club):
    long_before = "Vi spiller fodbold hver uge. Alle er velkomne, også begyndere og forældre."
    catalogue.save_association(db, {"id": club["id"], "description": long_before})
    fields = change(
        edit_fields(editor_client, club["id"]), categories=[SPORT, CULTURE],
        description=long_before.replace("hver uge", "to gange om ugen") + " <script>x</script>",
        activities__0__start_time="17:00", activities__0__venue_id="",
    )  # fmt: skip
    assert post(editor_client, f"{BASE}/{club['id']}", fields).status_code == 302
    html = page(editor_client, f"{BASE}/{club['id']}/historik")
    newest = html.split('<li class="revision')[1]
    assert "Rie Redaktør" in newest and "redigeret af redaktionen" in newest
    assert "<ins>Kultur og kreativitet</ins>" in newest
    assert "<del>U10 træning: tirsdag og torsdag 16:30-18:00; 8-10 år; hver uge; sted: " \
           "Tornhøjhallen</del>" in newest
    assert "<ins>U10 træning: tirsdag og torsdag 17:00-18:00; 8-10 år; hver uge</ins>" in newest
    assert "fodbold <del>hver uge. </del><ins>to gange om ugen. </ins>Alle" in newest
    assert "<script>" not in html and "&lt;script&gt;" in newest
    assert "ukendt (import eller system)" in html  # the save without a user
    assert "Oprettet" in html


def test_restore_from_history_is_a_new_revision(editor_client, csrf, db, index, club):
    fields = change(edit_fields(editor_client, club["id"]), name="Forkert navn",
                    categories=[], activities__0__remove="y")  # fmt: skip
    assert post(editor_client, f"{BASE}/{club['id']}", fields).status_code == 302
    first = revisions.history(db, "association", club["id"])[-1]
    html = page(editor_client, f"{BASE}/{club['id']}/historik")
    assert html.count("Gendan denne udgave") == 1  # not for the current state
    response = editor_client.post(f"{BASE}/revision/{first['id']}/gendan",
                                  data={"csrf_token": csrf(f"{BASE}/")})  # fmt: skip
    assert response.status_code == 302
    record = catalogue.association_record(db, club["id"])
    assert record["name"] == "Tornhøj Fodboldklub" and record["categories"] == [SPORT]
    assert record["activities"] == club["activities"]
    history = revisions.history(db, "association", club["id"])
    assert [r["action"] for r in history] == ["restore", "update", "create"]
    assert history[0]["user_name"] == "Rie Redaktør"
    assert names_found(index, "Tornhøj Fodboldklub") == ["Tornhøj Fodboldklub"]


def test_restore_of_unknown_revision_is_404(editor_client, csrf):
    response = editor_client.post(f"{BASE}/revision/999/gendan", data={"csrf_token": csrf()})
    assert response.status_code == 404


def test_history_of_a_deleted_association(editor_client, db, club):
    catalogue.delete_association(db, club["id"])
    html = page(editor_client, f"{BASE}/{club['id']}/historik")
    assert "Foreningen er slettet" in html and "Tornhøj Fodboldklub" in html
    assert "som den var før sletningen" in html


# Search follows every change -------------------------------------------------------------


def test_search_reflects_edits_at_once(editor_client, client, db, index, club):
    fields = change(edit_fields(editor_client, club["id"]), name="Øst Håndboldklub",
                    short_description="Håndbold for børn og unge")  # fmt: skip
    assert post(editor_client, f"{BASE}/{club['id']}", fields).status_code == 302
    assert names_found(index, "håndbold") == ["Øst Håndboldklub"]
    assert names_found(index, "Tornhøj Fodboldklub") == []
    assert "Øst Håndboldklub" in page(client, "/soeg?q=håndbold")
