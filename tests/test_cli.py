import json

import pytest

from directory import catalogue, cli
from directory.cli import COMMANDS


def test_every_command_has_help_with_an_example(app, runner):
    """Every command any module registers, not only those of cli.py."""
    commands = app.cli.commands
    assert set(commands) >= {c.name for c in COMMANDS}
    for name, command in commands.items():
        result = runner.invoke(args=[name, "--help"])
        assert result.exit_code == 0, name
        assert command.help and "Example: directory" in command.help, name
        assert "Example: directory" in result.output, name


def test_init_is_idempotent(runner):
    assert "up to date" in runner.invoke(args=["init"]).output


def test_init_creates_a_fresh_data_folder(tmp_path, monkeypatch):
    from directory import create_app

    app = create_app({"DATA_DIR": str(tmp_path / "new"), "TESTING": True})
    result = app.test_cli_runner().invoke(args=["init"])
    assert result.exit_code == 0, result.output
    assert "m001_catalogue" in result.output
    assert (tmp_path / "new" / "directory.db").exists()


def test_commands_refuse_an_uninitialised_database(tmp_path):
    from directory import create_app

    app = create_app({"DATA_DIR": str(tmp_path / "nothing"), "TESTING": True})
    result = app.test_cli_runner().invoke(args=["reindex"])
    assert result.exit_code != 0
    assert "directory init" in result.output


def test_reindex_rebuilds_from_the_database(runner, db, client):
    catalogue.save_association(db, {"name": "Skakklubben Springeren"})  # index not told
    assert client.get("/api/associations?q=springeren").get_json()["total"] == 0
    result = runner.invoke(args=["reindex"])
    assert result.exit_code == 0, result.output
    assert "Indexed 1" in result.output
    assert client.get("/api/associations?q=springeren").get_json()["total"] == 1


def test_demo_loads_once_and_is_searchable(runner, client):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert client.get("/api/associations").get_json()["total"] >= 100
    assert "Demo:" in client.get("/").get_data(as_text=True)
    assert runner.invoke(args=["demo", "--if-empty"]).output == ""
    removed = runner.invoke(args=["demo", "--remove"])
    assert removed.exit_code == 0
    assert client.get("/api/associations").get_json()["total"] == 0


def test_demo_refuses_beside_real_data(runner, add):
    add("En rigtig forening")
    result = runner.invoke(args=["demo"])
    assert result.exit_code != 0
    assert "--force" in result.output


def test_import_export_through_the_cli(runner, tmp_path, client):
    source = tmp_path / "in.csv"
    source.write_text("name;categories\nBadmintonklubben;sport-og-motion\n", encoding="utf-8")
    dry = runner.invoke(args=["import", str(source), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert client.get("/api/associations").get_json()["total"] == 0
    done = runner.invoke(args=["import", str(source)])
    assert done.exit_code == 0, done.output
    assert client.get("/api/associations?q=badminton").get_json()["total"] == 1
    out = tmp_path / "out.xlsx"
    exported = runner.invoke(args=["export", str(out)])
    assert exported.exit_code == 0, exported.output
    assert out.stat().st_size > 0


def test_import_with_bad_rows_fails_and_writes_nothing(runner, tmp_path, client):
    source = tmp_path / "bad.csv"
    source.write_text("name,email\nGod forening,a@b.dk\n,x@y.dk\n", encoding="utf-8")
    result = runner.invoke(args=["import", str(source)])
    assert result.exit_code != 0
    assert "række 3" in result.output
    assert client.get("/api/associations").get_json()["total"] == 0


def test_console_script_lists_the_commands(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("DIRECTORY_DATA", str(tmp_path))
    monkeypatch.setattr("sys.argv", ["directory", "--help"])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 0
    output = capsys.readouterr().out
    for command in COMMANDS:
        assert command.name in output


def _square(lat: float, lon: float, half: float = 0.003) -> dict:
    ring = [[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half],
            [lon - half, lat + half], [lon - half, lat - half]]  # fmt: skip
    return {"type": "Polygon", "coordinates": [ring]}


def test_areas_can_be_added_from_geojson_and_removed(runner, db, index, client, tmp_path):
    with db.atomic():
        venue = catalogue.save_venue(db, {"name": "Trekanten", "latitude": 57.02765,
                                          "longitude": 10.00087})  # fmt: skip
    catalogue.save_association(db, {"name": "Strikkecaféen", "venue_ids": [venue]}, index=index)
    feature = {"type": "Feature", "properties": {"name": "Omkring Trekanten"},
               "geometry": _square(57.02765, 10.00087)}  # fmt: skip
    path = tmp_path / "area.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    added = runner.invoke(args=["area-add", str(path), "--source", "test"])
    assert added.exit_code == 0, added.output
    assert "omkring-trekanten\tOmkring Trekanten\tcustom\t1 inside" in runner.invoke(
        args=["areas"]).output  # fmt: skip
    facet = client.get("/api/associations").get_json()["facets"]["area"]
    assert {"value": "omkring-trekanten", "label": "Omkring Trekanten", "count": 1} in facet
    removed = runner.invoke(args=["area-remove", "omkring-trekanten"])
    assert removed.exit_code == 0, removed.output
    facet = client.get("/api/associations").get_json()["facets"].get("area", [])
    assert "omkring-trekanten" not in {value["value"] for value in facet}


@pytest.mark.parametrize(
    "content",
    ["not json", json.dumps({"type": "Point", "coordinates": [10, 57]}),
     json.dumps({"type": "Feature", "properties": {"name": "Paris"},
                 "geometry": _square(48.85, 2.35)})],
)  # fmt: skip
def test_bad_area_files_are_refused_and_change_nothing(runner, tmp_path, content):
    before = runner.invoke(args=["areas"]).output
    path = tmp_path / "bad.geojson"
    path.write_text(content)
    result = runner.invoke(args=["area-add", str(path)])
    assert result.exit_code != 0
    assert "Error:" in result.output
    assert runner.invoke(args=["areas"]).output == before


def test_geocode_places_venues_from_the_gazetteer(runner, db, index, client):
    with db.atomic():
        known = catalogue.save_venue(db, {"name": "Biblioteket", "address": "Sebbersundvej 2 A",
                                          "postcode": "9220"})  # fmt: skip
        unknown = catalogue.save_venue(db, {"name": "Hemmeligt sted", "address": "Ingenvej 1"})
    catalogue.save_association(db, {"name": "Læseklubben", "venue_ids": [known]}, index=index)
    catalogue.save_association(db, {"name": "Gemt klub", "venue_ids": [unknown]}, index=index)
    result = runner.invoke(args=["geocode"])
    assert result.exit_code == 0, result.output
    assert "Cannot place: Hemmeligt sted (Ingenvej 1)" in result.output
    assert "1 venue(s) without coordinates" in result.output
    placed = db["venues"].get(known)
    assert abs(placed["latitude"] - 57.0276) < 0.001
    names = {f["properties"]["name"] for f in
             client.get("/api/associations.geojson").get_json()["features"]}  # fmt: skip
    assert "Læseklubben" in names and "Gemt klub" not in names
