"""The update round: real e-mail to a local SMTP server, real links, real database."""

import email
import hashlib
import json
import logging
import re
import socket
from datetime import timedelta
from email import policy
from html import unescape
from html.parser import HTMLParser

import pytest
import segno
from aiosmtpd.controller import Controller

from directory import catalogue, create_app, rounds
from directory.db import init_db

PUBLIC_URL = "http://foreninger.test"
LINK = re.compile(re.escape(PUBLIC_URL) + r"/opdater/([A-Za-z0-9_-]+)")
CONTACT = "Kvarterværkstedet, tlf. 98 76 54 32"
REFUSED = "afvist@klub.example"
# Every e-mail address of the test data: none may ever appear in a log record.
ADDRESSES = ["bold@klub.example", "karin@privat.example", "strik@privat.example",
             "lektie@cafe.example", "lars@privat.example", "dans@privat.example", REFUSED]


# A real SMTP server on a free local port ---------------------------------------------


class Collector:
    """aiosmtpd handler: keeps every delivered message; refuses REFUSED."""

    def __init__(self, port: int):
        self.port = port
        self.messages = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == REFUSED:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp():
    handler = Collector(free_port())
    controller = Controller(handler, hostname="127.0.0.1", port=handler.port)
    controller.start()
    yield handler
    controller.stop()


@pytest.fixture
def app(tmp_path, smtp):
    """The app with its mail going to the local SMTP server (overrides conftest's app)."""
    app = create_app({
        "TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SECRET_KEY": "test",
        "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp.port, "PUBLIC_URL": PUBLIC_URL,
        "ROUND_CONTACT": CONTACT,
    })  # fmt: skip
    init_db(app)
    yield app


@pytest.fixture
def unredacted(app, monkeypatch):
    """This module's log records as written: without the privacy module's redacting filter.

    The filter masks addresses in every app log as a safety net; these tests check that
    the round never hands an address to the log in the first place.
    """
    for name in ("directory.rounds", "directory.mail"):
        monkeypatch.setattr(logging.getLogger(name), "filters", [])


def body_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def token_in(message) -> str:
    return LINK.search(body_of(message)).group(1)


# Test data -----------------------------------------------------------------------------

PUBLIC_CONTACT = {"contact_name_public": 1, "contact_phone_public": 1,
                  "contact_email_public": 1, "consent_date": "2025-01-10",
                  "consent_source": "skema"}  # fmt: skip


@pytest.fixture
def catalogue_entries(add):
    """Four associations in the round (three with an address, one without) and a closed one."""
    return {
        "bold": add("Boldklubben Øst", email="bold@klub.example", contact_name="Karin Kontakt",
                    contact_email="karin@privat.example", contact_phone="20 30 40 50",
                    **PUBLIC_CONTACT),
        "strik": add("Strikkeklubben", contact_name="Sonja Strik",
                     contact_email="strik@privat.example", phone="11 22 33 44",
                     short_description="Vi strikker sammen."),
        "lektie": add("Lektiecaféen", email="lektie@cafe.example", contact_name="Lars Lektie",
                      contact_email="lars@privat.example", contact_phone="60 70 80 90",
                      **PUBLIC_CONTACT),
        "dans": add("Seniordans", contact_name="Dorte Dans", contact_phone="31 41 51 61",
                    **PUBLIC_CONTACT),
        "gammel": add("Gammel Klub", email="gammel@klub.example", status="closed"),
    }


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def post_with_csrf(client, page: str, action: str, data: dict | None = None):
    token = csrf_of(client.get(page).get_data(as_text=True))
    return client.post(action, data={"csrf_token": token, **(data or {})})


def deadline_in(days: int) -> str:
    return (rounds.today() + timedelta(days=days)).isoformat()


def open_round_as_editor(client, name="Katalog 2027", days=30) -> int:
    response = post_with_csrf(client, "/redaktion/runder", "/redaktion/runder",
                              {"name": name, "deadline": deadline_in(days)})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def entry(db, round_id, association_id) -> dict:
    return next(db.query("SELECT * FROM round_entries WHERE round_id = ? AND association_id = ?",
                         [round_id, association_id]))  # fmt: skip


def association_row(db, association_id) -> dict:
    return next(db.query("SELECT * FROM associations WHERE id = ?", [association_id]))


