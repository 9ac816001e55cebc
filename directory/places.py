"""Venues and categories: the editors' operations on them, each kept as a revision.

They follow catalogue.save_association: plain functions taking a sqlite-utils
Database, one write transaction each, a revision for every change, a stale
save refused with catalogue.StaleVersion, and the search index (if given)
updated after the commit. Deleting removes the row for real, but the last
state is kept as a 'delete' revision together with the associations (and
activities) that used it, so a restore brings those links back where the
associations still exist. Associations whose links change get a revision of
their own and a new version, so an editor holding an older form is told.
"""

import contextlib
import json

from . import catalogue, geo, revisions, validation
from .catalogue import NotFound, bump_version, now, unique_slug
from .db import write_transaction
from .vocabulary import N_

VENUE_FIELDS = ("name", "address", "postcode", "city", "latitude", "longitude")
PLACEMENT_FIELDS = ("geocode_status", "geocode_note")
CATEGORY_FIELDS = ("label", "description")
LINE_MAX = 200
# Danish names of the fields, for messages, the history and the conflict view.
LABELS = {
    "name": N_("navn"), "address": N_("adresse"), "postcode": N_("postnummer"), "city": N_("by"),
    "latitude": N_("breddegrad"), "longitude": N_("længdegrad"), "coordinates": N_("koordinater"),
    "geocode_status": N_("placeret via"), "geocode_note": N_("fundet som"),
    "slug": N_("webadresse"),
    "label": N_("navn"), "description": N_("beskrivelse"), "sort_order": N_("plads i rækkefølgen"),
    "association_links": N_("foreninger"), "activity_links": N_("aktiviteter"),
    "association_ids": N_("foreninger"),
}  # fmt: skip
GEOCODE_STATUS_LABELS = {
    "": N_("ikke placeret endnu"), "gazetteer": N_("stednavnelisten"),
    "online": N_("adresseopslag"),
    "manual": N_("redaktør"), "failed": N_("kunne ikke placeres"),
}  # fmt: skip


class InvalidRecord(validation.Invalid):
    """Fields that cannot be saved; `errors` maps each field to its Danish message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


# Shared -------------------------------------------------------------------------------


def _line(value, label: str) -> str:
    """One line of optional text (address, city): spaces collapsed, at most LINE_MAX."""
    cleaned = " ".join(validation.text(value).split())
    if len(cleaned) > LINE_MAX:
        raise validation.Invalid(f"{label} er {len(cleaned)} tegn; højst {LINE_MAX}")
    return cleaned


def _clean(record: dict, cleaners) -> tuple[dict, dict[str, str]]:
    cleaned, errors = {}, {}
    for field, clean in cleaners:
        try:
            cleaned[field] = clean(record.get(field))
        except validation.Invalid as error:
            errors[field] = str(error)
    return cleaned, errors


def _reindex(index, db, association_ids):
    if index is not None and association_ids:
        index.update(db, sorted(association_ids))


def _existing_associations(db, ids) -> list[int]:
    """The ids (in order, each once) of those associations that still exist."""
    found = {
        row[0] for row in db.execute(
            "SELECT id FROM associations WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(list(ids))],
        ).fetchall()
    }  # fmt: skip
    return [i for i in dict.fromkeys(ids) if i in found]


@contextlib.contextmanager
def _association_revisions(db, association_ids, user_id, source: str):
    """Record a revision (and a new version) for each association the block changes."""
    before = {i: catalogue.association_record(db, i) for i in association_ids}
    yield
    for association_id, old in before.items():
        new = catalogue.association_record(db, association_id)
        changes = revisions.diff(old, new)
        if old is None or new is None or not changes:
            continue
        db.execute(
            "UPDATE associations SET version = version + 1, updated_at = ? WHERE id = ?",
            [now(), association_id],
        )
        new = catalogue.association_record(db, association_id)
        revisions.record_revision(
            db, "association", association_id, "update", changes, new, user_id, source
        )


def _next_version(db, entity: str, entity_id: int) -> int:
    """For a restored row: one above every version its history has seen."""
    seen = [r["snapshot"].get("version") or 0 for r in revisions.history(db, entity, entity_id)]
    return max(seen, default=0) + 1


def last_deletion(db, entity: str, entity_id: int) -> dict:
    """The snapshot of the entry's latest deletion (with its links), or {}."""
    for revision in revisions.history(db, entity, entity_id):
        if revision["action"] == "delete":
            return revision["snapshot"]
    return {}


