"""The catalogue's operations on the database: read, save, delete.

Each operation is a plain function taking a sqlite-utils Database, so the
web views, the CLI and the importer call the same code. Functions that write
take an optional search index and update it after the commit, so search
never shows something the database does not hold.
"""

import json
import re
import unicodedata
from datetime import UTC, datetime

from . import revisions
from .db import write_transaction
from .vocabulary import CONTACT_FIELDS, FLAGS, TARGET_GROUPS

ASSOCIATION_COLUMNS = [
    "slug", "name", "short_description", "description", "website", "email", "phone",
    "target_groups", "languages",
    *[f"contact_{field}" for field in CONTACT_FIELDS],
    *[f"contact_{field}_public" for field in CONTACT_FIELDS],
    "consent_date", "consent_source",
    *FLAGS,
    "status", "include_in_print", "last_verified", "is_demo",
]  # fmt: skip
ACTIVITY_COLUMNS = [
    "title", "weekdays", "start_time", "end_time", "frequency", "season_start",
    "season_end", "target_group", "min_age", "max_age", "price", "venue_id", "note",
]  # fmt: skip
VENUE_COLUMNS = ["slug", "name", "address", "postcode", "city", "latitude", "longitude"]
JSON_LIST_COLUMNS = {"target_groups", "languages", "weekdays"}
SHORT_DESCRIPTION_MAX = 200


class NotFound(Exception):
    """No such record."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


def slugify(text: str) -> str:
    """'Børne- og Ungeklubben Ådalen' -> 'boerne-og-ungeklubben-aadalen'."""
    text = text.casefold().translate(_DANISH_LETTERS)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80].strip("-") or "forening"


def unique_slug(db, table: str, name: str, own_id: int | None = None) -> str:
    base = slugify(name)
    slug, n = base, 1
    while True:
        row = db.execute(f"SELECT id FROM {table} WHERE slug = ?", [slug]).fetchone()
        if row is None or row[0] == own_id:
            return slug
        n += 1
        slug = f"{base}-{n}"


# Reading -------------------------------------------------------------------


def _decode(row: dict) -> dict:
    for column in JSON_LIST_COLUMNS & row.keys():
        row[column] = json.loads(row[column] or "[]")
    return row


def get_association(db, slug: str) -> dict:
    """The association with its categories, venues and activities, or NotFound."""
    rows = list(db.query("SELECT * FROM associations WHERE slug = ?", [slug]))
    if not rows:
        raise NotFound(slug)
    return _expand(db, _decode(rows[0]))


def get_association_by_id(db, association_id: int) -> dict:
    rows = list(db.query("SELECT * FROM associations WHERE id = ?", [association_id]))
    if not rows:
        raise NotFound(association_id)
    return _expand(db, _decode(rows[0]))


def _expand(db, association: dict) -> dict:
    association_id = association["id"]
    association["categories"] = list(
        db.query(
            "SELECT c.slug, c.label FROM categories c JOIN association_categories ac "
            "ON ac.category_id = c.id WHERE ac.association_id = ? ORDER BY c.sort_order",
            [association_id],
        )
    )
    association["venues"] = list(
        db.query(
            "SELECT v.* FROM venues v JOIN association_venues av ON av.venue_id = v.id "
            "WHERE av.association_id = ? ORDER BY av.position",
            [association_id],
        )
    )
    association["activities"] = activities_of(db, [association_id]).get(association_id, [])
    association["areas"] = list(
        db.query(
            "SELECT ar.slug, ar.name, aa.relation FROM association_areas aa "
            "JOIN areas ar ON ar.id = aa.area_id WHERE aa.association_id = ? "
            "ORDER BY ar.sort_order, ar.name",
            [association_id],
        )
    )
    return association


def activities_of(db, association_ids: list[int]) -> dict[int, list[dict]]:
    """Activities grouped by association, each with its venue (or None)."""
    if not association_ids:
        return {}
    marks = ",".join("?" * len(association_ids))
    venues = {v["id"]: v for v in db.query("SELECT * FROM venues")}
    grouped: dict[int, list[dict]] = {}
    for row in db.query(
        f"SELECT * FROM activities WHERE association_id IN ({marks}) "
        "ORDER BY association_id, position, id",
        association_ids,
    ):
        activity = _decode(row)
        activity["venue"] = venues.get(activity["venue_id"])
        grouped.setdefault(activity["association_id"], []).append(activity)
    return grouped


def public_contact(association: dict) -> dict:
    """Only the contact person's fields with recorded consent to publish."""
    return {
        field: association[f"contact_{field}"]
        for field in CONTACT_FIELDS
        if association.get(f"contact_{field}_public") and association.get(f"contact_{field}")
    }