class FormReader(HTMLParser):
    """What a browser would submit from the form whose action ends with `action_end`."""

    def __init__(self, action_end: str):
        super().__init__()
        self.action_end, self.inside, self.fields = action_end, False, {}
        self._textarea = self._select = None

    def _add(self, name, value):
        self.fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("action", "").split("#")[0].endswith(self.action_end)
        elif not self.inside:
            return
        elif tag == "input" and attrs.get("type") == "checkbox":
            if "checked" in attrs:
                self._add(attrs["name"], attrs.get("value", "y"))
        elif tag == "input" and attrs.get("name"):
            self._add(attrs["name"], attrs.get("value", ""))
        elif tag == "textarea":
            self._textarea, self.fields[attrs["name"]] = attrs["name"], [""]
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and "selected" in attrs:
            self._add(self._select, attrs["value"])

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.fields[self._textarea][0] = self.fields[self._textarea][0].lstrip("\n")
            self._textarea = None
        elif tag == "form":
            self.inside = False


def prefilled_form(html: str, action_end: str) -> dict:
    reader = FormReader(action_end)
    reader.feed(html)
    return reader.fields


# The whole round ---------------------------------------------------------------------------


def messages_to(smtp, address) -> list:
    return [message for recipients, message in smtp.messages if address in recipients]


def test_whole_round(app, editor_client, db, smtp, catalogue_entries, caplog, unredacted):
    caplog.set_level(logging.DEBUG)
    ids = {key: found["id"] for key, found in catalogue_entries.items()}
    round_id = open_round_as_editor(editor_client)
    in_round = {r["association_id"] for r in db.query("SELECT * FROM round_entries")}
    assert in_round == {ids["bold"], ids["strik"], ids["lektie"], ids["dans"]}  # not the closed

    tokens = send_and_read_links(editor_client, db, smtp, round_id, ids)
    association = app.test_client()  # the association's contact: no account, own session
    open_and_confirm(association, db, round_id, ids["bold"], tokens["bold"])
    propose_changes(app.test_client(), db, round_id, ids["strik"], tokens["strik"])
    remind_only_unanswered(editor_client, db, smtp, round_id, ids, tokens)
    close_and_hide(editor_client, db, round_id, ids)
    assert association.get(f"/opdater/{tokens['bold']}").status_code == 410

    logged = [r for r in caplog.records if not r.name.startswith("mail.log")]  # the test server's
    assert logged, "the round logs what it sends"
    text = "\n".join(r.getMessage() for r in logged)
    for address in ADDRESSES:
        assert address not in text


def send_and_read_links(editor_client, db, smtp, round_id, ids) -> dict:
    page = f"/redaktion/runder/{round_id}"
    response = post_with_csrf(editor_client, page, f"{page}/send")
    assert response.status_code == 302
    flashed = editor_client.get(page).get_data(as_text=True)
    assert "3 sendt" in flashed and "1 har ingen e-mailadresse" in flashed
    expected = {"bold": "bold@klub.example", "strik": "strik@privat.example",
                "lektie": "lektie@cafe.example"}  # strik has only its contact's address
    assert sorted(r for recipients, _ in smtp.messages for r in recipients) == sorted(
        expected.values())
    tokens = {}
    for key, address in expected.items():
        [message] = messages_to(smtp, address)
        body = body_of(message)
        assert catalogue.get_association_by_id(db, ids[key])["name"] in message["Subject"]
        assert rounds.danish_date(deadline_in(30)) in body and CONTACT in body
        tokens[key] = token_in(message)
        stored = entry(db, round_id, ids[key])
        assert stored["status"] == "sent"
        assert stored["token_hash"] == hashlib.sha256(tokens[key].encode()).hexdigest()
    dump = "\n".join(db.conn.iterdump())
    assert not any(token in dump for token in tokens.values()), "only hashes are stored"
    assert entry(db, round_id, ids["dans"])["status"] == "not_sent"
    return tokens