def snapshot_at_version(db, entity: str, entity_id: int, version: int) -> dict | None:
    """The entry as it was at `version` (from its revisions), or None if not recorded."""
    for revision in revisions.history(db, entity, entity_id):
        snapshot = revision["snapshot"]
        if revision["action"] != "delete" and snapshot.get("version") == version:
            return snapshot
    return None


def _revision_of(db, revision_id: int, entity: str) -> dict:
    revision = revisions.get_revision(db, revision_id)
    if revision["entity"] != entity:
        raise NotFound(revision_id)
    return revision


# Venues: reading --------------------------------------------------------------------------


def venue_record(db, venue_id: int) -> dict | None:
    """The venue as save_venue takes it, with id, slug, version and placement; or None."""
    rows = list(db.query("SELECT * FROM venues WHERE id = ?", [venue_id]))
    if not rows:
        return None
    row = rows[0]
    columns = ("id", "slug", *VENUE_FIELDS, *PLACEMENT_FIELDS, "version", "updated_at")
    return {column: row[column] for column in columns}


def is_placed(venue: dict) -> bool:
    """Has coordinates that can be drawn; the others are flagged for editors."""
    return venue.get("geocode_status") != "failed" and geo.is_valid_point(
        venue.get("latitude"), venue.get("longitude")
    )


_VENUE_USERS = (
    "SELECT association_id, venue_id FROM association_venues "
    "UNION SELECT association_id, venue_id FROM activities WHERE venue_id IS NOT NULL"
)


def list_venues(db, unplaced_only: bool = False) -> list[dict]:
    """Every venue by name, with `uses` (associations meeting there) and `placed`."""
    venues = []
    for row in db.query(
        f"SELECT v.*, (SELECT count(DISTINCT u.association_id) FROM ({_VENUE_USERS}) u "
        "WHERE u.venue_id = v.id) AS uses FROM venues v ORDER BY v.name COLLATE NOCASE, v.id"
    ):
        row["placed"] = is_placed(row)
        if not (unplaced_only and row["placed"]):
            venues.append(row)
    return venues


def venue_users(db, venue_id: int) -> list[dict]:
    """The associations meeting at a venue (as their venue or an activity's), by name."""
    return list(
        db.query(
            f"SELECT id, slug, name FROM associations WHERE id IN (SELECT association_id "
            f"FROM ({_VENUE_USERS}) WHERE venue_id = ?) ORDER BY name COLLATE NOCASE",
            [venue_id],
        )
    )


def _venue_links(db, venue_id: int) -> dict:
    """What a deleted venue's restore puts back: associations (with the venue's
    position among theirs) and activities (id, association and title)."""
    return {
        "association_links": list(db.query(
            "SELECT association_id, position FROM association_venues WHERE venue_id = ? "
            "ORDER BY association_id", [venue_id])),
        "activity_links": list(db.query(
            "SELECT id, association_id, title FROM activities WHERE venue_id = ? ORDER BY id",
            [venue_id])),
    }  # fmt: skip


# Venues: writing --------------------------------------------------------------------------


def clean_venue(record: dict) -> tuple[dict, dict[str, str]]:
    """(cleaned fields, {field: Danish message}); coordinate errors are under 'coordinates'."""
    cleaned, errors = _clean(record, [
        ("name", validation.name), ("address", lambda v: _line(v, "adresse")),
        ("postcode", validation.postcode), ("city", lambda v: _line(v, "by")),
    ])  # fmt: skip
    try:
        point = validation.coordinates(record.get("latitude"), record.get("longitude"))
        cleaned["latitude"], cleaned["longitude"] = point
    except validation.Invalid as error:
        errors["coordinates"] = str(error)
    return cleaned, errors


