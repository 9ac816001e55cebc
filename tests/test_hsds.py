"""The Open Referral HSDS 3.0 export, checked against the official schemas in hsds_schemas/."""

import csv
import io
import json
import re
import zipfile
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from directory import catalogue, hsds

SCHEMAS = Path(__file__).parent / "hsds_schemas"
TODAY = date(2026, 11, 22)


def _registry() -> Registry:
    """Every vendored schema under its file name, which is how the schemas' $refs name them.

    A Registry without a retrieve function never fetches anything: an unknown $ref fails.
    """
    resources = [
        (path.name, Resource.from_contents(json.loads(path.read_text()), DRAFT202012))
        for path in SCHEMAS.glob("*.json")
    ]
    return Registry().with_resources(resources)


REGISTRY = _registry()


def schema(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.json").read_text())


def validate(record: dict, name: str):
    validator = jsonschema.Draft202012Validator(
        schema(name), registry=REGISTRY, format_checker=jsonschema.FormatChecker()
    )
    validator.validate(record)


@pytest.fixture
def catalogue_data(db, add):
    """Two associations: one with a consented contact and a venue, one with no consent."""
    with db.atomic():
        trekanten = catalogue.save_venue(db, {
            "name": "Trekanten", "address": "Sebbersundvej 2A", "postcode": "9220",
            "city": "Aalborg Øst", "latitude": 57.0276, "longitude": 10.0009})
        hallen = catalogue.save_venue(db, {"name": "Hallen"})  # fmt: skip
    running = add(
        "Øst Løbeklub", short_description="Vi løber sammen.", description="Løb for alle.",
        website="https://loeb.example", email="loeb@klub.example", phone="98 11 22 33",
        categories=["sport-og-motion"], target_groups=["voksne", "aeldre"], languages=["da", "ar"],
        free_of_charge=1, wheelchair_access=1, venue_ids=[trekanten],
        contact_name="Lone Løber", contact_name_public=1, contact_role="Træner",
        contact_role_public=1, contact_email="lone@privat.example", contact_email_public=0,
        contact_phone="20 30 40 50", contact_phone_public=1, last_verified="2026-09-01",
        activities=[
            {"title": "Fællesløb", "weekdays": [1, 3], "start_time": "17:30",
             "end_time": "18:30", "venue_id": trekanten, "min_age": 16, "price": "50 kr./år"},
            {"title": "Vinterløb", "weekdays": [5], "start_time": "09:00", "frequency": "biweekly",
             "season_start": "11-01", "season_end": "03-31", "venue_id": hallen, "min_age": 18},
            {"title": "Generalforsamling", "weekdays": [0], "frequency": "irregular"},
        ],
    )  # fmt: skip
    secret = add(
        "Hemmelig Forening", status="paused", categories=["aeldre"],
        contact_name="Hemmelig Hansen", contact_email="hemmelig@privat.example",
        contact_phone="11 22 33 44", contact_role="Kasserer",
    )  # fmt: skip
    closed = add("Lukket Klub", status="closed")
    return {"running": running, "secret": secret, "closed": closed}


@pytest.fixture
def exported(app, db, catalogue_data):
    with app.test_request_context("/", base_url="https://guide.example/"):
        return hsds.services(db, TODAY)


def by_name(services: list[dict], name: str) -> dict:
    return next(s for s in services if s["name"] == name)


# Against the official schemas -----------------------------------------------------------------


def test_every_service_validates_against_the_hsds_schema(exported):
    assert [s["name"] for s in exported] == ["Hemmelig Forening", "Øst Løbeklub"]  # no closed one
    for service in exported:
        validate(service, "service")  # nested: organization, locations, schedules, contacts, ...
        validate(service["organization"], "organization")
        for at in service["service_at_locations"]:
            validate(at, "service_at_location")
            validate(at["location"], "location")


def test_taxonomies_and_terms_validate(app, db):
    with app.test_request_context("/", base_url="https://guide.example/"):
        terms = list(hsds.taxonomy_terms(db).values())
    for taxonomy in hsds.taxonomies():
        validate(taxonomy, "taxonomy")
    for term in terms:
        validate(term, "taxonomy_term")
    assert len({t["code"] for t in terms}) == len(terms)  # "code" is unique in HSDS


@pytest.mark.parametrize("name, record", [
    ("schedule", {"id": "x", "freq": "DAILY"}),
    ("service", {"id": "x", "name": "n", "status": "open"}),
    ("location", {"id": "x", "location_type": "physical", "latitude": "57,1"}),
    ("address", {"id": "x", "address_1": "Vej 1"}),
    ("service", {"id": "x", "name": "n", "status": "active", "program": {"id": "p"}}),
])  # fmt: skip
def test_the_schemas_reject_what_hsds_does_not_allow(name, record):
    """The validation really checks something (and never fetches an unknown $ref)."""
    with pytest.raises((jsonschema.ValidationError, Unresolvable)):
        validate(record, name)


def test_service_content(exported):
    service = by_name(exported, "Øst Løbeklub")
    assert service["status"] == "active"
    assert service["url"] == "https://guide.example/forening/oest-loebeklub"
    assert service["fees_description"] == "Gratis; 50 kr./år"
    assert service["eligibility_description"] == "Voksne, Ældre"
    assert "minimum_age" not in service  # the irregular activity has no lower age
    assert service["assured_date"] == "2026-09-01"
    assert [lang["code"] for lang in service["languages"]] == ["da", "ar"]
    assert {(a["link_type"], a["taxonomy_term"]["code"]) for a in service["attributes"]} == {
        ("category", "sport-og-motion"), ("target_group", "maalgruppe-voksne"),
        ("target_group", "maalgruppe-aeldre"), ("feature", "kendetegn-wheelchair_access"),
        ("feature", "kendetegn-free_of_charge"),
    }  # fmt: skip
    assert service["organization"]["website"] == "https://loeb.example"
    assert by_name(exported, "Hemmelig Forening")["status"] == "temporarily closed"


def test_venues_become_locations_with_addresses(exported):
    places = {
        at["location"]["name"]: at["location"]
        for at in by_name(exported, "Øst Løbeklub")["service_at_locations"]
    }
    assert set(places) == {"Trekanten", "Hallen"}  # Hallen: only an activity's venue
    address = places["Trekanten"]["addresss"][0]
    assert (address["address_1"], address["postal_code"], address["city"], address["country"]) == (
        "Sebbersundvej 2A", "9220", "Aalborg Øst", "DK")
    assert places["Trekanten"]["latitude"] == 57.0276
    assert places["Hallen"]["addresss"] == []  # no address: none invented


def test_activities_become_schedules_at_their_venue(exported):
    service = by_name(exported, "Øst Løbeklub")
    at = {a["location"]["name"]: a for a in service["service_at_locations"]}
    weekly = at["Trekanten"]["schedules"][0]
    assert (weekly["freq"], weekly["interval"], weekly["byday"]) == ("WEEKLY", 1, "TU,TH")
    assert (weekly["opens_at"], weekly["closes_at"]) == ("17:30", "18:30")
    assert weekly["service_at_location_id"] == at["Trekanten"]["id"]
    winter = at["Hallen"]["schedules"][0]
    assert (winter["freq"], winter["interval"], winter["byday"]) == ("WEEKLY", 2, "SA")
    assert (winter["valid_from"], winter["valid_to"]) == ("2026-11-01", "2027-03-31")
    irregular = service["schedules"][0]  # no venue: on the service itself
    assert "freq" not in irregular and "efter aftale" in irregular["description"]


@pytest.mark.parametrize("frequency, weekdays, expected", [
    ("weekly", [0, 4], ("WEEKLY", 1, "MO,FR")),
    ("biweekly", [2], ("WEEKLY", 2, "WE")),
    ("first-of-month", [1], ("MONTHLY", None, "1TU")),
    ("last-of-month", [6], ("MONTHLY", None, "-1SU")),
    ("monthly", [1], (None, None, None)),  # which week is not known: no rule
    ("irregular", [1], (None, None, None)),
    ("weekly", [], (None, None, None)),
])  # fmt: skip
def test_frequencies_as_rrule_fields(frequency, weekdays, expected):
    activity = {"title": "x", "weekdays": weekdays, "frequency": frequency}
    found = hsds.schedule_record(activity, 0, {"id": 1, "name": "A"}, TODAY)
    validate(found, "schedule")
    assert (found.get("freq"), found.get("interval"), found.get("byday")) == expected


@pytest.mark.parametrize("start, end, today, expected", [
    ("08-01", "06-30", date(2026, 11, 22), ("2026-08-01", "2027-06-30")),  # over New Year
    ("08-01", "06-30", date(2026, 3, 1), ("2025-08-01", "2026-06-30")),
    ("08-01", "06-30", date(2026, 7, 10), ("2026-08-01", "2027-06-30")),  # the next season
    ("04-01", "06-15", date(2026, 11, 22), ("2027-04-01", "2027-06-15")),
    ("04-01", "06-15", date(2026, 5, 1), ("2026-04-01", "2026-06-15")),
    ("02-29", "03-31", date(2027, 1, 5), ("2027-02-28", "2027-03-31")),  # no 29 February in 2027
    ("04-01", "", date(2026, 5, 1), None),
    ("april", "juni", date(2026, 5, 1), None),
])  # fmt: skip
def test_season_dates(start, end, today, expected):
    found = hsds.season_dates({"season_start": start, "season_end": end}, today)
    assert (found and tuple(d.isoformat() for d in found)) == (expected and expected)


# Personal data ----------------------------------------------------------------------------------


def test_a_contact_person_appears_only_with_the_consented_fields(exported):
    contacts = by_name(exported, "Øst Løbeklub")["contacts"]
    assert len(contacts) == 1
    assert (contacts[0]["name"], contacts[0]["title"]) == ("Lone Løber", "Træner")
    assert contacts[0]["phones"][0]["number"] == "20 30 40 50"
    assert "email" not in contacts[0]
    assert "lone@privat.example" not in json.dumps(exported)
    secret = by_name(exported, "Hemmelig Forening")
    assert secret["contacts"] == []
    assert "Hemmelig Hansen" not in json.dumps(exported, ensure_ascii=False)


# Stable ids -------------------------------------------------------------------------------------


def test_ids_are_stable_uuids(app, db, catalogue_data, exported):
    # The namespace must never change: this value is what every earlier export used.
    assert hsds.hsds_id("service", 1) == "80923b2d-76ba-5228-a4fb-ba4eb65d4f2c"
    with app.test_request_context("/", base_url="https://guide.example/"):
        again = hsds.services(db, TODAY)
    assert again == exported
    ids = [s["id"] for s in exported]
    assert ids == [hsds.hsds_id("service", catalogue_data[k]["id"]) for k in ("secret", "running")]


# The tabular data package -----------------------------------------------------------------------


def _scalar_fields(table_schema: dict) -> list[tuple[str, str]]:
    return [
        (name, spec.get("datapackage_type", spec.get("type")))
        for name, spec in table_schema["properties"].items()
        if spec.get("type") not in ("array", "object", None)
    ]


@pytest.mark.parametrize("kind", hsds.TABLES)
def test_tables_have_exactly_the_official_columns(kind):
    path, fields = hsds.TABLES[kind]
    official = schema(kind)
    assert path == official["path"]
    assert fields == _scalar_fields(official)


def read_package(directory: Path) -> dict[str, list[dict]]:
    package = json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package"
    tables = {}
    for resource in package["resources"]:
        text = (directory / resource["path"]).read_text(encoding="utf-8")
        reader = csv.DictReader(io.StringIO(text, newline=""))
        assert reader.fieldnames == [f["name"] for f in resource["schema"]["fields"]]
        tables[resource["name"]] = list(reader)
    return tables


CELL_FORMATS = {
    "number": lambda v: float(v),
    "date": lambda v: date.fromisoformat(v),
    "time": lambda v: re.fullmatch(r"\d\d:\d\d", v).group(0),
}


def check_table(kind: str, rows: list[dict]):
    """Types, required fields, enumerations and unique ids, as the official schema says."""
    official = schema(kind)
    required = set(official.get("required", [])) | set(official.get("tabular_required", []))
    types = dict(_scalar_fields(official))
    for row in rows:
        for name, value in row.items():
            if value and types[name] in CELL_FORMATS:
                CELL_FORMATS[types[name]](value)
            if value and "enum" in official["properties"][name]:
                assert value in official["properties"][name]["enum"], (kind, name, value)
        assert not {name for name in required if name in row and not row[name]}, kind
    assert len({row["id"] for row in rows}) == len(rows), kind


FOREIGN_KEYS = [
    ("service", "organization_id", "organization"),
    ("service_at_location", "service_id", "service"),
    ("service_at_location", "location_id", "location"),
    ("schedule", "service_id", "service"),
    ("schedule", "service_at_location_id", "service_at_location"),
    ("address", "location_id", "location"),
    ("phone", "service_id", "service"),
    ("phone", "organization_id", "organization"),
    ("phone", "contact_id", "contact"),
    ("contact", "service_id", "service"),
    ("language", "service_id", "service"),
    ("attribute", "link_id", "service"),
    ("attribute", "taxonomy_term_id", "taxonomy_term"),
    ("taxonomy_term", "taxonomy_id", "taxonomy"),
]


def test_export_hsds_writes_a_valid_tabular_package(runner, catalogue_data, tmp_path):
    result = runner.invoke(args=["export-hsds", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "Exported 2 services" in result.output
    tables = read_package(tmp_path / "out")
    assert set(tables) == set(hsds.TABLES)
    for kind, rows in tables.items():
        check_table(kind, rows)
    for kind, column, target in FOREIGN_KEYS:
        ids = {row["id"] for row in tables[target]}
        assert {row[column] for row in tables[kind] if row[column]} <= ids, (kind, column)
    assert len(tables["service"]) == 2 and len(tables["contact"]) == 1
    weekly = next(r for r in tables["schedule"] if r["byday"] == "TU,TH")
    assert (weekly["freq"], weekly["interval"], weekly["opens_at"]) == ("WEEKLY", "1", "17:30")
    services = json.loads((tmp_path / "out" / "services.json").read_text(encoding="utf-8"))
    for service in services:
        validate(service, "service")
    assert services[0]["url"].startswith("http://127.0.0.1:5000/forening/")  # PUBLIC_URL


def test_export_hsds_to_a_file_is_a_clear_error(runner, catalogue_data, tmp_path):
    (tmp_path / "taken").write_text("x")
    result = runner.invoke(args=["export-hsds", str(tmp_path / "taken")])
    assert result.exit_code != 0 and "Traceback" not in result.output


# The API ----------------------------------------------------------------------------------------


def test_api_about(client):
    found = client.get("/api/hsds/").get_json()
    assert found["version"] == "3.0"
    assert found["datapackage_url"].endswith("/api/hsds/datapackage.zip")


def test_api_services_are_paginated_one_to_one_records(client, catalogue_data):
    first = client.get("/api/hsds/services?per_page=1").get_json()
    assert (first["total_items"], first["total_pages"], first["size"]) == (2, 2, 1)
    assert first["first_page"] and not first["last_page"] and not first["empty"]
    assert not any(isinstance(v, (list, dict)) for v in first["contents"][0].values())
    second = client.get("/api/hsds/services?per_page=1&page=2").get_json()
    assert second["last_page"] and second["contents"][0]["name"] == "Øst Løbeklub"
    beyond = client.get("/api/hsds/services?page=9").get_json()
    assert beyond["empty"] and beyond["contents"] == []
    full = client.get("/api/hsds/services?full=true").get_json()
    for service in full["contents"]:
        validate(service, "service")


@pytest.mark.parametrize("query", ["page=0", "page=abc", "per_page=1000", "per_page=-1"])
def test_api_bad_page_is_a_clear_400(client, query):
    response = client.get(f"/api/hsds/services?{query}")
    assert response.status_code == 400
    assert response.get_json()["problems"]


def test_api_one_service_and_its_organization(client, catalogue_data):
    service_id = hsds.hsds_id("service", catalogue_data["running"]["id"])
    service = client.get(f"/api/hsds/services/{service_id}").get_json()
    validate(service, "service")
    organization = client.get(f"/api/hsds/organizations/{service['organization_id']}").get_json()
    validate(organization, "organization")
    assert organization["services"][0]["id"] == service_id
    closed_id = hsds.hsds_id("service", catalogue_data["closed"]["id"])
    assert client.get(f"/api/hsds/services/{closed_id}").status_code == 404
    assert client.get("/api/hsds/services/<script>").get_json()["error"] == "not_found"


def test_api_filters_and_taxonomies(client, catalogue_data):
    taxonomies = client.get("/api/hsds/taxonomies").get_json()["contents"]
    category_taxonomy = hsds.hsds_id("taxonomy", "category")
    assert category_taxonomy in {t["id"] for t in taxonomies}
    terms = client.get(f"/api/hsds/taxonomy_terms?taxonomy_id={category_taxonomy}&per_page=100")
    sport = next(t for t in terms.get_json()["contents"] if t["code"] == "sport-og-motion")
    validate(client.get(f"/api/hsds/taxonomy_terms/{sport['id']}").get_json(), "taxonomy_term")
    found = client.get(f"/api/hsds/services?taxonomy_term_id={sport['id']}").get_json()
    assert [s["name"] for s in found["contents"]] == ["Øst Løbeklub"]
    organization_id = hsds.hsds_id("organization", catalogue_data["secret"]["id"])
    found = client.get(f"/api/hsds/services?organization_id={organization_id}").get_json()
    assert [s["name"] for s in found["contents"]] == ["Hemmelig Forening"]
    places = client.get("/api/hsds/service_at_locations?full=true").get_json()["contents"]
    assert len(places) == 2
    validate(client.get(f"/api/hsds/service_at_locations/{places[0]['id']}").get_json(),
             "service_at_location")  # fmt: skip


def test_api_datapackage_zip(client, catalogue_data, tmp_path):
    response = client.get("/api/hsds/datapackage.zip")
    assert response.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        archive.extractall(tmp_path)
        assert sorted(archive.namelist()) == sorted(
            ["datapackage.json", *(path for path, _ in hsds.TABLES.values())])
    for kind, rows in read_package(tmp_path).items():
        check_table(kind, rows)
