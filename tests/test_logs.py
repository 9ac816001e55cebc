"""Structured logs: a request line per request, JSON lines, and never personal data."""

import json
import logging
import re

import pytest
from werkzeug.datastructures import MultiDict

from directory import create_app, logs
from directory.db import init_db

NAME, EMAIL, PHONE = "Gudrun Kjærsgaard", "gudrun.k@postkasse.example", "23 45 67 89"


def _form(html: str) -> MultiDict:
    """The association form's fields as a browser sends them (inputs, textareas, selects)."""
    form = re.search(r'<form[^>]*class="[^"]*association-form.*?</form>', html, re.S).group()
    fields = MultiDict()
    for tag in re.finditer(r"<input\b[^>]*>", form):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag.group()))
        kind = attrs.get("type", "text")
        chosen = kind not in ("checkbox", "radio", "submit") or "checked" in tag.group()
        if "name" in attrs and chosen:
            fields.add(attrs["name"], attrs.get("value", "on" if kind == "checkbox" else ""))
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        fields.add(name, text.removeprefix("\n"))
    return fields


@pytest.fixture
def logged(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def test_saving_a_contact_person_logs_no_personal_data(editor_client, add, logged):
    club = add("Tornhøj Strikkeklub")
    form = _form(editor_client.get(f"/redaktion/foreninger/{club['id']}").get_data(as_text=True))
    contact = {"contact_name": NAME, "contact_email": EMAIL, "contact_phone": PHONE,
               "contact_name_public": "y", "contact_email_public": "y",
               "consent_date": "2025-03-01", "consent_source": f"mail fra {NAME}"}  # fmt: skip
    for field, value in contact.items():
        form.setlist(field, [value])
    logged.clear()
    response = editor_client.post(f"/redaktion/foreninger/{club['id']}", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    page = editor_client.get(f"/forening/{club['slug']}?q={NAME}&kontakt={EMAIL}")
    assert NAME in page.get_data(as_text=True)  # the data did go through the app
    lines = [r for r in logged.records if r.name == logs.REQUEST_LOGGER]
    assert [(r.method, r.status) for r in lines] == [("POST", 302), ("GET", 200)]
    everything = "\n".join(logs.JsonFormatter().format(r) for r in logged.records)
    for secret in (NAME, "Gudrun", "Kjærsgaard", EMAIL, "gudrun.k", PHONE, "23456789"):
        assert secret not in everything


def test_request_line_fields(client, logged):
    client.get("/soeg?q=Anna+Holm&dag=tirsdag&alder=10&adresse=Tornh%C3%B8jvej+12")
    (record,) = [r for r in logged.records if r.name == logs.REQUEST_LOGGER]
    line = json.loads(logs.JsonFormatter().format(record))
    assert line["method"] == "GET" and line["path"] == "/soeg" and line["status"] == 200
    assert line["query"] == "q=[9 tegn]&dag=tirsdag&alder=10&adresse=[13 tegn]"
    assert isinstance(line["duration_ms"], float) and line["level"] == "INFO"
    assert line["logger"] == "directory.requests" and line["time"].endswith("+00:00")


@pytest.mark.parametrize("query, scrubbed", [
    ("", ""),
    ("kategori=sport-og-motion&side=2", "kategori=sport-og-motion&side=2"),
    ("q=anna%40x.example", "q=[14 tegn]"),
    ("dag=anna%40x.example", "dag=[e-mail]"),
    ("weekday=" + "x" * 50, "weekday=[50 tegn]"),
    ("naer=57.03,10.0", "naer=[10 tegn]"),
    ("%ff%fe=%00", "\ufffd\ufffd=[1 tegn]"),
])  # fmt: skip
def test_scrub_query(query, scrubbed):
    assert logs.scrub_query(query) == scrubbed


def test_secret_link_tokens_are_masked_in_the_path(client, logged):
    client.get("/opdater/AbCdEf123456789secret")
    (record,) = [r for r in logged.records if r.name == logs.REQUEST_LOGGER]
    line = logs.JsonFormatter().format(record)
    assert "AbCdEf123456789secret" not in line and "/opdater/[hemmeligt]" in line


def test_server_errors_log_at_error_level_with_masked_traceback(app, logged):
    @app.get("/boom")
    def boom():
        raise RuntimeError(f"could not reach {EMAIL}")

    assert app.test_client().get("/boom").status_code == 500
    (line,) = [r for r in logged.records if r.name == logs.REQUEST_LOGGER]
    assert line.levelno == logging.ERROR and line.status == 500
    text = "\n".join(logs.JsonFormatter().format(r) for r in logged.records)
    assert "RuntimeError" in text and EMAIL not in text


def test_handler_writes_json_lines(app, capsys):
    handler = logs.make_handler()
    logger = logging.getLogger("directory.test_logs")
    logger.addHandler(handler)
    logger.propagate = False  # only this handler: others may be on the root logger
    try:
        logger.warning("sent to %s", EMAIL, extra={"count": 3})
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    (line,) = capsys.readouterr().err.splitlines()
    entry = json.loads(line)
    assert entry["message"] == "sent to [e-mail]" and entry["count"] == 3
    assert entry["level"] == "WARNING"


def test_a_production_app_logs_one_json_line_per_request(tmp_path, capfd):
    root = logging.getLogger()
    kept = list(root.handlers)
    # A handler left by an earlier production app writes to that test's captured stderr.
    for handler in kept:
        if handler.get_name() == "directory.logs":
            root.removeHandler(handler)
    plain = logging.StreamHandler()  # as logging.basicConfig() leaves it
    root.addHandler(plain)
    try:
        for _ in range(2):  # apps share the loggers: configuring twice adds nothing
            app = create_app({"DATA_DIR": str(tmp_path), "SECRET_KEY": "x" * 32})
        init_db(app)
        capfd.readouterr()
        app.test_client().get("/soeg?q=Anna")
        lines = capfd.readouterr().err.splitlines()
        plain_removed = plain not in root.handlers
    finally:
        root.handlers[:] = kept
        logging.getLogger("directory").setLevel(logging.NOTSET)
    assert plain_removed
    (line,) = [json.loads(x) for x in lines if '"directory.requests"' in x]
    assert line["path"] == "/soeg" and line["query"] == "q=[4 tegn]"
    assert len(lines) == 1
