"""Revision history: every change to an entry, who made it, and what it was before.

A revision stores the fields that changed (old and new value) and a snapshot
of the whole record after the change (before it, for a deletion), so any
revision can be shown as a diff and restored.
"""

import json
from datetime import UTC, datetime

# Bookkeeping that changes on every save and says nothing to a reader.
IGNORED_FIELDS = {"id", "version", "updated_at", "created_at"}


class RevisionNotFound(Exception):
    """No such revision."""


def diff(before: dict | None, after: dict | None) -> dict[str, dict]:
    """{field: {"old": …, "new": …}} for every field whose value differs."""
    before, after = before or {}, after or {}
    fields = (before.keys() | after.keys()) - IGNORED_FIELDS
    return {
        field: {"old": before.get(field), "new": after.get(field)}
        for field in sorted(fields)
        if before.get(field) != after.get(field)
    }


def record_revision(db, entity: str, entity_id: int, action: str, changes: dict,
                    snapshot: dict, user_id: int | None = None, source: str = "") -> int:
    """Store one revision; call inside the transaction that made the change."""
    return db["revisions"].insert(
        {
            "entity": entity,
            "entity_id": entity_id,
            "action": action,
            "user_id": user_id,
            "source": source,
            "changes": json.dumps(changes, ensure_ascii=False, default=str),
            "snapshot": json.dumps(snapshot, ensure_ascii=False, default=str),
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
    ).last_pk


def _decode(row: dict) -> dict:
    row["changes"] = json.loads(row["changes"])
    row["snapshot"] = json.loads(row["snapshot"])
    return row


def history(db, entity: str, entity_id: int) -> list[dict]:
    """Revisions of one entry, newest first, with the editor's name where known."""
    return [
        _decode(row)
        for row in db.query(
            "SELECT r.*, u.name AS user_name, u.email AS user_email FROM revisions r "
            "LEFT JOIN users u ON u.id = r.user_id "
            "WHERE r.entity = ? AND r.entity_id = ? ORDER BY r.id DESC",
            [entity, entity_id],
        )
    ]


def get_revision(db, revision_id: int) -> dict:
    rows = list(
        db.query(
            "SELECT r.*, u.name AS user_name, u.email AS user_email FROM revisions r "
            "LEFT JOIN users u ON u.id = r.user_id WHERE r.id = ?",
            [revision_id],
        )
    )
    if not rows:
        raise RevisionNotFound(revision_id)
    return _decode(rows[0])


def deleted_entries(db, entity: str) -> list[dict]:
    """Entries whose latest revision is a deletion (the wastebasket), newest first."""
    return [
        _decode(row)
        for row in db.query(
            "SELECT r.* FROM revisions r WHERE r.entity = ? AND r.action = 'delete' "
            "AND r.id = (SELECT max(id) FROM revisions WHERE entity = r.entity "
            "AND entity_id = r.entity_id) ORDER BY r.id DESC",
            [entity],
        )
    ]
