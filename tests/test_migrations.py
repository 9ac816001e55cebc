import pytest

from directory import migrations
from directory.db import connect


def test_fresh_database_gets_every_migration(tmp_path):
    db = connect(tmp_path / "x.db")
    applied = migrations.migrate(db)
    assert applied == [m.__name__ for m in migrations.MIGRATIONS]
    assert migrations.migrate(db) == []
    assert {"associations", "activities", "venues", "categories"} <= set(db.table_names())
    assert db["categories"].count == 11


def test_a_failing_migration_leaves_nothing_behind(tmp_path, monkeypatch):
    def m999_broken(db):
        db.execute("CREATE TABLE half (x)")
        raise RuntimeError("disk on fire")

    db = connect(tmp_path / "x.db")
    migrations.migrate(db)
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, m999_broken])
    with pytest.raises(RuntimeError):
        migrations.migrate(db)
    assert "half" not in db.table_names()
    assert 999 not in migrations.applied_versions(db)


def test_refuses_a_database_from_a_newer_program(tmp_path):
    db = connect(tmp_path / "x.db")
    migrations.migrate(db)
    db["_migrations"].insert({"version": 999, "name": "m999_future", "applied_at": "2030"})
    with pytest.raises(migrations.SchemaTooNew):
        migrations.migrate(db)