def open_and_confirm(association, db, round_id, association_id, token):
    page = association.get(f"/opdater/{token}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Boldklubben Øst" in html and "karin@privat.example" in html  # its own contact
    assert page.headers["Referrer-Policy"] == "no-referrer"
    opened = entry(db, round_id, association_id)
    assert opened["status"] == "opened" and opened["opened_at"]
    association.get(f"/opdater/{token}")
    assert entry(db, round_id, association_id)["opened_at"] == opened["opened_at"]

    response = association.post(f"/opdater/{token}/bekraeft", data={"csrf_token": csrf_of(html)})
    assert response.status_code == 302
    today = rounds.today().isoformat()
    row = association_row(db, association_id)
    assert entry(db, round_id, association_id)["status"] == "confirmed"
    assert row["last_verified"] == today
    assert (row["consent_date"], row["consent_source"]) == (today, "Katalog 2027")
    [revision] = db.query("SELECT source FROM revisions WHERE entity_id = ? ORDER BY id DESC "
                          "LIMIT 1", [association_id])  # fmt: skip
    assert "Katalog 2027" in revision["source"]
    assert "I har bekræftet" in association.get(f"/opdater/{token}").get_data(as_text=True)


def propose_changes(association, db, round_id, association_id, token):
    html = association.get(f"/opdater/{token}").get_data(as_text=True)
    data = prefilled_form(html, f"/opdater/{token}")
    assert data["name"] == ["Strikkeklubben"] and data["phone"] == ["11 22 33 44"]
    assert data["submitter_email"] == ["strik@privat.example"]
    data.update(phone=["99 88 77 66"], short_description=["Vi strikker og hækler."],
                message=["Vi mødes nu om torsdagen."])  # fmt: skip
    response = association.post(f"/opdater/{token}", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    [suggestion] = db.query("SELECT * FROM suggestions")
    assert (suggestion["kind"], suggestion["status"]) == ("round", "pending")
    assert suggestion["association_id"] == association_id
    assert suggestion["source"] == "opdateringsrunde: Katalog 2027"
    assert suggestion["submitter_name"] == "Sonja Strik"
    assert json.loads(suggestion["data"]) == {
        "phone": "99 88 77 66", "short_description": "Vi strikker og hækler."}
    assert entry(db, round_id, association_id)["status"] == "changed"
    assert association_row(db, association_id)["phone"] == "11 22 33 44", "editors decide"


def remind_only_unanswered(editor_client, db, smtp, round_id, ids, tokens):
    before = len(smtp.messages)
    page = f"/redaktion/runder/{round_id}"
    assert post_with_csrf(editor_client, page, f"{page}/paamind").status_code == 302
    new = smtp.messages[before:]
    assert [recipients for recipients, _ in new] == [["lektie@cafe.example"]]
    assert new[0][1]["Subject"].startswith("Påmindelse")
    reminded = entry(db, round_id, ids["lektie"])
    assert (reminded["reminders"], reminded["status"]) == (1, "sent")
    assert all(entry(db, round_id, ids[k])["reminders"] == 0 for k in ("bold", "strik", "dans"))
    fresh = token_in(new[0][1])
    client = editor_client.application.test_client()
    assert client.get(f"/opdater/{tokens['lektie']}").status_code == 404  # replaced
    assert client.get(f"/opdater/{fresh}").status_code == 200


def close_and_hide(editor_client, db, round_id, ids):
    page = f"/redaktion/runder/{round_id}"
    assert "Ja, luk runden" in editor_client.get(f"{page}/luk").get_data(as_text=True)
    assert post_with_csrf(editor_client, f"{page}/luk", f"{page}/luk").status_code == 302
    assert next(db.query("SELECT status FROM rounds WHERE id = ?", [round_id]))["status"] == (
        "closed")
    for key in ("lektie", "dans"):
        assert entry(db, round_id, ids[key])["status"] == "no_answer"
        row = association_row(db, ids[key])
        assert row["needs_print_decision"] == 1
        assert not any(row[flag] for flag in rounds.PUBLIC_FLAGS)
    lektie = association_row(db, ids["lektie"])
    public_page = editor_client.get(f"/forening/{lektie['slug']}").get_data(as_text=True)
    assert "Lars Lektie" not in public_page and "60 70 80 90" not in public_page
    assert editor_client.get(f"/api/associations/{lektie['slug']}").get_json()["contact"] == {}
    bold = association_row(db, ids["bold"])
    assert bold["needs_print_decision"] == 0 and bold["contact_name_public"] == 1
    assert "Karin Kontakt" in editor_client.get(f"/forening/{bold['slug']}").get_data(as_text=True)
    [revision] = db.query("SELECT source FROM revisions WHERE entity_id = ? ORDER BY id DESC "
                          "LIMIT 1", [ids["lektie"]])  # fmt: skip
    assert revision["source"] == "kontaktperson skjult: ikke genbekræftet i Katalog 2027"
    dashboard = editor_client.get(page).get_data(as_text=True)
    assert "Afgør trykt udgave (2)" in dashboard and "Seniordans" in dashboard


# Links: wrong, replaced, expired, closed ------------------------------------------------


@pytest.fixture
def sent_round(app, db, smtp, catalogue_entries):
    """An open round (deadline in 30 days) e-mailed to everyone with an address."""
    round_id = rounds.open_round(db, "Katalog 2027", deadline_in(30))
    with app.app_context():
        rounds.send_round(db, round_id, rounds.settings_from(app.config))
    tokens = {}
    for key in ("bold", "strik", "lektie"):
        address = catalogue_entries[key]["email"] or catalogue_entries[key]["contact_email"]
        tokens[key] = token_in(messages_to(smtp, address)[-1])
    return round_id, tokens


@pytest.mark.parametrize("token", ["x" * 43, "kort", "a" * 500, "%20", "æøå"])
def test_a_wrong_link_gives_a_friendly_404(client, sent_round, token):
    response = client.get(f"/opdater/{token}")
    assert response.status_code == 404
    assert "Linket virker ikke" in response.get_data(as_text=True)
    assert CONTACT in response.get_data(as_text=True)


@pytest.mark.parametrize(("days_ago", "works"), [
    (0, True), (rounds.GRACE_DAYS, True), (rounds.GRACE_DAYS + 1, False)])
def test_links_work_until_the_deadline_plus_grace(client, db, sent_round, days_ago, works):
    round_id, tokens = sent_round
    past = (rounds.today() - timedelta(days=days_ago)).isoformat()
    db.execute("UPDATE rounds SET deadline = ? WHERE id = ?", [past, round_id])
    db.conn.commit()
    response = client.get(f"/opdater/{tokens['bold']}")
    assert response.status_code == (200 if works else 410)
    if not works:
        assert "Linket er udløbet" in response.get_data(as_text=True)


def test_links_of_a_closed_round_are_gone_for_every_action(client, db, sent_round):
    round_id, tokens = sent_round
    html = client.get(f"/opdater/{tokens['bold']}").get_data(as_text=True)
    rounds.close_round(db, round_id)
    token = tokens["bold"]
    assert client.get(f"/opdater/{token}").status_code == 410
    confirm = client.post(f"/opdater/{token}/bekraeft", data={"csrf_token": csrf_of(html)})
    assert confirm.status_code == 410
    propose = client.post(f"/opdater/{token}", data={"csrf_token": csrf_of(html), "name": "X"})
    assert propose.status_code == 410
    assert list(db.query("SELECT * FROM suggestions")) == []


def test_tokens_are_stored_only_as_hashes(db, sent_round):
    round_id, tokens = sent_round
    hashes = {r["token_hash"] for r in db.query("SELECT token_hash FROM round_entries")}
    for token in tokens.values():
        assert len(token) >= 43  # 32 random bytes
        assert hashlib.sha256(token.encode()).hexdigest() in hashes
    dump = "\n".join(db.conn.iterdump())
    assert not any(token in dump for token in tokens.values())


# Printed letters ------------------------------------------------------------------------


def svg_modules(svg: str) -> tuple[int, set[tuple[int, int]]]:
    """(size, dark modules as (row, column)) drawn by a segno SVG path, border included."""
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    path = re.search(r' d="([^"]+)"', svg).group(1)
    dark, x, y = set(), 0.0, 0.0
    for command, args in re.findall(r"([A-Za-z])([^A-Za-z]*)", path):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", args)]
        if command == "M":
            x, y = numbers
        elif command == "m":
            x, y = x + numbers[0], y + numbers[1]
        elif command == "h":
            dark |= {(int(y), int(x) + i) for i in range(int(numbers[0]))}
            x += numbers[0]
        else:
            raise AssertionError(f"unexpected path command {command}")
    return size, dark


def qr_modules(url: str) -> tuple[int, set[tuple[int, int]]]:
    """The QR code of `url` (segno, error level M) as (size with border 4, dark modules)."""
    matrix = segno.make(url, error="m").matrix
    dark = {(r + 4, c + 4) for r, row in enumerate(matrix) for c, on in enumerate(row) if on}
    return len(matrix) + 8, dark


def test_letters_for_associations_without_email(editor_client, db, catalogue_entries):
    round_id = open_round_as_editor(editor_client)
    page = f"/redaktion/runder/{round_id}"
    response = post_with_csrf(editor_client, page, f"{page}/breve")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count('<article class="letter">') == 1 and "Seniordans" in html
    assert "css/rounds.css" in html and rounds.danish_date(deadline_in(30)) in html
    link = re.search(r'<p class="letter-url">([^<]+)</p>', html).group(1)
    assert LINK.fullmatch(link)
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert svg_modules(svg) == qr_modules(link), "the QR code encodes the printed link"
    assert svg_modules(svg) != qr_modules(link + "x")
    dans = catalogue_entries["dans"]["id"]
    assert (entry(db, round_id, dans)["status"], entry(db, round_id, dans)["email"]) == (
        "sent", "")
    opened = editor_client.application.test_client().get(link.removeprefix(PUBLIC_URL))
    assert opened.status_code == 200 and "Seniordans" in opened.get_data(as_text=True)

    again = post_with_csrf(editor_client, page, f"{page}/breve")
    assert again.status_code == 302, "every letter was made already"


def test_a_letter_for_one_replaces_its_email_link(editor_client, db, sent_round,
                                                  catalogue_entries):
    round_id, tokens = sent_round
    bold = catalogue_entries["bold"]["id"]
    page = f"/redaktion/runder/{round_id}"
    html = post_with_csrf(editor_client, page, f"{page}/breve",
                          {"association_id": str(bold)}).get_data(as_text=True)
    assert html.count('<article class="letter">') == 1 and "Boldklubben Øst" in html
    fresh = LINK.search(html).group(0).removeprefix(PUBLIC_URL)
    visitor = editor_client.application.test_client()
    assert visitor.get(f"/opdater/{tokens['bold']}").status_code == 404
    assert visitor.get(fresh).status_code == 200


def test_letter_css_prints_one_a4_page_per_letter(client):
    response = client.get("/static/css/rounds.css")
    css = response.get_data(as_text=True)
    response.close()
    printing = css[css.index("@media print"):]
    assert "size: A4" in printing and "break-after: page" in printing


# Access and CSRF ------------------------------------------------------------------------

EDITOR_PAGES = ["/redaktion/runder", "/redaktion/runder/1", "/redaktion/runder/1/luk"]
EDITOR_ACTIONS = ["/redaktion/runder", "/redaktion/runder/1/send", "/redaktion/runder/1/paamind",
                  "/redaktion/runder/1/breve", "/redaktion/runder/1/luk",
                  "/redaktion/runder/tryk/1"]  # fmt: skip


@pytest.mark.parametrize("path", EDITOR_PAGES)
def test_anonymous_visitors_are_sent_to_the_login(client, db, path):
    rounds.open_round(db, "Katalog 2027", deadline_in(30))
    response = client.get(path)
    assert response.status_code == 302 and "/redaktion/login" in response.headers["Location"]


@pytest.mark.parametrize("path", EDITOR_ACTIONS)
def test_anonymous_actions_are_refused(client, db, csrf, smtp, catalogue_entries, path):
    round_id = rounds.open_round(db, "Katalog 2027", deadline_in(30))
    response = client.post(path, data={"csrf_token": csrf(), "name": "Ny", "include": "0",
                                       "deadline": deadline_in(40)})
    assert response.status_code == 302 and "/redaktion/login" in response.headers["Location"]
    assert smtp.messages == []
    assert rounds.get_round(db, round_id)["status"] == "open"
    assert rounds.status_counts(db, round_id)["not_sent"] == 4
    assert len(rounds.list_rounds(db)) == 1


def test_editor_forms_without_csrf_are_refused(editor_client, db, smtp, catalogue_entries):
    response = editor_client.post("/redaktion/runder",
                                  data={"name": "Katalog 2027", "deadline": deadline_in(30)})
    assert response.status_code == 400 and rounds.list_rounds(db) == []
    round_id = rounds.open_round(db, "Katalog 2027", deadline_in(30))
    for action in ("send", "luk"):
        assert editor_client.post(f"/redaktion/runder/{round_id}/{action}").status_code == 400
    assert smtp.messages == [] and rounds.get_round(db, round_id)["status"] == "open"


def test_answers_without_csrf_are_refused(client, db, sent_round):
    round_id, tokens = sent_round
    assert client.post(f"/opdater/{tokens['bold']}/bekraeft").status_code == 400
    assert client.post(f"/opdater/{tokens['strik']}", data={"name": "Nyt navn"}).status_code == 400
    answered = [e for e in rounds.entries(db, round_id) if e["status"] in rounds.ANSWERED]
    assert answered == []
    assert list(db.query("SELECT * FROM suggestions")) == []


# Opening a round ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "deadline", "field", "message"), [
    ("", "2099-01-31", "name", "Navn på runden mangler"),
    ("Katalog 2027", "", "deadline", "Frist mangler"),
    ("Katalog 2027", "31. januar", "deadline", "ikke en gyldig dato"),
    ("Katalog 2027", "2020-01-31", "deadline", "allerede overskredet"),
])  # fmt: skip
def test_a_round_needs_a_name_and_a_future_deadline(editor_client, db, name, deadline, field,
                                                    message):
    response = post_with_csrf(editor_client, "/redaktion/runder", "/redaktion/runder",
                              {"name": name, "deadline": deadline})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html and f'id="{field}-fejl"' in html and 'aria-invalid="true"' in html
    assert f'value="{name}"' in html or not name, "what was typed is kept"
    assert rounds.list_rounds(db) == []


