"""The data-quality checks and the dashboard that shows them."""

from datetime import date

import pytest

from directory import catalogue, quality
from directory.db import write_transaction

COMPLETE = {
    "short_description": "Fodbold for alle",
    "description": "Vi spiller hver tirsdag.",
    "categories": ["sport-og-motion"],
    "activities": [{"title": "Træning", "weekdays": [1], "start_time": "17:00"}],
    "phone": "12 34 56 78",
    "target_groups": ["boern"],
}


def venue(db, name="Kvarterhuset", latitude=57.03, longitude=10.01):
    with write_transaction(db):
        return catalogue.save_venue(
            db, {"name": name, "address": f"{name}vej 1", "postcode": "9220",
                 "latitude": latitude, "longitude": longitude},
        )  # fmt: skip


def assessment(db, association_id):
    return next(e for e in quality.completeness(db) if e["id"] == association_id)


def test_a_complete_entry_scores_100(db, add):
    entry = add("Fodboldklubben", **COMPLETE, venue_ids=[venue(db)])
    assert assessment(db, entry["id"]) == {
        "id": entry["id"], "slug": "fodboldklubben", "name": "Fodboldklubben",
        "status": "active", "score": 100, "missing": []}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "missing", "score"),
    [
        ({"short_description": ""}, ["kort beskrivelse"], 83),
        ({"description": "  "}, ["beskrivelse"], 92),
        ({"categories": []}, ["kategori"], 83),
        ({"activities": []}, ["aktiviteter"], 83),
        ({"phone": ""}, ["kontaktvej (telefon, e-mail eller hjemmeside)"], 83),
        ({"phone": "", "website": "https://klub.example"}, [], 100),
        ({"phone": "", "email": "klub@klub.example"}, [], 100),
        ({"target_groups": []}, ["målgruppe"], 92),
        ({"venue_ids": []}, ["mødested", "mødested med koordinater"], 83),
        ({"venue": "unplaced"}, ["mødested med koordinater"], 92),
        ({"venue_ids": [], "venue": "activity"}, [], 100),
        ({"short_description": "", "description": "", "categories": [], "activities": [],
          "phone": "", "target_groups": [], "venue_ids": []},
         [label for _, label, _ in quality.CHECKS], 0),
    ],
)  # fmt: skip
def test_completeness_names_what_is_missing(db, add, change, missing, score):
    record = {**COMPLETE, "venue_ids": [venue(db)], **change}
    where = record.pop("venue", None)
    if where == "unplaced":
        record["venue_ids"] = [venue(db, "Ukendt sted", None, None)]
    if where == "activity":  # meeting only through an activity's venue counts too
        record["activities"] = [{**COMPLETE["activities"][0], "venue_id": venue(db, "Hallen")}]
    entry = add("Klubben", **record)
    found = assessment(db, entry["id"])
    assert (found["missing"], found["score"]) == (missing, score)


def test_completeness_is_worst_first_and_leaves_out_closed(db, add):
    place = venue(db)
    add("Bedst", **COMPLETE, venue_ids=[place])
    add("Værst")
    add("Midt", **{**COMPLETE, "description": ""}, venue_ids=[place])
    add("Lukket", status="closed")
    assert [e["name"] for e in quality.completeness(db)] == ["Værst", "Midt", "Bedst"]


def test_unplaced_associations_with_reasons(db, add):
    placed, unplaced = venue(db), venue(db, "Skuret", None, None)
    add("På kortet", venue_ids=[placed])
    add("Skurklubben", venue_ids=[unplaced])
    add("Hjemløs")
    add("Lukket og hjemløs", status="closed")
    add("Aktivitet på kortet", activities=[{"title": "Møde", "venue_id": placed}])
    found = {e["name"]: e["reason"] for e in quality.unplaced_associations(db)}
    assert found == {
        "Skurklubben": "mødested uden koordinater: Skuret",
        "Hjemløs": "intet mødested",
    }


TODAY = date(2026, 3, 1)


@pytest.mark.parametrize(
    ("last_verified", "listed"),
    [
        ("", True),
        ("2024-12-31", True),
        ("2025-02-28", True),
        ("2025-03-01", False),  # exactly twelve months ago still counts
        ("2026-02-01", False),
    ],
)
def test_unverified_for_twelve_months(db, add, last_verified, listed):
    add("Klubben", last_verified=last_verified)
    assert [e["name"] for e in quality.unverified(db, TODAY)] == (["Klubben"] if listed else [])


