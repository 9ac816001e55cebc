"""Suggestions from the public and from the update round, waiting for an editor.

A suggestion never changes an entry by itself: an editor accepts or rejects
it field by field, and accepting saves a revision that names the source.
`data` holds the proposed values with the keys of catalogue.association_record
(only the fields the sender changed; everything for a new association).
"""

import json
from datetime import UTC, datetime

KINDS = {"correction": "Rettelse", "new": "Ny forening", "round": "Opdateringsrunde"}


class SuggestionNotFound(Exception):
    """No such suggestion."""


def submit(db, kind: str, data: dict, *, association_id: int | None = None,
           base_version: int | None = None, message: str = "", submitter_name: str = "",
           submitter_email: str = "", source: str = "") -> int:
    """Queue a suggestion for the editors; returns its id."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    return db["suggestions"].insert(
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
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
    ).last_pk
