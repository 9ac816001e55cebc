"""The catalogue in Open Referral's Human Services Data Specification (HSDS) 3.0.

Each association becomes an organization and one service (its activities
as a whole); its venues become locations with an address, linked to the
service by service_at_location; each activity becomes a schedule (RRULE
fields); categories, target groups and the "good to know" flags become
taxonomy terms linked by attributes. A contact person appears only with the
fields consented to (catalogue.public_contact), never otherwise.

Ids are uuid5 of our own ids under a fixed namespace, so every export gives
the same ids. The functions need a request context for absolute URLs
(`directory export-hsds` makes one from PUBLIC_URL). hsds_views serves the
records under /api/hsds; `write_export` writes the JSON files and the tabular
data package (datapackage.json + one CSV per table).
"""

import csv
import io
import json
import uuid
import zipfile
from datetime import date
from pathlib import Path

from flask import current_app, url_for

from . import catalogue, schedule
from .vocabulary import FLAGS, LANGUAGES, TARGET_GROUPS

HSDS_VERSION = "3.0"
# Fixed for ever: changing it would give every record a new id.
NAMESPACE = uuid.UUID("6f0c6a53-3f0e-5a6b-9d55-1f3c4e7a9b20")
COUNTRY = "DK"
TIMEZONE_NOTE = "Tidspunkter er dansk tid (Europe/Copenhagen)."
BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]  # index = our weekday (Monday first)
# Our frequency codes as RRULE parts: (freq, interval, ordinal before each BYDAY).
# "monthly" (which week is not known) and "irregular" have no rule, only a description.
RRULES = {
    "weekly": ("WEEKLY", 1, ""),
    "biweekly": ("WEEKLY", 2, ""),
    "first-of-month": ("MONTHLY", None, "1"),
    "last-of-month": ("MONTHLY", None, "-1"),
}
SERVICE_STATUS = {"active": "active", "paused": "temporarily closed", "closed": "inactive"}


def _fields(spec: str) -> list[tuple[str, str]]:
    """'id name minimum_age:number' -> [('id', 'string'), ('name', 'string'), ...]."""
    return [tuple((item + ":string").split(":")[:2]) for item in spec.split()]


# The tabular format: table -> (file name, columns with their data package types), exactly
# as HSDS 3.0 defines them (tests/test_hsds.py compares them with the official schemas).
TABLES = {
    "organization": ("organizations.csv", _fields(
        "id name alternate_name description email website year_incorporated:number "
        "legal_status logo uri parent_organization_id")),
    "service": ("services.csv", _fields(
        "id organization_id program_id name alternate_name description url email status "
        "interpretation_services application_process fees_description accreditations "
        "eligibility_description minimum_age:number maximum_age:number assured_date:date "
        "assurer_email alert")),
    "location": ("locations.csv", _fields(
        "id location_type url organization_id name alternate_name description transportation "
        "latitude:number longitude:number external_identifier external_identifier_type")),
    "service_at_location": ("service_at_location.csv", _fields(
        "id service_id location_id description")),
    "address": ("addresss.csv", _fields(
        "id location_id attention address_1 address_2 city region state_province postal_code "
        "country address_type")),
    "phone": ("phones.csv", _fields(
        "id location_id service_id organization_id contact_id service_at_location_id number "
        "extension:number type description")),
    "contact": ("contacts.csv", _fields(
        "id organization_id service_id service_at_location_id location_id name title "
        "department email")),
    "schedule": ("schedules.csv", _fields(
        "id service_id location_id service_at_location_id valid_from:date valid_to:date "
        "dtstart:date timezone:number until:date count:date wkst freq interval:number byday "
        "byweekno bymonthday:number byyearday:number description opens_at:time closes_at:time "
        "schedule_link attending_type notes")),
    "language": ("languages.csv", _fields("id service_id location_id phone_id name code note")),
    "attribute": ("attributes.csv", _fields(
        "id link_id taxonomy_term_id link_type link_entity value")),
    "taxonomy": ("taxonomies.csv", _fields("id name description uri")),
    "taxonomy_term": ("taxonomy_terms.csv", _fields(
        "id code name description parent_id language taxonomy_id term_uri")),
}  # fmt: skip
# Where nested records sit in the JSON, and which table each belongs to.
NESTED = {
    "organization": "organization", "phones": "phone", "contacts": "contact",
    "schedules": "schedule", "service_at_locations": "service_at_location",
    "location": "location", "addresss": "address", "languages": "language",
    "attributes": "attribute", "taxonomy_term": "taxonomy_term", "taxonomy": "taxonomy",
}  # fmt: skip


