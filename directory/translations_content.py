"""Content in the visitor's language: an association's short description and
its activities' titles in English and Arabic, with Danish as the fallback.

Plain functions over the tables of migration m006 (the interface's own texts
are Flask-Babel's, in directory/translations/). A change is recorded as a
revision of the association, so the history shows who translated what and
when (a restore brings back the Danish record; translations stay as they are).
An activity title's translation belongs to the Danish title it translates:
when the Danish title changes, the entry shows up as untranslated again.
"""

import copy
from dataclasses import dataclass

from flask import g

from . import catalogue, revisions
from .db import get_db, write_transaction
from .i18n import current_language

LANGUAGES = {"en": "engelsk", "ar": "arabisk"}  # the content languages besides Danish
DANISH = "da"
TITLE_MAX = 200


class InvalidTranslation(Exception):
    """A translation that cannot be stored (the message says why, in Danish)."""


@dataclass
class Localized:
    """A text to show: in the visitor's language, or Danish (`fallback`) when untranslated."""

    text: str
    language: str
    fallback: bool = False

    def __str__(self) -> str:
        return self.text


# Reading -------------------------------------------------------------------------


def _empty() -> dict:
    return {"short_description": {}, "titles": {}, "sources": {}}


def translations_of(db, association_id: int) -> dict:
    """{"short_description": {lang: text}, "titles": {lang: {danish title: text}},
    "sources": {lang: the Danish short description translated}}."""
    return _all_translations(db, association_id).get(association_id) or _empty()


def _all_translations(db, association_id: int | None = None) -> dict[int, dict]:
    """translations_of for one association, or (None) for all at once."""
    where, params = "", []
    if association_id is not None:
        where, params = "WHERE association_id = ?", [association_id]
    every: dict[int, dict] = {}
    for row in db.query(
        "SELECT association_id, language, short_description, source_text "
        f"FROM association_translations {where}", params,
    ):  # fmt: skip
        found = every.setdefault(row["association_id"], _empty())
        found["short_description"][row["language"]] = row["short_description"]
        found["sources"][row["language"]] = row["source_text"]
    for row in db.query(
        f"SELECT association_id, language, source_title, title FROM activity_title_translations "
        f"{where}", params,
    ):  # fmt: skip
        found = every.setdefault(row["association_id"], _empty())
        found["titles"].setdefault(row["language"], {})[row["source_title"]] = row["title"]
    return every


def with_translations(db, record: dict) -> dict:
    """A copy of catalogue.association_record with `translations` and each
    activity's `title_translations`, as the editor's form shows them."""
    record = copy.deepcopy(record)
    found = translations_of(db, record["id"]) if record.get("id") else _empty()
    record["translations"] = dict(found["short_description"])
    for activity in record.get("activities") or []:
        activity["title_translations"] = {
            language: titles[activity["title"]]
            for language, titles in found["titles"].items() if activity.get("title") in titles
        }  # fmt: skip
    return record


def localize(db, association: dict, language: str) -> dict:
    """What the public entry page shows in `language`: the short description and
    each activity's title (by position) as Localized, Danish where untranslated."""
    short = association.get("short_description") or ""
    titles = [activity.get("title") or "" for activity in association.get("activities") or []]
    if language not in LANGUAGES:
        return {"short_description": Localized(short, DANISH),
                "titles": [Localized(title, DANISH) for title in titles]}  # fmt: skip
    found = translations_of(db, association["id"])
    translated_short = found["short_description"].get(language, "")
    own_titles = found["titles"].get(language, {})
    return {
        "short_description": _pick(translated_short, short, language),
        "titles": [_pick(own_titles.get(title, ""), title, language) for title in titles],
    }


def _pick(translated: str, danish: str, language: str) -> Localized:
    if translated or not danish:
        return Localized(translated, language)
    return Localized(danish, DANISH, fallback=True)


def missing_translations(db) -> list[dict]:
    """Associations (not closed) lacking a translation, or whose Danish short
    description changed since it was translated: what the quality page lists."""
    rows = list(db.query(
        "SELECT id, name, short_description, status FROM associations "
        "WHERE status != 'closed' ORDER BY name COLLATE NOCASE"
    ))  # fmt: skip
    titles: dict[int, list[str]] = {}
    for association_id, title in db.execute(
        "SELECT association_id, title FROM activities ORDER BY association_id, position"
    ).fetchall():
        titles.setdefault(association_id, []).append(title)
    every = _all_translations(db)
    entries = []
    for row in rows:
        found = every.get(row["id"]) or _empty()
        missing = _missing(row, found, titles.get(row["id"], []))
        if missing:
            entries.append({"id": row["id"], "name": row["name"], "missing": missing})
    return entries


def _missing(row: dict, found: dict, titles: list[str]) -> dict[str, list[str]]:
    """{language: what lacks} with codes 'short', 'outdated' and 'titles'."""
    missing: dict[str, list[str]] = {}
    for language in LANGUAGES:
        lacks = []
        short = found["short_description"].get(language)
        if row["short_description"] and not short:
            lacks.append("short")
        elif short and found["sources"].get(language) != row["short_description"]:
            lacks.append("outdated")
        own_titles = found["titles"].get(language, {})
        if any(title not in own_titles for title in titles):
            lacks.append("titles")
        if lacks:
            missing[language] = lacks
    return missing


