"""Data-subject requests (export, erasure) and keeping personal data out of logs."""

import json
import logging
import os
import threading
import urllib.request

import pytest
from werkzeug.serving import make_server

from directory import auth, catalogue, privacy, revisions, suggestions
from directory.db import database_path
from tests.conftest import EDITOR_PASSWORD

EMAIL = "anna@example.dk"
ANNA = {
    "contact_name": "Anna Holm", "contact_role": "Formand", "contact_phone": "11 22 33 44",
    "contact_email": "Anna@Example.dk", "contact_name_public": 1, "contact_email_public": 1,
    "consent_date": "2025-01-01", "consent_source": "mail fra Anna",
}  # fmt: skip
BO = {"contact_name": "Bo Berg", "contact_role": "Kasserer", "contact_phone": "55 66 77 88",
      "contact_email": "bo@example.dk", "consent_date": "", "consent_source": "",
      "contact_name_public": 0, "contact_email_public": 0}  # fmt: skip


def cells_containing(db, needle: str) -> list[tuple[str, str]]:
    """(table, column) of every text cell in the database that contains `needle`."""
    found = []
    tables = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    for (table,) in tables:
        for column in [c[1] for c in db.execute(f"PRAGMA table_info([{table}])").fetchall()]:
            for (value,) in db.execute(f"SELECT [{column}] FROM [{table}]").fetchall():
                if isinstance(value, str) and needle.casefold() in value.casefold():
                    found.append((table, column))
    return found


@pytest.fixture
def people(db, index):
    """Anna (contact, sender, round addressee, editor) and Bo (who stays) all over the database."""
    auth.create_user(db, "chef@kvarter.example", EDITOR_PASSWORD, name="Chefen", role="admin")
    anna_user = auth.create_user(db, EMAIL, EDITOR_PASSWORD, name="Anna Holm")
    ids = {
        "knit": catalogue.save_association(
            db, {"name": "Strikkeklubben", **ANNA}, index, user_id=anna_user
        ),  # fmt: skip
        "homework": catalogue.save_association(
            db,
            {"name": "Lektiehjælpen", "description": f"Skriv til {EMAIL} for at være med.", **BO},
            index,
        ),  # fmt: skip
        "chess": catalogue.save_association(db, {"name": "Skakklubben", **ANNA}, index),
        "old": catalogue.save_association(db, {"name": "Gammel klub", **ANNA}, index),
    }
    catalogue.save_association(db, {"id": ids["chess"], **BO}, index)  # Bo took over
    catalogue.delete_association(db, ids["old"], index)
    ids["sent"] = suggestions.submit(
        db, "correction", {"phone": "99 88 77 66"}, association_id=ids["homework"],
        message=f"Svar mig på {EMAIL}", submitter_name="Anna Holm", submitter_email=EMAIL,
    )  # fmt: skip
    ids["about"] = suggestions.submit(
        db, "correction", {"contact_name": "Anna Holm", "contact_email": EMAIL},
        association_id=ids["knit"], submitter_name="Bo Berg", submitter_email="bo@example.dk",
    )  # fmt: skip
    round_id = (
        db["rounds"]
        .insert({"name": "Runde 2026", "deadline": "2026-04-01", "created_at": "2026-03-01"})
        .last_pk
    )
    for key, email, token in (("knit", EMAIL, "t1"), ("homework", "bo@example.dk", "t2")):
        db["round_entries"].insert({"round_id": round_id, "association_id": ids[key],
                                    "token_hash": token, "email": email})  # fmt: skip
    ids["anna_user"] = anna_user
    return ids


