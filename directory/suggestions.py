"""Suggestions from the public and from the update round, waiting for an editor.

A suggestion never changes an entry by itself: an editor accepts or rejects
it field by field, and accepting saves a revision that names the source.
`data` holds the proposed values with the keys of catalogue.association_record
(only the fields the sender changed; everything for a new association), plus
one key of its own: `venue`, the main meeting place as {"name", "address",
"postcode"}, which is found among the stored venues (or created) only when an
editor accepts it. Activities may name their venue with `venue_name` instead
of `venue_id`, for the same reason.

Submitters' names and e-mail addresses are personal data: they are stored
with the suggestion for the editors (to ask back), never logged, never shown
publicly.
"""

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask_babel import gettext

from . import catalogue, geo, validation
from .activity_text import format_activities, parse_activities
from .db import write_transaction
from .validation import Invalid, quoted
from .vocabulary import CONTACT_FIELDS, FLAGS, LANGUAGES, N_, STATUSES, TARGET_GROUPS

log = logging.getLogger(__name__)

KINDS = {"correction": N_("Rettelse"), "new": N_("Ny forening"), "round": N_("Opdateringsrunde")}
DECISIONS = {
    "pending": N_("Venter"),
    "accepted": N_("Godkendt"),
    "partly": N_("Delvist godkendt"),
    "rejected": N_("Afvist"),
}
MESSAGE_MAX = 5000
SENDER_NAME_MAX = 200
VENUE_PARTS = ("name", "address", "postcode")

# What the public forms show and residents may propose (no contact person: that is
# personal data published only with consent, so corrections to it go in the message).
PUBLIC_FIELDS = [
    "name", "short_description", "description", "categories", "target_groups", "languages",
    *FLAGS, "website", "email", "phone", "venue", "activities", "status",
]  # fmt: skip
CHOICE_FIELDS = {"categories", "target_groups", "languages"}
BOOLEAN_FIELDS = frozenset(
    [*FLAGS, "include_in_print", *(f"contact_{field}_public" for field in CONTACT_FIELDS)]
)
# Keys an editor can write to the catalogue by accepting them.
APPLICABLE = frozenset(
    (set(catalogue.ASSOCIATION_COLUMNS) - {"is_demo"})
    | {"categories", "venue_ids", "activities", "venue"}
)
_EXTRA_LABELS = {
    "categories": "kategorier",
    "venue": "sted",
    "venue_ids": "steder",
    "activities": "aktiviteter",
    "slug": "webadresse",
}


class SuggestionNotFound(Exception):
    """No such suggestion."""


class AlreadyDecided(Exception):
    """The suggestion has been accepted or rejected already."""


class NothingChanged(Invalid):
    """A correction that changes nothing and says nothing."""