def test_only_one_round_is_open_at_a_time(db):
    rounds.open_round(db, "Katalog 2027", deadline_in(30))
    with pytest.raises(rounds.RoundInvalid) as raised:
        rounds.open_round(db, "Katalog 2028", deadline_in(60))
    assert "allerede en åben" in raised.value.args[0]["name"]


def test_the_list_page_shows_rounds_and_the_menu_item(editor_client, db, catalogue_entries):
    rounds.open_round(db, "Katalog 2027", deadline_in(30))
    html = editor_client.get("/redaktion/runder").get_data(as_text=True)
    assert "Katalog 2027" in html and "0 af 4" in html and "Luk den, før du åbner en ny" in html
    assert 'href="/redaktion/runder">Opdateringsrunde</a>' in editor_client.get(
        "/redaktion/").get_data(as_text=True)


def test_the_dashboard_filters_by_status(editor_client, db, sent_round):
    round_id, _ = sent_round
    html = editor_client.get(f"/redaktion/runder/{round_id}?status=not_sent").get_data(
        as_text=True)
    assert "Seniordans" in html and "Boldklubben" not in html
    assert "0 af 4 foreninger har svaret (0 %)" in html and '<progress max="4" value="0"' in html
    everything = editor_client.get(f"/redaktion/runder/{round_id}?status=nonsense")
    assert "Boldklubben" in everything.get_data(as_text=True)


