"""`/healthz`: is this server able to answer? For load balancers and monitoring.

Checks the database (a query) and the search index (it opens and reflects the
database's catalogue version). Answers 200 with JSON when both are fine and
503 otherwise. It names no entry and no person, is never rate limited and is
never cached.
"""

import time

from flask import Blueprint, current_app, jsonify

from . import catalogue
from .auth import limiter
from .db import database_path, get_db
from .search import get_index

bp = Blueprint("health", __name__)


def check_database(db) -> dict:
    """{"ok": True, "catalogue_version": N} or {"ok": False, "error": kind of error}."""
    try:
        db.execute("SELECT count(*) FROM associations").fetchone()
        return {"ok": True, "catalogue_version": catalogue.catalogue_version(db)}
    except Exception as error:  # any failure means unhealthy; the kind helps the operator
        return {"ok": False, "error": type(error).__name__}


def check_index(index, db) -> dict:
    """Whether the index opens and is current (a stale index still answers searches)."""
    try:
        exists = index.exists()
        current = exists and index.is_current(db)
    except Exception as error:  # an unreadable index is unhealthy, not a crash
        return {"ok": False, "error": type(error).__name__}
    result = {"ok": bool(exists and current), "exists": bool(exists), "current": bool(current)}
    if exists and not current:
        result["error"] = "stale"  # `directory reindex` (or a restart of `serve`) fixes it
    elif not exists:
        result["error"] = "missing"
    return result


def health() -> tuple[dict, bool]:
    """The checks of the current app, and whether all passed."""
    start = time.perf_counter()
    if database_path(current_app).is_file():  # connecting would create an empty file
        database = check_database(get_db())
    else:
        database = {"ok": False, "error": "missing"}
    if database["ok"]:
        index = check_index(get_index(), get_db())
    else:
        index = {"ok": False, "error": "database unavailable"}
    healthy = database["ok"] and index["ok"]
    report = {
        "status": "ok" if healthy else "error",
        "database": database,
        "index": index,
        "duration_ms": round((time.perf_counter() - start) * 1000, 1),
    }
    return report, healthy


@bp.get("/healthz")
def healthz():
    report, healthy = health()
    response = jsonify(report)
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app):
    limiter.exempt(bp)  # monitoring polls often; it must never see 429
    app.register_blueprint(bp)
