"""A real server and Debian's Chromium for the browser tests.

The app runs under waitress on 127.0.0.1 in a background thread with its own
data folder. Playwright drives /usr/bin/chromium (it never downloads a browser)
and every request to another host is aborted and recorded: a test fails if
one was attempted.
"""

import re
import shutil
import socket
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from directory import catalogue, create_app, geo
from directory.db import connect, database_path, init_db, write_transaction
from directory.search import get_index

CHROMIUM = "/usr/bin/chromium"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}

# Venues in Aalborg Øst, a kilometre or more apart. An association is drawn at
# its venue, which is drawn too, so each place starts as a cluster of markers.
VENUES = {
    "trekanten": ("Trekanten", "Sebbersundvej 2A", 57.027647, 10.000873),
    "tornhoej": ("Tornhøj Idrætscenter", "", 57.04200, 10.04500),
    "bundgaard": ("Bundgaardsparken", "", 57.023552, 9.986208),
    "smedegaard": ("Smedegård Beboerhus", "", 57.06000, 10.01000),
}
# (name, categories, venue key or None, activities)
ASSOCIATIONS = [
    ("Tornhøj Fodboldklub", ["sport-og-motion"], "tornhoej",
     [{"title": "U10 træning", "weekdays": [1, 3], "start_time": "16:30", "end_time": "18:00"}]),
    ("Øst Svømmeklub", ["sport-og-motion"], "trekanten", []),
    ("Bundgaard Løbeklub", ["sport-og-motion", "sundhed"], "bundgaard", []),
    ("Koret Østlyd", ["kultur-og-kreativitet"], "smedegaard",
     [{"title": "Korprøve", "weekdays": [2], "start_time": "19:00", "end_time": "21:00"}]),
    ("Strikkecaféen <b>Trekanten</b>", ["faellesskab-og-samvaer"], "trekanten", []),
    ("Lektiecaféen uden sted", ["sprog-lektiehjaelp-og-uddannelse"], None, []),
]  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def browser_type_launch_args():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (scripts/test installs Debian's chromium package)")
    return {
        "executable_path": CHROMIUM,
        "headless": True,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"],
    }  # fmt: skip


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A Danish browser (Accept-Language da-DK): the site follows the browser's language,
    and the tests read the Danish interface unless they choose another (test_rtl.py)."""
    return {**browser_context_args, "locale": "da-DK"}


def fill_catalogue(app):
    """The default areas and a handful of associations with known places."""
    init_db(app)
    db = connect(database_path(app))
    try:
        geo.load_default_areas(db)
        venue_ids = {}
        with write_transaction(db):
            for key, (name, address, lat, lon) in VENUES.items():
                venue_ids[key] = catalogue.save_venue(
                    db, {"name": name, "address": address, "postcode": "9220",
                         "city": "Aalborg Øst", "latitude": lat, "longitude": lon})  # fmt: skip
        for name, categories, venue, activities in ASSOCIATIONS:
            record = {"name": name, "categories": categories, "activities": activities,
                      "venue_ids": [venue_ids[venue]] if venue else []}  # fmt: skip
            catalogue.save_association(db, record)
        geo.assign_areas(db)
        with app.app_context():
            get_index().rebuild(db)
    finally:
        db.conn.close()


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    data = tmp_path_factory.mktemp("browser-data")
    app = create_app({"TESTING": True, "DATA_DIR": str(data), "SECRET_KEY": "browser",
                      "MAP_TILE_URL": ""})  # fmt: skip
    fill_catalogue(app)
    yield app
    shutil.rmtree(data, ignore_errors=True)


@pytest.fixture(scope="session")
def live_server(live_app):
    """The base URL of the app served by waitress on a free local port."""
    from waitress.server import create_server

    server = create_server(live_app, host="127.0.0.1", port=free_port(), threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def base_url(live_server):
    """Replaces pytest-base-url's fixture (a session fixture written as a method, which
    pytest 9 warns about and our settings turn into an error); page.goto("/kort") works."""
    return live_server


@pytest.fixture
def tile_url(live_app):
    """Set MAP_TILE_URL for one test: tiles from a local port where nothing listens."""
    url = f"http://127.0.0.1:{free_port()}/{{z}}/{{x}}/{{y}}.png"
    live_app.config["MAP_TILE_URL"] = url
    yield url
    live_app.config["MAP_TILE_URL"] = ""


class Watch:
    """What a page tried to reach elsewhere and what it reported as errors."""

    def __init__(self):
        self.foreign: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []

    def errors(self, ignore_urls: str | None = None) -> list[str]:
        console = [
            text for text, url in self.console_errors
            if not (ignore_urls and url.startswith(ignore_urls))
        ]  # fmt: skip
        return console + self.page_errors


@pytest.fixture
def watch(page):
    """Abort (and record) every request not to this machine; collect console errors."""
    seen = Watch()

    def route(route):
        host = urlsplit(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            seen.foreign.append(route.request.url)
            route.abort()

    page.context.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and seen.console_errors.append(
        (m.text, (m.location or {}).get("url", ""))))  # fmt: skip
    page.on("pageerror", lambda error: seen.page_errors.append(str(error)))
    yield seen
    assert seen.foreign == [], f"the page tried to reach other hosts: {seen.foreign}"


# Added by the editing section (tests/browser/test_editor_flow.py) ----------------------

EDITING_EDITOR = ("browser-redaktor@kvarter.example", "en lang og god adgangskode",
                  "Bente Browser")  # fmt: skip


@pytest.fixture(scope="session")
def editing_editor(live_app):
    """An editor account in the served app's database: (email, password, name)."""
    from directory import auth

    db = connect(database_path(live_app))
    try:
        if not db.execute("SELECT 1 FROM users WHERE email = ?", [EDITING_EDITOR[0]]).fetchone():
            auth.create_user(db, EDITING_EDITOR[0], EDITING_EDITOR[1], name=EDITING_EDITOR[2])
    finally:
        db.conn.close()
    return EDITING_EDITOR


@pytest.fixture
def live_db(live_app):
    """A connection to the served app's database (changes made here are what the server sees)."""
    db = connect(database_path(live_app))
    yield db
    db.conn.close()


def log_in(page, live_server, live_db, email: str, password: str, name: str = ""):
    """Log the page in as an editor, creating the account on first use."""
    from directory import auth

    if not live_db.execute("SELECT 1 FROM users WHERE email = ?", [email]).fetchone():
        auth.create_user(live_db, email, password, name=name)
    page.goto(f"{live_server}/redaktion/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(re.compile(r"/redaktion/$"))
    return page
