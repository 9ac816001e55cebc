"""Backups of the data folder, and restoring one.

A backup is a folder holding `directory.db` -- a consistent copy made with
SQLite's online backup API, so the site can go on serving and writing while
it is taken -- the other files of the data folder (the editors' gazetteer,
the printed catalogue's PDFs), and `manifest.json` (when, which schema, the
catalogue version, a checksum of every file). The search index is left out:
it is derived, and restoring rebuilds it.

Restoring validates the backup (manifest, checksums, SQLite's integrity
check, a schema this code knows), refuses to overwrite an existing catalogue
unless forced, copies the database in through the same backup API (so open
connections of a running site see the restored data, not a replaced file),
applies pending migrations and rebuilds the search index.
"""

import hashlib
import json
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from . import catalogue, migrations
from .db import connect, init_db

DATABASE = "directory.db"
MANIFEST = "manifest.json"
FORMAT = 1  # manifest format
# Not copied: the derived index, SQLite's side files, stray temporary files.
SKIPPED = ("index", f"{DATABASE}-wal", f"{DATABASE}-shm", f"{DATABASE}-journal")


class BackupError(Exception):
    """A backup cannot be taken or restored (the message says why)."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _copy_database(source: Path, target: Path):
    """A consistent copy of a live database, in one step (one read snapshot)."""
    source_conn = sqlite3.connect(str(source), timeout=30)
    target_conn = sqlite3.connect(str(target))
    try:
        source_conn.execute("PRAGMA busy_timeout = 30000")
        source_conn.backup(target_conn)
        # One self-contained file (no -wal beside it) that opens read-only anywhere.
        target_conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        target_conn.close()
        source_conn.close()


def _data_files(data_dir: Path) -> list[Path]:
    """Files of the data folder besides the database and the index, relative."""
    files = []
    for path in sorted(data_dir.rglob("*")):
        relative = path.relative_to(data_dir)
        if relative.parts[0] in SKIPPED or relative.parts[0] == DATABASE or not path.is_file():
            continue
        if path.name.endswith(".tmp"):
            continue
        files.append(relative)
    return files


def _describe(database: Path) -> dict:
    db = connect(database)
    try:
        return {
            "catalogue_version": catalogue.catalogue_version(db),
            "migrations": sorted(migrations.applied_versions(db)),
            "associations": db.execute("SELECT count(*) FROM associations").fetchone()[0],
        }
    finally:
        db.conn.close()


def backup(data_dir, dest) -> dict:
    """Back the data folder up into the new (or empty) folder `dest`; returns the manifest."""
    data_dir, dest = Path(data_dir), Path(dest)
    database = data_dir / DATABASE
    if not database.is_file():
        raise BackupError(f"There is no database at {database}.")
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BackupError(f"{dest} exists and is not an empty folder.")
    if dest.resolve().is_relative_to(data_dir.resolve()):
        raise BackupError("The backup cannot go inside the data folder.")
    dest.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC).isoformat(timespec="seconds")
    _copy_database(database, dest / DATABASE)
    for relative in _data_files(data_dir):
        (dest / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(data_dir / relative, dest / relative)
    files = {str(p.relative_to(dest)): _sha256(p) for p in sorted(dest.rglob("*")) if p.is_file()}
    manifest = {"format": FORMAT, "started_at": started, **_describe(dest / DATABASE),
                "files": files}  # fmt: skip
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def validate(src) -> dict:
    """The manifest of a sound backup; raises BackupError otherwise."""
    src = Path(src)
    try:
        manifest = json.loads((src / MANIFEST).read_text(encoding="utf-8"))
        files = dict(manifest["files"])
    except (OSError, ValueError, KeyError, TypeError):
        raise BackupError(f"{src} is not a backup (no readable {MANIFEST}).") from None
    if DATABASE not in files:
        raise BackupError(f"The backup in {src} has no database.")
    for name, checksum in files.items():
        path = src / name
        if not path.resolve().is_relative_to(src.resolve()) or not path.is_file():
            raise BackupError(f"The backup in {src} is incomplete: {name} is missing.")
        if _sha256(path) != checksum:
            raise BackupError(f"The backup in {src} is damaged: {name} has changed.")
    _check_database(src / DATABASE)
    return manifest


def _check_database(database: Path):
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        versions = {row[0] for row in conn.execute("SELECT version FROM _migrations")}
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{database} is not a catalogue database: {error}") from None
    finally:
        conn.close()
    if result != "ok":
        raise BackupError(f"{database} fails SQLite's integrity check: {result}")
    unknown = versions - {migrations.version_of(m) for m in migrations.MIGRATIONS}
    if unknown:
        raise BackupError("The backup comes from a newer version of the program; upgrade first.")


def has_catalogue(data_dir) -> bool:
    """The data folder holds something to lose: an association, a venue or an account."""
    database = Path(data_dir) / DATABASE
    if not database.is_file():
        return False
    db = connect(database)
    try:
        tables = set(db.table_names())
        return any(db[table].count for table in ("associations", "venues", "users")
                   if table in tables)  # fmt: skip
    except sqlite3.DatabaseError:  # unreadable: still not ours to overwrite silently
        return True
    finally:
        db.conn.close()


def restore(src, app, force: bool = False, index=None) -> dict:
    """Restore the backup in `src` into the app's data folder; returns its manifest.

    Refuses when the data folder already holds a catalogue, unless `force`.
    The search index (if given) is rebuilt afterwards.
    """
    src, data_dir = Path(src), Path(app.config["DATA_DIR"])
    manifest = validate(src)
    if has_catalogue(data_dir) and not force:
        raise BackupError(f"{data_dir} already holds a catalogue; use --force to overwrite it.")
    data_dir.mkdir(parents=True, exist_ok=True)
    _restore_database(src / DATABASE, data_dir / DATABASE)
    for name in manifest["files"]:
        if name != DATABASE:
            (data_dir / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src / name, data_dir / name)
    init_db(app)  # migrations the backup predates
    if index is not None:
        db = connect(data_dir / DATABASE)
        try:
            index.rebuild(db)
        finally:
            db.conn.close()
    return manifest


def _restore_database(source: Path, target: Path):
    """Copy through the backup API: connections a running site holds see the new data."""
    source_conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    target_conn = sqlite3.connect(str(target), timeout=30)
    try:
        target_conn.execute("PRAGMA busy_timeout = 30000")
        source_conn.backup(target_conn)
    finally:
        target_conn.close()
        source_conn.close()


# Command line -----------------------------------------------------------------------


@click.command("backup")
@click.argument("dest", type=click.Path(file_okay=False))
@with_appcontext
def backup_command(dest):
    """Back up the database and data files into a new folder DEST.

    Safe while the site is serving. The search index is not included; restore
    rebuilds it.

    Example: directory backup /var/backups/foreningsguiden/$(date +%F)
    """
    try:
        manifest = backup(current_app.config["DATA_DIR"], dest)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up {manifest['associations']} associations and "
               f"{len(manifest['files']) - 1} other file(s) to {dest}")  # fmt: skip


@click.command("restore")
@click.argument("src", type=click.Path(exists=True, file_okay=False))
@click.option("--force", is_flag=True, help="Overwrite the catalogue in the data folder.")
@with_appcontext
def restore_command(src, force):
    """Restore a backup made by `directory backup`, then migrate and reindex.

    Refuses to overwrite an existing catalogue unless --force is given.

    Example: directory restore /var/backups/foreningsguiden/2027-03-01 --force
    """
    from .search import get_index

    try:
        manifest = restore(src, current_app, force=force, index=get_index())
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored {manifest['associations']} associations from {src} "
               f"(taken {manifest['started_at']})")  # fmt: skip


def init_app(app):
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
