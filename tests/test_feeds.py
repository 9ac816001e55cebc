"""Feeds parsed back by real parsers: iCalendar, sitemap XML, robots.txt, CSV, JSON-LD;
and no contact person without consent in any of them, nor in the HSDS export."""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from datetime import date, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil.rrule import rrulestr

from directory import catalogue, feeds, spreadsheet

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
COPENHAGEN = ZoneInfo("Europe/Copenhagen")
TODAY = date(2026, 11, 22)  # a Sunday
# The contact person who never consented: none of this may appear in any feed.
SECRET = {"contact_name": "Hemmelig Hansen", "contact_email": "hemmelig@privat.example",
          "contact_phone": "11 22 33 44", "contact_role": "Skjult Kasserer"}  # fmt: skip


@pytest.fixture
def entries(db, add):
    with db.atomic():
        trekanten = catalogue.save_venue(db, {
            "name": "Trekanten", "address": "Sebbersundvej 2A", "postcode": "9220",
            "city": "Aalborg Øst", "latitude": 57.0276, "longitude": 10.0009})  # fmt: skip
    running = add(
        "Øst Løbeklub", short_description="Vi løber sammen.", website="https://loeb.example",
        phone="98 11 22 33", email="loeb@klub.example", categories=["sport-og-motion"],
        venue_ids=[trekanten], **SECRET,
        activities=[
            {"title": "Fællesløb", "weekdays": [1, 3], "start_time": "17:30", "end_time": "18:30",
             "venue_id": trekanten, "season_start": "08-01", "season_end": "06-30"},
            {"title": "Klubaften", "weekdays": [4], "start_time": "19:00",
             "frequency": "last-of-month"},
            {"title": "Bytur", "weekdays": [5], "frequency": "biweekly"},
            {"title": "Sommerstævne", "weekdays": [6], "season_start": "06-01",
             "season_end": "06-30"},
        ],
    )  # fmt: skip
    sneaky = add(
        "Klub </script><script>alert(1)</script>", short_description="Tegn & </script>",
        contact_name="Åben Person", contact_name_public=1, categories=["aeldre"],
    )  # fmt: skip
    closed = add("Lukket Klub", status="closed")
    return {"running": running, "sneaky": sneaky, "closed": closed, "venue": trekanten}


def calendar_of(app, association, today=TODAY) -> icalendar.Calendar:
    with app.test_request_context("/", base_url="https://guide.example/"):
        return icalendar.Calendar.from_ical(feeds.association_calendar(association, today))


# iCalendar --------------------------------------------------------------------------------------


def test_ics_feed_over_http(client, entries):
    response = client.get("/forening/oest-loebeklub.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.data)
    assert str(calendar["x-wr-calname"]) == "Øst Løbeklub"
    assert client.get("/forening/findes-ikke.ics").status_code == 404


def test_ics_weekly_activity_in_its_season(app, entries):
    calendar = calendar_of(app, entries["running"])
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    # Biweekly: which weeks is not known, so no dates are invented.
    assert set(events) == {"Fællesløb", "Klubaften", "Sommerstævne"}
    weekly = events["Fællesløb"]
    starts = weekly.decoded("dtstart")
    assert starts == datetime(2026, 11, 24, 17, 30, tzinfo=COPENHAGEN)  # the next Tuesday
    assert weekly.decoded("dtend") == datetime(2026, 11, 24, 18, 30, tzinfo=COPENHAGEN)
    rule = weekly["rrule"]
    assert (rule["FREQ"], rule["BYDAY"]) == (["WEEKLY"], ["TU", "TH"])
    meetings = list(rrulestr(weekly["rrule"].to_ical().decode(), dtstart=starts))
    assert {m.strftime("%a") for m in meetings} == {"Tue", "Thu"}
    assert meetings[-1].date() == date(2027, 6, 29)  # the last Tuesday/Thursday of the season
    assert "Sebbersundvej 2A" in str(weekly["location"])
    assert weekly["geo"].latitude == pytest.approx(57.0276)
    assert str(weekly["url"]) == "https://guide.example/forening/oest-loebeklub"


def test_ics_monthly_and_future_season(app, entries):
    events = {str(e["summary"]): e for e in calendar_of(app, entries["running"]).walk("VEVENT")}
    monthly = events["Klubaften"]
    assert monthly["rrule"]["BYDAY"] == ["-1FR"]
    assert monthly.decoded("dtstart") == datetime(2026, 11, 27, 19, 0, tzinfo=COPENHAGEN)
    summer = events["Sommerstævne"]  # no time: whole days, from next season's first Sunday
    assert summer.decoded("dtstart") == date(2027, 6, 6)
    assert summer["rrule"]["UNTIL"] == [date(2027, 6, 30)]


def test_ics_has_the_copenhagen_timezone(app, entries):
    calendar = calendar_of(app, entries["running"])
    zones = [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")]
    assert zones == ["Europe/Copenhagen"]
    offsets = {str(part["tzoffsetto"].to_ical()) for part in calendar.walk("STANDARD")}
    assert any("+0100" in offset for offset in offsets)


def test_ics_of_a_paused_or_closed_association_has_no_events(app, entries):
    assert calendar_of(app, entries["closed"]).walk("VEVENT") == []


# Sitemap and robots.txt -------------------------------------------------------------------------


def test_sitemap_lists_every_public_page_with_lastmod(client, entries):
    response = client.get("/sitemap.xml")
    assert response.mimetype == "application/xml"
    root = ET.fromstring(response.data)
    urls = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in root}
    paths = {urlsplit(url).path for url in urls}
    assert {"/", "/soeg", "/uge", "/kort", "/forening/oest-loebeklub", "/sted/trekanten",
            "/kategori/sport-og-motion"} <= paths  # fmt: skip
    assert "/forening/lukket-klub" not in paths
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", lastmod) for lastmod in urls.values())
    for path in paths:
        assert client.get(path).status_code == 200, path


def test_robots_txt_points_at_the_sitemap(client):
    lines = client.get("/robots.txt").get_data(as_text=True).splitlines()
    assert "Sitemap: http://localhost/sitemap.xml" in lines
    assert "Disallow: /redaktion/" in lines


# CSV --------------------------------------------------------------------------------------------


def read_csv(data: bytes) -> list[dict]:
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";")
    assert reader.fieldnames == feeds.PUBLIC_COLUMNS
    return list(reader)


