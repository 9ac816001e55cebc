"""Numbered schema migrations, applied in order by `directory init`.

Each migration is a function `mNNN_description(db)`; once released it is never
edited, a later one is added instead. Applied versions are recorded in
`_migrations`, so running `migrate` twice is harmless.
"""

import re
import sqlite3
from datetime import UTC, datetime

from .vocabulary import DEFAULT_CATEGORIES


class SchemaTooNew(Exception):
    """The database was written by a newer version of this program."""


def m001_catalogue(db):
    execute_script(
        db,
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE categories (
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE,
            label TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            sort_order INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE venues (
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            address TEXT NOT NULL DEFAULT '',
            postcode TEXT NOT NULL DEFAULT '',
            city TEXT NOT NULL DEFAULT '',
            latitude REAL,
            longitude REAL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE associations (
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            short_description TEXT NOT NULL DEFAULT ''
                CHECK (length(short_description) <= 200),
            description TEXT NOT NULL DEFAULT '',
            website TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            target_groups TEXT NOT NULL DEFAULT '[]',
            languages TEXT NOT NULL DEFAULT '[]',
            contact_name TEXT NOT NULL DEFAULT '',
            contact_role TEXT NOT NULL DEFAULT '',
            contact_phone TEXT NOT NULL DEFAULT '',
            contact_email TEXT NOT NULL DEFAULT '',
            contact_name_public INTEGER NOT NULL DEFAULT 0,
            contact_role_public INTEGER NOT NULL DEFAULT 0,
            contact_phone_public INTEGER NOT NULL DEFAULT 0,
            contact_email_public INTEGER NOT NULL DEFAULT 0,
            consent_date TEXT NOT NULL DEFAULT '',
            consent_source TEXT NOT NULL DEFAULT '',
            wheelchair_access INTEGER NOT NULL DEFAULT 0,
            free_trial INTEGER NOT NULL DEFAULT 0,
            beginners_welcome INTEGER NOT NULL DEFAULT 0,
            no_danish_needed INTEGER NOT NULL DEFAULT 0,
            free_of_charge INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'active'
                CHECK (status IN ('active', 'paused', 'closed')),
            include_in_print INTEGER NOT NULL DEFAULT 1,
            last_verified TEXT NOT NULL DEFAULT '',
            is_demo INTEGER NOT NULL DEFAULT 0,
            version INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE association_categories (
            association_id INTEGER NOT NULL REFERENCES associations(id) ON DELETE CASCADE,
            category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
            PRIMARY KEY (association_id, category_id)
        );
        CREATE TABLE association_venues (
            association_id INTEGER NOT NULL REFERENCES associations(id) ON DELETE CASCADE,
            venue_id INTEGER NOT NULL REFERENCES venues(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (association_id, venue_id)
        );
        CREATE TABLE activities (
            id INTEGER PRIMARY KEY,
            association_id INTEGER NOT NULL REFERENCES associations(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            title TEXT NOT NULL,
            weekdays TEXT NOT NULL DEFAULT '[]',
            start_time TEXT NOT NULL DEFAULT '',
            end_time TEXT NOT NULL DEFAULT '',
            frequency TEXT NOT NULL DEFAULT 'weekly',
            season_start TEXT NOT NULL DEFAULT '',
            season_end TEXT NOT NULL DEFAULT '',
            target_group TEXT NOT NULL DEFAULT '',
            min_age INTEGER,
            max_age INTEGER,
            price TEXT NOT NULL DEFAULT '',
            venue_id INTEGER REFERENCES venues(id) ON DELETE SET NULL,
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX activities_association ON activities(association_id);
        CREATE INDEX association_venues_venue ON association_venues(venue_id);
        CREATE INDEX association_categories_category ON association_categories(category_id);
        """
    )
    db["categories"].insert_all(
        {"slug": slug, "label": label, "sort_order": position}
        for position, (slug, label) in enumerate(DEFAULT_CATEGORIES)
    )
    db["meta"].insert_all(
        [{"key": "catalogue_version", "value": "0"}, {"key": "demo", "value": "0"}]
    )


def m002_areas(db):
    """Areas (postcode, parishes, editors' own) and which entries lie in or near them.

    `relation` is 'inside' or 'near' (within 1 km outside); no row means
    elsewhere. venues.geocode_status records how a venue got its
    coordinates, so editors can find the ones that could not be placed.
    """
    execute_script(
        db,
        """
        CREATE TABLE areas (
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'custom'
                CHECK (kind IN ('postcode', 'parish', 'custom')),
            geometry TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            sort_order INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        );
        CREATE TABLE association_areas (
            association_id INTEGER NOT NULL REFERENCES associations(id) ON DELETE CASCADE,
            area_id INTEGER NOT NULL REFERENCES areas(id) ON DELETE CASCADE,
            relation TEXT NOT NULL CHECK (relation IN ('inside', 'near')),
            PRIMARY KEY (association_id, area_id)
        );
        CREATE TABLE venue_areas (
            venue_id INTEGER NOT NULL REFERENCES venues(id) ON DELETE CASCADE,
            area_id INTEGER NOT NULL REFERENCES areas(id) ON DELETE CASCADE,
            relation TEXT NOT NULL CHECK (relation IN ('inside', 'near')),
            PRIMARY KEY (venue_id, area_id)
        );
        CREATE INDEX association_areas_area ON association_areas(area_id);
        CREATE INDEX venue_areas_area ON venue_areas(area_id);
        ALTER TABLE venues ADD COLUMN geocode_status TEXT NOT NULL DEFAULT ''
            CHECK (geocode_status IN ('', 'gazetteer', 'online', 'manual', 'failed'));
        ALTER TABLE venues ADD COLUMN geocode_note TEXT NOT NULL DEFAULT '';
        CREATE TABLE geocode_cache (
            query TEXT PRIMARY KEY,
            latitude REAL,
            longitude REAL,
            matched_name TEXT NOT NULL DEFAULT '',
            fetched_at TEXT NOT NULL
        );
        """
    )


def execute_script(db, script: str):
    """Run several statements inside the caller's transaction.

    sqlite3's executescript() would COMMIT first, so a failing migration
    could leave half a schema behind.
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""


def m003_editors(db):
    """Accounts, revision history, public suggestions and the annual update round."""
    execute_script(
        db,
        """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL UNIQUE COLLATE NOCASE,
            name TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL DEFAULT 'editor' CHECK (role IN ('editor', 'admin')),
            password_hash TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            last_login_at TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE revisions (
            id INTEGER PRIMARY KEY,
            entity TEXT NOT NULL CHECK (entity IN ('association', 'venue', 'category')),
            entity_id INTEGER NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore')),
            user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
            source TEXT NOT NULL DEFAULT '',
            changes TEXT NOT NULL DEFAULT '{}',
            snapshot TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX revisions_entity ON revisions(entity, entity_id, id);
        CREATE TABLE suggestions (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('correction', 'new', 'round')),
            association_id INTEGER REFERENCES associations(id) ON DELETE CASCADE,
            data TEXT NOT NULL,
            base_version INTEGER,
            message TEXT NOT NULL DEFAULT '',
            submitter_name TEXT NOT NULL DEFAULT '',
            submitter_email TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'accepted', 'partly', 'rejected')),
            decided_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
            decided_at TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE INDEX suggestions_status ON suggestions(status, created_at);
        CREATE TABLE rounds (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            deadline TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
            created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL,
            closed_at TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE round_entries (
            round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
            association_id INTEGER NOT NULL REFERENCES associations(id) ON DELETE CASCADE,
            token_hash TEXT NOT NULL UNIQUE,
            status TEXT NOT NULL DEFAULT 'not_sent' CHECK (status IN
                ('not_sent', 'sent', 'opened', 'confirmed', 'changed', 'no_answer')),
            email TEXT NOT NULL DEFAULT '',
            sent_at TEXT NOT NULL DEFAULT '',
            opened_at TEXT NOT NULL DEFAULT '',
            answered_at TEXT NOT NULL DEFAULT '',
            reminders INTEGER NOT NULL DEFAULT 0,
            last_reminded_at TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (round_id, association_id)
        );
        ALTER TABLE associations ADD COLUMN needs_print_decision INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE venues ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE categories ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
        """,
    )


def m004_linkcheck(db):
    """The latest result of checking each association's website (`directory check-links`)."""
    execute_script(
        db,
        """
        CREATE TABLE link_checks (
            association_id INTEGER PRIMARY KEY REFERENCES associations(id) ON DELETE CASCADE,
            url TEXT NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'broken', 'timeout', 'error')),
            status_code INTEGER,
            final_url TEXT NOT NULL DEFAULT '',
            message TEXT NOT NULL DEFAULT '',
            checked_at TEXT NOT NULL
        );
        """,
    )


def m005_editions(db):
    """Frozen editions of the printed catalogue and the jobs that build their PDFs.

    An edition keeps a JSON snapshot of every printed entry, so later edits
    never change it; association_id has no foreign key because an entry may be
    deleted from the live catalogue while the edition that printed it remains.
    """
    execute_script(
        db,
        """
        CREATE TABLE editions (
            id INTEGER PRIMARY KEY,
            year INTEGER NOT NULL UNIQUE,
            title TEXT NOT NULL,
            area_name TEXT NOT NULL DEFAULT '',
            foreword TEXT NOT NULL DEFAULT '',
            sections TEXT NOT NULL DEFAULT '[]',
            cover_image BLOB,
            cover_image_type TEXT NOT NULL DEFAULT '',
            entry_count INTEGER NOT NULL DEFAULT 0,
            frozen_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
            frozen_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE edition_entries (
            edition_id INTEGER NOT NULL REFERENCES editions(id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            association_id INTEGER NOT NULL,
            section TEXT NOT NULL,
            snapshot TEXT NOT NULL,
            PRIMARY KEY (edition_id, number),
            UNIQUE (edition_id, association_id)
        );
        CREATE INDEX edition_entries_association ON edition_entries(association_id);
        CREATE TABLE print_jobs (
            id INTEGER PRIMARY KEY,
            edition_id INTEGER NOT NULL REFERENCES editions(id) ON DELETE CASCADE,
            variant TEXT NOT NULL CHECK (variant IN ('print', 'web', 'large')),
            imposed INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'queued'
                CHECK (status IN ('queued', 'running', 'done', 'failed')),
            progress INTEGER NOT NULL DEFAULT 0,
            message TEXT NOT NULL DEFAULT '',
            filename TEXT NOT NULL DEFAULT '',
            created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            finished_at TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX print_jobs_edition ON print_jobs(edition_id, id);
        """,
    )



def m006_translations(db):
    """Content in English and Arabic, and the synonyms that let a query in any language
    find Danish entries.

    Translations have no foreign key, so an association restored from the
    wastebasket gets its translations back. An activity's title translation is
    keyed by the Danish title it translates: activities are rewritten on every
    save, and a changed Danish title rightly shows up as untranslated.
    source_text keeps the Danish short description a translation was made
    from, so editors can see when it has changed since. Triggers bump
    meta.synonyms_version on every change that affects the synonym list,
    which is how every process's search notices an edit.
    """
    execute_script(
        db,
        """
        CREATE TABLE association_translations (
            association_id INTEGER NOT NULL,
            language TEXT NOT NULL CHECK (language IN ('en', 'ar')),
            short_description TEXT NOT NULL CHECK (length(short_description) <= 200),
            source_text TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL,
            PRIMARY KEY (association_id, language)
        );
        CREATE TABLE activity_title_translations (
            association_id INTEGER NOT NULL,
            language TEXT NOT NULL CHECK (language IN ('en', 'ar')),
            source_title TEXT NOT NULL,
            title TEXT NOT NULL CHECK (length(title) <= 200),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (association_id, language, source_title)
        );
        CREATE TABLE synonyms (
            id INTEGER PRIMARY KEY,
            phrase TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(phrase) BETWEEN 1 AND 100),
            terms TEXT NOT NULL DEFAULT '' CHECK (length(terms) <= 200),
            category_id INTEGER REFERENCES categories(id) ON DELETE SET NULL,
            updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
            updated_at TEXT NOT NULL
        );
        INSERT INTO meta (key, value) VALUES ('synonyms_version', '0');
        CREATE TRIGGER synonyms_inserted AFTER INSERT ON synonyms BEGIN
            UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'synonyms_version';
        END;
        CREATE TRIGGER synonyms_updated AFTER UPDATE ON synonyms BEGIN
            UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'synonyms_version';
        END;
        CREATE TRIGGER synonyms_deleted AFTER DELETE ON synonyms BEGIN
            UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'synonyms_version';
        END;
        CREATE TRIGGER synonym_categories_changed AFTER UPDATE OF slug ON categories BEGIN
            UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'synonyms_version';
        END;
        CREATE TRIGGER synonym_categories_deleted AFTER DELETE ON categories BEGIN
            UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'synonyms_version';
        END;
        """,
    )
    categories = {row[1]: row[0] for row in db.execute("SELECT id, slug FROM categories")}
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    db["synonyms"].insert_all(
        {"phrase": phrase, "terms": terms, "category_id": categories.get(category),
         "updated_at": stamp}
        for phrase, terms, category in STARTING_SYNONYMS
    )  # fmt: skip


# The synonym list editors start from (phrase, Danish words, category slug or "").
STARTING_SYNONYMS = [
    ("football", "fodbold", "sport-og-motion"),
    ("soccer", "fodbold", "sport-og-motion"),
    ("handball", "håndbold", "sport-og-motion"),
    ("swimming", "svømning", "sport-og-motion"),
    ("swim", "svømning", "sport-og-motion"),
    ("sports", "sport, idræt, motion", "sport-og-motion"),
    ("exercise", "motion, træning", "sport-og-motion"),
    ("gym", "fitness, motion", "sport-og-motion"),
    ("running", "løb", "sport-og-motion"),
    ("homework", "lektiehjælp, lektiecafé", "sprog-lektiehjaelp-og-uddannelse"),
    ("homework help", "lektiehjælp, lektiecafé", "sprog-lektiehjaelp-og-uddannelse"),
    ("danish lessons", "dansk, sprog", "sprog-lektiehjaelp-og-uddannelse"),
    ("language", "sprog", "sprog-lektiehjaelp-og-uddannelse"),
    ("dance", "dans", "kultur-og-kreativitet"),
    ("dancing", "dans", "kultur-og-kreativitet"),
    ("choir", "kor, sang", "kultur-og-kreativitet"),
    ("singing", "sang, kor", "kultur-og-kreativitet"),
    ("music", "musik", "kultur-og-kreativitet"),
    ("knitting", "strik, strikning", "kultur-og-kreativitet"),
    ("sewing", "syning, sy", "kultur-og-kreativitet"),
    ("cooking", "madlavning, mad", "faellesskab-og-samvaer"),
    ("chess", "skak", "faellesskab-og-samvaer"),
    ("children", "børn", "boern-og-unge"),
    ("kids", "børn", "boern-og-unge"),
    ("youth", "unge", "boern-og-unge"),
    ("women", "kvinder", ""),
    ("elderly", "ældre, seniorer", "aeldre"),
    ("seniors", "ældre, seniorer", "aeldre"),
    ("health", "sundhed", "sundhed"),
    ("nature", "natur", "natur-og-miljoe"),
    ("gardening", "have, haver", "natur-og-miljoe"),
    ("volunteer", "frivillig, frivillige", "frivilligt-socialt-arbejde"),
    ("residents", "beboere, beboerforening", "beboerdemokrati"),
    ("كرة القدم", "fodbold", "sport-og-motion"),
    ("سباحة", "svømning", "sport-og-motion"),
    ("رياضة", "sport, idræt, motion", "sport-og-motion"),
    ("واجبات منزلية", "lektiehjælp, lektiecafé", "sprog-lektiehjaelp-og-uddannelse"),
    ("الواجبات المدرسية", "lektiehjælp, lektiecafé", "sprog-lektiehjaelp-og-uddannelse"),
    ("اللغة الدنماركية", "dansk, sprog", "sprog-lektiehjaelp-og-uddannelse"),
    ("رقص", "dans", "kultur-og-kreativitet"),
    ("غناء", "sang, kor", "kultur-og-kreativitet"),
    ("خياطة", "syning, sy", "kultur-og-kreativitet"),
    ("طبخ", "madlavning, mad", "faellesskab-og-samvaer"),
    ("أطفال", "børn", "boern-og-unge"),
    ("شباب", "unge", "boern-og-unge"),
    ("نساء", "kvinder", ""),
    ("كبار السن", "ældre, seniorer", "aeldre"),
    ("متطوع", "frivillig, frivillige", "frivilligt-socialt-arbejde"),
    ("bold", "fodbold, håndbold, boldspil", "sport-og-motion"),
    ("lektier", "lektiehjælp, lektiecafé", "sprog-lektiehjaelp-og-uddannelse"),
    ("svømmehal", "svømning", "sport-og-motion"),
    ("pensionister", "ældre, seniorer", "aeldre"),
]

MIGRATIONS = [m001_catalogue, m002_areas, m003_editors, m004_linkcheck, m005_editions,
              m006_translations]


def version_of(migration) -> int:
    return int(re.match(r"m(\d+)_", migration.__name__).group(1))


def applied_versions(db) -> set[int]:
    if "_migrations" not in db.table_names():
        return set()
    return {row["version"] for row in db["_migrations"].rows}


def pending(db) -> list:
    applied = applied_versions(db)
    newest_known = max(version_of(m) for m in MIGRATIONS)
    if applied and max(applied) > newest_known:
        raise SchemaTooNew(f"database schema {max(applied)} is newer than this program")
    return [m for m in MIGRATIONS if version_of(m) not in applied]


def migrate(db) -> list[str]:
    """Apply every pending migration, each in its own transaction."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS _migrations "
        "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    done = []
    for migration in pending(db):
        with db.atomic():
            migration(db)
            db["_migrations"].insert(
                {
                    "version": version_of(migration),
                    "name": migration.__name__,
                    "applied_at": datetime.now(UTC).isoformat(timespec="seconds"),
                }
            )
        done.append(migration.__name__)
    return done
