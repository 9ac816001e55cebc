"""The demo catalogue of Aalborg Øst (postcode 9220): load it, remove it.

About 150 made-up associations meet at real public places of the area (see
demo_data/venues.py for where each place's address and position come from).
Every demo association has is_demo = 1 and meta `demo` is "1" while they are
loaded, so every page can say it shows demo data.

Contact data is fictitious and cannot reach anyone:
- websites and e-mail addresses use the reserved top-level domain `.example`
  (RFC 2606), e.g. https://koret-oestlyd.example and kontakt@koret-oestlyd.example;
- phone numbers have the valid 8-digit form but all start with "12 34":
  Danish subscriber numbers do not start with 1 (the 1-series holds short
  service numbers such as 112), and Denmark has no range reserved for fiction.
Contact persons combine random first and last names (demo_data/people.py).

Generation is deterministic: a fixed seed, and dates counted back from `today`.
"""

import json
import random
from datetime import date, timedelta

from . import catalogue, demo_data, geo
from .catalogue import slugify
from .db import write_transaction
from .demo_data import people
from .vocabulary import CONTACT_FIELDS, FLAGS

SEED = 9220
DEMO_VENUES_KEY = "demo_venue_ids"  # meta: ids of the venues the demo created
VERIFIED_WITHIN_DAYS = 730

# A closing paragraph said in words for the flags set, where the text has room for it.
FLAG_SENTENCES = {
    "free_trial": "Du kan komme og prøve gratis, før du bestemmer dig.",
    "beginners_welcome": "Begyndere er meget velkomne.",
    "no_danish_needed": "Du behøver ikke tale dansk for at være med.",
    "wheelchair_access": "Der er adgang for kørestolsbrugere.",
}


# Building the records (no database) -----------------------------------------


def demo_records(today: date) -> list[dict]:
    """The demo associations as save_association records; activities name venues by key."""
    rng = random.Random(SEED)
    return [_record(spec, rng, today) for spec in demo_data.ASSOCIATIONS]


def _record(spec: dict, rng: random.Random, today: date) -> dict:
    domain = slugify(spec["name"])[:40].strip("-") + ".example"
    last_verified = today - timedelta(days=rng.randint(0, VERIFIED_WITHIN_DAYS))
    return {
        "name": spec["name"],
        "short_description": spec["short_description"],
        "description": _description(spec),
        "categories": spec["categories"],
        "target_groups": spec["target_groups"],
        "languages": spec["languages"],
        "activities": spec["activities"],
        "status": spec["status"],
        "include_in_print": int(spec["include_in_print"]),
        "last_verified": last_verified.isoformat(),
        "is_demo": 1,
        **{flag: int(flag in spec["flags"]) for flag in FLAGS},
        "free_of_charge": int(_all_free(spec["activities"])),
        **_contact_channels(rng, domain),
        **_contact_person(rng, domain, spec["categories"][0], last_verified),
    }


def _description(spec: dict) -> str:
    """The hand-written text, plus a practical paragraph when there is room for one."""
    text = spec["description"]
    sentences = [FLAG_SENTENCES[flag] for flag in spec["flags"] if flag in FLAG_SENTENCES]
    if sentences and text.count("\n\n") < 2:
        text += "\n\n" + " ".join(sentences)
    return text


def _all_free(activities: list[dict]) -> bool:
    return bool(activities) and all(a["price"] == "Gratis" for a in activities)


def _fake_phone(rng: random.Random) -> str:
    return f"12 34 {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}"


def _contact_channels(rng: random.Random, domain: str) -> dict:
    """Most have an e-mail address, many a website, some a phone; never none at all."""
    has_website, has_email, has_phone = (rng.random() < p for p in (0.7, 0.85, 0.6))
    phone = _fake_phone(rng)
    return {
        "website": f"https://{domain}" if has_website else "",
        "email": f"kontakt@{domain}" if has_email or not has_phone else "",
        "phone": phone if has_phone else "",
    }


# Which contact fields are public: none (no consent) for many, more for fewer.
PUBLIC_FIELD_SETS = [
    ((), 0.4),
    (("name", "role"), 0.3),
    (("name", "role", "phone"), 0.2),
    (("name", "role", "phone", "email"), 0.1),
]