def categories(db) -> list[dict]:
    return list(db.query("SELECT * FROM categories ORDER BY sort_order, label"))


def category_counts(db) -> dict[str, int]:
    """Active associations per category slug."""
    return {
        row["slug"]: row["n"]
        for row in db.query(
            "SELECT c.slug, count(a.id) AS n FROM categories c "
            "LEFT JOIN association_categories ac ON ac.category_id = c.id "
            "LEFT JOIN associations a ON a.id = ac.association_id AND a.status != 'closed' "
            "GROUP BY c.id"
        )
    }


def get_category(db, slug: str) -> dict:
    rows = list(db.query("SELECT * FROM categories WHERE slug = ?", [slug]))
    if not rows:
        raise NotFound(slug)
    return rows[0]


def get_venue(db, slug: str) -> dict:
    rows = list(db.query("SELECT * FROM venues WHERE slug = ?", [slug]))
    if not rows:
        raise NotFound(slug)
    return rows[0]


def associations_at_venue(db, venue_id: int) -> list[dict]:
    """Everything that meets at a venue: as its venue or through an activity."""
    return list(
        db.query(
            "SELECT DISTINCT a.slug, a.name, a.short_description, a.status FROM associations a "
            "WHERE a.status != 'closed' AND (a.id IN "
            "(SELECT association_id FROM association_venues WHERE venue_id = :v) "
            "OR a.id IN (SELECT association_id FROM activities WHERE venue_id = :v)) "
            "ORDER BY a.name COLLATE NOCASE",
            {"v": venue_id},
        )
    )


def catalogue_version(db) -> int:
    row = db.execute("SELECT value FROM meta WHERE key = 'catalogue_version'").fetchone()
    return int(row[0]) if row else 0


def is_demo(db) -> bool:
    row = db.execute("SELECT value FROM meta WHERE key = 'demo'").fetchone()
    return bool(row and row[0] == "1")


def set_demo(db, loaded: bool):
    db.execute("UPDATE meta SET value = ? WHERE key = 'demo'", ["1" if loaded else "0"])


def bump_version(db):
    """Mark the catalogue as changed; the search index compares against this."""
    db.execute(
        "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalogue_version'"
    )


# Writing -------------------------------------------------------------------


def _encode(record: dict, columns: list[str]) -> dict:
    row = {column: record[column] for column in columns if column in record}
    for column in JSON_LIST_COLUMNS & row.keys():
        row[column] = json.dumps(list(row[column]), ensure_ascii=False)
    return row


def save_venue(db, venue: dict) -> int:
    """Insert or update (by id) a venue; returns its id. Call inside a transaction."""
    row = _encode(venue, VENUE_COLUMNS)
    row["updated_at"] = now()
    if venue.get("id"):
        row["slug"] = unique_slug(db, "venues", venue.get("slug") or venue["name"], venue["id"])
        # An editor with this venue's form open must see that it changed.
        db.execute("UPDATE venues SET version = version + 1 WHERE id = ?", [venue["id"]])
        db["venues"].update(venue["id"], row)
        return venue["id"]
    row["slug"] = unique_slug(db, "venues", venue.get("slug") or venue["name"])
    row["created_at"] = row["updated_at"]
    row["id"] = unused_id(db, "venues", "venue")
    return db["venues"].insert(row).last_pk


