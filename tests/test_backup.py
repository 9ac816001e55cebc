"""`directory backup` / `directory restore`: consistent under write load, validated, rebuilt."""

import json
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from directory import backup, catalogue, create_app
from directory.db import connect, database_path, init_db
from directory.search import Query, get_index


@pytest.fixture
def other_app(tmp_path):
    """A second, empty data folder to restore into."""
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "other"), "SECRET_KEY": "t"})
    return app


def _names(app) -> set[str]:
    db = connect(database_path(app))
    try:
        return {row[0] for row in db.execute("SELECT name FROM associations")}
    finally:
        db.conn.close()


class Writer(threading.Thread):
    """Saves associations one after another on its own connection; records each commit."""

    def __init__(self, app):
        super().__init__(daemon=True)
        self.app, self.committed, self.stop, self.error = app, [], threading.Event(), None

    def run(self):
        db = connect(database_path(self.app))
        try:
            number = 0
            while not self.stop.is_set():
                number += 1
                catalogue.save_association(db, {"name": f"Forening nummer {number}"})
                self.committed.append(f"Forening nummer {number}")  # after the commit
        except Exception as error:  # reported by the test
            self.error = error
        finally:
            db.conn.close()


def test_backup_under_write_load_restores_every_earlier_commit(app, other_app, tmp_path):
    writer = Writer(app)
    writer.start()
    while len(writer.committed) < 30:
        time.sleep(0.01)
    committed_before = list(writer.committed)
    manifest = backup.backup(app.config["DATA_DIR"], tmp_path / "backup")
    while len(writer.committed) < len(committed_before) + 30:  # writes go on during and after
        time.sleep(0.01)
    writer.stop.set()
    writer.join(30)
    assert writer.error is None

    with other_app.app_context():
        restored = backup.restore(tmp_path / "backup", other_app, index=get_index())
    names = _names(other_app)
    assert set(committed_before) <= names
    assert len(names) == manifest["associations"] == restored["associations"]
    assert len(names) < len(writer.committed)  # taken mid-way: later saves are not in it
    assert names <= set(writer.committed)
    db = connect(database_path(other_app))
    with other_app.app_context():
        index = get_index()
        assert index.is_current(db)
        assert index.search(Query(text=committed_before[-1], per_page=100)).total >= 1
    db.conn.close()


def test_data_files_travel_and_the_index_does_not(app, add, other_app, tmp_path):
    add("Tornhøj Fodboldklub")
    data = Path(app.config["DATA_DIR"])
    (data / "gazetteer.csv").write_text("address;latitude;longitude\n", encoding="utf-8")
    (data / "print").mkdir()
    (data / "print" / "katalog-2027.pdf").write_bytes(b"%PDF-1.7 booklet")
    manifest = backup.backup(data, tmp_path / "b")
    assert sorted(manifest["files"]) == ["directory.db", "gazetteer.csv", "print/katalog-2027.pdf"]
    assert not (tmp_path / "b" / "index").exists()
    backup.restore(tmp_path / "b", other_app)
    other = Path(other_app.config["DATA_DIR"])
    assert (other / "print" / "katalog-2027.pdf").read_bytes() == b"%PDF-1.7 booklet"
    assert _names(other_app) == {"Tornhøj Fodboldklub"}


def test_restore_refuses_to_overwrite_without_force(app, add, tmp_path):
    add("Tornhøj Fodboldklub")
    backup.backup(app.config["DATA_DIR"], tmp_path / "b")
    add("Added after the backup")
    with pytest.raises(backup.BackupError, match="--force"):
        backup.restore(tmp_path / "b", app)
    assert "Added after the backup" in _names(app)
    with app.app_context():
        backup.restore(tmp_path / "b", app, force=True, index=get_index())
    assert _names(app) == {"Tornhøj Fodboldklub"}
    db = connect(database_path(app))
    with app.app_context():
        assert get_index().is_current(db)
        assert get_index().search(Query(text="Added after")).total == 0
    db.conn.close()


def _damage_database(folder: Path):
    with open(folder / "directory.db", "r+b") as file:
        file.seek(5000)
        file.write(b"\xab" * 100)