# Writing -------------------------------------------------------------------------


def _clean(text, limit: int, what: str) -> str:
    text = " ".join(str(text or "").split())
    if len(text) > limit:
        raise InvalidTranslation(f"{what} må højst være {limit} tegn.")
    return text


def save_translations(db, association_id: int, short_descriptions: dict[str, str],
                      titles: dict[str, dict[str, str]], *, user_id: int | None = None,
                      source: str = "") -> bool:
    """Store an association's translations; returns True when something changed.

    `short_descriptions` is {language: text}, `titles` {language: {Danish title:
    text}} for the association's current activities (others are dropped); an
    empty text removes a translation. The change is recorded as a revision.
    """
    with write_transaction(db):
        record = catalogue.association_record(db, association_id)
        if record is None:
            raise catalogue.NotFound(association_id)
        before = _flat(translations_of(db, association_id))
        _write_short(db, association_id, record["short_description"], short_descriptions)
        current_titles = {activity["title"] for activity in record["activities"]}
        _write_titles(db, association_id, current_titles, titles)
        after = _flat(translations_of(db, association_id))
        changes = revisions.diff(before, after)
        if changes:
            snapshot = {**record, "translations": after}
            revisions.record_revision(db, "association", association_id, "update", changes,
                                      snapshot, user_id, source)  # fmt: skip
    return bool(changes)


def _write_short(db, association_id: int, danish: str, texts: dict[str, str]):
    for language in LANGUAGES:
        if language not in texts:
            continue
        text = _clean(texts[language], catalogue.SHORT_DESCRIPTION_MAX, "Den korte beskrivelse")
        if not text:
            db.execute("DELETE FROM association_translations WHERE association_id = ? AND "
                       "language = ?", [association_id, language])  # fmt: skip
            continue
        unchanged = db.execute(
            "SELECT 1 FROM association_translations WHERE association_id = ? AND language = ? "
            "AND short_description = ?", [association_id, language, text],
        ).fetchone()  # fmt: skip
        if not unchanged:  # an unchanged translation keeps the Danish text it was made from
            db["association_translations"].upsert(
                {"association_id": association_id, "language": language,
                 "short_description": text, "source_text": danish, "updated_at": catalogue.now()},
                pk=("association_id", "language"),
            )  # fmt: skip


def _write_titles(db, association_id: int, current: set[str], titles: dict[str, dict[str, str]]):
    """Set (or, when empty, remove) the given titles' translations; translations of
    titles the association no longer has are dropped, the others left as they are."""
    for language, given in titles.items():
        if language not in LANGUAGES:
            continue
        for danish, text in given.items():
            text = _clean(text, TITLE_MAX, "En aktivitets titel")
            key = {"association_id": association_id, "language": language, "source_title": danish}
            if text and danish in current:
                db["activity_title_translations"].upsert(
                    {**key, "title": text, "updated_at": catalogue.now()},
                    pk=("association_id", "language", "source_title"),
                )
            else:
                db.execute("DELETE FROM activity_title_translations WHERE association_id = "
                           ":association_id AND language = :language AND source_title = "
                           ":source_title", key)  # fmt: skip
    stale = [title for title in _translated_titles(db, association_id) if title not in current]
    for title in stale:
        db.execute("DELETE FROM activity_title_translations WHERE association_id = ? AND "
                   "source_title = ?", [association_id, title])  # fmt: skip


def _translated_titles(db, association_id: int) -> set[str]:
    return {row[0] for row in db.execute(
        "SELECT source_title FROM activity_title_translations WHERE association_id = ?",
        [association_id],
    ).fetchall()}  # fmt: skip


def _flat(found: dict) -> dict:
    """Translations as revision fields: short_description_en, activity_title_ar: ..."""
    flat = {f"short_description_{lang}": text for lang, text in found["short_description"].items()}
    for language, titles in found["titles"].items():
        for danish, text in sorted(titles.items()):
            flat[f"activity_title_{language}: {danish}"] = text
    return flat


# In templates ----------------------------------------------------------------------


def _request_translations(association_id) -> dict:
    """translations_of, read once per association and request."""
    cache = g.setdefault("content_translations", {})
    if association_id not in cache:
        cache[association_id] = translations_of(get_db(), int(association_id))
    return cache[association_id]


def _field(entry, name: str):
    return entry.get(name) if isinstance(entry, dict) else getattr(entry, name, None)


def localized_short(entry) -> Localized:
    """An association's (or a search hit's) short description in the visitor's language."""
    danish = _field(entry, "short_description") or ""
    language = current_language()
    if language not in LANGUAGES or not _field(entry, "id"):
        return Localized(danish, DANISH)
    found = _request_translations(_field(entry, "id"))
    return _pick(found["short_description"].get(language, ""), danish, language)


def localized_title(activity) -> Localized:
    """An activity's title in the visitor's language."""
    danish = _field(activity, "title") or ""
    language = current_language()
    if language not in LANGUAGES or not _field(activity, "association_id"):
        return Localized(danish, DANISH)
    found = _request_translations(_field(activity, "association_id"))
    return _pick(found["titles"].get(language, {}).get(danish, ""), danish, language)


def init_app(app):
    app.jinja_env.globals.update(localized_short=localized_short, localized_title=localized_title)