def find_venue(db, name: str = "", address: str = "", postcode: str = "") -> dict | None:
    """A venue with the same name, or else the same address and postcode."""
    if name:
        rows = list(db.query("SELECT * FROM venues WHERE name = ? COLLATE NOCASE", [name]))
        if rows:
            return rows[0]
    if address:
        rows = list(
            db.query(
                "SELECT * FROM venues WHERE address = ? COLLATE NOCASE AND postcode = ?",
                [address, postcode],
            )
        )
        if rows:
            return rows[0]
    return None


def category_ids(db, slugs: list[str]) -> list[int]:
    found = {r["slug"]: r["id"] for r in db.query("SELECT id, slug FROM categories")}
    unknown = [s for s in slugs if s not in found]
    if unknown:
        raise NotFound(f"ukendt kategori: {', '.join(unknown)}")
    return [found[s] for s in slugs]


class StaleVersion(Exception):
    """The record changed since the editor loaded it; carries the current record."""

    def __init__(self, current: dict):
        super().__init__(f"version {current.get('version')} is newer")
        self.current = current


def check_current(before: dict | None, record_id, expected_version: int | None):
    """Refuse a save of a record that is gone, or one made from an older version."""
    if record_id and before is None:
        raise NotFound(record_id)
    if expected_version is not None and before and before["version"] != expected_version:
        raise StaleVersion(before)


class _NothingChanged(Exception):
    """Raised inside a savepoint to undo a save that changed no field."""


def save_association(db, record: dict, index=None, *, expected_version: int | None = None,
                     user_id: int | None = None, source: str = "") -> int:
    """Create or update an association with its categories, venues and activities.

    `record` uses the column names; `categories` is a list of category slugs,
    `venue_ids` a list of venue ids, `activities` a list of activity dicts.
    Keys left out are left unchanged on update. With `expected_version`, a
    save made from an older version raises StaleVersion and changes nothing.
    Every change is kept as a revision naming `user_id` and `source`.
    Returns the id.
    """
    from . import geo  # geo builds on this module

    with write_transaction(db):
        association_id = write_association(
            db, record, expected_version=expected_version, user_id=user_id, source=source
        )
        # Venues shared with other associations may have moved: re-index those too.
        affected = geo.assign_areas(db, [association_id]) | {association_id}
        bump_version(db)
    if index is not None:
        index.update(db, sorted(affected))
    return association_id


def write_association(db, record: dict, *, expected_version: int | None = None,
                      user_id: int | None = None, source: str = "", action: str = "") -> int:
    """The writes of save_association, for bulk operations inside their own transaction.

    The caller bumps the version, assigns areas and updates the index. A save
    that changes nothing writes nothing (the version stays).
    """
    association_id = record.get("id")
    before = association_record(db, association_id) if association_id else None
    if action != "restore":  # a restore may bring back a deleted id
        check_current(before, association_id, expected_version)
    try:
        with db.atomic():
            association_id = _write_row(db, record, exists=before is not None)
            _write_links(db, association_id, record)
            after = association_record(db, association_id)
            changes = revisions.diff(before, after)
            if not changes:
                raise _NothingChanged
    except _NothingChanged:
        return association_id
    action = action or ("update" if before else "create")
    revisions.record_revision(
        db, "association", association_id, action, changes, after, user_id, source
    )
    return association_id


def _write_row(db, record: dict, exists: bool) -> int:
    row = _encode(record, ASSOCIATION_COLUMNS)
    row["updated_at"] = now()
    association_id = record.get("id")
    slug_source = record.get("slug") or record.get("name")
    if exists:
        if slug_source:
            row["slug"] = unique_slug(db, "associations", slug_source, association_id)
        db.execute(
            "UPDATE associations SET version = version + 1 WHERE id = ?", [association_id]
        )
        db["associations"].update(association_id, row)
        return association_id
    row["slug"] = unique_slug(db, "associations", slug_source)
    row["created_at"] = row["updated_at"]
    # A restore keeps the id links and history point to; a new entry gets an id never used.
    row["id"] = association_id or unused_id(db, "associations", "association")
    return db["associations"].insert(row).last_pk