def _placement(fields: dict, before: dict | None) -> dict:
    """geocode_status/note: kept while the point stays; else from `fields` or 'manual'."""
    point = (fields["latitude"], fields["longitude"])
    if before and point == (before["latitude"], before["longitude"]):
        return {field: before[field] for field in PLACEMENT_FIELDS}
    status = fields.get("geocode_status") or ""
    if point[0] is None:
        return {"geocode_status": "failed" if status == "failed" else "", "geocode_note": ""}
    if status not in ("gazetteer", "online"):
        return {"geocode_status": "manual", "geocode_note": ""}
    return {"geocode_status": status, "geocode_note": fields.get("geocode_note") or ""}


def save_venue(db, record: dict, *, expected_version: int | None = None,
               user_id: int | None = None, source: str = "", index=None) -> int:
    """Create or update (by `id`) a venue; returns its id.

    `record` has VENUE_FIELDS (coordinates may be text with a decimal comma)
    and optionally geocode_status/geocode_note saying how the point was found
    (else a new point counts as placed by hand). Bad fields raise
    InvalidRecord; a save from an older version raises StaleVersion. When the
    point moves, the venue's areas are recomputed; when the point or the name
    changes, the associations meeting there are re-indexed.
    """
    fields, errors = clean_venue(record)
    if errors:
        raise InvalidRecord(errors)
    fields["geocode_status"] = record.get("geocode_status") or ""
    fields["geocode_note"] = validation.text(record.get("geocode_note"))[:LINE_MAX]
    return _save(db, _write_venue, record.get("id"), fields, index,
                 expected_version=expected_version, user_id=user_id, source=source)  # fmt: skip


def _save(db, write, record_id, fields: dict, index, **options) -> int:
    """Run a venue or category write in one transaction, then re-index what it touched."""
    with write_transaction(db):
        record_id, changed, affected = write(db, record_id, fields, **options)
        if changed:
            bump_version(db)
    _reindex(index, db, affected)
    return record_id


def _write_venue(db, venue_id, fields: dict, *, expected_version=None, user_id=None,
                 source="", action="") -> tuple[int, bool, set[int]]:
    """The writes of save_venue: (id, whether anything changed, associations to re-index)."""
    before = venue_record(db, venue_id) if venue_id else None
    catalogue.check_current(before, venue_id, expected_version)
    row = {field: fields[field] for field in VENUE_FIELDS} | _placement(fields, before)
    if before and all(before[key] == value for key, value in row.items()):
        return venue_id, False, set()
    row["updated_at"] = now()
    if before:
        db.execute("UPDATE venues SET version = version + 1 WHERE id = ?", [venue_id])
        db["venues"].update(venue_id, row)
    else:
        row.update(slug=unique_slug(db, "venues", row["name"]), created_at=row["updated_at"],
                   id=catalogue.unused_id(db, "venues", "venue"))  # fmt: skip
        venue_id = db["venues"].insert(row).last_pk
    after = venue_record(db, venue_id)
    revisions.record_revision(db, "venue", venue_id, action or ("update" if before else "create"),
                              revisions.diff(before, after), after, user_id, source)  # fmt: skip
    return venue_id, True, _after_venue_change(db, venue_id, before, after)


def _after_venue_change(db, venue_id: int, before: dict | None, after: dict) -> set[int]:
    """Areas follow the point; returns the associations whose index entry changed."""
    point = ("latitude", "longitude")
    if before is None or any(before[k] != after[k] for k in point):
        return geo.assign_venue_areas(db, [venue_id]) or set()
    if before["name"] != after["name"]:  # venue names are searchable
        return {user["id"] for user in venue_users(db, venue_id)}
    return set()


