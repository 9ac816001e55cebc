"""Crash safety: SIGKILL in the middle of an import and of a reindex, then restart.

Each test runs the real `directory` command in a subprocess, waits until it is
provably in the middle of its work, kills it with SIGKILL and restarts: the
database must be exactly as before the import (or exactly as after it), and
the search index must match the database.

"In the middle" is observed from outside, with no hook in the code: an import
writes in one transaction, so it is in the middle while it holds the
database's write lock (a probe's BEGIN IMMEDIATE fails); a reindex builds a
new index beside the one in use, so it is in the middle while a second
index's files exist in the index folder and state.json still names the old one.
"""

import csv
import importlib.util
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from importlib.machinery import SourceFileLoader
from pathlib import Path

import pytest

from directory import catalogue, create_app, geo, migrations
from directory.db import connect, database_path, init_db
from directory.search import INDEX_PREFIX, Query, SearchIndex, get_index

ROOT = Path(__file__).resolve().parent.parent
GENERATED_AT = "2025-01-01T00:00:00+00:00"  # bench_search's stamp on what it generates
TABLES = ("associations", "venues", "activities", "association_categories", "association_venues",
          "revisions", "meta")  # fmt: skip

pytestmark = pytest.mark.slow


def load_generator():
    """scripts/bench_search's catalogue generator (bulk inserts, realistic text)."""
    loader = SourceFileLoader("bench_search", str(ROOT / "scripts" / "bench_search"))
    spec = importlib.util.spec_from_loader("bench_search", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module.generate


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    init_db(create_app({"TESTING": True, "DATA_DIR": str(folder), "SECRET_KEY": "test"}))
    return folder


def generate(folder: Path, size: int):
    db = connect(folder / "directory.db")
    load_generator()(db, size)
    geo.assign_areas(db)
    db.conn.commit()
    SearchIndex(folder / "index").rebuild(db)
    db.conn.close()


def start(folder: Path, *args: str) -> subprocess.Popen:
    """`directory ARGS...` on the data folder, as an operator would run it."""
    env = {**os.environ, "DIRECTORY_DATA": str(folder), "DIRECTORY_SECRET_KEY": "crash-test-" * 4}
    command = [sys.executable, "-c", "from directory.cli import main; main()", *args]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip


def run(folder: Path, *args: str) -> str:
    process = start(folder, *args)
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err
    return out


def snapshot(folder: Path) -> dict:
    conn = sqlite3.connect(folder / "directory.db")
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in TABLES}
    finally:
        conn.close()


def wait_until(condition, process: subprocess.Popen, timeout: float = 120.0):
    deadline = time.monotonic() + timeout
    while not condition():
        out = process.poll()
        assert out is None, f"finished before it could be killed: {process.communicate()}"
        assert time.monotonic() < deadline, "never got to the middle"
        time.sleep(0.002)


def kill(process: subprocess.Popen):
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL


def write_locked(folder: Path) -> bool:
    """Another connection holds the write lock (is inside a write transaction)."""
    conn = sqlite3.connect(folder / "directory.db", timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as error:
        assert "locked" in str(error)
        return True
    finally:
        conn.close()


GENERATED_SAMPLE = 150  # generated entries searched by name (every 1 in N); all others are


def assert_index_matches(folder: Path):
    """The index is current, holds exactly the database's associations, and a search by
    name finds each entry the test wrote (and a sample of the generated background
    catalogue, whose ids are all checked but whose fuzzy names make searches slow)."""
    db = connect(folder / "directory.db")
    try:
        assert not migrations.pending(db)
        index = SearchIndex(folder / "index")
        assert index.is_current(db)
        names = dict(db.execute("SELECT id, name FROM associations").fetchall())
        every = Query(per_page=100, include_closed=True)
        assert sorted(index.matching_ids(every)) == sorted(names)
        generated = db.execute("SELECT max(id) FROM associations WHERE created_at = ?",
                               [GENERATED_AT]).fetchone()[0] or 0  # fmt: skip
        step = max(1, generated // GENERATED_SAMPLE)
        for association_id, name in names.items():
            if association_id <= generated and association_id % step:
                continue
            found = index.matching_ids(Query(text=name, include_closed=True))
            assert association_id in found, name
    finally:
        db.conn.close()


def write_import_file(path: Path, rows: int):
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(["navn", "kategori", "kort beskrivelse", "aktiviteter", "sted", "adresse",
                         "postnr"])  # fmt: skip
        for number in range(1, rows + 1):
            writer.writerow([
                f"Nedbrudsforeningen nummer {number}", "sport-og-motion",
                f"Kort beskrivelse af forening {number}", "tirsdag 16-18",
                f"Hal {number % 50}", f"Tornhøjvej {number % 50 + 1}", "9220",
            ])  # fmt: skip


def test_import_killed_in_its_transaction_leaves_the_database_as_before(data, tmp_path):
    generate(data, 300)
    write_import_file(tmp_path / "big.csv", 2000)
    before = snapshot(data)

    process = start(data, "import", str(tmp_path / "big.csv"))
    wait_until(lambda: write_locked(data), process)
    kill(process)

    assert snapshot(data) == before
    assert_index_matches(data)  # nothing changed, so the old index is still right

    assert "oprettet" in run(data, "import", str(tmp_path / "big.csv")).lower()
    after = snapshot(data)
    assert len(after["associations"]) == len(before["associations"]) + 2000
    assert_index_matches(data)


@pytest.mark.parametrize("delay", [1.0, 2.5])
def test_import_killed_at_any_moment_is_all_or_nothing(data, tmp_path, delay):
    """Killed wherever it happens to be (planning, writing, committing, indexing)."""
    generate(data, 300)
    write_import_file(tmp_path / "big.csv", 1000)
    before = snapshot(data)
    process = start(data, "import", str(tmp_path / "big.csv"))
    time.sleep(delay)
    if process.poll() is None:
        kill(process)
    else:
        process.communicate()  # it finished first: close its pipes
    after = snapshot(data)
    count = len(after["associations"]) - len(before["associations"])
    assert count in (0, 1000)
    if count == 0:
        assert after == before
    run(data, "reindex")  # what `directory serve` does at start when the index is behind
    assert_index_matches(data)


def _new_index_started(folder: Path, old: str) -> bool:
    names = {p.name.lstrip("_") for p in (folder / "index").iterdir()}
    started = any(n.startswith(INDEX_PREFIX) and not n.startswith(old) for n in names)
    state = json.loads((folder / "index" / "state.json").read_text())
    return started and state["index"] == old


def test_reindex_killed_mid_build_keeps_the_old_index(data):
    generate(data, 2000)
    old = json.loads((data / "index" / "state.json").read_text())["index"]
    db = connect(data / "directory.db")
    catalogue.save_association(db, {"name": "Tilføjet før genopbygningen"})  # index stale
    db.conn.close()
    before = snapshot(data)

    process = start(data, "reindex")
    wait_until(lambda: _new_index_started(data, old), process)
    kill(process)

    assert snapshot(data) == before
    state = json.loads((data / "index" / "state.json").read_text())
    assert state["index"] == old  # searches go on with the complete old index
    app = create_app({"TESTING": True, "DATA_DIR": str(data), "SECRET_KEY": "test"})
    with app.app_context():
        db = connect(database_path(app))
        assert get_index().search(Query(text="Tilføjet før")).total == 0  # stale, not broken
        assert get_index().ensure_current(db)  # the restart: `directory serve` does this
        db.conn.close()
    assert_index_matches(data)
    leftovers = {p.name.lstrip("_")[: len(INDEX_PREFIX) + 12] for p in (data / "index").iterdir()
                 if p.name.lstrip("_").startswith(INDEX_PREFIX)}  # fmt: skip
    assert len(leftovers) == 1  # the killed build's files were cleared away
