"""The editors' synonym list: words in other languages and everyday words that
stand for Danish words and categories in search ("football" -> fodbold, sport).

Plain functions over the `synonyms` table (migration m006); the editor pages
(synonym_views.py) are thin wrappers. The search (search.Synonyms) reads the
list through DatabaseSource and reloads it whenever meta.synonyms_version
moves on, which triggers in the database do on every change.
"""

from datetime import UTC, datetime

from .db import get_db, write_transaction
from .search import WORD, synonym_key, word_term

PHRASE_MAX = 100
TERMS_MAX = 200


class SynonymNotFound(Exception):
    """No such synonym."""


class InvalidSynonym(Exception):
    """The synonym cannot be saved as typed (the message says why, in Danish)."""


_SELECT = (
    "SELECT s.*, coalesce(c.slug, '') AS category, coalesce(c.label, '') AS category_label "
    "FROM synonyms s LEFT JOIN categories c ON c.id = s.category_id"
)


def all_synonyms(db) -> list[dict]:
    """Every synonym with its category's slug and label, in alphabetical order."""
    return list(db.query(f"{_SELECT} ORDER BY s.phrase COLLATE NOCASE"))


def get_synonym(db, synonym_id: int) -> dict:
    found = list(db.query(f"{_SELECT} WHERE s.id = ?", [synonym_id]))
    if not found:
        raise SynonymNotFound(synonym_id)
    return found[0]


def clean_synonym(db, phrase: str, terms: str, category: str) -> dict:
    """The row to store, or InvalidSynonym with a Danish message."""
    phrase, terms = " ".join(str(phrase or "").split()), " ".join(str(terms or "").split())
    if not synonym_key(phrase):
        raise InvalidSynonym("Skriv det ord eller udtryk, der skal søges på.")
    if len(phrase) > PHRASE_MAX:
        raise InvalidSynonym(f"Udtrykket må højst være {PHRASE_MAX} tegn.")
    if len(terms) > TERMS_MAX:
        raise InvalidSynonym(f"De danske ord må højst fylde {TERMS_MAX} tegn.")
    category_id = None
    if category:
        row = db.execute("SELECT id FROM categories WHERE slug = ?", [category]).fetchone()
        if row is None:
            raise InvalidSynonym("Vælg en kategori fra listen.")
        category_id = row[0]
    if not any(word_term(word) for word in WORD.findall(terms)) and category_id is None:
        raise InvalidSynonym("Skriv mindst ét dansk søgeord, eller vælg en kategori.")
    return {"phrase": phrase, "terms": terms, "category_id": category_id}


def _same_phrase(db, phrase: str, own_id: int | None) -> bool:
    row = db.execute(
        "SELECT id FROM synonyms WHERE phrase = ? COLLATE NOCASE AND id IS NOT ?", [phrase, own_id]
    ).fetchone()
    return row is not None


def save_synonym(db, phrase: str, terms: str, category: str = "", *,
                 synonym_id: int | None = None, user_id: int | None = None) -> int:
    """Add a synonym, or change one (by id); returns its id."""
    with write_transaction(db):
        row = clean_synonym(db, phrase, terms, category)
        if synonym_id is not None and db.execute(
            "SELECT 1 FROM synonyms WHERE id = ?", [synonym_id]
        ).fetchone() is None:
            raise SynonymNotFound(synonym_id)
        if _same_phrase(db, row["phrase"], synonym_id):
            raise InvalidSynonym(f"“{row['phrase']}” står allerede på listen.")
        row.update(updated_by=user_id, updated_at=datetime.now(UTC).isoformat(timespec="seconds"))
        if synonym_id is None:
            return db["synonyms"].insert(row).last_pk
        db["synonyms"].update(synonym_id, row)
        return synonym_id


def delete_synonym(db, synonym_id: int):
    with write_transaction(db):
        if not db.execute("DELETE FROM synonyms WHERE id = ?", [synonym_id]).rowcount:
            raise SynonymNotFound(synonym_id)


class DatabaseSource:
    """The app database's synonym list, for search.SearchIndex (in a request or app context)."""

    def version(self) -> str | None:
        row = get_db().execute("SELECT value FROM meta WHERE key = 'synonyms_version'").fetchone()
        return row[0] if row else None

    def entries(self) -> list[tuple[str, str, str]]:
        return get_db().execute(
            "SELECT s.phrase, s.terms, coalesce(c.slug, '') FROM synonyms s "
            "LEFT JOIN categories c ON c.id = s.category_id"
        ).fetchall()