def _contact_person(rng: random.Random, domain: str, category: str, verified: date) -> dict:
    first, last = rng.choice(people.FIRST_NAMES), rng.choice(people.LAST_NAMES)
    role = rng.choice(people.ROLES.get(category, people.DEFAULT_ROLES))
    public = rng.choices(
        [fields for fields, _ in PUBLIC_FIELD_SETS], [w for _, w in PUBLIC_FIELD_SETS]
    )[0]
    consent_date = verified - timedelta(days=rng.randint(0, 365))
    consent_source = rng.choice(people.CONSENT_SOURCES)
    return {
        "contact_name": f"{first} {last}",
        "contact_role": role,
        "contact_phone": _fake_phone(rng),
        "contact_email": f"{slugify(first)}@{domain}",
        **{f"contact_{field}_public": int(field in public) for field in CONTACT_FIELDS},
        "consent_date": consent_date.isoformat() if public else "",
        "consent_source": consent_source if public else "",
    }


# Writing ----------------------------------------------------------------------


def load_demo(db, index=None, today: date | None = None) -> int:
    """Replace any demo entries with the demo catalogue; returns how many were loaded.

    Real entries (is_demo = 0) are left alone. One transaction, one version bump.
    """
    records = demo_records(today or date.today())
    with write_transaction(db):
        _delete_demo(db)
        venue_ids = _save_demo_venues(db)
        for record in records:
            catalogue.write_association(db, _with_venue_ids(record, venue_ids), source="demo")
        geo.assign_areas(db)
        catalogue.bump_version(db)
        catalogue.set_demo(db, True)
    if index is not None:
        index.rebuild(db)
    return len(records)


def remove_demo(db, index=None) -> int:
    """Delete every demo association and the unused venues the demo created.

    A demo venue that a real entry has come to use is kept (it is theirs now).
    """
    with write_transaction(db):
        removed = _delete_demo(db)
        catalogue.bump_version(db)
        catalogue.set_demo(db, False)
    if index is not None:
        index.rebuild(db)
    return removed


def has_real_data(db) -> bool:
    """Whether any association was entered for real (so `demo` must not be loaded lightly)."""
    return db.execute("SELECT 1 FROM associations WHERE is_demo = 0 LIMIT 1").fetchone() is not None


def is_empty(db) -> bool:
    """A catalogue never written to: no associations, no venues, version 0.

    A catalogue whose demo was removed is not empty (its version moved on), so
    `demo --if-empty` does not bring the demo back against the office's will.
    """
    has_rows = db.execute(
        "SELECT EXISTS (SELECT 1 FROM associations) OR EXISTS (SELECT 1 FROM venues)"
    ).fetchone()[0]
    return not has_rows and catalogue.catalogue_version(db) == 0


def _save_demo_venues(db) -> dict[str, int]:
    """Venue ids by key; reuses a venue the catalogue already has, records those it adds."""
    ids, created = {}, []
    for venue in demo_data.VENUES:
        existing = catalogue.find_venue(
            db, name=venue["name"], address=venue["address"], postcode=demo_data.POSTCODE
        )
        if existing:
            ids[venue["key"]] = existing["id"]
            continue
        row = {column: venue[column] for column in ("name", "address", "latitude", "longitude")}
        row.update(postcode=demo_data.POSTCODE, city=demo_data.CITY)
        ids[venue["key"]] = catalogue.save_venue(db, row)
        created.append(ids[venue["key"]])
    _set_meta(db, DEMO_VENUES_KEY, json.dumps(created))
    return ids


def _with_venue_ids(record: dict, venue_ids: dict[str, int]) -> dict:
    activities = []
    for activity in record["activities"]:
        key = activity["venue"]
        fields = {name: value for name, value in activity.items() if name != "venue"}
        activities.append({**fields, "venue_id": venue_ids[key] if key else None})
    used = [a["venue_id"] for a in activities if a["venue_id"] is not None]
    return {**record, "activities": activities, "venue_ids": list(dict.fromkeys(used))}


def _delete_demo(db) -> int:
    """Delete demo associations (links and activities cascade) and their unused venues."""
    removed = db.execute("SELECT count(*) FROM associations WHERE is_demo = 1").fetchone()[0]
    db.execute("DELETE FROM associations WHERE is_demo = 1")
    for venue_id in _demo_venue_ids(db):
        if not _venue_in_use(db, venue_id):
            db.execute("DELETE FROM venues WHERE id = ?", [venue_id])
    _set_meta(db, DEMO_VENUES_KEY, "[]")
    return removed


def _demo_venue_ids(db) -> list[int]:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [DEMO_VENUES_KEY]).fetchone()
    return json.loads(row[0]) if row else []


def _venue_in_use(db, venue_id: int) -> bool:
    return (
        db.execute(
            "SELECT EXISTS (SELECT 1 FROM association_venues WHERE venue_id = :v) "
            "OR EXISTS (SELECT 1 FROM activities WHERE venue_id = :v)",
            {"v": venue_id},
        ).fetchone()[0]
        == 1
    )


def _set_meta(db, key: str, value: str):
    db.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )
