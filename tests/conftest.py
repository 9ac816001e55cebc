import re

import pytest

from directory import create_app
from directory.db import connect, database_path, init_db
from directory.search import get_index


@pytest.fixture
def app(tmp_path):
    """An app with its own empty, migrated data folder (database and index)."""
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SECRET_KEY": "test"})
    init_db(app)
    yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def db(app):
    """A connection to the app's database, closed after the test."""
    database = connect(database_path(app))
    yield database
    database.conn.close()


@pytest.fixture
def index(app):
    with app.app_context():
        return get_index()


@pytest.fixture
def add(db, index):
    """Save an association (a record as for catalogue.save_association) and index it."""
    from directory import catalogue

    def add(name, **fields):
        record = {"name": name, **fields}
        association_id = catalogue.save_association(db, record, index=index)
        return catalogue.get_association_by_id(db, association_id)

    return add


EDITOR_PASSWORD = "en lang og god adgangskode"


@pytest.fixture
def make_user(db):
    """Create an account: make_user("anna@x.example", role="admin") -> its id."""
    from directory import auth

    def make_user(email="redaktor@kvarter.example", role="editor", name="Rie Redaktør"):
        return auth.create_user(db, email, EDITOR_PASSWORD, name=name, role=role)

    return make_user


@pytest.fixture
def csrf(client):
    """The CSRF token of the client's session, read from a page's form."""

    def token(path="/redaktion/login"):
        html = client.get(path).get_data(as_text=True)
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)

    return token


@pytest.fixture
def login(client, csrf):
    """Log the test client in: login(email) after make_user(email)."""

    def login(email="redaktor@kvarter.example", password=EDITOR_PASSWORD, test_client=None):
        who = test_client or client
        html = who.get("/redaktion/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
        response = who.post("/redaktion/login", data={
            "email": email, "password": password, "csrf_token": token})  # fmt: skip
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    return login


@pytest.fixture
def editor_client(client, make_user, login):
    """A client logged in as an editor."""
    make_user()
    login()
    return client