def delete_venue(db, venue_id: int, *, user_id: int | None = None, source: str = "",
                 index=None):
    """Delete a venue; its last state and links are kept in a 'delete' revision.

    The associations meeting there lose it (each gets a revision) and their
    areas are recomputed from the places they still have.
    """
    with write_transaction(db):
        before = venue_record(db, venue_id)
        if before is None:
            raise NotFound(venue_id)
        links = _venue_links(db, venue_id)
        users = {link["association_id"] for kind in links.values() for link in kind}
        with _association_revisions(db, users, user_id, f"sted slettet: {before['name']}"):
            db.execute("DELETE FROM venues WHERE id = ?", [venue_id])
        # Their areas now come from the places they still have.
        affected = (geo.assign_areas(db, sorted(users)) or set()) if users else set()
        revisions.record_revision(db, "venue", venue_id, "delete", revisions.diff(before, None),
                                  {**before, **links}, user_id, source)  # fmt: skip
        bump_version(db)
    _reindex(index, db, affected)


def restore_venue(db, revision_id: int, *, user_id: int | None = None, index=None) -> int:
    """Bring a venue back to the state of a revision (itself recorded as a revision).

    A deleted venue comes back with its id and slug, and is linked again to
    the associations and activities it had when deleted, where they still exist.
    """
    def fields_of(snapshot):
        return {field: snapshot.get(field) for field in (*VENUE_FIELDS, *PLACEMENT_FIELDS)}

    return _restore(db, revision_id, "venue", fields_of, venue_record, _reinsert_venue,
                    _write_venue, user_id=user_id, index=index)  # fmt: skip


def _restore(db, revision_id: int, entity: str, fields_of, current, reinsert, write, *,
             user_id, index) -> int:
    """Restore a venue or category: re-create it if deleted, else write the old fields back."""
    revision = _revision_of(db, revision_id, entity)
    record_id, snapshot = revision["entity_id"], revision["snapshot"]
    fields = fields_of(snapshot)
    source = f"gendannet fra revision {revision_id}"
    with write_transaction(db):
        if current(db, record_id) is None:
            affected = reinsert(db, record_id, snapshot, fields, user_id, source)
        else:
            _, _, affected = write(
                db, record_id, fields, user_id=user_id, source=source, action="restore"
            )
        bump_version(db)
    _reindex(index, db, affected)
    return record_id


def _reinsert_venue(db, venue_id, snapshot, fields, user_id, source) -> set[int]:
    links = last_deletion(db, "venue", venue_id)
    stamp = now()
    db["venues"].insert({
        **fields, "id": venue_id, "created_at": stamp, "updated_at": stamp,
        "slug": unique_slug(db, "venues", snapshot.get("slug") or fields["name"], venue_id),
        "version": _next_version(db, "venue", venue_id),
    })  # fmt: skip
    users = _existing_associations(
        db, [link["association_id"] for kind in ("association_links", "activity_links")
             for link in links.get(kind, [])],
    )  # fmt: skip
    with _association_revisions(db, users, user_id, f"sted gendannet: {fields['name']}"):
        _relink_venue(db, venue_id, links, set(users))
    after = venue_record(db, venue_id)
    revisions.record_revision(db, "venue", venue_id, "restore", revisions.diff(None, after),
                              after, user_id, source)  # fmt: skip
    return geo.assign_venue_areas(db, [venue_id]) or set()


def _relink_venue(db, venue_id: int, links: dict, associations: set[int]):
    for link in links.get("association_links", []):
        association_id, position = link["association_id"], link["position"]
        if association_id not in associations:
            continue
        # Back at its old place in the association's list (the first venue is the map's).
        db.execute(
            "UPDATE association_venues SET position = position + 1 "
            "WHERE association_id = ? AND position >= ?", [association_id, position],
        )  # fmt: skip
        db["association_venues"].insert(
            {"association_id": association_id, "venue_id": venue_id, "position": position},
            ignore=True,
        )
    for link in links.get("activity_links", []):
        if link["association_id"] not in associations:
            continue
        activity_id = _matching_activity(db, link)
        if activity_id:
            db.execute("UPDATE activities SET venue_id = ? WHERE id = ?", [venue_id, activity_id])


