"""Database connections: one sqlite-utils Database per request or command."""

import contextlib
import sqlite3
from pathlib import Path

import sqlite_utils
from flask import current_app, g

from . import migrations


def database_path(app) -> Path:
    return Path(app.config["DATA_DIR"]) / "directory.db"


def connect(path) -> sqlite_utils.Database:
    """Open the catalogue database with the settings every connection needs."""
    conn = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 30000")
    return sqlite_utils.Database(conn)


def get_db() -> sqlite_utils.Database:
    if "db" not in g:
        g.db = connect(database_path(current_app))
    return g.db


def close_db(exception=None):
    db = g.pop("db", None)
    if db is not None:
        db.conn.close()


def init_db(app) -> list[str]:
    """Create the data folder, bring the schema up to date and load the default areas.

    Returns the names of the migrations applied.
    """
    path = database_path(app)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = connect(path)
    try:
        db.enable_wal()
        applied = migrations.migrate(db)
        # geo builds on the catalogue, which builds on this module.
        from . import geo

        geo.load_default_areas(db)
        return applied
    finally:
        db.conn.close()


def init_app(app):
    app.teardown_appcontext(close_db)


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database):
    """One atomic write: takes the write lock up front (BEGIN IMMEDIATE).

    A deferred transaction that reads first and writes later can fail with
    SQLITE_BUSY when another process wrote in between; taking the lock at the
    start makes concurrent writers simply wait their turn. sqlite-utils calls
    made inside nest as savepoints.
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