def submit(db, kind: str, data: dict, *, association_id: int | None = None,
           base_version: int | None = None, message: str = "", submitter_name: str = "",
           submitter_email: str = "", source: str = "") -> int:
    """Queue a suggestion for the editors; returns its id."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    suggestion_id = db["suggestions"].insert(
        {
            "kind": kind,
            "association_id": association_id,
            "data": json.dumps(data, ensure_ascii=False, default=str),
            "base_version": base_version,
            "message": message,
            "submitter_name": submitter_name,
            "submitter_email": submitter_email,
            "source": source,
            "status": "pending",
            "created_at": _now(),
        }
    ).last_pk
    # Ids and field names only: the submitter is personal data and stays out of logs.
    log.info("suggestion %s (%s) queued with fields %s", suggestion_id, kind, sorted(data))
    return suggestion_id


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def label(key: str) -> str:
    """The Danish name of a field, capitalised: 'Kort beskrivelse'."""
    text = validation.LABELS.get(key) or _EXTRA_LABELS.get(key, key)
    return text[:1].upper() + text[1:]


def ordered_keys(data: dict) -> list[str]:
    """The keys of `data` in the order the forms show them; unknown ones last."""
    known = dict.fromkeys([*PUBLIC_FIELDS, *catalogue.ASSOCIATION_COLUMNS])
    order = {key: n for n, key in enumerate(known)}
    return sorted(data, key=lambda key: (order.get(key, len(order)), key))


# Values in suggestion shape ------------------------------------------------------


def _venues(db) -> dict[int, dict]:
    return {venue["id"]: venue for venue in db.query("SELECT * FROM venues")}


def main_venue(db, venue_ids: list[int]) -> dict:
    """The first venue as {"name", "address", "postcode"}, or {} when there is none."""
    venue = _venues(db).get(venue_ids[0]) if venue_ids else None
    return {part: venue[part] for part in VENUE_PARTS} if venue else {}


def _named(activity: dict, venues: dict[int, dict]) -> dict:
    """The activity with `venue_name`, the way the activity text format names venues."""
    if activity.get("venue_name") or not activity.get("venue_id"):
        return activity
    venue = venues.get(activity["venue_id"])
    return {**activity, "venue_name": venue["name"] if venue else ""}


def values_of(db, record: dict) -> dict:
    """A whole association record in suggestion shape (adds `venue`, names activity venues)."""
    venues = _venues(db)
    values = dict(record)
    values["venue"] = main_venue(db, record.get("venue_ids") or [])
    values["activities"] = [_named(a, venues) for a in record.get("activities") or []]
    return values


def public_values(db, record: dict) -> dict:
    """What the public correction form shows: public fields only, never the contact person."""
    values = values_of(db, record)
    return {key: values[key] for key in PUBLIC_FIELDS if key in values}


def has_value(value) -> bool:
    return value not in (None, "", [], {}, False)


def comparable(db, key: str, value):
    """A form of the value in which equal meaning gives equal values."""
    if key == "activities":
        venues = _venues(db)
        return format_activities([_named(a, venues) for a in value or []])
    if key == "venue":
        venue = value or {}
        return tuple(" ".join(str(venue.get(p) or "").split()).casefold() for p in VENUE_PARTS)
    if key in CHOICE_FIELDS:
        return tuple(sorted(set(value or [])))
    if key == "venue_ids":
        return tuple(value or [])
    if key in BOOLEAN_FIELDS:
        return bool(value)
    if value is None:
        return ""
    if isinstance(value, str) and key in validation.ASSOCIATION_FIELDS:
        try:  # stored values from before today's rules may be written differently
            return validation.clean_value(key, value)
        except Invalid:
            return value.strip()
    return value


def changed_fields(db, base: dict, proposed: dict) -> dict:
    """The proposed values that differ from `base` (both in suggestion shape)."""
    return {
        key: value
        for key, value in proposed.items()
        if comparable(db, key, value) != comparable(db, key, base.get(key))
    }


# Cleaning what people typed ---------------------------------------------------------


def clean_field(db, key: str, raw):
    """A typed value (text; a list for multiple choices; a dict for `venue`) as stored.

    Raises validation.Invalid with a Danish message.
    """
    if key == "activities":
        return _known_venue_names(db, parse_activities(raw or ""))
    if key == "categories":
        return _category_slugs(db, raw or [])
    if key == "venue":
        return clean_venue(raw or {})
    if key == "venue_ids":
        return _venue_ids(db, raw or [])
    if key in BOOLEAN_FIELDS:
        return validation.boolean(raw, validation.LABELS.get(key, key))
    if key in validation.ASSOCIATION_FIELDS:
        return validation.clean_value(key, raw)
    return validation.text(raw)


def clean_venue(raw: dict) -> dict:
    venue = {part: " ".join(validation.text(raw.get(part)).split()) for part in VENUE_PARTS}
    venue["postcode"] = validation.postcode(venue["postcode"])
    if not any(venue.values()):
        return {}
    if not (venue["name"] or venue["address"]):
        raise Invalid(gettext("skriv stedets navn eller adresse"))
    return venue


def _category_slugs(db, slugs: list[str]) -> list[str]:
    known = [category["slug"] for category in catalogue.categories(db)]
    for slug in slugs:
        if slug not in known:
            raise Invalid(gettext("kategorien %(slug)s findes ikke", slug=quoted(slug)))
    return [slug for slug in known if slug in slugs]


def _venue_ids(db, ids: list) -> list[int]:
    venues = _venues(db)
    for venue_id in ids:
        if venue_id not in venues:
            raise Invalid(gettext("stedet med nummer %(venue_id)s findes ikke længere",
                venue_id=quoted(venue_id)))
    return list(ids)


def _known_venue_names(db, activities: list[dict]) -> list[dict]:
    """Venue names as the stored venues spell them, so a case slip is no change."""
    for activity in activities:
        if activity.get("venue_name"):
            found = catalogue.find_venue(db, name=activity["venue_name"])
            if found:
                activity["venue_name"] = found["name"]
    return activities


# Public submissions ---------------------------------------------------------------


def record_at(db, association_id: int, version: int) -> dict | None:
    """The association as it was at `version`, from its revisions; None if not kept."""
    row = db.execute(
        "SELECT snapshot FROM revisions WHERE entity = 'association' AND entity_id = ? "
        "AND action != 'delete' AND json_extract(snapshot, '$.version') = ? "
        "ORDER BY id DESC LIMIT 1",
        [association_id, version],
    ).fetchone()
    return json.loads(row[0]) if row else None


def submit_correction(db, association_id: int, proposed: dict, *, base_version: int | None,
                      message: str = "", submitter_name: str = "",
                      submitter_email: str = "") -> int:
    """Queue the fields of `proposed` that differ from the version the sender saw.

    The sender's form showed version `base_version`; comparing with that one
    (not with today's) keeps an editor's change made meanwhile from looking
    like something the sender wants undone. Raises NothingChanged when there
    is neither a change nor a message.
    """
    current = catalogue.association_record(db, association_id)
    if current is None:
        raise catalogue.NotFound(association_id)
    base = None
    if base_version is not None and base_version != current["version"]:
        base = record_at(db, association_id, base_version)
    if base is None:
        base, base_version = current, current["version"]
    data = changed_fields(db, public_values(db, base), proposed)
    if not data and not message.strip():
        raise NothingChanged(gettext(
            "Du har ikke ændret noget. Ret det, der er forkert, eller skriv en besked."
        ))
    return submit(
        db, "correction", data, association_id=association_id, base_version=base_version,
        message=message, submitter_name=submitter_name, submitter_email=submitter_email,
        source="formularen Ret oplysninger",
    )  # fmt: skip


def submit_new(db, proposed: dict, *, message: str = "", submitter_name: str = "",
               submitter_email: str = "") -> int:
    """Queue a new association: every field that was filled in."""
    data = {key: value for key, value in proposed.items() if has_value(value)}
    if not data.get("name"):
        raise Invalid(gettext("navn mangler"))
    return submit(
        db, "new", data, message=message, submitter_name=submitter_name,
        submitter_email=submitter_email, source="formularen Tilmeld en ny forening",
    )  # fmt: skip


# The editors' queue -------------------------------------------------------------------

_SELECT = (
    "SELECT s.*, a.name AS association_name, a.slug AS association_slug, "
    "a.version AS current_version, u.name AS decided_by_name FROM suggestions s "
    "LEFT JOIN associations a ON a.id = s.association_id "
    "LEFT JOIN users u ON u.id = s.decided_by "
)


def _decode(row: dict) -> dict:
    row["data"] = json.loads(row["data"])
    return row


def get_suggestion(db, suggestion_id: int) -> dict:
    rows = list(db.query(_SELECT + "WHERE s.id = ?", [suggestion_id]))
    if not rows:
        raise SuggestionNotFound(suggestion_id)
    return _decode(rows[0])


def queue(db, decided_limit: int = 50) -> tuple[list[dict], list[dict]]:
    """(pending suggestions, oldest first; the latest decided ones, newest first)."""
    pending = db.query(_SELECT + "WHERE s.status = 'pending' ORDER BY s.created_at, s.id")
    decided = db.query(
        _SELECT + "WHERE s.status != 'pending' ORDER BY s.decided_at DESC, s.id DESC LIMIT ?",
        [decided_limit],
    )
    return [_decode(row) for row in pending], [_decode(row) for row in decided]


def pending_count(db) -> int:
    return db.execute("SELECT count(*) FROM suggestions WHERE status = 'pending'").fetchone()[0]


def submitter(suggestion: dict) -> str:
    """Who sent it, as a revision's source names them."""
    return (
        suggestion["submitter_name"] or suggestion["submitter_email"]
        or (suggestion["source"] if suggestion["kind"] == "round" else "") or "anonym"
    )  # fmt: skip


def source_of(suggestion: dict) -> str:
    """The revision source for an accepted suggestion: 'forslag #12 (Rettelse: Anna)'."""
    return f"forslag #{suggestion['id']} ({KINDS[suggestion['kind']]}: {submitter(suggestion)})"


@dataclass
class FieldReview:
    """One proposed field, as the editor compares it."""

    key: str
    label: str
    proposed: object
    proposed_text: str
    current_text: str = ""
    base_text: str = ""  # the value when the suggestion was sent, if it changed since
    changed_meanwhile: bool = False
    already_current: bool = False
    applicable: bool = True
    note: str = ""


def review(db, suggestion: dict) -> tuple[dict | None, list[FieldReview]]:
    """(the association as it is now, or None; a FieldReview per proposed field)."""
    current = None
    if suggestion["association_id"]:
        current = catalogue.association_record(db, suggestion["association_id"])
    now = values_of(db, current) if current else {}
    base = None
    if current and suggestion["base_version"] not in (None, current["version"]):
        snapshot = record_at(db, current["id"], suggestion["base_version"])
        base = values_of(db, snapshot) if snapshot else None
    rows = []
    for key in ordered_keys(suggestion["data"]):
        proposed = suggestion["data"][key]
        row = FieldReview(key, label(key), proposed, display(db, key, proposed),
                          applicable=key in APPLICABLE, note=_note(db, key, proposed))  # fmt: skip
        if current:
            row.current_text = display(db, key, now.get(key))
            row.already_current = comparable(db, key, proposed) == comparable(db, key, now.get(key))
        if base is not None and comparable(db, key, base.get(key)) != comparable(
            db, key, now.get(key)
        ):
            row.changed_meanwhile, row.base_text = True, display(db, key, base.get(key))
        rows.append(row)
    return current, rows


def display(db, key: str, value) -> str:
    """A value as an editor reads it."""
    if key == "activities":
        return comparable(db, key, value)
    if key == "venue":
        venue = value or {}
        place = ", ".join(filter(None, [venue.get("name"), venue.get("address")]))
        return " ".join(filter(None, [place, venue.get("postcode")]))
    if key == "categories":
        labels = {c["slug"]: c["label"] for c in catalogue.categories(db)}
        return ", ".join(labels.get(slug, slug) for slug in value or [])
    if key in ("target_groups", "languages"):
        vocabulary = TARGET_GROUPS if key == "target_groups" else LANGUAGES
        return ", ".join(vocabulary.get(code, code) for code in value or [])
    if key == "venue_ids":
        venues = _venues(db)
        return ", ".join(venues[v]["name"] if v in venues else f"#{v}" for v in value or [])
    if key in BOOLEAN_FIELDS:
        return "ja" if value else "nej"
    if key == "status":
        return STATUSES.get(value, value or "")
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return "" if value is None else str(value)


def _note(db, key: str, value) -> str:
    """What accepting a venue would do: use a stored venue or create one."""
    if key != "venue" or not value:
        return ""
    found = catalogue.find_venue(db, value.get("name", ""), value.get("address", ""),
                                 value.get("postcode", ""))  # fmt: skip
    if found:
        return f"Stedet findes allerede: {found['name']}. Det bruges, som det er gemt."
    return "Stedet findes ikke; det oprettes som nyt sted."


def form_value(db, key: str, value):
    """The value as the editors' accept form shows it for editing."""
    if key == "activities":
        return comparable(db, key, value)
    if key in BOOLEAN_FIELDS:
        return "ja" if value else "nej"
    if key in CHOICE_FIELDS or key in ("venue", "venue_ids"):
        return value
    return "" if value is None else str(value)


def similar_names(db, name: str) -> list[dict]:
    """Stored associations whose name resembles `name`, to spot a double entry."""
    slug = catalogue.slugify(name)
    return list(
        db.query(
            "SELECT id, slug, name FROM associations WHERE slug = :slug OR slug LIKE :start "
            "OR name LIKE :name COLLATE NOCASE ORDER BY name LIMIT 5",
            {"slug": slug, "start": f"{slug}-%", "name": f"%{name.strip()}%"},
        )
    )


# Deciding ------------------------------------------------------------------------------


def _pending(db, suggestion_id: int) -> dict:
    suggestion = get_suggestion(db, suggestion_id)
    if suggestion["status"] != "pending":
        raise AlreadyDecided(suggestion_id)
    return suggestion


def _decide(db, suggestion_id: int, status: str, user_id: int | None, **extra):
    db["suggestions"].update(
        suggestion_id, {"status": status, "decided_by": user_id, "decided_at": _now(), **extra}
    )
    log.info("suggestion %s %s by user %s", suggestion_id, status, user_id)


def reject(db, suggestion_id: int, *, user_id: int | None):
    """Reject every field; nothing in the catalogue changes."""
    with write_transaction(db):
        _pending(db, suggestion_id)
        _decide(db, suggestion_id, "rejected", user_id)


def accept(db, suggestion_id: int, values: dict, *, user_id: int | None,
           expected_version: int | None = None, index=None, gazetteer=None) -> int | None:
    """Write the accepted fields (`values`, cleaned, in suggestion shape) as one revision.

    Fields of the suggestion left out of `values` are rejected. The editor
    compared against version `expected_version`; if the entry changed since,
    catalogue.StaleVersion is raised and nothing is written. New venues are
    placed with `gazetteer` when given. Returns the association's id (None
    when nothing was written).
    """
    unknown = set(values) - APPLICABLE
    if unknown:
        raise ValueError(f"not applicable: {sorted(unknown)}")
    affected: set[int] = set()
    with write_transaction(db):
        suggestion = _pending(db, suggestion_id)
        association_id = suggestion["association_id"]
        proposed = set(suggestion["data"]) & APPLICABLE
        if proposed and not values:
            raise Invalid(gettext("vælg mindst ét felt, der skal godkendes, eller afvis forslaget"))
        if suggestion["kind"] == "new" and not association_id and not values.get("name"):
            raise Invalid(gettext("en ny forening skal have et navn: godkend feltet Navn"))
        if values:
            record = _record(db, suggestion, values, gazetteer)
            association_id = catalogue.write_association(
                db, record, expected_version=expected_version, user_id=user_id,
                source=source_of(suggestion),
            )  # fmt: skip
            affected = (geo.assign_areas(db, [association_id]) or set()) | {association_id}
            catalogue.bump_version(db)
        status = "accepted" if set(values) >= proposed else "partly"
        _decide(db, suggestion_id, status, user_id, association_id=association_id)
    if index is not None and affected:
        index.update(db, sorted(affected))
    return association_id if values else None


def _record(db, suggestion: dict, values: dict, gazetteer) -> dict:
    """A record for catalogue.write_association, with venues found or created."""
    record = {key: value for key, value in values.items() if key not in ("venue", "activities")}
    for key in BOOLEAN_FIELDS & record.keys():
        record[key] = int(bool(record[key]))
    current_venues: list[int] = []
    if suggestion["association_id"]:
        record["id"] = suggestion["association_id"]
        current_venues = catalogue.association_record(db, record["id"])["venue_ids"]
    created: list[int] = []
    if "venue" in values and "venue_ids" not in values:
        rest = current_venues[1:]
        main = [_venue_id(db, values["venue"], created)] if values["venue"] else []
        record["venue_ids"] = main + [v for v in rest if v not in main]
    if "activities" in values:
        record["activities"] = [_activity(db, a, created) for a in values["activities"]]
    if created and gazetteer is not None:
        geo.geocode_venues(db, gazetteer, created)
    return record


def _venue_id(db, venue: dict, created: list[int]) -> int:
    found = catalogue.find_venue(db, venue.get("name", ""), venue.get("address", ""),
                                 venue.get("postcode", ""))  # fmt: skip
    if found:
        return found["id"]
    venue_id = catalogue.save_venue(
        db, {"name": venue.get("name") or venue["address"], "address": venue.get("address", ""),
             "postcode": venue.get("postcode", "")}
    )  # fmt: skip
    created.append(venue_id)
    return venue_id


def _activity(db, activity: dict, created: list[int]) -> dict:
    row = {column: activity.get(column) for column in catalogue.ACTIVITY_COLUMNS}
    if activity.get("venue_name"):
        row["venue_id"] = _venue_id(db, {"name": activity["venue_name"]}, created)
    for column in ("title", "start_time", "end_time", "season_start", "season_end",
                   "target_group", "price", "note"):  # fmt: skip
        row[column] = row[column] or ""
    row["weekdays"] = row["weekdays"] or []
    row["frequency"] = row["frequency"] or "weekly"
    return row


def forget_submitter(db, suggestion_id: int):
    """Erase the sender's name and e-mail (once no one needs to ask them anything)."""
    get_suggestion(db, suggestion_id)
    db["suggestions"].update(suggestion_id, {"submitter_name": "", "submitter_email": ""})


def forget_old_submitters(db, days: int) -> int:
    """Erase senders' names and e-mails of suggestions decided more than `days` ago.

    Returns how many suggestions were cleared.
    """
    cutoff = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")
    with write_transaction(db):
        cursor = db.execute(
            "UPDATE suggestions SET submitter_name = '', submitter_email = '' "
            "WHERE status != 'pending' AND decided_at != '' AND decided_at < ? "
            "AND (submitter_name != '' OR submitter_email != '')",
            [cutoff],
        )
    return cursor.rowcount
