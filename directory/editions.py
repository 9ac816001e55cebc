"""Editions of the printed catalogue: freezing a snapshot and the proof report.

An edition (e.g. "2027") is a snapshot of every entry marked for print, taken
once, with entry numbers 1..N in print order: sections follow the categories'
order, entries within a section are in Danish alphabetical order. The booklet
and the proof report read only the snapshot, so later edits change the live
site and never a frozen edition.
"""

import json
import unicodedata
from datetime import UTC, datetime

from . import catalogue, geo, schedule
from .db import write_transaction
from .vocabulary import CONTACT_FIELDS, FLAGS, TARGET_GROUPS

YEAR_RANGE = (2000, 2100)
OTHER_SECTION = {"slug": "oevrige", "label": "Øvrige foreninger"}
DEFAULT_FOREWORD = (
    "Her er foreningerne, klubberne og de frivillige fællesskaber i bydelen. "
    "Find noget, du har lyst til, og mød bare op – de fleste steder er nye altid velkomne.\n\n"
    "Mangler din forening, eller er noget forkert? Kontakt os, så retter vi det."
)
ENTRY_FIELDS = ["slug", "name", "short_description", "website", "email", "phone", "status"]
VENUE_FIELDS = ["slug", "name", "address", "postcode", "city", "latitude", "longitude"]
ACTIVITY_FIELDS = [
    "title", "weekdays", "start_time", "end_time", "frequency", "season_start", "season_end",
    "target_group", "min_age", "max_age", "price", "note",
]  # fmt: skip


class EditionError(Exception):
    """An edition operation that cannot be done; the message is Danish."""


class EditionNotFound(EditionError):
    """No edition for that year."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def check_year(value) -> int:
    """A year as typed ('2027') -> 2027, or EditionError."""
    try:
        year = int(str(value).strip())
    except ValueError:
        raise EditionError(f"Årstal skal være et tal, fx 2027 (ikke '{value}').") from None
    low, high = YEAR_RANGE
    if not low <= year <= high:
        raise EditionError(f"Årstal skal ligge mellem {low} og {high}.")
    return year


# Danish order: æ, ø, å come after z, and "aa" is alphabetised as å (as in
# Danish dictionaries and phone books: Aalborg sorts under Å).
# "{", "|" and "}" are the ASCII characters right after "z".
_DANISH_TAIL = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}"})


def danish_sort_key(text: str) -> str:
    folded = (text or "").casefold().replace("aa", "å")
    folded = folded.translate(_DANISH_TAIL)
    # Other accents sort with their base letter (é with e).
    return unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()


# Snapshots -----------------------------------------------------------------


def _venue(row: dict | None) -> dict | None:
    return {field: row.get(field) for field in VENUE_FIELDS} if row else None


def _activity(activity: dict) -> dict:
    snapshot = {field: activity.get(field) for field in ACTIVITY_FIELDS}
    snapshot["venue"] = _venue(activity.get("venue"))
    return snapshot


def _point(venues: list[dict], activities: list[dict]) -> list[float] | None:
    """Where the entry goes on the map: its first placed venue, else an activity's."""
    for venue in [*venues, *(a["venue"] for a in activities if a["venue"])]:
        if venue.get("latitude") is not None and venue.get("longitude") is not None:
            return [venue["latitude"], venue["longitude"]]
    return None


def snapshot_entry(association: dict) -> dict:
    """What the booklet prints of one entry; only consented contact details are kept."""
    entry = {field: association.get(field) or "" for field in ENTRY_FIELDS}
    activities = [_activity(a) for a in association.get("activities", [])]
    venues = [_venue(v) for v in association.get("venues", [])]
    entry.update(
        association_id=association["id"],
        contact=catalogue.public_contact(association),
        flags=[flag for flag in FLAGS if association.get(flag)],
        target_groups=list(association.get("target_groups") or []),
        languages=list(association.get("languages") or []),
        categories=[{"slug": c["slug"], "label": c["label"]} for c in association["categories"]],
        venues=venues,
        activities=activities,
        point=_point(venues, activities),
    )
    return entry


def _load_associations(db) -> list[dict]:
    """Every association due for print, with categories, venues and activities, in bulk."""
    rows = [
        catalogue._decode(row)
        for row in db.query(
            "SELECT * FROM associations WHERE include_in_print = 1 AND status != 'closed'"
        )
    ]
    ids = [row["id"] for row in rows]
    categories, venues = {}, {}
    for link in db.query(
        "SELECT ac.association_id, c.slug, c.label FROM association_categories ac "
        "JOIN categories c ON c.id = ac.category_id ORDER BY c.sort_order, c.label"
    ):
        categories.setdefault(link["association_id"], []).append(link)
    for link in db.query(
        "SELECT av.association_id, v.* FROM association_venues av "
        "JOIN venues v ON v.id = av.venue_id ORDER BY av.position"
    ):
        venues.setdefault(link["association_id"], []).append(link)
    activities = catalogue.activities_of(db, ids)
    for row in rows:
        row["categories"] = categories.get(row["id"], [])
        row["venues"] = venues.get(row["id"], [])
        row["activities"] = activities.get(row["id"], [])
    return rows