# Proposals -------------------------------------------------------------------------------


def proposal_page(client, token) -> tuple[str, dict]:
    html = client.get(f"/opdater/{token}").get_data(as_text=True)
    return html, prefilled_form(html, f"/opdater/{token}")


@pytest.mark.parametrize(("field", "value", "message"), [
    ("email", "ikke-en-adresse", "E-mail 'ikke-en-adresse' er ikke gyldig"),
    ("contact_phone", "123", "dansk telefonnummer"),
    ("name", "", "Navn mangler"),
    ("submitter_name", "", "Dit navn mangler"),
    ("short_description", "x" * 201, "højst 200"),
    ("target_groups", "rumvæsner", "målgruppe 'rumvæsner' kendes ikke"),
    ("status", "forsvundet", "status 'forsvundet' kendes ikke"),
])  # fmt: skip
def test_a_bad_proposal_is_shown_again_with_danish_messages(client, db, sent_round, field, value,
                                                            message):
    round_id, tokens = sent_round
    _, data = proposal_page(client, tokens["strik"])
    data[field] = [value]
    data["message"] = ["Noget andet også"]
    response = client.post(f"/opdater/{tokens['strik']}", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message.casefold() in unescape(html).casefold()
    assert re.search(f'aria-describedby="[^"]*{field}-fejl"', html) and f'id="{field}-fejl"' in html
    assert "Noget andet også" in html, "everything typed is kept"
    assert list(db.query("SELECT * FROM suggestions")) == []
    assert rounds.entries(db, round_id, "changed") == []


def test_a_proposal_that_changes_nothing_is_refused(client, db, sent_round):
    _, tokens = sent_round
    _, data = proposal_page(client, tokens["strik"])
    response = client.post(f"/opdater/{tokens['strik']}", data=data)
    assert response.status_code == 400
    assert "Du har ikke ændret noget" in response.get_data(as_text=True)
    assert list(db.query("SELECT * FROM suggestions")) == []


def test_a_proposal_keeping_the_contact_published_carries_the_consent(client, db, sent_round):
    _, tokens = sent_round
    _, data = proposal_page(client, tokens["lektie"])
    data["contact_role"] = ["Formand"]
    assert client.post(f"/opdater/{tokens['lektie']}", data=data).status_code == 302
    [suggestion] = db.query("SELECT data FROM suggestions")
    assert json.loads(suggestion["data"]) == {
        "contact_role": "Formand", "consent_date": rounds.today().isoformat(),
        "consent_source": "Katalog 2027"}  # fmt: skip


def test_unchecking_a_box_is_a_change(client, db, sent_round):
    _, tokens = sent_round
    _, data = proposal_page(client, tokens["lektie"])
    assert data.pop("contact_phone_public") == ["y"]
    data.update(free_trial=["y"])
    assert client.post(f"/opdater/{tokens['lektie']}", data=data).status_code == 302
    [suggestion] = db.query("SELECT data FROM suggestions")
    assert json.loads(suggestion["data"]) == {
        "contact_phone_public": 0, "free_trial": 1, "consent_date": rounds.today().isoformat(),
        "consent_source": "Katalog 2027"}  # fmt: skip


# Mail trouble -------------------------------------------------------------------------------


def test_a_refused_recipient_is_counted_and_never_logged(app, db, smtp, add, caplog,
                                                        unredacted):
    caplog.set_level(logging.DEBUG)
    refused = add("Afvist Forening", email=REFUSED)
    fine = add("Fin Forening", email="bold@klub.example")
    round_id = rounds.open_round(db, "Katalog 2027", deadline_in(30))
    report = rounds.send_round(db, round_id, rounds.settings_from(app.config))
    assert (report.sent, report.failed, report.without_email) == (1, 1, 0)
    assert entry(db, round_id, refused["id"])["status"] == "not_sent"
    assert entry(db, round_id, fine["id"])["status"] == "sent"
    ours = [r for r in caplog.records if r.name.startswith("directory")]
    assert any(str(refused["id"]) in r.getMessage() for r in ours if r.levelname == "WARNING")
    text = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("mail.log"))
    assert REFUSED not in text and "bold@klub.example" not in text


