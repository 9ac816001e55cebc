"""/healthz: the database and the search index, 200 or 503, no personal data."""

import shutil
from pathlib import Path

from directory import catalogue, create_app
from directory.auth import limiter
from directory.db import connect, database_path, init_db, write_transaction
from directory.search import get_index


def test_healthy_when_database_and_index_are_current(client, add):
    add("Tornhøj Fodboldklub", contact_name="Anna Andersen", contact_email="anna@x.example")
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] and body["index"] == {"ok": True, "exists": True,
                                                         "current": True}  # fmt: skip
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True)
    assert "Anna" not in text and "anna@" not in text and "Fodboldklub" not in text


def test_missing_index_is_unhealthy(client):
    body = client.get("/healthz")
    assert body.status_code == 503
    assert body.get_json()["index"]["error"] == "missing"


def test_stale_index_is_unhealthy_until_rebuilt(client, add, db, index):
    add("Tornhøj Fodboldklub")
    with write_transaction(db):
        catalogue.bump_version(db)  # a change the index has not seen
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["index"] == {"ok": False, "exists": True, "current": False,
                                             "error": "stale"}  # fmt: skip
    index.ensure_current(db)
    assert client.get("/healthz").status_code == 200


def test_missing_database_is_unhealthy_and_not_created(app, client, add):
    add("Tornhøj Fodboldklub")
    data = Path(app.config["DATA_DIR"])
    shutil.rmtree(data)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == {"ok": False, "error": "missing"}
    assert not (data / "directory.db").exists()


def test_broken_database_is_unhealthy(app, client):
    database = Path(app.config["DATA_DIR"]) / "directory.db"
    database.write_bytes(b"this is not a database" * 100)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == {"ok": False, "error": "DatabaseError"}


def test_never_rate_limited(tmp_path, monkeypatch):
    # The limiter is one object for every app in the process (an earlier app may have
    # disabled it): switch it on, and put its defaults back after.
    monkeypatch.setattr(limiter.limit_manager, "_default_limits", [])
    monkeypatch.setattr(limiter, "enabled", True)
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "SECRET_KEY": "test",
                      "RATELIMIT_DEFAULT": "3 per minute", "RATELIMIT_ENABLED": True})  # fmt: skip
    init_db(app)
    db = connect(database_path(app))
    with app.app_context():
        get_index().rebuild(db)
    db.conn.close()
    client = app.test_client()
    assert [client.get("/soeg").status_code for _ in range(4)][-1] == 429  # limits do apply
    assert {client.get("/healthz").status_code for _ in range(10)} == {200}