def current_sections(db) -> list[dict]:
    """The booklet's sections: the categories in their order, then "other"."""
    return [
        {"slug": c["slug"], "label": c["label"]} for c in catalogue.categories(db)
    ] + [dict(OTHER_SECTION)]


def draft_entries(db) -> tuple[list[dict], list[dict]]:
    """(sections, entries) as a freeze now would print them, numbered 1..N.

    An entry in several categories is printed once, in the first of them
    (by the categories' order); the keyword index finds it under the others.
    """
    sections = current_sections(db)
    position = {section["slug"]: n for n, section in enumerate(sections)}
    entries = [snapshot_entry(row) for row in _load_associations(db)]
    for entry in entries:
        entry["section"] = (entry["categories"] or [OTHER_SECTION])[0]["slug"]
    entries.sort(key=lambda e: (position[e["section"]], danish_sort_key(e["name"]), e["slug"]))
    for number, entry in enumerate(entries, start=1):
        entry["number"] = number
    used = {entry["section"] for entry in entries}
    return [s for s in sections if s["slug"] in used], entries


# Editions ------------------------------------------------------------------


def freeze_edition(db, year, *, title: str = "", foreword: str | None = None,
                   user_id: int | None = None, replace: bool = False) -> int:
    """Freeze the entries marked for print as the edition of `year`; returns its id.

    An existing edition is kept unless `replace` is given, and only the newest
    edition may be replaced (older ones are what was printed).
    """
    year = check_year(year)
    with write_transaction(db):
        existing = _edition_row(db, year)
        if existing and not replace:
            raise EditionError(f"Udgaven {year} er allerede frosset.")
        if existing and _newer_exists(db, year):
            raise EditionError(f"Udgaven {year} kan ikke fryses igen: der findes en nyere.")
        sections, entries = draft_entries(db)
        if not entries:
            raise EditionError("Ingen foreninger er markeret til det trykte katalog.")
        front = _front_matter(db, year, title, foreword, existing)
        if existing:
            db.execute("DELETE FROM editions WHERE id = ?", [existing["id"]])
        edition_id = db["editions"].insert(
            {**front, "year": year, "sections": json.dumps(sections, ensure_ascii=False),
             "entry_count": len(entries), "frozen_by": user_id, "frozen_at": now(),
             "updated_at": now()}  # fmt: skip
        ).last_pk
        db["edition_entries"].insert_all(
            {"edition_id": edition_id, "number": e["number"], "association_id":
             e["association_id"], "section": e["section"],
             "snapshot": json.dumps(e, ensure_ascii=False)}  # fmt: skip
            for e in entries
        )
    return edition_id


def _front_matter(db, year: int, title: str, foreword: str | None, existing) -> dict:
    """Title, area, foreword and cover: from the form, else kept from before, else defaults."""
    home = geo.home_area(db) or {}
    previous = existing or {}
    return {
        "title": (title or "").strip() or previous.get("title") or "Foreningskataloget",
        "area_name": home.get("name", "") or previous.get("area_name", ""),
        "foreword": foreword if foreword is not None else previous.get("foreword",
                                                                       DEFAULT_FOREWORD),
        "cover_image": previous.get("cover_image"),
        "cover_image_type": previous.get("cover_image_type", ""),
    }


def _edition_row(db, year: int) -> dict | None:
    rows = list(db.query("SELECT * FROM editions WHERE year = ?", [year]))
    return rows[0] if rows else None


def _newer_exists(db, year: int) -> bool:
    return db.execute("SELECT 1 FROM editions WHERE year > ?", [year]).fetchone() is not None


def get_edition(db, year) -> dict:
    """The frozen edition with its sections and entries (snapshots, in number order)."""
    edition = _edition_row(db, check_year(year))
    if edition is None:
        raise EditionNotFound(f"Der er ingen udgave {year}.")
    edition["sections"] = json.loads(edition["sections"])
    edition["entries"] = [
        json.loads(row[0])
        for row in db.execute(
            "SELECT snapshot FROM edition_entries WHERE edition_id = ? ORDER BY number",
            [edition["id"]],
        )
    ]
    return edition


def list_editions(db) -> list[dict]:
    """Every edition, newest first, without entries or cover image."""
    return list(
        db.query(
            "SELECT id, year, title, area_name, entry_count, frozen_at, updated_at, "
            "cover_image IS NOT NULL AS has_cover FROM editions ORDER BY year DESC"
        )
    )


def latest_year(db) -> int | None:
    row = db.execute("SELECT max(year) FROM editions").fetchone()
    return row[0] if row else None


def update_front_matter(db, year, *, title: str | None = None, foreword: str | None = None,
                        cover: tuple[bytes, str] | None = None, remove_cover: bool = False):
    """Change an edition's title, foreword or cover image (not its entries)."""
    edition = _edition_row(db, check_year(year))
    if edition is None:
        raise EditionNotFound(f"Der er ingen udgave {year}.")
    changes = {"updated_at": now()}
    if title is not None:
        if not title.strip():
            raise EditionError("Titlen mangler.")
        changes["title"] = title.strip()
    if foreword is not None:
        changes["foreword"] = foreword.replace("\r\n", "\n").strip()
    if remove_cover:
        changes.update(cover_image=None, cover_image_type="")
    elif cover is not None:
        changes.update(cover_image=cover[0], cover_image_type=cover[1])
    with write_transaction(db):
        db["editions"].update(edition["id"], changes)


