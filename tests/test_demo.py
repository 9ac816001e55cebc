import json
import math
import re
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest

from directory import catalogue, demo, migrations, validation
from directory.db import connect, write_transaction
from directory.demo_data import VENUES
from directory.search import Query, SearchIndex
from directory.vocabulary import CONTACT_FIELDS, FREQUENCIES, TARGET_GROUPS

TODAY = date(2026, 6, 15)
AALBORG_OEST = (57.03, 10.0)
DENMARK = {"lat": (54.5, 57.8), "lon": (8.0, 15.2)}


def rows(db, sql, params=()):
    return list(db.query(sql, params))


def count(db, sql, params=()):
    return db.execute(sql, params).fetchone()[0]


def km_between(a, b):
    """Great-circle distance in km between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))


@pytest.fixture
def loaded(db):
    demo.load_demo(db, today=TODAY)
    return db


def test_loads_about_150_associations_marked_as_demo(db):
    loaded = demo.load_demo(db, today=TODAY)

    assert 140 <= loaded <= 160
    assert count(db, "SELECT count(*) FROM associations WHERE is_demo = 1") == loaded
    assert count(db, "SELECT count(*) FROM associations WHERE is_demo = 0") == 0
    assert catalogue.is_demo(db)
    assert catalogue.catalogue_version(db) == 1  # one transaction, one bump


def test_names_and_slugs_are_unique(loaded):
    names = [r["name"] for r in rows(loaded, "SELECT name FROM associations")]
    slugs = [r["slug"] for r in rows(loaded, "SELECT slug FROM associations")]
    assert len(set(names)) == len(names)
    assert len(set(slugs)) == len(slugs)
    # No name collides after slugifying (unique_slug would have added "-2").
    assert not [s for s in slugs if re.sub(r"-\d+$", "", s) in set(slugs) - {s}]


def test_descriptions_are_short_enough_and_in_paragraphs(loaded):
    for association in rows(loaded, "SELECT * FROM associations"):
        assert 0 < len(association["short_description"]) <= 200, association["name"]
        paragraphs = association["description"].split("\n\n")
        assert 1 <= len(paragraphs) <= 3, association["name"]
        assert all(p.strip() == p and p and "\n" not in p for p in paragraphs)


def test_every_association_has_a_category_and_an_activity(loaded):
    without_category = rows(
        loaded,
        "SELECT name FROM associations WHERE id NOT IN "
        "(SELECT association_id FROM association_categories)",
    )
    without_activity = rows(
        loaded,
        "SELECT name FROM associations WHERE id NOT IN (SELECT association_id FROM activities)",
    )
    assert without_category == []
    assert without_activity == []
    used = rows(
        loaded,
        "SELECT slug FROM categories WHERE id IN (SELECT category_id FROM association_categories)",
    )
    assert len(used) == count(loaded, "SELECT count(*) FROM categories")


def test_associations_pass_the_editors_validation(loaded):
    for association in rows(loaded, "SELECT * FROM associations"):
        record = catalogue._decode(association)
        assert validation.validate_association(record) == {}, association["name"]


def test_activities_use_the_vocabularies(loaded):
    for activity in rows(loaded, "SELECT * FROM activities"):
        weekdays = json.loads(activity["weekdays"])
        assert all(0 <= day <= 6 for day in weekdays)
        assert activity["frequency"] in FREQUENCIES
        assert activity["target_group"] in ("", *TARGET_GROUPS)
        for time in (activity["start_time"], activity["end_time"]):
            assert validation.time(time) == time
        for season_day in (activity["season_start"], activity["season_end"]):
            assert season_day == "" or re.fullmatch(r"(0[1-9]|1[0-2])-[0-3]\d", season_day)
        if activity["min_age"] is not None and activity["max_age"] is not None:
            assert activity["min_age"] <= activity["max_age"]


def test_statuses_flags_and_print_are_varied(loaded):
    statuses = dict(loaded.execute("SELECT status, count(*) FROM associations GROUP BY status"))
    assert statuses["active"] > 0.9 * sum(statuses.values())
    assert 3 <= statuses["paused"] <= 8
    assert 1 <= statuses["closed"] <= 2
    assert count(loaded, "SELECT count(*) FROM associations WHERE include_in_print = 0") >= 1
    for flag in (
        "wheelchair_access",
        "free_trial",
        "beginners_welcome",
        "no_danish_needed",
        "free_of_charge",
    ):
        assert count(loaded, f"SELECT count(*) FROM associations WHERE {flag} = 1") >= 10, flag


def test_free_of_charge_agrees_with_the_prices(loaded):
    mismatches = rows(
        loaded,
        "SELECT a.name FROM associations a WHERE a.free_of_charge = 1 AND EXISTS "
        "(SELECT 1 FROM activities x WHERE x.association_id = a.id AND x.price != 'Gratis')",
    )
    assert mismatches == []


def test_contact_data_is_fictitious(loaded):
    for association in rows(loaded, "SELECT * FROM associations"):
        for field in ("email", "contact_email"):
            assert association[field] == "" or association[field].endswith(".example")
        website = association["website"]
        assert website == "" or urlsplit(website).hostname.endswith(".example")
        for field in ("phone", "contact_phone"):
            assert association[field] == "" or re.fullmatch(r"12 34 \d\d \d\d", association[field])
        assert association["email"] or association["phone"], association["name"]
    for field in ("website", "email", "phone"):
        with_it = count(loaded, f"SELECT count(*) FROM associations WHERE {field} != ''")
        assert 20 <= with_it <= count(loaded, "SELECT count(*) FROM associations") - 10, field


def test_published_contact_fields_have_recorded_consent(loaded):
    public_columns = " OR ".join(f"contact_{field}_public = 1" for field in CONTACT_FIELDS)
    public = rows(loaded, f"SELECT * FROM associations WHERE {public_columns}")
    private = rows(loaded, f"SELECT * FROM associations WHERE NOT ({public_columns})")

    assert len(public) >= 30 and len(private) >= 30
    assert all(a["consent_date"] and a["consent_source"] for a in public)
    assert all(a["consent_date"] <= a["last_verified"] for a in public)
    assert all(a["consent_date"] == "" and a["consent_source"] == "" for a in private)


def test_last_verified_is_spread_over_the_last_two_years(loaded):
    days = sorted(
        date.fromisoformat(r["last_verified"])
        for r in rows(loaded, "SELECT last_verified FROM associations")
    )
    assert days[0] >= TODAY - timedelta(days=730)
    assert days[-1] <= TODAY
    assert days[0] < TODAY - timedelta(days=500)  # some need checking again
    assert days[-1] > TODAY - timedelta(days=60)  # some were checked lately


def test_venues_are_places_in_aalborg_oest(loaded):
    venues = rows(loaded, "SELECT * FROM venues")

    assert 12 <= len(venues) <= 20
    assert {v["postcode"] for v in venues} == {"9220"}
    assert {v["city"] for v in venues} == {"Aalborg Øst"}
    placed = [v for v in venues if v["latitude"] is not None]
    for venue in placed:
        assert DENMARK["lat"][0] < venue["latitude"] < DENMARK["lat"][1], venue["name"]
        assert DENMARK["lon"][0] < venue["longitude"] < DENMARK["lon"][1], venue["name"]
        where = (venue["latitude"], venue["longitude"])
        assert km_between(where, AALBORG_OEST) < 5, venue["name"]
    # Places the sources name without a position stay unplaced rather than invented.
    unplaced = {v["name"] for v in venues if v["latitude"] is None}
    assert "Tornhøj Idrætscenter (Tornhøjhallen)" in unplaced
    assert all(v["longitude"] is None for v in venues if v["latitude"] is None)
    trekanten = catalogue.get_venue(loaded, "trekanten-bibliotek-og-kulturhus")
    assert (trekanten["address"], trekanten["latitude"]) == ("Sebbersundvej 2A", 57.0276469)


def test_every_demo_venue_is_used_and_has_a_source(loaded):
    unused = rows(
        loaded,
        "SELECT name FROM venues WHERE id NOT IN (SELECT venue_id FROM association_venues) "
        "OR id NOT IN (SELECT venue_id FROM activities WHERE venue_id IS NOT NULL)",
    )
    assert unused == []
    assert all(venue["source"] for venue in VENUES)


# What residents look for; checked in the database, independent of the search index.
RESIDENT_SEARCHES = [
    pytest.param(
        "SELECT count(*) FROM activities x JOIN associations a ON a.id = x.association_id "
        "WHERE (x.title LIKE '%fodbold%' OR a.name LIKE '%fodbold%') "
        "AND EXISTS (SELECT 1 FROM json_each(x.weekdays) WHERE value = 1) "
        "AND x.min_age <= 10 AND x.max_age >= 10 AND a.status = 'active'",
        1,
        id="football for a 10-year-old on Tuesday",
    ),
    pytest.param(
        "SELECT count(*) FROM activities x JOIN associations a ON a.id = x.association_id "
        "JOIN venues v ON v.id = x.venue_id "
        "WHERE v.name LIKE 'Trekanten - Bibliotek%' AND a.description LIKE '%lektiehjælp%'",
        1,
        id="homework help at the library",
    ),
    pytest.param(
        "SELECT count(*) FROM activities x JOIN associations a ON a.id = x.association_id "
        "WHERE a.name LIKE '%kvindesvømning%' AND x.target_group = 'kvinder'",
        1,
        id="women's swimming",
    ),
    pytest.param(
        "SELECT count(*) FROM associations "
        "WHERE name || ' ' || short_description || ' ' || description LIKE '%frivillig%'",
        20,
        id="volunteering",
    ),
    pytest.param(
        "SELECT count(DISTINCT association_id) FROM activities WHERE min_age >= 60",
        5,
        id="for seniors",
    ),
    pytest.param(
        "SELECT count(*) FROM associations WHERE name LIKE '%sprogcafé%' "
        "OR name LIKE '%language café%'",
        3,
        id="language cafés",
    ),
    pytest.param(
        "SELECT count(*) FROM associations a JOIN association_categories ac "
        "ON ac.association_id = a.id JOIN categories c ON c.id = ac.category_id "
        "WHERE c.slug = 'beboerdemokrati'",
        8,
        id="residents' democracy",
    ),
    pytest.param(
        "SELECT count(*) FROM associations WHERE no_danish_needed = 1",
        20,
        id="no Danish needed",
    ),
    pytest.param(
        "SELECT count(*) FROM activities WHERE frequency != 'weekly'",
        30,
        id="schedules other than weekly",
    ),
]


@pytest.mark.parametrize(("sql", "at_least"), RESIDENT_SEARCHES)
def test_resident_searches_have_hits(loaded, sql, at_least):
    assert count(loaded, sql) >= at_least


def test_search_index_is_rebuilt_with_the_demo(db, index):
    demo.load_demo(db, index=index, today=TODAY)

    assert index.search(Query(text="lektiehjælp")).total >= 1
    football = index.search(Query(text="fodbold", weekday=1, age=10))
    assert "Fodboldskolen Øst 9220" in [hit.name for hit in football.hits]


def test_remove_demo_removes_everything_it_added(db, index):
    loaded = demo.load_demo(db, index=index, today=TODAY)

    assert demo.remove_demo(db, index=index) == loaded

    for table in (
        "associations",
        "activities",
        "venues",
        "association_categories",
        "association_venues",
    ):
        assert count(db, f"SELECT count(*) FROM {table}") == 0, table
    assert not catalogue.is_demo(db)
    assert catalogue.catalogue_version(db) == 2
    # A fresh reader of the same index folder: the demo is gone from search too.
    assert SearchIndex(index.path).search(Query(text="fodbold")).total == 0


def test_remove_demo_keeps_real_entries_and_the_venues_they_use(db):
    own_venue_id = _save_real_venue(db, "Trekanten - Bibliotek og Kulturhus", "Sebbersundvej 2A")
    demo.load_demo(db, today=TODAY)
    park_id = catalogue.get_venue(db, "bundgaardsparken")["id"]
    real_id = catalogue.save_association(
        db,
        {
            "name": "Koret Østlyd",  # the same name as a demo association
            "categories": ["kultur-og-kreativitet"],
            "activities": [{"title": "Sang i parken", "weekdays": [2], "venue_id": park_id}],
            "venue_ids": [park_id],
        },
    )

    demo.remove_demo(db)

    assert [r["id"] for r in rows(db, "SELECT id FROM associations")] == [real_id]
    assert catalogue.get_association_by_id(db, real_id)["slug"] == "koret-oestlyd-2"
    venue_ids = {r["id"] for r in rows(db, "SELECT id FROM venues")}
    assert venue_ids == {own_venue_id, park_id}  # the editor's own and the one in use
    assert demo.has_real_data(db)


def _save_real_venue(db, name, address):
    with write_transaction(db):
        return catalogue.save_venue(db, {"name": name, "address": address, "postcode": "9220"})


def test_loading_twice_replaces_the_demo(loaded):
    first = rows(loaded, "SELECT slug FROM associations ORDER BY slug")
    venues = count(loaded, "SELECT count(*) FROM venues")

    demo.load_demo(loaded, today=TODAY)

    assert rows(loaded, "SELECT slug FROM associations ORDER BY slug") == first
    assert count(loaded, "SELECT count(*) FROM venues") == venues


def test_loading_is_deterministic(loaded, tmp_path):
    other = connect(tmp_path / "other.db")
    try:
        migrations.migrate(other)
        demo.load_demo(other, today=TODAY)
        assert _content(other) == _content(loaded)
    finally:
        other.conn.close()


def _content(db):
    """Everything loaded, without ids and timestamps."""
    associations = rows(db, "SELECT * FROM associations ORDER BY slug")
    activities = rows(
        db,
        "SELECT a.slug, x.*, v.name AS venue FROM activities x "
        "JOIN associations a ON a.id = x.association_id "
        "LEFT JOIN venues v ON v.id = x.venue_id ORDER BY a.slug, x.position",
    )
    drop = {"id", "association_id", "venue_id", "created_at", "updated_at"}
    return [{k: v for k, v in row.items() if k not in drop} for row in associations + activities]


def test_is_empty_and_has_real_data(db):
    assert demo.is_empty(db) and not demo.has_real_data(db)

    demo.load_demo(db, today=TODAY)
    assert not demo.is_empty(db) and not demo.has_real_data(db)

    demo.remove_demo(db)
    assert not demo.is_empty(db)  # emptied on purpose: do not bring the demo back

    catalogue.save_association(db, {"name": "Rigtig forening"})
    assert demo.has_real_data(db)


def test_failed_load_changes_nothing(db):
    with write_transaction(db):
        db.execute("DELETE FROM categories WHERE slug = 'aeldre'")  # an editor removed it

    with pytest.raises(catalogue.NotFound, match="aeldre"):
        demo.load_demo(db, today=TODAY)

    assert count(db, "SELECT count(*) FROM associations") == 0
    assert count(db, "SELECT count(*) FROM venues") == 0
    assert not catalogue.is_demo(db)
    assert catalogue.catalogue_version(db) == 0
