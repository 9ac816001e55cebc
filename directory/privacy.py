"""Personal data: what we hold about a person, erasing it on request, and keeping it out of logs.

A person is found by e-mail address (compared without regard to case): as
the contact person of associations, as the sender of suggestions, as the
addressee of update-round letters, as an editor account. Erasing also
rewrites the revision history, so no earlier version keeps what was
erased, and finally sweeps every text column of every table for the
address, so data kept by parts written later cannot escape either.
"""

import copy
import json
import logging
import re
from datetime import UTC, datetime

from . import catalogue, validation
from .db import write_transaction
from .vocabulary import CONTACT_FIELDS

DELETION_SOURCE = "slettet efter anmodning"
ERASED = "[slettet]"
CONTACT_COLUMNS = [f"contact_{field}" for field in CONTACT_FIELDS]
# Whatever describes the contact person or their consent: blanked together.
PERSON_COLUMNS = [
    *CONTACT_COLUMNS,
    *[f"contact_{field}_public" for field in CONTACT_FIELDS],
    "consent_date",
    "consent_source",
]
# Tables whose personal data the structured parts of export handle themselves.
STRUCTURED_TABLES = {"associations", "activities", "suggestions", "round_entries", "users",
                     "revisions"}  # fmt: skip


class PersonIsLastAdmin(Exception):
    """The person's account is the last active admin, so it cannot be removed."""


def normalize_email(value: str) -> str:
    """The address as stored comparisons use it; raises validation.Invalid."""
    email = validation.email(value)
    if not email:
        raise validation.Invalid("e-mail mangler")
    return email.casefold()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _is(value, email: str) -> bool:
    return isinstance(value, str) and value.strip().casefold() == email


def _mentions(value, email: str) -> bool:
    return isinstance(value, str) and email in value.casefold()


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _blank(column: str):
    return 0 if column.endswith("_public") else ""


def erase(value, email: str):
    """The value (strings, lists, dicts inside each other) with the address taken out.

    A value that is just the address becomes empty; in longer text the
    address is replaced by "[slettet]".
    """
    if isinstance(value, dict):
        return {key: erase(item, email) for key, item in value.items()}
    if isinstance(value, list):
        return [erase(item, email) for item in value]
    if _is(value, email):
        return ""
    if _mentions(value, email):
        return re.sub(re.escape(email), ERASED, value, flags=re.IGNORECASE)
    return value


def forget_contact(value, email: str):
    """The value without this person: association-shaped dicts (at any depth) whose contact
    person they are lose the contact fields and consent; the address is erased everywhere.
    """
    if isinstance(value, list):
        return [forget_contact(item, email) for item in value]
    if not isinstance(value, dict):
        return erase(value, email)
    theirs = _is(value.get("contact_email"), email)
    return {
        key: _blank(key) if theirs and key in PERSON_COLUMNS else forget_contact(item, email)
        for key, item in value.items()
    }


# Finding ---------------------------------------------------------------------


def text_cells(db, email: str, tables=None):
    """(table, column, rowid, value) of every text cell that contains the address."""
    for table in tables or db.table_names():
        if table.startswith("sqlite_"):
            continue
        cursor = db.execute(f"SELECT rowid, * FROM [{table}]")
        columns = [description[0] for description in cursor.description][1:]
        for rowid, *values in cursor:
            for column, value in zip(columns, values, strict=True):
                if _mentions(value, email):
                    yield table, column, rowid, value


def _account(db, email: str) -> dict | None:
    rows = [row for row in db.query("SELECT * FROM users") if _is(row["email"], email)]
    return rows[0] if rows else None


def _association_ids(db, email: str) -> list[int]:
    """Associations that hold the address: on the entry itself or in an activity."""
    found = {rowid for _, _, rowid, _ in text_cells(db, email, ["associations"])}
    for _, _, rowid, _ in text_cells(db, email, ["activities"]):
        found.add(db.execute("SELECT association_id FROM activities WHERE rowid = ?",
                             [rowid]).fetchone()[0])  # fmt: skip
    return sorted(found)


# Export ----------------------------------------------------------------------


def _association_data(db, email: str) -> list[dict]:
    found = []
    for association_id in _association_ids(db, email):
        record = catalogue.association_record(db, association_id)
        held = {"id": record["id"], "slug": record["slug"], "name": record["name"]}
        if _is(record["contact_email"], email):
            held["contact_person"] = {column: record[column] for column in PERSON_COLUMNS}
        held["mentions"] = {
            key: value
            for key, value in record.items()
            if key not in PERSON_COLUMNS and _mentions(_json(value), email)
        }
        found.append(held)
    return found


def _suggestion_data(db, email: str) -> list[dict]:
    """Suggestions they sent or that name them; someone else's name as sender is left out."""
    found = []
    for row in db.query("SELECT * FROM suggestions ORDER BY id"):
        if not any(_mentions(row[key], email) for key in ("submitter_email", "data", "message")):
            continue
        held = {**row, "data": json.loads(row["data"])}
        if not _is(row["submitter_email"], email):
            del held["submitter_name"], held["submitter_email"]
        found.append(held)
    return found