def test_export_holds_everything_about_the_person(runner, people):
    result = runner.invoke(args=["person-export", "ANNA@example.DK"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    by_name = {a["name"]: a for a in data["associations"]}
    assert set(by_name) == {"Strikkeklubben", "Lektiehjælpen"}
    assert by_name["Strikkeklubben"]["contact_person"]["contact_phone"] == "11 22 33 44"
    description = f"Skriv til {EMAIL} for at være med."
    assert by_name["Lektiehjælpen"]["mentions"] == {"description": description}
    assert {s["id"] for s in data["suggestions"]} == {people["sent"], people["about"]}
    assert [(e["round_name"], e["email"]) for e in data["round_entries"]] == [("Runde 2026", EMAIL)]
    assert "token_hash" not in data["round_entries"][0]
    account = data["user_account"]
    assert account["name"] == "Anna Holm" and account["revisions_made"] == 1
    assert "password_hash" not in account
    deleted = [r for r in data["revisions"] if r["action"] == "delete"]
    assert deleted and deleted[0]["held"]["contact_name"] == "Anna Holm"
    takeover = [r for r in data["revisions"] if r["action"] == "update"]
    assert [r["changes"]["contact_name"] for r in takeover] == [{"old": "Anna Holm"}]
    assert "Bo Berg" not in result.output  # who took over is not Anna's data
    assert data["other"] == []


def test_export_to_a_file_only_the_owner_can_read(runner, people, tmp_path):
    target = tmp_path / "anna.json"
    result = runner.invoke(args=["person-export", EMAIL, "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text(encoding="utf-8"))["email"] == EMAIL
    assert os.stat(target).st_mode & 0o777 == 0o600
    assert "Anna Holm" not in result.output


@pytest.mark.parametrize("command", ["person-export", "person-delete"])
@pytest.mark.parametrize("address", ["ikke-en-mail", "", "anna@"])
def test_a_bad_address_is_refused(runner, db, people, command, address):
    before = cells_containing(db, EMAIL)
    result = runner.invoke(args=[command, address, "--yes"] if command == "person-delete"
                           else [command, address])  # fmt: skip
    assert result.exit_code == 1 and "Error:" in result.output
    assert cells_containing(db, EMAIL) == before


def test_delete_erases_the_person_everywhere(runner, db, app, people):
    assert len(cells_containing(db, EMAIL)) > 10
    result = runner.invoke(args=["person-delete", EMAIL, "--yes"])
    assert result.exit_code == 0, result.output
    assert "Editor account deleted: yes" in result.output
    for trace in (EMAIL, "Anna Holm", "11 22 33 44", "mail fra Anna"):
        assert cells_containing(db, trace) == [], trace
    for name in ("directory.db", "directory.db-wal"):  # not even in freed pages
        path = database_path(app).with_name(name)
        assert not path.exists() or EMAIL.encode() not in path.read_bytes().lower(), name


def test_delete_keeps_everyone_else(runner, db, people):
    runner.invoke(args=["person-delete", EMAIL, "--yes"])
    chess = catalogue.association_record(db, people["chess"])
    assert {key: chess[key] for key in BO} == BO
    homework = catalogue.association_record(db, people["homework"])
    assert homework["description"] == "Skriv til [slettet] for at være med."
    assert homework["contact_email"] == "bo@example.dk"
    takeover = revisions.history(db, "association", people["chess"])[0]["changes"]
    assert takeover["contact_email"] == {"old": "", "new": "bo@example.dk"}
    assert takeover["contact_name"] == {"old": "", "new": "Bo Berg"}
    assert db["suggestions"].get(people["about"])["submitter_name"] == "Bo Berg"
    assert [r["email"] for r in db["round_entries"].rows] == ["", "bo@example.dk"]
    assert [u["email"] for u in db["users"].rows] == ["chef@kvarter.example"]


def test_delete_blanks_contact_and_consent_as_a_revision(runner, db, people):
    runner.invoke(args=["person-delete", EMAIL, "--yes"])
    knit = catalogue.association_record(db, people["knit"])
    assert {key: knit[key] for key in ANNA} == {key: privacy._blank(key) for key in ANNA}
    latest = revisions.history(db, "association", people["knit"])[0]
    assert latest["source"] == "slettet efter anmodning"
    first = revisions.history(db, "association", people["knit"])[-1]
    assert first["user_id"] is None  # the account is gone; the change stays
    sent = db["suggestions"].get(people["sent"])
    assert (sent["submitter_name"], sent["submitter_email"]) == ("", "")
    assert sent["message"] == "Svar mig på [slettet]"
    assert json.loads(db["suggestions"].get(people["about"])["data"]) == {
        "contact_name": "", "contact_email": ""}  # fmt: skip


def test_a_deleted_association_restored_later_brings_nothing_back(runner, db, people):
    runner.invoke(args=["person-delete", EMAIL, "--yes"])
    deleted = revisions.deleted_entries(db, "association")[0]
    catalogue.restore_association(db, deleted["id"])
    restored = catalogue.association_record(db, people["old"])
    assert restored["name"] == "Gammel klub" and restored["contact_name"] == ""


def test_delete_also_cleans_tables_added_later(runner, db, people):
    """A table this module does not know, e.g. frozen snapshots of a printed edition."""
    db.execute("CREATE TABLE archive (id INTEGER PRIMARY KEY, snapshot TEXT, note TEXT)")
    frozen = {"name": "Strikkeklubben", "contact_phone": "11 22 33 44", "contact_email": EMAIL}
    db["archive"].insert({"snapshot": json.dumps([frozen]), "note": f"Ring til {EMAIL.upper()}"})
    result = runner.invoke(args=["person-delete", EMAIL, "--yes"])
    assert "Other cells cleaned: 2" in result.output
    row = db["archive"].get(1)
    assert json.loads(row["snapshot"]) == [
        {"name": "Strikkeklubben", "contact_phone": "", "contact_email": ""}]  # fmt: skip
    assert row["note"] == "Ring til [slettet]"


def test_delete_asks_first_and_changes_nothing_on_no(runner, db, people):
    before = cells_containing(db, EMAIL)
    result = runner.invoke(args=["person-delete", EMAIL], input="n\n")
    assert "Held about anna@example.dk: 2 association(s), 2 suggestion(s)" in result.output
    assert result.exit_code == 1 and "Aborted" in result.output
    assert cells_containing(db, EMAIL) == before


def test_delete_when_nothing_is_held(runner, db, people):
    result = runner.invoke(args=["person-delete", "nobody@example.dk"])
    assert result.exit_code == 0 and "Nothing is held about nobody@example.dk" in result.output


def test_the_last_active_admin_cannot_be_erased(runner, db, people):
    db.execute("UPDATE users SET role = CASE WHEN email = ? THEN 'admin' ELSE 'editor' END",
               [EMAIL])  # fmt: skip
    before = cells_containing(db, EMAIL)
    result = runner.invoke(args=["person-delete", EMAIL, "--yes"])
    assert result.exit_code == 1 and "only active admin" in result.output
    assert cells_containing(db, EMAIL) == before


def test_search_still_finds_the_association_after_erasure(runner, client, people):
    runner.invoke(args=["person-delete", EMAIL, "--yes"])
    page = client.get("/soeg", query_string={"q": "strikkeklubben"}).get_data(as_text=True)
    assert "Strikkeklubben" in page
    entry = client.get("/forening/strikkeklubben").get_data(as_text=True)
    assert "Anna Holm" not in entry


# Logs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("skriv til anna@example.dk", "skriv til [e-mail]"),
        ("Anna.Holm+x@Kvarter.Example svarer", "[e-mail] svarer"),
        ("/soeg?q=anna%40example.dk&side=2", "/soeg?q=[e-mail]&side=2"),
        ("ring 12 34 56 78", "ring [telefon]"),
        ("ring +45 12345678 eller 0045 1234-5678", "ring [telefon] eller [telefon]"),
        ("/soeg?q=12%2034%2056%2078", "/soeg?q=[telefon]"),
        ("/soeg?q=12+34+56+78", "/soeg?q=[telefon]"),
        ("2026-03-01 10:11:12 GET / 200 12345", "2026-03-01 10:11:12 GET / 200 12345"),
        ("id 123456789 og 1234567", "id 123456789 og 1234567"),
        ('"GET /opdater/Ab3_x-9ZqK HTTP/1.1" 200', '"GET /opdater/[hemmeligt] HTTP/1.1" 200'),
        ("POST /opdater/Ab3_x-9ZqK/bekraeft", "POST /opdater/[hemmeligt]/bekraeft"),
    ],
)
def test_redact(text, expected):
    assert privacy.redact(text) == expected


def test_app_log_records_are_redacted(app, caplog):
    with caplog.at_level(logging.INFO):
        app.logger.warning("Kontakt anna@example.dk eller 12 34 56 78")
        app.logger.info("søgning: %s", EMAIL)
        logging.getLogger("directory.search").warning("ingen hits for %r", EMAIL)
    assert EMAIL not in caplog.text and "12 34 56 78" not in caplog.text
    assert [r.getMessage() for r in caplog.records] == [
        "Kontakt [e-mail] eller [telefon]",
        "søgning: [e-mail]",
        "ingen hits for '[e-mail]'",
    ]


def test_tracebacks_in_logs_are_redacted(app, caplog):
    try:
        raise ValueError(f"ugyldig e-mail {EMAIL}")
    except ValueError:
        app.logger.exception("Gemning fejlede")
    assert "ValueError: ugyldig e-mail [e-mail]" in caplog.text
    assert EMAIL not in caplog.text


def test_werkzeug_request_log_hides_addresses_in_query_strings(app, caplog):
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        with caplog.at_level(logging.INFO, logger="werkzeug"):
            for query in ("q=someone@x.dk", "q=someone%40x.dk", "q=tlf+12+34+56+78"):
                with urllib.request.urlopen(f"{base}/soeg?{query}", timeout=10) as response:
                    assert response.status == 200
    finally:
        server.shutdown()
        server.server_close()
    requests = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    assert len(requests) == 3
    assert "someone" not in caplog.text and "12" not in caplog.text.split("q=")[-1]
    assert all("/soeg?q=[e-mail]" in line for line in requests[:2])
    assert "/soeg?q=tlf+[telefon]" in requests[2]
