"""Feeds for other programs: an association's activities as iCalendar, sitemap.xml,
robots.txt, a CSV of every published entry, and schema.org JSON-LD for entry pages.

None of them carries a contact person's details unless consented; the
iCalendar feed, the sitemap and the JSON-LD carry no contact person at all.
"""

import csv
import io
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
from flask import Blueprint, Response, abort, url_for

from . import catalogue, hsds, schedule, spreadsheet
from .db import get_db
from .maps import next_occurrence
from .vocabulary import CONTACT_FIELDS

bp = Blueprint("feeds", __name__)

TIMEZONE = ZoneInfo("Europe/Copenhagen")
# Frequencies whose dates we know; biweekly and "monthly" meet in weeks we are not told.
CALENDAR_FREQUENCIES = {"weekly", "first-of-month", "last-of-month"}
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
# Editors' columns about consent and print: never in the public CSV.
PRIVATE_COLUMNS = {"consent_date", "consent_source", "include_in_print",
                   *(f"contact_{field}_public" for field in CONTACT_FIELDS)}  # fmt: skip
# The pages without a slug, in the sitemap.
PAGES = ["public.index", "public.search", "public.week", "maps.map_page", "suggest.new"]
PUBLIC_COLUMNS = [column for column in spreadsheet.COLUMNS if column not in PRIVATE_COLUMNS]


def get_published(slug: str) -> dict:
    try:
        return catalogue.get_association(get_db(), slug)
    except catalogue.NotFound:
        abort(404)


# iCalendar ----------------------------------------------------------------------------------


def _clock(value: str) -> time | None:
    try:
        hours, minutes = (int(part) for part in (value or "").split(":"))
        return time(hours, minutes)
    except ValueError:
        return None


def first_meeting(activity: dict, today: date) -> date | None:
    """The first meeting on or after today, or after the next season's start."""
    season = hsds.season_dates(activity, today)
    start = season[0] if season and season[0] > today else today
    return next_occurrence(activity, datetime.combine(start, time.min))


def _rule(activity: dict, starts, today: date) -> dict:
    freq, _, ordinal = hsds.RRULES[activity.get("frequency") or "weekly"]
    days = sorted(d for d in activity["weekdays"] if 0 <= d < 7)
    rule = {"freq": freq, "byday": [ordinal + hsds.BYDAY[d] for d in days], "wkst": "MO"}
    season = hsds.season_dates(activity, today)
    if season:  # RFC 5545: UNTIL is in UTC when DTSTART has a time zone
        last = datetime.combine(season[1], time(23, 59, 59), TIMEZONE).astimezone(UTC)
        rule["until"] = last if isinstance(starts, datetime) else season[1]
    return rule


def _location(activity: dict, association: dict) -> str:
    venue = activity["venue"] or (association["venues"][0] if association["venues"] else None)
    if not venue:
        return ""
    place = " ".join(p for p in (venue["postcode"], venue["city"]) if p)
    return ", ".join(p for p in (venue["name"], venue["address"], place) if p)


def _description(activity: dict) -> str:
    lines = [schedule.when(activity), schedule.age_range(activity), activity.get("price") or "",
             activity.get("note") or ""]  # fmt: skip
    return "\n".join(line for line in lines if line)


def activity_event(activity: dict, position: int, association: dict, today: date):
    """One activity as a recurring VEVENT, or None when its dates are not known."""
    frequency = activity.get("frequency") or "weekly"
    day = first_meeting(activity, today) if frequency in CALENDAR_FREQUENCIES else None
    if day is None:
        return None
    opens, closes = _clock(activity.get("start_time")), _clock(activity.get("end_time"))
    starts = datetime.combine(day, opens, TIMEZONE) if opens else day
    event = icalendar.Event()
    event.add("uid", f"{hsds.hsds_id('schedule', association['id'], position)}@foreningsguiden")
    event.add("dtstamp", datetime.fromisoformat(association["updated_at"]).astimezone(UTC))
    event.add("summary", activity.get("title") or association["name"])
    event.add("dtstart", starts)
    if opens and closes and closes > opens:
        event.add("dtend", datetime.combine(day, closes, TIMEZONE))
    elif not opens:
        event.add("dtend", day + timedelta(days=1))
    event.add("rrule", _rule(activity, starts, today))
    event.add("url", url_for("public.association", slug=association["slug"], _external=True))
    for name, value in (("location", _location(activity, association)),
                        ("description", _description(activity))):  # fmt: skip
        if value:
            event.add(name, value)
    venue = activity["venue"]
    if venue and venue["latitude"] is not None and venue["longitude"] is not None:
        event.add("geo", (venue["latitude"], venue["longitude"]))
    return event


def association_calendar(association: dict, today: date | None = None) -> bytes:
    """The association's recurring activities as an iCalendar file (with its VTIMEZONE)."""
    today = today or date.today()
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Foreningsguiden//Aktiviteter//DA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", association["name"])
    calendar.add("x-wr-timezone", str(TIMEZONE))
    if association["status"] == "active":
        for position, activity in enumerate(association["activities"]):
            event = activity_event(activity, position, association, today)
            if event is not None:
                calendar.add_component(event)
    calendar.add_missing_timezones(first_date=today - timedelta(days=366),
                                   last_date=today + timedelta(days=3 * 366))  # fmt: skip
    return calendar.to_ical()