def hsds_id(kind: str, *keys) -> str:
    """A stable UUID for one of our records: hsds_id('service', 17)."""
    return str(uuid.uuid5(NAMESPACE, ":".join([kind, *map(str, keys)])))


def compact(record: dict) -> dict:
    """Leave out empty values (HSDS fields are optional unless required); lists stay."""
    return {key: value for key, value in record.items() if value is not None and value != ""}


# Taxonomies ---------------------------------------------------------------------------------

TAXONOMIES = {
    "category": ("Foreningsguidens kategorier", "Emner som foreningerne er ordnet efter."),
    "target_group": ("Målgrupper", "Hvem en forening især henvender sig til."),
    "feature": ("Godt at vide", "Kendetegn som kørestolsvenlig, gratis og begyndere velkomne."),
}


def taxonomy_record(key: str) -> dict:
    name, description = TAXONOMIES[key]
    return {"id": hsds_id("taxonomy", key), "name": name, "description": description}


def taxonomies() -> list[dict]:
    return [taxonomy_record(key) for key in TAXONOMIES]


def _term(taxonomy_key: str, code: str, name: str, description: str = "", term_uri: str = ""):
    taxonomy = taxonomy_record(taxonomy_key)
    return compact({
        "id": hsds_id("taxonomy_term", taxonomy_key, code), "code": code, "name": name,
        "description": description or name, "language": "da",
        "taxonomy_id": taxonomy["id"], "taxonomy": taxonomy, "term_uri": term_uri,
    })  # fmt: skip


def taxonomy_terms(db) -> dict[tuple[str, str], dict]:
    """Every term, keyed by (taxonomy, our code); codes are unique across the taxonomies."""
    terms = {
        ("category", c["slug"]): _term(
            "category", c["slug"], c["label"], c["description"],
            url_for("public.category", slug=c["slug"], _external=True),
        )
        for c in catalogue.categories(db)
    }  # fmt: skip
    for code, label in TARGET_GROUPS.items():
        terms["target_group", code] = _term("target_group", f"maalgruppe-{code}", label)
    for flag, label in FLAGS.items():
        terms["feature", flag] = _term("feature", f"kendetegn-{flag}", label)
    return terms


# Seasons and schedules ----------------------------------------------------------------------


def _on(year: int, month_day: str) -> date:
    month, day = (int(part) for part in month_day.split("-"))
    return date(year, month, min(day, 28) if month == 2 and day == 29 else day)


def season_dates(activity: dict, today: date) -> tuple[date, date] | None:
    """The current season (or else the next one) as dates; None without a season.

    Seasons are "MM-DD" to "MM-DD" every year and may run over New Year.
    """
    start, end = activity.get("season_start") or "", activity.get("season_end") or ""
    if not (start and end):
        return None
    try:
        for year in (today.year - 1, today.year):
            first = _on(year, start)
            last = _on(year + (1 if end < start else 0), end)
            if today <= last:
                return first, last
        return _on(today.year + 1, start), _on(today.year + 1 + (end < start), end)
    except ValueError:  # not MM-DD: treat as no season
        return None


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?" else text + "."


def _byday(activity: dict) -> str:
    freq, _, ordinal = RRULES[activity.get("frequency") or "weekly"]
    days = sorted(d for d in activity.get("weekdays") or [] if 0 <= d < 7)
    return ",".join(ordinal + BYDAY[d] for d in days)