def test_csv_of_all_published_entries(client, entries):
    response = client.get("/api/associations.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = {row["name"]: row for row in read_csv(response.data)}
    assert set(rows) == {"Øst Løbeklub", entries["sneaky"]["name"]}  # not the closed one
    running = rows["Øst Løbeklub"]
    assert (running["venue"], running["address"], running["categories"]) == (
        "Trekanten", "Sebbersundvej 2A", "Sport og motion")
    assert "Fællesløb" in running["activities"]
    assert rows[entries["sneaky"]["name"]]["contact_name"] == "Åben Person"
    assert "consent_date" not in feeds.PUBLIC_COLUMNS
    assert set(feeds.PUBLIC_COLUMNS) < set(spreadsheet.COLUMNS)


# JSON-LD and links ------------------------------------------------------------------------------


def jsonld_of(html: str) -> dict:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(found) == 1
    return json.loads(found[0])


def test_entry_page_has_organization_jsonld(client, entries):
    data = jsonld_of(client.get("/forening/oest-loebeklub").get_data(as_text=True))
    assert (data["@context"], data["@type"], data["name"]) == (
        "https://schema.org", "Organization", "Øst Løbeklub")
    assert data["url"] == "http://localhost/forening/oest-loebeklub"
    assert data["sameAs"] == ["https://loeb.example"]
    assert data["address"]["streetAddress"] == "Sebbersundvej 2A"
    assert data["location"][0]["geo"] == {"@type": "GeoCoordinates", "latitude": 57.0276,
                                          "longitude": 10.0009}  # fmt: skip


def test_jsonld_cannot_be_broken_out_of(client, entries):
    html = client.get(f"/forening/{entries['sneaky']['slug']}").get_data(as_text=True)
    assert "<script>alert(1)" not in html
    data = jsonld_of(html)
    assert data["name"] == entries["sneaky"]["name"]  # the same text, safely escaped
    assert data["description"] == "Tegn & </script>"


def test_feeds_are_linked_where_people_look(client, entries):
    html = client.get("/forening/oest-loebeklub").get_data(as_text=True)
    links = set(re.findall(r'href="([^"]+)"', html))
    assert {"/forening/oest-loebeklub.ics", "/api/associations.csv", "/api/associations.geojson",
            "/api/hsds/datapackage.zip"} <= links  # fmt: skip
    for link in ("/api/associations.csv", "/api/associations.geojson", "/api/hsds/datapackage.zip"):
        assert client.get(link).status_code == 200, link


# Personal data ----------------------------------------------------------------------------------


def every_output(client, runner, tmp_path, entries) -> dict[str, str]:
    """Every feed and export, as text."""
    outputs = {path: client.get(path).get_data(as_text=True) for path in (
        "/api/hsds/services?full=true&per_page=100", "/api/hsds/organizations?full=true",
        "/api/hsds/service_at_locations?full=true", "/api/associations.csv",
        "/forening/oest-loebeklub.ics", "/sitemap.xml", "/api/associations.geojson",
    )}  # fmt: skip
    service_id = client.get("/api/hsds/services").get_json()["contents"][1]["id"]
    outputs["service"] = client.get(f"/api/hsds/services/{service_id}").get_data(as_text=True)
    html = client.get("/forening/oest-loebeklub").get_data(as_text=True)
    outputs["json-ld"] = json.dumps(jsonld_of(html), ensure_ascii=False)
    with zipfile.ZipFile(io.BytesIO(client.get("/api/hsds/datapackage.zip").data)) as archive:
        outputs.update({name: archive.read(name).decode() for name in archive.namelist()})
    assert runner.invoke(args=["export-hsds", str(tmp_path / "hsds")]).exit_code == 0
    for path in (tmp_path / "hsds").iterdir():
        outputs[f"export/{path.name}"] = path.read_text(encoding="utf-8")
    return outputs


def test_no_unconsented_contact_person_in_any_output(client, runner, tmp_path, entries):
    outputs = every_output(client, runner, tmp_path, entries)
    assert len(outputs) > 30
    assert "oest-loebeklub" in outputs["/api/hsds/services?full=true&per_page=100"]
    for name, text in outputs.items():
        for value in SECRET.values():
            assert value not in text, (name, value)
    assert "Åben Person" in outputs["export/contacts.csv"]  # consented: published