def test_a_failed_reminder_keeps_the_link_the_association_has(app, db, smtp, sent_round,
                                                              catalogue_entries, client):
    round_id, tokens = sent_round
    bold = catalogue_entries["bold"]["id"]
    catalogue.save_association(db, {"id": bold, "email": REFUSED})
    report = rounds.remind_round(db, round_id, rounds.settings_from(app.config))
    assert (report.sent, report.failed) == (2, 1)
    assert client.get(f"/opdater/{tokens['bold']}").status_code == 200
    assert entry(db, round_id, bold)["reminders"] == 0


def test_an_unreachable_mail_server_sends_nothing(editor_client, app, db, catalogue_entries):
    app.config["MAIL_PORT"] = free_port()  # nothing listens there
    round_id = rounds.open_round(db, "Katalog 2027", deadline_in(30))
    page = f"/redaktion/runder/{round_id}"
    assert post_with_csrf(editor_client, page, f"{page}/send").status_code == 302
    assert "Mailserveren kunne ikke nås" in editor_client.get(page).get_data(as_text=True)
    assert rounds.status_counts(db, round_id)["not_sent"] == 4


def test_sending_again_reaches_only_those_not_sent(app, db, smtp, sent_round):
    round_id, _ = sent_round
    before = len(smtp.messages)
    report = rounds.send_round(db, round_id, rounds.settings_from(app.config))
    assert (report.sent, report.without_email) == (0, 1) and len(smtp.messages) == before