def has_rule(activity: dict) -> bool:
    """Whether the activity's meetings can be written as a recurrence rule."""
    return (activity.get("frequency") or "weekly") in RRULES and bool(activity.get("weekdays"))


def schedule_record(activity: dict, position: int, association: dict, today: date,
                    service_at_location_id: str = "") -> dict:
    """One activity as an HSDS schedule (RRULE fields where the frequency allows)."""
    season = season_dates(activity, today)
    title = activity.get("title") or association["name"]
    record = {
        "id": hsds_id("schedule", association["id"], position),
        "service_id": hsds_id("service", association["id"]),
        "service_at_location_id": service_at_location_id,
        "valid_from": season[0].isoformat() if season else "",
        "valid_to": season[1].isoformat() if season else "",
        "description": ": ".join(p for p in (title, schedule.when(activity)) if p),
        "opens_at": activity.get("start_time") or "",
        "closes_at": activity.get("end_time") or "",
        "notes": " ".join(p for p in (_sentence(activity.get("note") or ""), TIMEZONE_NOTE) if p),
    }
    if has_rule(activity):
        freq, interval, _ = RRULES[activity.get("frequency") or "weekly"]
        record.update(freq=freq, interval=interval, byday=_byday(activity), wkst="MON")
    return compact(record)


# Organizations, services, locations ---------------------------------------------------------


def phone_record(number: str, kind: str, *keys, **links) -> dict:
    return compact({"id": hsds_id("phone", kind, *keys), "number": number, **links})


def organization_record(association: dict) -> dict:
    organization_id = hsds_id("organization", association["id"])
    phones = []
    if association["phone"]:
        phones.append(phone_record(association["phone"], "organization", association["id"],
                                   organization_id=organization_id))  # fmt: skip
    record = compact({
        "id": organization_id, "name": association["name"],
        "email": association["email"], "website": association["website"],
        "uri": url_for("public.association", slug=association["slug"], _external=True),
        "phones": phones,
    })  # fmt: skip
    # HSDS requires a description; the name is all some entries have.
    record["description"] = (association["short_description"] or association["description"]
                             or association["name"])  # fmt: skip
    return record


def address_record(venue: dict) -> dict | None:
    if not venue["address"]:
        return None
    return {
        "id": hsds_id("address", venue["id"]), "location_id": hsds_id("location", venue["id"]),
        "address_1": venue["address"], "city": venue["city"] or "",
        "state_province": current_app.config["REGION"], "postal_code": venue["postcode"] or "",
        "country": COUNTRY, "address_type": "physical",
    }  # fmt: skip


def location_record(venue: dict) -> dict:
    address = address_record(venue)
    return compact({
        "id": hsds_id("location", venue["id"]), "location_type": "physical",
        "name": venue["name"], "latitude": venue["latitude"], "longitude": venue["longitude"],
        "addresss": [address] if address else [],
    })  # fmt: skip


def contact_record(association: dict) -> dict | None:
    """The contact person with only the consented fields, or None."""
    consented = catalogue.public_contact(association)
    if not consented:
        return None
    contact_id = hsds_id("contact", association["id"])
    phones = []
    if consented.get("phone"):
        phones.append(phone_record(consented["phone"], "contact", association["id"],
                                   contact_id=contact_id))  # fmt: skip
    return compact({
        "id": contact_id, "service_id": hsds_id("service", association["id"]),
        "name": consented.get("name"), "title": consented.get("role"),
        "email": consented.get("email"), "phones": phones,
    })  # fmt: skip


def _attributes(association: dict, terms: dict) -> list[dict]:
    keys = [("category", c["slug"]) for c in association["categories"]]
    keys += [("target_group", code) for code in association["target_groups"]]
    keys += [("feature", flag) for flag in FLAGS if association.get(flag)]
    service_id = hsds_id("service", association["id"])
    return [
        {
            "id": hsds_id("attribute", association["id"], *key), "link_id": service_id,
            "link_entity": "service", "link_type": key[0], "taxonomy_term_id": terms[key]["id"],
            "taxonomy_term": terms[key],
        }
        for key in keys
        if key in terms
    ]


