import pytest


@pytest.fixture
def entries(add):
    add("Lektiecafé Øst", categories=["sprog-lektiehjaelp-og-uddannelse"], target_groups=["boern"],
        short_description="Gratis lektiehjælp",
        activities=[{"title": "Lektiehjælp", "weekdays": [0], "start_time": "15:00"}])  # fmt: skip
    add("Kvindesvømning", categories=["sport-og-motion"], target_groups=["kvinder"],
        contact_name="Privat Person", contact_email="privat@x.example", contact_email_public=0,
        activities=[{"title": "Svømning", "weekdays": [4], "start_time": "19:00"}])  # fmt: skip


def test_search_shape(client, entries):
    data = client.get("/api/associations?q=lektie").get_json()
    assert data["total"] == 1
    hit = data["results"][0]
    assert set(hit) >= {"id", "slug", "name", "url", "categories", "short_description"}
    assert hit["url"].endswith("/forening/lektiecafe-oest")
    assert {f["value"] for f in data["facets"]["category"]} == {"sprog-lektiehjaelp-og-uddannelse"}


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ("", {"Lektiecafé Øst", "Kvindesvømning"}),
        ("category=sport-og-motion", {"Kvindesvømning"}),
        ("target=boern", {"Lektiecafé Øst"}),
        ("weekday=4", {"Kvindesvømning"}),
        ("weekday=fredag", {"Kvindesvømning"}),
        ("weekday=0&category=sport-og-motion", set()),
    ],
)
def test_filters(client, entries, params, names):
    data = client.get(f"/api/associations?{params}").get_json()
    assert {r["name"] for r in data["results"]} == names
    assert data["total"] == len(names)


@pytest.mark.parametrize("params", ["age=abc", "weekday=blursday", "page=0", "per_page=1000"])
def test_bad_parameters_are_400_with_reason(client, params):
    response = client.get(f"/api/associations?{params}")
    assert response.status_code == 400
    assert response.get_json()["problems"]


def test_one_association_without_unconsented_contact(client, entries):
    data = client.get("/api/associations/kvindesvoemning").get_json()
    assert data["name"] == "Kvindesvømning"
    assert data["activities"][0]["weekdays"] == [4]
    assert data["contact"] == {}
    assert "privat" not in str(data)


def test_unknown_association_is_json_404(client):
    response = client.get("/api/associations/nope")
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"


def test_openapi_document_is_valid(client):
    from openapi_spec_validator import validate

    document = client.get("/api/openapi.json").get_json()
    validate(document)
    assert "/api/associations" in document["paths"]


def test_responses_match_the_openapi_schemas(client, entries):
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    document = client.get("/api/openapi.json").get_json()
    registry = Registry().with_resource("urn:api", Resource.from_contents(
        {**document, "$schema": "https://json-schema.org/draft/2020-12/schema"}))  # fmt: skip

    def check(schema_name, instance):
        schema = {"$ref": f"urn:api#/components/schemas/{schema_name}"}
        Draft202012Validator(schema, registry=registry).validate(instance)

    check("SearchResult", client.get("/api/associations").get_json())
    check("SearchResult", client.get("/api/associations?near_address=Trekanten").get_json())
    check("Association", client.get("/api/associations/lektiecafe-oest").get_json())
    check("Error", client.get("/api/associations?age=x").get_json())


def test_near_sorts_by_walking_distance(client, db, index):
    from directory import catalogue

    with db.atomic():
        trekanten = catalogue.save_venue(db, {"name": "Trekanten", "latitude": 57.02765,
                                              "longitude": 10.00087})  # fmt: skip
        far = catalogue.save_venue(db, {"name": "Langt væk", "latitude": 57.045,
                                        "longitude": 10.03})  # fmt: skip
    catalogue.save_association(db, {"name": "Fjernklubben", "venue_ids": [far]}, index=index)
    catalogue.save_association(db, {"name": "Nærklubben", "venue_ids": [trekanten]}, index=index)
    data = client.get("/api/associations?near=57.0277,10.0009").get_json()
    assert [r["name"] for r in data["results"]] == ["Nærklubben", "Fjernklubben"]
    assert data["results"][0]["distance_m"] < 50 < data["results"][1]["distance_m"]
    assert data["results"][1]["walking_minutes"] > 10
    within = client.get("/api/associations?near_address=Trekanten&radius=500").get_json()
    assert [r["name"] for r in within["results"]] == ["Nærklubben"]
    assert within["total"] == 1


@pytest.mark.parametrize(
    "params", ["near=0,0", "near=55,30", "near=abc", "near_address=Nowhere+99"]
)
def test_bad_near_is_400_with_reason(client, params):
    response = client.get(f"/api/associations?{params}")
    assert response.status_code == 400
    assert response.get_json()["problems"]