def test_a_new_association_joins_the_open_round_when_sending(app, db, smtp, add, sent_round):
    round_id, _ = sent_round
    late = add("Ny Klub", email="dans@privat.example")
    report = rounds.send_round(db, round_id, rounds.settings_from(app.config))
    assert report.sent == 1 and entry(db, round_id, late["id"])["status"] == "sent"
    assert messages_to(smtp, "dans@privat.example")


# Closing and the print decision -----------------------------------------------------------


def test_a_round_can_be_closed_after_its_deadline(db, sent_round):
    round_id, _ = sent_round
    db.execute("UPDATE rounds SET deadline = ? WHERE id = ?",
               [(rounds.today() - timedelta(days=40)).isoformat(), round_id])
    db.conn.commit()
    report = rounds.close_round(db, round_id)
    assert (report.no_answer, report.hidden) == (4, 3)
    with pytest.raises(rounds.RoundClosed):
        rounds.close_round(db, round_id)


@pytest.mark.parametrize("action", [rounds.send_round, rounds.remind_round, rounds.letters])
def test_nothing_is_sent_from_a_closed_round(app, db, smtp, sent_round, action):
    round_id, _ = sent_round
    rounds.close_round(db, round_id)
    before = len(smtp.messages)
    with pytest.raises(rounds.RoundClosed):
        action(db, round_id, rounds.settings_from(app.config))
    assert len(smtp.messages) == before


def test_closed_associations_are_not_flagged_for_print(db, add):
    closed = add("Lukket Klub", status="active")
    round_id = rounds.open_round(db, "Katalog 2027", deadline_in(30))
    catalogue.save_association(db, {"id": closed["id"], "status": "closed"})
    rounds.close_round(db, round_id)
    assert association_row(db, closed["id"])["needs_print_decision"] == 0
    assert entry(db, round_id, closed["id"])["status"] == "no_answer"