def test_unverified_lists_never_confirmed_first_then_oldest(db, add):
    add("Nyere", last_verified="2025-01-10")
    add("Ældst", last_verified="2023-05-01")
    add("Aldrig")
    add("Frisk", last_verified="2026-01-01")
    add("Lukket", status="closed")
    found = quality.unverified(db, TODAY)
    assert [e["name"] for e in found] == ["Aldrig", "Ældst", "Nyere"]
    assert found[1]["last_verified"] == date(2023, 5, 1)


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2026, 3, 1), date(2025, 3, 1)), (date(2024, 2, 29), date(2023, 2, 28))],
)
def test_year_before(day, expected):
    assert quality.year_before(day) == expected


@pytest.mark.parametrize(
    ("first", "second", "alike"),
    [
        ("Fodboldklubben Øst", "fodboldklubben øst", True),
        ("Fodboldklubben Øst", "Fodbold-Klubben Øst!", True),
        ("Fodboldklubben Øst", "Fodbodklubben Øst", True),
        ("Fodboldklubben Øst", "Fodboldklub Øst", True),
        ("Aalborg Øst Fodboldklub", "Fodboldklub Aalborg Øst", True),
        ("Lektiecaféen på Trekanten", "Lektiecafeen paa Trekanten", True),
        ("Afdelingsbestyrelsen i Kildeparken", "Afdelingsbestyrelsen i Sundparken", False),
        ("Beboerforeningen i Sønder Tranders", "Beboerforeningen i Nørre Tranders", False),
        ("Familieklubben Øst", "Filmklubben Øst", False),
        ("Skakklubben Øst", "Svømmeklubben Vest", False),
    ],
)
def test_duplicates_by_similar_name(db, add, first, second, alike):
    add(first)
    add(second)
    pairs = quality.duplicates(db)
    assert len(pairs) == (1 if alike else 0)
    if alike:
        assert pairs[0]["reasons"][0].startswith("lignende navn (")
        assert {pairs[0]["a"]["name"], pairs[0]["b"]["name"]} == {first, second}


@pytest.mark.parametrize(
    ("field", "one", "other", "reason"),
    [
        ("website", "https://www.klub.example/", "http://klub.example", "samme hjemmeside"),
        ("phone", "12 34 56 78", "12345678", "samme telefonnummer"),
        ("email", "Info@Klub.example", "info@klub.example", "samme e-mail"),
    ],
)
def test_duplicates_by_shared_contact(db, add, field, one, other, reason):
    first = add("Skakklubben", **{field: one})
    second = add("Bridgeklubben", **{field: other})
    add("Helt anden forening", **{field: ""})
    pairs = quality.duplicates(db)
    assert [(p["a"]["id"], p["b"]["id"], p["reasons"]) for p in pairs] == [
        (first["id"], second["id"], [reason])]  # fmt: skip


def test_duplicates_with_more_reasons_come_first(db, add):
    add("Fodboldklubben Øst", phone="11 11 11 11")
    add("Fodboldklubben Oest", phone="11111111")
    add("Tennisklubben", website="https://sport.example")
    add("Padelklubben", website="https://sport.example")
    pairs = quality.duplicates(db)
    assert [p["reasons"] for p in pairs] == [
        ["lignende navn (100 %)", "samme telefonnummer"], ["samme hjemmeside"]]  # fmt: skip


# The dashboard ---------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get("/redaktion/kvalitet")
    assert response.status_code == 302 and "/redaktion/login" in response.headers["Location"]


def test_dashboard_shows_every_section(editor_client, db, add):
    weak = add("Svag forening", website="https://svag.example")
    add("Skakklubben", phone="12 34 56 78")
    add("Skakklubben Øst", phone="12345678")
    placed = venue(db)
    add("God forening", **COMPLETE, venue_ids=[placed], last_verified=date.today().isoformat())
    add("Næsten færdig", **{**COMPLETE, "description": ""}, venue_ids=[placed])
    db["link_checks"].insert({
        "association_id": weak["id"], "url": "https://svag.example", "outcome": "broken",
        "status_code": 404, "message": "Svarer med fejl 404",
        "checked_at": "2026-03-01T09:05:00+00:00"})  # fmt: skip
    page = editor_client.get("/redaktion/kvalitet")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'href="/redaktion/foreninger/{weak["id"]}' in html
    assert "kort beskrivelse, beskrivelse, kategori" in html
    assert "intet mødested" in html and "aldrig bekræftet" in html
    assert "samme telefonnummer" in html
    assert "Svarer med fejl 404" in html and "01.03.2026 kl. 10:05" in html
    assert "1 af 5 aktive foreninger er helt udfyldt" in html
    assert html.index("Svag forening") < html.index("Næsten færdig")  # worst first


def test_dashboard_before_any_link_check(editor_client):
    html = editor_client.get("/redaktion/kvalitet").get_data(as_text=True)
    assert "Hjemmesiderne er ikke tjekket endnu" in html
    assert "Datakvalitet" in editor_client.get("/redaktion/").get_data(as_text=True)