def _round_entry_data(db, email: str) -> list[dict]:
    return [
        {key: row[key] for key in row if key != "token_hash"}
        for row in db.query(
            "SELECT re.*, r.name AS round_name FROM round_entries re "
            "JOIN rounds r ON r.id = re.round_id ORDER BY re.round_id, re.association_id"
        )
        if _is(row["email"], email)
    ]


def _account_data(db, email: str) -> dict | None:
    account = _account(db, email)
    if account is None:
        return None
    held = {key: account[key] for key in account if key != "password_hash"}
    held["revisions_made"] = db.execute(
        "SELECT count(*) FROM revisions WHERE user_id = ?", [account["id"]]
    ).fetchone()[0]
    return held


def _revision_data(db, email: str) -> list[dict]:
    """Revisions holding the person's data: only their side of a contact-person change."""
    found = []
    for row in db.query("SELECT * FROM revisions ORDER BY id"):
        if not _mentions(row["changes"] + row["snapshot"], email):
            continue
        snapshot, changes = json.loads(row["snapshot"]), json.loads(row["changes"])
        held = {key: value for key, value in snapshot.items() if _mentions(_json(value), email)}
        if _is(snapshot.get("contact_email"), email):
            held.update({column: snapshot.get(column) for column in PERSON_COLUMNS})
        sides = _person_sides(changes, snapshot, email)
        changed = {key: change for key, change in changes.items()
                   if key not in PERSON_COLUMNS and _mentions(_json(change), email)}  # fmt: skip
        for column in PERSON_COLUMNS:
            if column in changes and sides:
                changed[column] = {side: changes[column].get(side) for side in sorted(sides)}
        columns = ("id", "entity", "entity_id", "action", "created_at")
        found.append({**{key: row[key] for key in columns}, "held": held, "changes": changed})
    return found


def person_data(db, email: str) -> dict:
    """Everything held about the person with this e-mail address (raises validation.Invalid)."""
    email = normalize_email(email)
    return {
        "email": email,
        "exported_at": _now(),
        "associations": _association_data(db, email),
        "suggestions": _suggestion_data(db, email),
        "round_entries": _round_entry_data(db, email),
        "user_account": _account_data(db, email),
        "revisions": _revision_data(db, email),
        "other": [
            {"table": table, "column": column, "rowid": rowid, "value": value}
            for table, column, rowid, value in text_cells(db, email)
            if table not in STRUCTURED_TABLES
        ],
    }


# Erasure ---------------------------------------------------------------------


def _erase_associations(db, email: str) -> list[dict]:
    """Rewrite the associations holding the address; each change is a revision."""
    changed = []
    for association_id in _association_ids(db, email):
        record = catalogue.association_record(db, association_id)
        cleaned = forget_contact(record, email)
        if cleaned != record:
            catalogue.write_association(db, cleaned, source=DELETION_SOURCE)
            changed.append({"id": association_id, "name": record["name"]})
    return changed


def _erase_suggestions(db, email: str) -> int:
    count = 0
    for row in db.query("SELECT * FROM suggestions"):
        update = {"data": json.dumps(forget_contact(json.loads(row["data"]), email),
                                     ensure_ascii=False, default=str),
                  "message": erase(row["message"], email)}  # fmt: skip
        if _is(row["submitter_email"], email):
            update.update(submitter_name="", submitter_email="")
        if any(update[key] != row[key] for key in update):
            db["suggestions"].update(row["id"], update)
            count += 1
    return count


def _erase_round_entries(db, email: str) -> int:
    rows = [row for row in db.query("SELECT rowid, email FROM round_entries")
            if _is(row["email"], email)]  # fmt: skip
    for row in rows:
        db.execute("UPDATE round_entries SET email = '' WHERE rowid = ?", [row["rowid"]])
    return len(rows)


def _is_last_active_admin(db, account: dict) -> bool:
    others = db.execute(
        "SELECT count(*) FROM users WHERE role = 'admin' AND active = 1 AND id != ?",
        [account["id"]],
    ).fetchone()[0]
    return account["role"] == "admin" and bool(account["active"]) and others == 0


def _person_sides(changes: dict, snapshot: dict, email: str) -> set[str]:
    """Which sides (old/new) of a revision's contact-person changes are this person."""
    change = changes.get("contact_email")
    if change:
        return {side for side in ("old", "new") if _is(change.get(side), email)}
    return {"old", "new"} if _is(snapshot.get("contact_email"), email) else set()


def scrub_revision(changes: dict, snapshot: dict, email: str) -> tuple[dict, dict]:
    """A revision's changes and snapshot without the person's data."""
    changes = copy.deepcopy(changes)
    for side in _person_sides(changes, snapshot, email):
        for column in PERSON_COLUMNS:
            if column in changes:
                changes[column][side] = _blank(column)
    changes = {
        key: change
        for key, change in erase(changes, email).items()
        if not isinstance(change, dict) or change.get("old") != change.get("new")
    }
    return changes, forget_contact(snapshot, email)