def unused_id(db, table: str, entity: str) -> int:
    """An id no row or revision has had. SQLite reuses the highest rowid after a
    delete, which would mix a deleted entry's history with a new entry's."""
    used = db.execute(
        f"SELECT max(coalesce((SELECT max(id) FROM {table}), 0), coalesce((SELECT "
        "max(entity_id) FROM revisions WHERE entity = ?), 0))", [entity],
    ).fetchone()[0]  # fmt: skip
    return used + 1


def association_record(db, association_id: int) -> dict | None:
    """The association as save_association takes it (the editable form), or None."""
    rows = list(db.query("SELECT * FROM associations WHERE id = ?", [association_id]))
    if not rows:
        return None
    row = _decode(rows[0])
    record = {column: row[column] for column in ASSOCIATION_COLUMNS}
    record.update(id=row["id"], version=row["version"], updated_at=row["updated_at"])
    record["categories"] = [
        r[0] for r in db.execute(
            "SELECT c.slug FROM categories c JOIN association_categories ac ON ac.category_id = "
            "c.id WHERE ac.association_id = ? ORDER BY c.sort_order, c.slug", [association_id],
        ).fetchall()
    ]  # fmt: skip
    record["venue_ids"] = [
        r[0] for r in db.execute(
            "SELECT venue_id FROM association_venues WHERE association_id = ? ORDER BY position",
            [association_id],
        ).fetchall()
    ]  # fmt: skip
    record["activities"] = [
        {column: activity[column] for column in ACTIVITY_COLUMNS}
        for activity in activities_of(db, [association_id]).get(association_id, [])
    ]
    return record


def _write_links(db, association_id: int, record: dict):
    if "categories" in record:
        db.execute("DELETE FROM association_categories WHERE association_id = ?", [association_id])
        for category_id in category_ids(db, record["categories"]):
            db["association_categories"].insert(
                {"association_id": association_id, "category_id": category_id}
            )
    if "venue_ids" in record:
        db.execute("DELETE FROM association_venues WHERE association_id = ?", [association_id])
        for position, venue_id in enumerate(dict.fromkeys(record["venue_ids"])):
            db["association_venues"].insert(
                {"association_id": association_id, "venue_id": venue_id, "position": position}
            )
    if "activities" in record:
        db.execute("DELETE FROM activities WHERE association_id = ?", [association_id])
        for position, activity in enumerate(record["activities"]):
            row = _encode(activity, ACTIVITY_COLUMNS)
            row.update(association_id=association_id, position=position)
            db["activities"].insert(row)


def delete_association(db, association_id: int, index=None, *, user_id: int | None = None,
                       source: str = ""):
    """Delete an association; its last state is kept as a revision, so it can be restored."""
    with write_transaction(db):
        before = association_record(db, association_id)
        if before is None:
            raise NotFound(association_id)
        db.execute("DELETE FROM associations WHERE id = ?", [association_id])
        revisions.record_revision(
            db, "association", association_id, "delete", revisions.diff(before, None), before,
            user_id, source,
        )  # fmt: skip
        bump_version(db)
    if index is not None:
        index.update(db, [association_id])