def _matching_activity(db, link: dict) -> int | None:
    """The activity a deleted venue was used by, if it is still there without a venue.

    Saving an association writes its activities anew (new ids), so an activity
    of the same association with the same title counts as the same one.
    """
    row = db.execute(
        "SELECT id FROM activities WHERE association_id = :a AND title = :t AND venue_id IS NULL "
        "ORDER BY id = :id DESC, position, id LIMIT 1",
        {"a": link["association_id"], "t": link["title"], "id": link["id"]},
    ).fetchone()
    return row[0] if row else None


# Categories -------------------------------------------------------------------------------


def category_record(db, category_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM categories WHERE id = ?", [category_id]))
    if not rows:
        return None
    columns = ("id", "slug", *CATEGORY_FIELDS, "sort_order", "version")
    return {column: rows[0][column] for column in columns}


def list_categories(db) -> list[dict]:
    """Categories in display order, each with `uses` (its associations)."""
    return list(
        db.query(
            "SELECT c.*, (SELECT count(*) FROM association_categories ac "
            "WHERE ac.category_id = c.id) AS uses FROM categories c ORDER BY c.sort_order, c.label"
        )
    )


def _category_users(db, category_id: int) -> list[int]:
    return [
        row[0] for row in db.execute(
            "SELECT association_id FROM association_categories WHERE category_id = ? "
            "ORDER BY association_id", [category_id],
        ).fetchall()
    ]  # fmt: skip


def clean_category(record: dict) -> tuple[dict, dict[str, str]]:
    return _clean(record, [
        ("label", validation.name),
        ("description", lambda v: validation.short_description(v, "beskrivelse")),
    ])  # fmt: skip


def _check_label_free(db, label: str, own_id: int | None):
    row = db.execute(
        "SELECT id FROM categories WHERE label = ? COLLATE NOCASE AND id IS NOT ?", [label, own_id]
    ).fetchone()
    if row:
        raise InvalidRecord({"label": f"der findes allerede en kategori med navnet »{label}«"})


def save_category(db, record: dict, *, expected_version: int | None = None,
                  user_id: int | None = None, source: str = "", index=None) -> int:
    """Create or update (by `id`) a category's label and description; returns its id.

    The slug (in links and import files) is made from the first label and
    kept on renaming. A new category goes last. Labels are in the search
    index, so a renamed category's associations are re-indexed.
    """
    fields, errors = clean_category(record)
    if errors:
        raise InvalidRecord(errors)
    return _save(db, _write_category, record.get("id"), fields, index,
                 expected_version=expected_version, user_id=user_id, source=source)  # fmt: skip


def _write_category(db, category_id, fields: dict, *, expected_version=None, user_id=None,
                    source="", action="") -> tuple[int, bool, set[int]]:
    before = category_record(db, category_id) if category_id else None
    catalogue.check_current(before, category_id, expected_version)
    _check_label_free(db, fields["label"], category_id)
    row = {field: fields[field] for field in CATEGORY_FIELDS}
    if before and all(before[key] == value for key, value in row.items()):
        return category_id, False, set()
    if before:
        db.execute("UPDATE categories SET version = version + 1 WHERE id = ?", [category_id])
        db["categories"].update(category_id, row)
    else:
        last = db.execute("SELECT coalesce(max(sort_order), -1) FROM categories").fetchone()[0]
        row.update(slug=unique_slug(db, "categories", row["label"]), sort_order=last + 1,
                   id=catalogue.unused_id(db, "categories", "category"))  # fmt: skip
        category_id = db["categories"].insert(row).last_pk
    after = category_record(db, category_id)
    revisions.record_revision(
        db, "category", category_id, action or ("update" if before else "create"),
        revisions.diff(before, after), after, user_id, source,
    )  # fmt: skip
    relabelled = before is not None and before["label"] != after["label"]
    return category_id, True, set(_category_users(db, category_id)) if relabelled else set()


def move_category(db, category_id: int, step: int, *, user_id: int | None = None,
                  source: str = "") -> bool:
    """Move a category `step` places (-1 up, +1 down); False if it is at that end already.

    Both categories that swap places get a revision. Search does not order
    by category, so nothing is re-indexed; the map's legend is (version bump).
    """
    with write_transaction(db):
        order = [r[0] for r in db.execute(
            "SELECT id FROM categories ORDER BY sort_order, label").fetchall()]  # fmt: skip
        if category_id not in order:
            raise NotFound(category_id)
        here = order.index(category_id)
        there = here + step
        if step not in (-1, 1) or not 0 <= there < len(order):
            return False
        # Gaps and ties (left by deletions and restores) are closed first, unrecorded:
        # they change no one's place in the list.
        for position, cid in enumerate(order):
            db.execute("UPDATE categories SET sort_order = ? WHERE id = ?", [position, cid])
        for cid, position in ((order[here], there), (order[there], here)):
            before = category_record(db, cid)
            db.execute("UPDATE categories SET sort_order = ?, version = version + 1 WHERE id = ?",
                       [position, cid])  # fmt: skip
            after = category_record(db, cid)
            revisions.record_revision(db, "category", cid, "update",
                                      revisions.diff(before, after), after, user_id, source)
        bump_version(db)
    return True


def delete_category(db, category_id: int, *, user_id: int | None = None, source: str = "",
                    index=None):
    """Delete a category; it is taken off its associations (each gets a revision).

    The 'delete' revision keeps which associations had it, for restore_category.
    """
    with write_transaction(db):
        before = category_record(db, category_id)
        if before is None:
            raise NotFound(category_id)
        users = _category_users(db, category_id)
        with _association_revisions(db, users, user_id, f"kategori slettet: {before['label']}"):
            db.execute("DELETE FROM categories WHERE id = ?", [category_id])
        revisions.record_revision(
            db, "category", category_id, "delete", revisions.diff(before, None),
            {**before, "association_ids": users}, user_id, source,
        )  # fmt: skip
        bump_version(db)
    _reindex(index, db, users)


def restore_category(db, revision_id: int, *, user_id: int | None = None, index=None) -> int:
    """Bring a category back to a revision's label and description (a new revision).

    A deleted one comes back at its old place in the list, with its slug if
    free, on the associations that had it and still exist. Its label must
    not have been taken by another category meanwhile (InvalidRecord).
    """
    def fields_of(snapshot):
        return {field: snapshot.get(field) or "" for field in CATEGORY_FIELDS}

    return _restore(db, revision_id, "category", fields_of, category_record, _reinsert_category,
                    _write_category, user_id=user_id, index=index)  # fmt: skip


def _reinsert_category(db, category_id, snapshot, fields, user_id, source) -> set[int]:
    _check_label_free(db, fields["label"], None)
    position = snapshot.get("sort_order") or 0
    db.execute("UPDATE categories SET sort_order = sort_order + 1 WHERE sort_order >= ?",
               [position])  # fmt: skip
    db["categories"].insert({
        **fields, "id": category_id, "sort_order": position,
        "slug": unique_slug(db, "categories", snapshot.get("slug") or fields["label"]),
        "version": _next_version(db, "category", category_id),
    })  # fmt: skip
    users = _existing_associations(
        db, last_deletion(db, "category", category_id).get("association_ids", [])
    )
    with _association_revisions(db, users, user_id, f"kategori gendannet: {fields['label']}"):
        db["association_categories"].insert_all(
            ({"association_id": a, "category_id": category_id} for a in users), ignore=True
        )
    after = category_record(db, category_id)
    revisions.record_revision(db, "category", category_id, "restore",
                              revisions.diff(None, after), after, user_id, source)  # fmt: skip
    return set(users)