def _forge_manifest(folder: Path):
    """A backup whose database changed after it was taken, manifest updated to match."""
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"]["directory.db"] = backup._sha256(folder / "directory.db")
    (folder / "manifest.json").write_text(json.dumps(manifest))


def _from_the_future(folder: Path):
    conn = sqlite3.connect(folder / "directory.db")
    conn.execute("INSERT INTO _migrations VALUES (999, 'm999_future', '2030-01-01')")
    conn.commit()
    conn.close()
    _forge_manifest(folder)


def _not_sqlite(folder: Path):
    (folder / "directory.db").write_bytes(b"not a database at all" * 500)
    _forge_manifest(folder)


@pytest.mark.parametrize("spoil, message", [
    (lambda f: (f / "manifest.json").unlink(), "is not a backup"),
    (lambda f: (f / "manifest.json").write_text("{"), "is not a backup"),
    (lambda f: (f / "directory.db").unlink(), "directory.db is missing"),
    (_damage_database, "directory.db has changed"),
    (_from_the_future, "newer version"),
    (_not_sqlite, "not a catalogue database"),
])  # fmt: skip
def test_restore_validates_the_backup(app, add, other_app, tmp_path, spoil, message):
    add("Tornhøj Fodboldklub")
    backup.backup(app.config["DATA_DIR"], tmp_path / "b")
    spoil(tmp_path / "b")
    with pytest.raises(backup.BackupError, match=message):
        backup.restore(tmp_path / "b", other_app)
    assert not backup.has_catalogue(other_app.config["DATA_DIR"])


def test_restore_applies_pending_migrations(app, add, other_app, tmp_path):
    add("Tornhøj Fodboldklub")
    backup.backup(app.config["DATA_DIR"], tmp_path / "b")
    conn = sqlite3.connect(tmp_path / "b" / "directory.db")
    conn.executescript("DELETE FROM _migrations WHERE version = 5;"  # as if taken before m005
                       "DROP TABLE edition_entries; DROP TABLE editions; DROP TABLE print_jobs;")
    conn.commit()
    conn.close()
    _forge_manifest(tmp_path / "b")
    backup.restore(tmp_path / "b", other_app, force=True)
    db = connect(database_path(other_app))
    assert 5 in {row["version"] for row in db["_migrations"].rows}
    assert {"editions", "edition_entries"} <= set(db.table_names())
    db.conn.close()


@pytest.mark.parametrize("prepare, message", [
    (lambda dest: dest.mkdir() or (dest / "x").write_text("x"), "not an empty folder"),
    (lambda dest: dest.write_text("a file"), "not an empty folder"),
])  # fmt: skip
def test_backup_refuses_a_used_destination(app, tmp_path, prepare, message):
    prepare(tmp_path / "dest")
    with pytest.raises(backup.BackupError, match=message):
        backup.backup(app.config["DATA_DIR"], tmp_path / "dest")


def test_backup_refuses_the_data_folder_itself(app):
    with pytest.raises(backup.BackupError, match="inside the data folder"):
        backup.backup(app.config["DATA_DIR"], Path(app.config["DATA_DIR"]) / "backups")


def test_commands(app, add, runner, tmp_path):
    add("Tornhøj Fodboldklub")
    result = runner.invoke(args=["backup", str(tmp_path / "b")])
    assert result.exit_code == 0 and "Backed up 1 associations" in result.output
    result = runner.invoke(args=["restore", str(tmp_path / "b")])
    assert result.exit_code == 1 and "--force" in result.output
    result = runner.invoke(args=["restore", str(tmp_path / "b"), "--force"])
    assert result.exit_code == 0 and "Restored 1 associations" in result.output
    result = runner.invoke(args=["backup", str(tmp_path / "b")])
    assert result.exit_code == 1 and "not an empty folder" in result.output


def test_restore_over_a_freshly_initialised_folder_needs_no_force(other_app, app, add, tmp_path):
    add("Tornhøj Fodboldklub")
    backup.backup(app.config["DATA_DIR"], tmp_path / "b")
    init_db(other_app)  # `directory init` first, as a new server's set-up does
    assert not backup.has_catalogue(other_app.config["DATA_DIR"])
    backup.restore(tmp_path / "b", other_app)
    assert _names(other_app) == {"Tornhøj Fodboldklub"}