def restore_association(db, revision_id: int, index=None, *, user_id: int | None = None) -> int:
    """Bring an association back to the state of a revision (itself a new revision).

    Works for deleted associations too. Venues and categories that no longer
    exist are left out of the restored record.
    """
    revision = revisions.get_revision(db, revision_id)
    if revision["entity"] != "association":
        raise NotFound(revision_id)
    record = dict(revision["snapshot"])
    record.pop("version", None)
    record["categories"] = _existing(db, "categories", "slug", record.get("categories", []))
    record["venue_ids"] = _existing(db, "venues", "id", record.get("venue_ids", []))
    for activity in record.get("activities", []):
        if activity.get("venue_id") not in record["venue_ids"] + _existing(
            db, "venues", "id", [activity.get("venue_id")]
        ):
            activity["venue_id"] = None
    from . import geo

    with write_transaction(db):
        association_id = write_association(
            db, record, user_id=user_id, action="restore",
            source=f"gendannet fra revision {revision_id}",
        )  # fmt: skip
        affected = geo.assign_areas(db, [association_id]) | {association_id}
        bump_version(db)
    if index is not None:
        index.update(db, sorted(affected))
    return association_id


def _existing(db, table: str, column: str, values: list) -> list:
    values = [v for v in values if v is not None]
    if not values:
        return []
    marks = ",".join("?" * len(values))
    sql = f"SELECT {column} FROM {table} WHERE {column} IN ({marks})"
    found = {r[0] for r in db.execute(sql, values).fetchall()}
    return [v for v in values if v in found]


# For the search index --------------------------------------------------------


def index_documents(db, ids: list[int] | None = None):
    """Flat records for the search index, built with a few bulk queries.

    Yields one dict per association (closed ones included: the index
    filters on status), in id order.
    """
    where, params = "", []
    if ids is not None:
        if not ids:
            return
        where = f"WHERE a.id IN ({','.join('?' * len(ids))})"
        params = list(ids)
    labels = {c["id"]: (c["slug"], c["label"]) for c in db.query("SELECT * FROM categories")}
    links = _grouped(db, "SELECT association_id, category_id FROM association_categories")
    venue_names = {v["id"]: v["name"] for v in db.query("SELECT id, name FROM venues")}
    venue_links = _grouped(db, "SELECT association_id, venue_id FROM association_venues")
    areas = _area_links(db)
    associations = list(db.query(f"SELECT * FROM associations a {where} ORDER BY a.id", params))
    activities = activities_of(db, [a["id"] for a in associations]) if ids else _all_activities(db)
    for association in associations:
        association = _decode(association)
        category_pairs = [labels[c] for c in links.get(association["id"], [])]
        association["categories"] = [{"slug": s, "label": lbl} for s, lbl in category_pairs]
        linked_venues = venue_links.get(association["id"], [])
        association["venue_names"] = [venue_names[v] for v in linked_venues]
        association["activities"] = activities.get(association["id"], [])
        inside = areas.get(association["id"], [])
        association["areas"] = [slug for slug, _ in inside]
        association["area_labels"] = dict(inside)
        yield association


def _area_links(db) -> dict[int, list[tuple[str, str]]]:
    """The areas each association lies inside (not merely near), as (slug, name)."""
    grouped: dict[int, list[tuple[str, str]]] = {}
    for association_id, slug, name in db.execute(
        "SELECT aa.association_id, ar.slug, ar.name FROM association_areas aa "
        "JOIN areas ar ON ar.id = aa.area_id WHERE aa.relation = 'inside' "
        "ORDER BY ar.sort_order, ar.name"
    ).fetchall():
        grouped.setdefault(association_id, []).append((slug, name))
    return grouped


def _grouped(db, sql: str) -> dict[int, list[int]]:
    grouped: dict[int, list[int]] = {}
    for key, value in db.execute(sql).fetchall():
        grouped.setdefault(key, []).append(value)
    return grouped


def _all_activities(db) -> dict[int, list[dict]]:
    ids = [r[0] for r in db.execute("SELECT DISTINCT association_id FROM activities").fetchall()]
    grouped: dict[int, list[dict]] = {}
    for chunk_start in range(0, len(ids), 500):
        grouped.update(activities_of(db, ids[chunk_start : chunk_start + 500]))
    return grouped


def target_group_label(code: str) -> str:
    return TARGET_GROUPS.get(code, code)