@bp.get("/forening/<slug>.ics")
def association_ics(slug):
    association = get_published(slug)
    return Response(
        association_calendar(association), mimetype="text/calendar",
        headers={"Content-Disposition": f'inline; filename="{association["slug"]}.ics"'},
    )  # fmt: skip


# The sitemap and robots.txt -----------------------------------------------------------------


def _day(timestamp: str) -> str:
    return (timestamp or "")[:10]


def sitemap_entries(db) -> list[tuple[str, str]]:
    """(absolute URL, lastmod date) of every public page."""
    entries = list(db.query(
        "SELECT slug, updated_at FROM associations WHERE status != 'closed' ORDER BY id"
    ))  # fmt: skip
    newest = max((_day(a["updated_at"]) for a in entries), default="")
    pages = [(url_for(endpoint, _external=True), newest) for endpoint in PAGES]
    pages += [(url_for("public.association", slug=a["slug"], _external=True), _day(a["updated_at"]))
              for a in entries]  # fmt: skip
    for category in db.query(
        "SELECT c.slug, max(a.updated_at) AS changed FROM categories c LEFT JOIN "
        "association_categories ac ON ac.category_id = c.id LEFT JOIN associations a ON "
        "a.id = ac.association_id AND a.status != 'closed' GROUP BY c.id ORDER BY c.sort_order"
    ):  # fmt: skip
        url = url_for("public.category", slug=category["slug"], _external=True)
        pages.append((url, _day(category["changed"]) or newest))
    pages += [(url_for("public.venue", slug=v["slug"], _external=True), _day(v["updated_at"]))
              for v in db.query("SELECT slug, updated_at FROM venues ORDER BY id")]  # fmt: skip
    return pages


def sitemap_xml(entries: list[tuple[str, str]]) -> bytes:
    urlset = ET.Element("urlset", xmlns=SITEMAP_NS)
    for location, lastmod in entries:
        url = ET.SubElement(urlset, "url")
        ET.SubElement(url, "loc").text = location
        if lastmod:
            ET.SubElement(url, "lastmod").text = lastmod
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True)


@bp.get("/sitemap.xml")
def sitemap():
    return Response(sitemap_xml(sitemap_entries(get_db())), mimetype="application/xml")


@bp.get("/robots.txt")
def robots():
    lines = ["User-agent: *", "Disallow: /redaktion/", "Disallow: /opdater/",
             f"Sitemap: {url_for('feeds.sitemap', _external=True)}", ""]  # fmt: skip
    return Response("\n".join(lines), mimetype="text/plain")


# CSV ----------------------------------------------------------------------------------------


def public_row(association: dict) -> dict[str, str]:
    """The editors' spreadsheet row, with the contact person only as far as consented."""
    row = spreadsheet.export_row(association)
    consented = catalogue.public_contact(association)
    row.update({f"contact_{field}": consented.get(field, "") for field in CONTACT_FIELDS})
    return {column: row[column] for column in PUBLIC_COLUMNS}


def public_csv(db) -> str:
    """Every published association in the spreadsheet format (UTF-8 with BOM, ';')."""
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Danish Excel needs the BOM and ';' to open æøå and columns right
    writer = csv.DictWriter(buffer, fieldnames=PUBLIC_COLUMNS, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    for association_id in hsds.published_ids(db):
        writer.writerow(public_row(catalogue.get_association_by_id(db, association_id)))
    return buffer.getvalue()


@bp.get("/api/associations.csv")
def associations_csv():
    filename = f"foreninger-{date.today().isoformat()}.csv"
    return Response(public_csv(get_db()), mimetype="text/csv", headers=attachment(filename))


def attachment(filename: str) -> dict:
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


# schema.org JSON-LD -------------------------------------------------------------------------


def _postal_address(venue: dict) -> dict:
    return hsds.compact({
        "@type": "PostalAddress", "streetAddress": venue["address"],
        "postalCode": venue["postcode"], "addressLocality": venue["city"],
        "addressCountry": hsds.COUNTRY,
    })  # fmt: skip


def _place(venue: dict) -> dict:
    place = {"@type": "Place", "name": venue["name"], "address": _postal_address(venue)}
    if venue["latitude"] is not None and venue["longitude"] is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": venue["latitude"],
                        "longitude": venue["longitude"]}  # fmt: skip
    return place


def entry_jsonld(association: dict) -> dict:
    """schema.org Organization for an entry page (no contact person: that is shown as text)."""
    page = url_for("public.association", slug=association["slug"], _external=True)
    venues = association["venues"]
    return hsds.compact({
        "@context": "https://schema.org", "@type": "Organization", "@id": page + "#organization",
        "name": association["name"], "url": page,
        "description": association["short_description"] or association["description"],
        "sameAs": [association["website"]] if association["website"] else [],
        "email": association["email"], "telephone": association["phone"],
        "address": _postal_address(venues[0]) if venues and venues[0]["address"] else None,
        "location": [_place(venue) for venue in venues],
    })  # fmt: skip


def init_app(app):
    app.register_blueprint(bp)
    app.add_template_global(entry_jsonld)
