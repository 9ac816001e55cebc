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