@pytest.mark.parametrize(("include", "expected"), [("1", 1), ("0", 0)])
def test_the_print_decision_clears_the_flag(editor_client, db, sent_round, catalogue_entries,
                                            include, expected):
    round_id, _ = sent_round
    rounds.close_round(db, round_id)
    dans = catalogue_entries["dans"]["id"]
    response = post_with_csrf(editor_client, "/redaktion/runder",
                              f"/redaktion/runder/tryk/{dans}",
                              {"include": include, "round_id": str(round_id)})
    assert response.status_code == 302 and f"/redaktion/runder/{round_id}" in (
        response.headers["Location"])
    row = association_row(db, dans)
    assert (row["needs_print_decision"], row["include_in_print"]) == (0, expected)
    garbled = post_with_csrf(editor_client, "/redaktion/runder", f"/redaktion/runder/tryk/{dans}",
                             {"include": "måske"})
    assert garbled.status_code == 400
    missing = post_with_csrf(editor_client, "/redaktion/runder", "/redaktion/runder/tryk/999",
                             {"include": "1"})
    assert missing.status_code == 404


def test_garbled_association_ids_are_a_bad_request(editor_client, db, sent_round):
    round_id, _ = sent_round
    page = f"/redaktion/runder/{round_id}"
    for action in ("send", "breve"):
        response = post_with_csrf(editor_client, page, f"{page}/{action}",
                                  {"association_id": "1 OR 1=1"})
        assert response.status_code == 400
    assert editor_client.get("/redaktion/runder/999").status_code == 404


# Command line ---------------------------------------------------------------------------------


def test_round_send_and_remind_commands(runner, db, smtp, catalogue_entries):
    round_id = rounds.open_round(db, "Katalog 2027", deadline_in(30))
    result = runner.invoke(args=["round-send", str(round_id)])
    assert result.exit_code == 0, result.output
    assert "Sent 3 e-mails; 0 failed." in result.output and "1 associations have no e-mail" in (
        result.output)
    assert len(smtp.messages) == 3
    result = runner.invoke(args=["round-remind", str(round_id)])
    assert result.exit_code == 0 and "Sent 3 e-mails" in result.output
    assert [e["reminders"] for e in rounds.entries(db, round_id, "sent")] == [1, 1, 1]


@pytest.mark.parametrize("command", ["round-send", "round-remind"])
def test_round_commands_explain_bad_round_ids(runner, db, command):
    result = runner.invoke(args=[command, "42"])
    assert result.exit_code != 0 and "There is no update round 42" in result.output
    round_id = rounds.open_round(db, "Katalog 2027", deadline_in(30))
    rounds.close_round(db, round_id)
    result = runner.invoke(args=[command, str(round_id)])
    assert result.exit_code != 0 and "is closed" in result.output
    assert "Example: directory " + command in runner.invoke(args=[command, "--help"]).output


# Small pieces -------------------------------------------------------------------------------


@pytest.mark.parametrize(("iso", "text"), [
    ("2027-01-31", "31. januar 2027"), ("2026-05-01", "1. maj 2026"),
    ("2026-12-24T10:00:00+00:00", "24. december 2026")])  # fmt: skip
def test_danish_date(iso, text):
    assert rounds.danish_date(iso) == text


def test_only_changed_fields_are_proposed():
    record = dict.fromkeys(rounds.PROPOSAL_FIELDS, "") | {
        "target_groups": ["unge", "boern"], "free_trial": 1, "contact_name_public": 0}
    cleaned = dict(record) | {"target_groups": ["boern", "unge"], "free_trial": True,
                              "contact_name_public": True, "phone": "12 34 56 78"}
    assert rounds.changed_fields(record, cleaned) == {"contact_name_public": 1,
                                                      "phone": "12 34 56 78"}


def test_the_email_text_names_the_link_deadline_and_contact(app):
    settings = rounds.settings_from(app.config)
    round_ = {"name": "Katalog 2027", "deadline": "2027-01-31"}
    association = {"name": "Boldklubben Øst", "contact_name": ""}
    subject, body = rounds.invitation_text(settings, round_, association, "LINK")
    assert "Boldklubben Øst" in subject and "Kære Boldklubben Øst" in body
    assert "\nLINK\n" in body and "31. januar 2027" in body and CONTACT in body
    subject, body = rounds.invitation_text(settings, round_, association, "LINK", reminder=True)
    assert subject.startswith("Påmindelse") and "\nLINK\n" in body