def printed_number(db, association_id: int) -> dict | None:
    """{"year", "number"} of the newest edition that printed this entry, or None."""
    rows = list(
        db.query(
            "SELECT e.year, ee.number FROM edition_entries ee JOIN editions e "
            "ON e.id = ee.edition_id WHERE ee.association_id = ? ORDER BY e.year DESC LIMIT 1",
            [association_id],
        )
    )
    return rows[0] if rows else None


# Proof report --------------------------------------------------------------


def activity_line(activity: dict) -> str:
    """One activity as the proof report compares it: every printed detail on a line."""
    venue = activity.get("venue") or {}
    parts = [
        activity.get("title") or "",
        schedule.when(activity),
        schedule.season(activity),
        schedule.age_range(activity),
        TARGET_GROUPS.get(activity.get("target_group") or "", ""),
        activity.get("price") or "",
        venue.get("name") or "",
        activity.get("note") or "",
    ]
    return " · ".join(part for part in parts if part)


def _venue_line(venue: dict) -> str:
    place = " ".join(p for p in (venue.get("postcode"), venue.get("city")) if p)
    return ", ".join(p for p in (venue.get("name"), venue.get("address"), place) if p)


def _contact_line(contact: dict) -> str:
    return ", ".join(contact[field] for field in CONTACT_FIELDS if contact.get(field))


PROOF_FIELDS = {
    "Navn": lambda e, s: e["name"],
    "Afsnit": lambda e, s: s.get(e["section"], e["section"]),
    "Kort beskrivelse": lambda e, s: e["short_description"],
    "Aktiviteter": lambda e, s: "\n".join(activity_line(a) for a in e["activities"]),
    "Mødested": lambda e, s: "\n".join(_venue_line(v) for v in e["venues"]),
    "Telefon": lambda e, s: e["phone"],
    "E-mail": lambda e, s: e["email"],
    "Hjemmeside": lambda e, s: e["website"],
    "Kontaktperson": lambda e, s: _contact_line(e["contact"]),
    "Godt at vide": lambda e, s: ", ".join(FLAGS[f] for f in e["flags"] if f in FLAGS),
}


def proof_fields(entry: dict, section_labels: dict[str, str]) -> dict[str, str]:
    """The entry's printed fields as readable text, keyed by their Danish label."""
    return {label: read(entry, section_labels) or "" for label, read in PROOF_FIELDS.items()}


def compare_entries(old: dict, new: dict, old_sections: dict, new_sections: dict) -> list[dict]:
    """[{"field", "old", "new"}] for every printed field that differs."""
    before, after = proof_fields(old, old_sections), proof_fields(new, new_sections)
    return [
        {"field": label, "old": before[label], "new": after[label]}
        for label in PROOF_FIELDS
        if before[label] != after[label]
    ]


def proof_report(db, year=None) -> dict:
    """The edition of `year` (or, without a year, what a freeze now would print)
    compared with the edition before it: new, removed and changed entries, and
    the entries the update round flagged for a decision."""
    if year is None:
        sections, entries = draft_entries(db)
        current = {"year": None, "title": "Kladde (ikke frosset)", "sections": sections,
                   "entries": entries}  # fmt: skip
    else:
        current = get_edition(db, year)
    previous = _previous_edition(db, current["year"])
    report = compare_editions(previous, current)
    report["flagged"] = flagged_entries(db)
    return report


def _previous_edition(db, year: int | None) -> dict | None:
    sql, params = "SELECT max(year) FROM editions", []
    if year is not None:
        sql, params = sql + " WHERE year < ?", [year]
    found = db.execute(sql, params).fetchone()[0]
    return get_edition(db, found) if found else None


def compare_editions(previous: dict | None, current: dict) -> dict:
    old = {e["association_id"]: e for e in (previous or {}).get("entries", [])}
    new = {e["association_id"]: e for e in current["entries"]}
    old_labels = {s["slug"]: s["label"] for s in (previous or {}).get("sections", [])}
    new_labels = {s["slug"]: s["label"] for s in current["sections"]}
    changed = []
    for entry in current["entries"]:
        if entry["association_id"] in old:
            changes = compare_entries(old[entry["association_id"]], entry, old_labels, new_labels)
            if changes:
                changed.append({"entry": entry, "changes": changes})
    return {
        "edition": current,
        "previous": previous,
        "new": [e for e in current["entries"] if e["association_id"] not in old],
        "removed": [e for e in old.values() if e["association_id"] not in new],
        "changed": changed,
        "unchanged": len(new.keys() & old.keys()) - len(changed),
    }


def flagged_entries(db) -> list[dict]:
    """Entries the update round flagged (no answer), waiting for a print decision."""
    from . import rounds  # the update round owns the flag and the decision

    return rounds.flagged_for_print(db)