def _languages(association: dict) -> list[dict]:
    return [
        {"id": hsds_id("language", association["id"], code), "service_id":
         hsds_id("service", association["id"]), "name": LANGUAGES.get(code, code), "code": code}
        for code in association["languages"]
    ]  # fmt: skip


def _venues(association: dict) -> list[dict]:
    """The association's venues, then those only its activities use."""
    venues = {venue["id"]: venue for venue in association["venues"]}
    for activity in association["activities"]:
        if activity["venue"]:
            venues.setdefault(activity["venue"]["id"], activity["venue"])
    return list(venues.values())


def _fees(association: dict) -> str:
    prices = dict.fromkeys(a["price"] for a in association["activities"] if a.get("price"))
    return "; ".join(["Gratis"] * bool(association["free_of_charge"]) + list(prices))


def _age_bounds(activities: list[dict]) -> tuple[int | None, int | None]:
    """The service's age range: only when every activity has that bound."""
    lows = [a.get("min_age") for a in activities]
    highs = [a.get("max_age") for a in activities]
    low = min(lows) if lows and None not in lows else None
    high = max(highs) if highs and None not in highs else None
    return low, high


def service_record(association: dict, terms: dict, today: date) -> dict:
    """The association's offer as a fully nested HSDS service."""
    service_id = hsds_id("service", association["id"])
    locations = {
        venue["id"]: {
            "id": hsds_id("service_at_location", association["id"], venue["id"]),
            "service_id": service_id, "location_id": hsds_id("location", venue["id"]),
            "location": location_record(venue), "schedules": [],
        }
        for venue in _venues(association)
    }  # fmt: skip
    unplaced = []
    for position, activity in enumerate(association["activities"]):
        at = locations.get(activity["venue_id"])
        found = schedule_record(activity, position, association, today, at["id"] if at else "")
        (at["schedules"] if at else unplaced).append(found)
    organization = organization_record(association)
    contact = contact_record(association)
    low, high = _age_bounds(association["activities"])
    return compact({
        "id": service_id, "organization_id": organization["id"], "name": association["name"],
        "description": association["description"] or association["short_description"],
        "url": url_for("public.association", slug=association["slug"], _external=True),
        "email": association["email"], "status": SERVICE_STATUS[association["status"]],
        "fees_description": _fees(association),
        "eligibility_description": ", ".join(
            TARGET_GROUPS.get(code, code) for code in association["target_groups"]),
        "minimum_age": low, "maximum_age": high,
        "assured_date": (association["last_verified"] or "")[:10],
        "schedules": unplaced, "languages": _languages(association),
        "service_at_locations": [compact(sal) for sal in locations.values()],
        "phones": [dict(p, service_id=service_id) for p in organization.get("phones", [])],
        "organization": organization, "contacts": [contact] if contact else [],
        "attributes": _attributes(association, terms),
    })  # fmt: skip


def one_to_one(record: dict) -> dict:
    """The record without its nested lists and objects (HSDS list endpoints)."""
    return {key: value for key, value in record.items() if not isinstance(value, (list, dict))}


# The whole catalogue ------------------------------------------------------------------------


def published_ids(db) -> list[int]:
    """Associations in the open data: all but closed ones, by name."""
    return [
        row[0] for row in db.execute(
            "SELECT id FROM associations WHERE status != 'closed' ORDER BY name COLLATE NOCASE, id"
        ).fetchall()
    ]  # fmt: skip


def services(db, today: date | None = None, ids: list[int] | None = None) -> list[dict]:
    """Fully nested services of the published associations (or of `ids` among them)."""
    today = today or date.today()
    terms = taxonomy_terms(db)
    wanted = published_ids(db) if ids is None else [i for i in published_ids(db) if i in ids]
    return [
        service_record(catalogue.get_association_by_id(db, i), terms, today) for i in wanted
    ]