def _erase_revisions(db, email: str) -> int:
    count = 0
    for row in db.query("SELECT id, changes, snapshot FROM revisions"):
        if not _mentions(row["changes"] + row["snapshot"], email):
            continue
        changes, snapshot = scrub_revision(
            json.loads(row["changes"]), json.loads(row["snapshot"]), email
        )
        db["revisions"].update(row["id"], {
            "changes": json.dumps(changes, ensure_ascii=False, default=str),
            "snapshot": json.dumps(snapshot, ensure_ascii=False, default=str),
        })  # fmt: skip
        count += 1
    return count


def _cleaned_cell(value: str, email: str) -> str:
    """A text cell without the person; JSON (snapshots kept by other parts) stays JSON."""
    try:
        data = json.loads(value)
    except ValueError:
        return erase(value, email)
    if isinstance(data, dict | list):
        return _json(forget_contact(data, email))
    return erase(value, email)


def _sweep(db, email: str) -> int:
    """Clean every text cell the steps before did not know about (tables added later too)."""
    cells = list(text_cells(db, email))
    for table, column, rowid, value in cells:
        db.execute(
            f"UPDATE [{table}] SET [{column}] = ? WHERE rowid = ?",
            [_cleaned_cell(value, email), rowid],
        )
    return len(cells)


def delete_person(db, email: str, index=None) -> dict:
    """Erase everything held about the person with this e-mail address; returns what was done.

    All in one transaction. Raises validation.Invalid for a bad address and
    PersonIsLastAdmin when their account is the only active admin. SQLite's
    secure_delete overwrites the freed space, and the WAL is checkpointed,
    so the old values do not linger in the database files either.
    """
    email = normalize_email(email)
    account = _account(db, email)
    if account and _is_last_active_admin(db, account):
        raise PersonIsLastAdmin(
            "The person's account is the only active admin: make someone else admin first."
        )
    secure = db.execute("PRAGMA secure_delete").fetchone()[0]
    db.execute("PRAGMA secure_delete = ON")
    try:
        with write_transaction(db):
            report = _erase_everywhere(db, email, account)
        # Busy (1) when a reader still needs old pages: they stay in the WAL until it ends.
        report["checkpointed"] = not db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    finally:
        db.execute(f"PRAGMA secure_delete = {int(secure)}")
    if index is not None and report["associations"]:
        # A fresh index: replaced documents would linger in old segments.
        index.rebuild(db)
    return report


def _erase_everywhere(db, email: str, account: dict | None) -> dict:
    associations = _erase_associations(db, email)  # first: this writes revisions
    if associations:
        catalogue.bump_version(db)
    report = {
        "associations": associations,
        "suggestions": _erase_suggestions(db, email),
        "round_entries": _erase_round_entries(db, email),
        "user_account": False,
        "revisions": _erase_revisions(db, email),
    }
    if account:
        db["users"].delete(account["id"])  # revisions keep the change, lose the name
        report["user_account"] = True
    report["other_cells"] = _sweep(db, email)
    return report


# Logs ------------------------------------------------------------------------

_EMAIL_IN_LOG = re.compile(r"[\w.+\-%]+(?:@|%40)[\w\-]+(?:\.[\w\-]+)*\.[a-z]{2,}", re.IGNORECASE)
_SEPARATOR = r"(?:[ .\-]|%20|\+)"
# 8 digits, alone or as 2-2-2-2 / 4-4 with one kind of separator (so dates don't match).
_PHONE_IN_LOG = re.compile(
    r"(?:(?<=%20)|(?<=%2B)|(?<!\d))"
    rf"(?:(?:\+|%2B|00)45{_SEPARATOR}?)?"
    rf"(?:\d{{2}}({_SEPARATOR}?)\d{{2}}\1\d{{2}}\1\d{{2}}|\d{{4}}{_SEPARATOR}\d{{4}})"
    r"(?!\d)",
    re.IGNORECASE,
)


# The update round's secret links: whoever reads the log must not be able to use them.
_ROUND_TOKEN_IN_LOG = re.compile(r"(/opdater/)[\w\-]+")


def redact(text: str) -> str:
    """Text with e-mail addresses, Danish phone numbers (also URL-encoded) and the
    update round's secret link tokens masked."""
    text = _EMAIL_IN_LOG.sub("[e-mail]", text)
    text = _ROUND_TOKEN_IN_LOG.sub(r"\1[hemmeligt]", text)
    return _PHONE_IN_LOG.sub("[telefon]", text)


class RedactingFilter(logging.Filter):
    """Masks personal data in every record a logger or handler passes on.

    The message is formatted here, once, so arguments (a request line with
    a query string, say) are masked too; a traceback is formatted and masked
    as well, since exception messages may quote what a person typed.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = f"{record.msg} {record.args}"
        record.msg, record.args = redact(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def install_log_redaction(*targets):
    """Add the filter to loggers and handlers (once each)."""
    for target in targets:
        if not any(isinstance(f, RedactingFilter) for f in target.filters):
            target.addFilter(RedactingFilter())