def service_ids(db) -> dict[str, int]:
    """HSDS service id -> our association id."""
    return {hsds_id("service", i): i for i in published_ids(db)}


def organization_ids(db) -> dict[str, int]:
    return {hsds_id("organization", i): i for i in published_ids(db)}


# The tabular data package -------------------------------------------------------------------


def _collect(kind: str, record: dict, found: dict[str, dict]):
    found[kind].setdefault(record["id"], record)
    for key, child_kind in NESTED.items():
        value = record.get(key)
        for child in value if isinstance(value, list) else [value] if value else []:
            _collect(child_kind, child, found)


def tables(all_services: list[dict], terms: list[dict]) -> dict[str, list[dict]]:
    """Each HSDS table's rows (only its own columns), from the nested services."""
    found: dict[str, dict] = {kind: {} for kind in TABLES}
    for service in all_services:
        _collect("service", service, found)
    for term in terms:
        _collect("taxonomy_term", term, found)
    return {
        kind: [{name: record.get(name) for name, _ in TABLES[kind][1]} for record in rows.values()]
        for kind, rows in found.items()
    }


def _cell(value) -> str:
    if value is None:
        return ""
    return repr(value) if isinstance(value, float) else str(value)


def csv_text(kind: str, rows: list[dict]) -> str:
    """A table as RFC 4180 CSV (comma, header row), as the HSDS tabular format has it."""
    buffer = io.StringIO()
    columns = [name for name, _ in TABLES[kind][1]]
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([_cell(row[name]) for name in columns] for row in rows)
    return buffer.getvalue()


def datapackage(site_name: str, today: date) -> dict:
    """The datapackage.json describing the CSV files."""
    return {
        "name": "foreningsguiden-hsds",
        "title": f"{site_name} (Open Referral HSDS {HSDS_VERSION})",
        "profile": "tabular-data-package",
        "created": today.isoformat(),
        "resources": [
            {
                "name": kind, "path": path, "profile": "tabular-data-resource",
                "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                "schema": {"fields": [{"name": n, "type": t} for n, t in fields],
                           "primaryKey": "id"},
            }
            for kind, (path, fields) in TABLES.items()
        ],
    }  # fmt: skip


def package_files(db, site_name: str, today: date | None = None,
                  all_services: list[dict] | None = None) -> dict[str, str]:
    """Every file of the export (name -> text): JSON of each kind, CSVs, datapackage.json."""
    today = today or date.today()
    all_services = services(db, today) if all_services is None else all_services
    terms = list(taxonomy_terms(db).values())
    rows = tables(all_services, terms)
    dump = lambda value: json.dumps(value, ensure_ascii=False, indent=1)  # noqa: E731
    files = {
        "services.json": dump(all_services),
        "organizations.json": dump([s["organization"] for s in all_services]),
        "taxonomies.json": dump(taxonomies()),
        "taxonomy_terms.json": dump(terms),
        "datapackage.json": dump(datapackage(site_name, today)),
    }
    files.update({TABLES[kind][0]: csv_text(kind, rows[kind]) for kind in TABLES})
    return files


TABULAR = {"datapackage.json", *(path for path, _ in TABLES.values())}


def write_export(db, directory, site_name: str, today: date | None = None) -> int:
    """Write the JSON files and the tabular package into `directory`; returns the services."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    all_services = services(db, today)
    for name, text in package_files(db, site_name, today, all_services).items():
        (directory / name).write_text(text, encoding="utf-8", newline="")
    return len(all_services)


def datapackage_zip(db, site_name: str, today: date | None = None) -> bytes:
    """The tabular data package (datapackage.json and the CSVs) as a zip file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in package_files(db, site_name, today).items():
            if name in TABULAR:
                archive.writestr(name, text)
    return buffer.getvalue()

