import csv
import io
import random
import sqlite3
from datetime import date, datetime

import openpyxl
import pytest

from directory import catalogue, create_app
from directory.db import connect, database_path, init_db, write_transaction
from directory.search import Query
from directory.spreadsheet import (
    COLUMNS,
    ExportFailed,
    ImportFailed,
    apply_import,
    export_file,
    import_file,
    normalise_header,
    plan_import,
    read_rows,
)

GOOD = {"name": "Bridgeklubben Øst", "categories": "Fællesskab og samvær", "address": "Tornhøj 2"}


def write_csv(path, rows, encoding="utf-8", delimiter=","):
    """A CSV as an editor's spreadsheet program would save it; rows[0] is the header."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def table(*records: dict) -> list[list[str]]:
    """Header + rows from dicts (the header is the first dict's keys)."""
    header = list(records[0])
    return [header] + [[record.get(column, "") for column in header] for record in records]


def write_xlsx(path, rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def count(db, table_name="associations") -> int:
    return db.execute(f"SELECT count(*) FROM {table_name}").fetchone()[0]


def association(db, name) -> dict:
    return catalogue.get_association(db, catalogue.slugify(name))


# Reading files ----------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("delimiter", [",", ";"])
def test_reads_csv_in_each_encoding_and_separator(db, tmp_path, encoding, delimiter):
    rows = table(
        {"name": "Ældreklubben Ådalen", "description": "Kaffe, kage; og hygge",
         "address": "Ådalen 3"},
        {"name": "Børnenes Værksted", "description": "Søm & sav", "address": "Østervej 1"},
    )  # fmt: skip
    path = write_csv(tmp_path / "foreninger.csv", rows, encoding, delimiter)

    report = import_file(db, path)

    assert report.created == 2 and report.ok, str(report)
    stored = association(db, "Ældreklubben Ådalen")
    assert stored["name"] == "Ældreklubben Ådalen"
    assert stored["description"] == "Kaffe, kage; og hygge"
    assert stored["venues"][0]["address"] == "Ådalen 3"


def test_reads_xlsx_with_typed_cells(db, tmp_path):
    path = write_xlsx(
        tmp_path / "foreninger.xlsx",
        [
            ["Navn", "Postnummer", "Adresse", "Breddegrad", "Længdegrad", "Telefon",
             "wheelchair_access", "last_verified"],
            ["Skakklubben Øst", 9220, "Tornhøj 2", 57.0269, 9.9891, 12345678, True,
             datetime(2024, 5, 31)],
        ],
    )  # fmt: skip

    report = import_file(db, path)

    assert report.ok, str(report)
    stored = association(db, "Skakklubben Øst")
    assert stored["phone"] == "12 34 56 78"
    assert stored["wheelchair_access"] == 1
    assert stored["last_verified"] == "2024-05-31"
    venue = stored["venues"][0]
    assert (venue["name"], venue["address"], venue["postcode"]) == (
        "Tornhøj 2",
        "Tornhøj 2",
        "9220",
    )
    assert (venue["latitude"], venue["longitude"]) == (57.0269, 9.9891)


def test_multi_line_cells_keep_row_numbers(db, tmp_path):
    rows = table(
        {"name": "A", "description": "linje 1\r\nlinje 2"},
        {"name": "", "description": ""},
        {"name": "", "description": "uden navn"},
    )
    path = write_csv(tmp_path / "f.csv", rows)
    report = import_file(db, path, dry_run=True)
    assert report.plan.errors == ["række 4: navn mangler"]  # row 3 is blank and skipped


@pytest.mark.parametrize(
    "header, column",
    [("Navn", "name"), (" NAME ", "name"), ("Kategorier", "categories"),
     ("Kort beskrivelse", "short_description"), ("Beskrivelse", "description"),
     ("Aktiviteter", "activities"), ("Sted", "venue"), ("Adresse", "address"),
     ("Postnr.", "postcode"), ("Postnummer", "postcode"), ("By", "city"),
     ("Hjemmeside", "website"), ("E-mail", "email"), ("Telefon", "phone"), ("Tlf.", "phone"),
     ("Målgrupper", "target_groups"), ("Sprog", "languages"), ("Andre steder", "other_venues"),
     ("short-description", "short_description"), ("Farve", "farve")],
)  # fmt: skip
def test_header_aliases(header, column):
    assert normalise_header(header) == column


def test_every_documented_column_is_known():
    for column in COLUMNS:
        assert normalise_header(column) == column


def file_with(tmp_path, name, content: bytes):
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("f.ods", b"name\nA\n", "kan kun importere .csv- og .xlsx-filer"),
        ("f.xlsx", b"name;A\n", "er ikke en gyldig XLSX-fil"),
        ("f.csv", b"", "er tom"),
        ("f.csv", b"\n;;\n", "er tom"),
        ("f.csv", b"titel;by\nA;Aalborg\n", "skal have kolonnen 'name'"),
        ("f.csv", b"n\x00a\x00m\x00e\x00", "er ikke en CSV-tekstfil"),
        ("f.csv", b"name;navn\nA;B\n", "kolonnen 'name' står to gange"),
        ("f.csv", b"name\n\x81\x8d\xff\n", "tegnsættet kendes ikke"),
    ],
)
def test_unreadable_files_fail_clearly(db, tmp_path, name, content, message):
    path = file_with(tmp_path, name, content)
    with pytest.raises(ImportFailed, match=message):
        import_file(db, path)
    assert count(db) == 0


def test_missing_file_fails_clearly(db, tmp_path):
    with pytest.raises(ImportFailed, match="findes ikke"):
        import_file(db, tmp_path / "nope.csv")


def test_unknown_columns_are_reported_and_the_rest_imported(db, tmp_path):
    path = write_csv(tmp_path / "f.csv", table({"name": "A", "Farve": "blå", "Note": "x"}))
    report = import_file(db, path)
    assert report.plan.warnings == [
        "ukendt kolonne 'Farve' bliver ikke importeret",
        "ukendt kolonne 'Note' bliver ikke importeret",
    ]
    assert "advarsel: ukendt kolonne 'Farve' bliver ikke importeret" in report.lines()
    assert report.created == 1


def test_data_in_a_column_without_header_is_reported(db, tmp_path):
    path = write_csv(tmp_path / "f.csv", [["name", ""], ["A", "løst"]])
    assert import_file(db, path).plan.warnings == [
        "ukendt kolonne 'kolonne 2' bliver ikke importeret"
    ]


# Bad rows ---------------------------------------------------------------------------

BAD_ROWS = [
    ({"name": "", "email": "a@b.dk"}, "navn mangler"),
    ({"email": "foo@"}, "e-mail 'foo@' er ikke gyldig"),
    ({"postcode": "922", "address": "Tornhøj 2"}, "postnummer '922' skal være fire cifre"),
    ({"short_description": "x" * 201}, "kort beskrivelse er 201 tegn; højst 200"),
    ({"categories": "Sport og motion; Strik"}, "kategori 'Strik' kendes ikke; brug en af: Sport"),
    ({"activities": "Fodbold: hver tredje uge"}, "aktiviteten 'Fodbold': forstår ikke"),
    ({"latitude": "0", "longitude": "0", "address": "X"}, "koordinaterne 0, 0 er ikke et sted"),
    ({"phone": "1234"}, "telefon '1234' er ikke et dansk telefonnummer"),
    ({"website": "ftp://x.dk"}, "hjemmeside 'ftp://x.dk' skal begynde med http"),
    ({"free_of_charge": "måske"}, "gratis 'måske' skal være ja eller nej"),
    ({"languages": "klingon"}, "sprog 'klingon' kendes ikke"),
    ({"status": "væk"}, "status 'væk' kendes ikke"),
    ({"last_verified": "31-02-2024"}, "senest bekræftet '31-02-2024' er ikke en gyldig dato"),
    ({"slug": "Min Klub"}, "slug 'Min Klub' må kun indeholde a-z"),
    ({"postcode": "9220", "city": "Aalborg"}, "postnummer, by og koordinater kræver et sted"),
    ({"name": "Bridgeklubben Øst"}, "'Bridgeklubben Øst' står også i række 2"),
]


@pytest.mark.parametrize("bad, message", BAD_ROWS)
def test_bad_row_is_reported_with_row_number_and_nothing_is_written(db, tmp_path, bad, message):
    rows = [GOOD, {"name": "Anden forening", **bad}, {"name": "Tredje forening"}]
    header = list(dict.fromkeys(["name", *GOOD, *bad]))
    path = write_csv(tmp_path / "f.csv", [header] + [[r.get(c, "") for c in header] for r in rows])
    version = catalogue.catalogue_version(db)

    report = import_file(db, path)

    assert len(report.plan.errors) == 1
    assert report.plan.errors[0].startswith(f"række 3: {message}"), report.plan.errors
    assert f"række 3: {message}" in str(report)
    assert "Intet er gemt" in str(report)
    assert (report.failed, report.written, report.ok) == (1, False, False)
    assert count(db) == 0 and count(db, "venues") == 0
    assert catalogue.catalogue_version(db) == version


def test_several_errors_in_one_row_are_all_reported(db, tmp_path):
    path = write_csv(tmp_path / "f.csv", table({"name": "A", "email": "x", "phone": "1"}))
    errors = import_file(db, path).plan.errors
    assert errors == [
        "række 2: e-mail 'x' er ikke gyldig",
        "række 2: telefon '1' er ikke et dansk telefonnummer med 8 cifre",
    ]


def test_skip_invalid_imports_the_good_rows_and_reports_the_rest(db, tmp_path):
    path = write_csv(
        tmp_path / "f.csv",
        table({"name": "God", "email": "a@b.dk"}, {"name": "Dårlig", "email": "foo@"},
              {"name": "Også god", "email": ""}),
    )  # fmt: skip
    version = catalogue.catalogue_version(db)

    report = import_file(db, path, skip_invalid=True)

    assert (report.created, report.failed, report.written) == (2, 1, True)
    assert report.plan.errors == ["række 3: e-mail 'foo@' er ikke gyldig"]
    assert "De gyldige rækker er gemt" in str(report)
    assert sorted(r["name"] for r in db["associations"].rows) == ["God", "Også god"]
    assert catalogue.catalogue_version(db) == version + 1


def test_dry_run_shows_the_plan_and_writes_nothing(db, tmp_path):
    catalogue.save_association(db, {"name": "Skakklubben", "email": "gammel@skak.dk"})
    path = write_csv(
        tmp_path / "f.csv",
        table({"name": "Skakklubben", "email": "ny@skak.dk", "phone": ""},
              {"name": "Ny forening", "email": "", "phone": "12345678"}),
    )  # fmt: skip
    version = catalogue.catalogue_version(db)

    report = import_file(db, path, dry_run=True)

    assert report.lines() == [
        "Prøvekørsel: intet er gemt.",
        "række 2: opdatér 'Skakklubben' (email)",
        "række 3: opret 'Ny forening'",
        "oprettet: 1, opdateret: 1, uændret: 0, fejl: 0",
    ]
    assert catalogue.catalogue_version(db) == version
    assert association(db, "Skakklubben")["email"] == "gammel@skak.dk"
    assert count(db) == 1


# Updating and idempotence -------------------------------------------------------------


def test_importing_the_same_file_twice_changes_nothing(db, tmp_path):
    rows = table(
        {"name": "Fodboldklubben Øst", "categories": "sport-og-motion; Børn og unge",
         "activities": "Fodbold U10: tir og tor 16.30-18; 8-11 år; sted: Hallen",
         "venue": "Tornhøjhallen", "address": "Tornhøj 2", "postcode": "9220",
         "latitude": "57,0269", "longitude": "9,9891", "phone": "+45 12345678",
         "website": "www.fodbold.dk", "target_groups": "børn", "languages": "da, ar",
         "free_of_charge": "x", "last_verified": "31-05-2024", "other_venues": "Skolen"},
        {"name": "Strikkecafeen", "categories": "", "activities": "", "venue": "Tornhøjhallen",
         "address": "Tornhøj 2", "postcode": "9220", "latitude": "57,0269", "longitude": "9,9891",
         "phone": "", "website": "", "target_groups": "", "languages": "",
         "free_of_charge": "", "last_verified": "", "other_venues": ""},
    )  # fmt: skip
    path = write_csv(tmp_path / "f.csv", rows, delimiter=";")
    first = import_file(db, path)
    assert (first.created, first.ok) == (2, True), str(first)
    version = catalogue.catalogue_version(db)
    before = [association(db, n) for n in ("Fodboldklubben Øst", "Strikkecafeen")]

    second = import_file(db, path)

    assert (second.unchanged, second.created, second.updated) == (2, 0, 0), str(second)
    assert second.written is False
    assert catalogue.catalogue_version(db) == version
    assert [association(db, n) for n in ("Fodboldklubben Øst", "Strikkecafeen")] == before


def test_update_lists_changed_columns_and_bumps_the_version_once(db, tmp_path):
    catalogue.save_association(db, {"name": "A", "email": "a@a.dk", "categories": ["aeldre"]})
    catalogue.save_association(db, {"name": "B", "phone": "11 11 11 11"})
    version = catalogue.catalogue_version(db)
    path = write_csv(
        tmp_path / "f.csv",
        table({"name": "A", "email": "a@a.dk", "phone": "", "categories": "Ældre; Sundhed"},
              {"name": "B", "email": "", "phone": "22222222", "categories": ""}),
    )  # fmt: skip

    report = import_file(db, path)

    assert [(r.action, r.changed) for r in report.plan.results] == [
        ("update", ["categories"]),
        ("update", ["phone"]),
    ]
    assert catalogue.catalogue_version(db) == version + 1
    assert [c["slug"] for c in association(db, "A")["categories"]] == ["aeldre", "sundhed"]
    assert association(db, "B")["phone"] == "22 22 22 22"


def test_columns_left_out_are_left_unchanged(db, tmp_path):
    catalogue.save_association(
        db, {"name": "A", "email": "a@a.dk", "description": "Lang tekst", "categories": ["aeldre"]}
    )
    path = write_csv(tmp_path / "f.csv", table({"name": "A", "email": "ny@a.dk"}))
    import_file(db, path)
    stored = association(db, "A")
    assert (stored["email"], stored["description"]) == ("ny@a.dk", "Lang tekst")
    assert [c["slug"] for c in stored["categories"]] == ["aeldre"]


def test_matches_by_slug_so_a_row_can_rename(db, tmp_path):
    catalogue.save_association(db, {"name": "Gammelt navn", "slug": "klubben"})
    path = write_csv(tmp_path / "f.csv", table({"slug": "klubben", "name": "Nyt navn"}))
    report = import_file(db, path)
    assert [(r.action, r.changed) for r in report.plan.results] == [("update", ["name"])]
    assert catalogue.get_association(db, "klubben")["name"] == "Nyt navn"
    assert count(db) == 1


def test_matches_by_name_ignoring_case_and_keeps_the_slug(db, tmp_path):
    catalogue.save_association(db, {"name": "Bridge Øst", "slug": "bridge-oest-2"})
    path = write_csv(tmp_path / "f.csv", table({"name": "BRIDGE ØST", "email": "b@b.dk"}))
    import_file(db, path)
    stored = catalogue.get_association(db, "bridge-oest-2")
    assert (stored["name"], stored["email"]) == ("BRIDGE ØST", "b@b.dk")


def test_ambiguous_names_need_a_slug(db, tmp_path):
    catalogue.save_association(db, {"name": "Klubben"})
    catalogue.save_association(db, {"name": "Klubben"})
    path = write_csv(tmp_path / "f.csv", table({"name": "Klubben", "email": "k@k.dk"}))
    assert import_file(db, path).plan.errors == [
        "række 2: flere foreninger hedder 'Klubben'; udfyld kolonnen slug"
    ]


def test_new_slug_is_kept(db, tmp_path):
    path = write_csv(tmp_path / "f.csv", table({"slug": "eget-navn", "name": "Klub"}))
    import_file(db, path)
    assert catalogue.get_association(db, "eget-navn")["name"] == "Klub"


def test_categories_by_slug_or_label_in_any_case(db, tmp_path):
    path = write_csv(
        tmp_path / "f.csv", table({"name": "A", "categories": "SPORT-OG-MOTION; børn og unge"})
    )
    import_file(db, path)
    assert [c["slug"] for c in association(db, "A")["categories"]] == [
        "sport-og-motion",
        "boern-og-unge",
    ]


def test_plan_is_made_again_when_applied(db, tmp_path):
    """A plan shown earlier is not applied blindly: the database may have changed since."""
    plan = plan_import(db, [{"name": "Klubben", "email": "k@k.dk"}])
    assert plan.results[0].action == "create"
    catalogue.save_association(db, {"name": "Klubben"})

    report = apply_import(db, plan)

    assert [(r.action, r.changed) for r in report.plan.results] == [("update", ["email"])]
    assert count(db) == 1


def test_a_failure_while_writing_leaves_the_database_as_it_was(db, tmp_path):
    db.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON associations WHEN NEW.name = 'Bom' "
        "BEGIN SELECT RAISE(ABORT, 'refused'); END"
    )
    catalogue.save_association(db, {"name": "Findes", "email": "f@f.dk"})
    version = catalogue.catalogue_version(db)
    path = write_csv(
        tmp_path / "f.csv",
        table({"name": "Findes", "email": "ny@f.dk", "venue": "Hallen"},
              {"name": "Ny", "email": "", "venue": "Hallen"},
              {"name": "Bom", "email": "", "venue": "Hallen"}),
    )  # fmt: skip

    with pytest.raises(sqlite3.IntegrityError, match="refused"):
        import_file(db, path)

    assert not db.conn.in_transaction
    assert [r["name"] for r in db["associations"].rows] == ["Findes"]
    assert association(db, "Findes")["email"] == "f@f.dk"
    assert count(db, "venues") == 0
    assert catalogue.catalogue_version(db) == version


def test_import_updates_the_search_index(db, index, tmp_path):
    catalogue.save_association(db, {"name": "Skakklubben"})
    index.rebuild(db)
    path = write_csv(
        tmp_path / "f.csv",
        table({"name": "Skakklubben", "description": "Vi spiller lynskak"},
              {"name": "Petanqueklubben", "description": "Kugler i parken"}),
    )  # fmt: skip

    import_file(db, path, index=index)

    assert index.is_current(db)
    assert [h.name for h in index.search(Query(text="lynskak")).hits] == ["Skakklubben"]
    assert [h.name for h in index.search(Query(text="petanqueklubben")).hits] == ["Petanqueklubben"]


# Venues ---------------------------------------------------------------------------------


def test_rows_share_a_venue_and_activities_find_venues_by_name(db, tmp_path):
    path = write_csv(
        tmp_path / "f.csv",
        table(
            {"name": "A", "venue": "", "address": "", "postcode": "",
             "activities": "Fodbold: tirsdag; sted: tornhøjhallen"},
            {"name": "B", "venue": "Tornhøjhallen", "address": "Tornhøj 2", "postcode": "9220",
             "activities": ""},
            {"name": "C", "venue": "TORNHØJHALLEN", "address": "", "postcode": "",
             "activities": "Yoga: onsdag; sted: Trekanten"},
        ),
    )  # fmt: skip

    report = import_file(db, path)

    assert report.ok, str(report)
    venues = {v["name"]: v for v in db["venues"].rows}
    assert set(venues) == {"Tornhøjhallen", "Trekanten"}
    assert venues["Tornhøjhallen"]["address"] == "Tornhøj 2"
    assert "række 4: advarsel: stedet 'Trekanten' findes ikke og oprettes kun med navnet" in (
        report.lines()
    )
    assert association(db, "A")["activities"][0]["venue"]["name"] == "Tornhøjhallen"
    assert [v["name"] for v in association(db, "C")["venues"]] == ["Tornhøjhallen"]
    assert import_file(db, path).unchanged == 3  # a name's case alone is no change


def test_venue_found_by_address_when_unnamed(db, tmp_path):
    with write_transaction(db):
        catalogue.save_venue(
            db, {"name": "Trekanten", "address": "Trekanten 1", "postcode": "9220"}
        )
    path = write_csv(
        tmp_path / "f.csv", table({"name": "A", "address": "trekanten 1", "postcode": "9220"})
    )
    import_file(db, path)
    assert [v["name"] for v in association(db, "A")["venues"]] == ["Trekanten"]
    assert count(db, "venues") == 1


def test_row_updates_the_details_of_an_existing_venue(db, tmp_path):
    with write_transaction(db):
        venue_id = catalogue.save_venue(db, {"name": "Hallen", "address": "Gammelvej 1"})
    catalogue.save_association(db, {"name": "A", "venue_ids": [venue_id]})
    catalogue.save_association(db, {"name": "B", "venue_ids": [venue_id]})
    path = write_csv(
        tmp_path / "f.csv", table({"name": "A", "venue": "Hallen", "address": "Nyvej 2"})
    )

    report = import_file(db, path)

    assert [(r.action, r.changed) for r in report.plan.results] == [("update", ["address"])]
    assert association(db, "B")["venues"][0]["address"] == "Nyvej 2"
    assert sorted(report.changed_ids) == sorted(r["id"] for r in db["associations"].rows)


def test_rows_disagreeing_about_a_venue_is_an_error(db, tmp_path):
    path = write_csv(
        tmp_path / "f.csv",
        table({"name": "A", "venue": "Hallen", "address": "Vej 1"},
              {"name": "B", "venue": "Hallen", "address": "Vej 2"}),
    )  # fmt: skip
    assert import_file(db, path).plan.errors == [
        "række 3: stedet 'Hallen' har andre oplysninger (address) end i række 2"
    ]
    assert count(db, "venues") == 0


def test_emptying_venue_columns_unlinks_but_keeps_the_venue(db, tmp_path):
    with write_transaction(db):
        venue_id = catalogue.save_venue(db, {"name": "Hallen", "address": "Vej 1"})
    catalogue.save_association(db, {"name": "A", "venue_ids": [venue_id]})
    path = write_csv(tmp_path / "f.csv", table({"name": "A", "venue": "", "address": ""}))
    report = import_file(db, path)
    assert [(r.action, r.changed) for r in report.plan.results] == [("update", ["venue"])]
    assert association(db, "A")["venues"] == []
    assert count(db, "venues") == 1


# Export and round trip --------------------------------------------------------------------


def build_catalogue(db):
    """Varied associations: every column filled somewhere, shared and bare venues."""
    with write_transaction(db):
        hall = catalogue.save_venue(
            db, {"name": "Tornhøjhallen", "address": "Tornhøj 2", "postcode": "9220",
                 "city": "Aalborg Øst", "latitude": 57.0269123, "longitude": 9.9891456},
        )  # fmt: skip
        school = catalogue.save_venue(
            db, {"name": "Mellervangskolen", "address": "Mellervangsvej 2", "postcode": "9220"}
        )
        bare = catalogue.save_venue(db, {"name": "Parken ved søen"})
    catalogue.save_association(
        db,
        {
            "name": "Fodboldklubben Øst",
            "slug": "fodbold",
            "categories": ["sport-og-motion", "boern-og-unge"],
            "short_description": "Fodbold for børn og voksne – æøå",
            "description": 'Første linje.\n\nAnden linje; med "citat" og komma, og = tegn.',
            "website": "https://www.fodbold-oest.dk",
            "email": "info@fodbold.dk",
            "phone": "12 34 56 78",
            "target_groups": ["boern", "unge"],
            "languages": ["da", "ar"],
            "contact_name": "Anna Hansen",
            "contact_role": "Formand",
            "contact_phone": "87 65 43 21",
            "contact_email": "anna@fodbold.dk",
            "contact_name_public": 1,
            "contact_role_public": 1,
            "contact_phone_public": 0,
            "contact_email_public": 1,
            "consent_date": "2024-03-01",
            "consent_source": "Mail fra Anna",
            "wheelchair_access": 1,
            "free_trial": 1,
            "beginners_welcome": 0,
            "no_danish_needed": 1,
            "free_of_charge": 0,
            "status": "paused",
            "include_in_print": 0,
            "last_verified": "2024-05-31",
            "venue_ids": [hall, school],
            "activities": [
                {
                    "title": "Fodbold U10",
                    "weekdays": [1, 3],
                    "start_time": "16:30",
                    "end_time": "18:00",
                    "frequency": "weekly",
                    "season_start": "08-01",
                    "season_end": "06-30",
                    "target_group": "boern",
                    "min_age": 8,
                    "max_age": 11,
                    "price": "300 kr.; søskende halv pris",
                    "venue_id": hall,
                    "note": "Husk benskinner | og vand",
                },
                {
                    "title": "Forældremøde: alle",
                    "weekdays": [2],
                    "start_time": "19:00",
                    "end_time": "",
                    "frequency": "first-of-month",
                    "season_start": "",
                    "season_end": "",
                    "target_group": "",
                    "min_age": None,
                    "max_age": None,
                    "price": "",
                    "venue_id": school,
                    "note": "",
                },
                {
                    "title": "Sommerbold",
                    "weekdays": [],
                    "start_time": "",
                    "end_time": "",
                    "frequency": "irregular",
                    "season_start": "06-01",
                    "season_end": "",
                    "target_group": "alle",
                    "min_age": 60,
                    "max_age": None,
                    "price": "",
                    "venue_id": bare,
                    "note": "",
                },
            ],
        },  # fmt: skip
    )
    catalogue.save_association(db, {"name": "Strikkecaféen", "venue_ids": [hall]})
    catalogue.save_association(
        db, {"name": "Den lukkede klub", "status": "closed", "venue_ids": [school]}
    )
    catalogue.save_association(db, {"name": "=SUM(A1)", "description": "=1+1"})


def comparable(association: dict) -> dict:
    """An association without what a fresh database numbers differently."""
    skip = {"id", "created_at", "updated_at", "version", "association_id", "venue_id"}

    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in skip}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(association)


@pytest.fixture
def fresh_db(tmp_path):
    """The database of a second, empty app: where the exported file goes."""
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "fresh"), "SECRET_KEY": "t"})
    init_db(app)
    database = connect(database_path(app))
    yield database
    database.conn.close()


def everything(db) -> list[dict]:
    slugs = [r["slug"] for r in db.query("SELECT slug FROM associations ORDER BY slug")]
    return [comparable(catalogue.get_association(db, slug)) for slug in slugs]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_into_a_fresh_database_round_trips(db, fresh_db, tmp_path, suffix):
    build_catalogue(db)
    path = tmp_path / f"foreninger{suffix}"

    assert export_file(db, path) == 4
    report = import_file(fresh_db, path)

    assert (report.created, report.ok, report.plan.warnings) == (4, True, []), str(report)
    assert everything(fresh_db) == everything(db)
    assert count(fresh_db, "venues") == count(db, "venues")
    again = import_file(db, path)
    assert (again.unchanged, again.written) == (4, False), str(again)


def test_exported_csv_is_what_danish_excel_opens(db, tmp_path):
    build_catalogue(db)
    path = tmp_path / "f.csv"
    export_file(db, path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert list(rows[0]) == COLUMNS
    football = next(r for r in rows if r["slug"] == "fodbold")
    assert football["categories"] == "Sport og motion; Børn og unge"
    assert football["target_groups"] == "Børn; Unge"
    assert football["languages"] == "dansk; arabisk"
    assert football["status"] == "Holder pause"
    assert (football["wheelchair_access"], football["include_in_print"]) == ("ja", "nej")
    assert football["activities"].splitlines()[0] == (
        "Fodbold U10: tirsdag og torsdag 16:30-18:00; 8-11 år; hver uge; sted: Tornhøjhallen; "
        'pris: "300 kr.; søskende halv pris"; sæson: 1/8-30/6; målgruppe: børn; '
        'note: "Husk benskinner | og vand"'
    )
    assert football["other_venues"] == "Mellervangskolen"


def test_exported_xlsx_keeps_text_as_text(db, tmp_path):
    build_catalogue(db)
    path = tmp_path / "f.xlsx"
    export_file(db, path)
    rows = read_rows(path)
    assert {r["name"] for r in rows} >= {"=SUM(A1)"}
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    assert sheet.freeze_panes == "A2"
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value]
    assert cells and all(cell.data_type == "s" for cell in cells)
    assert {cell.value for cell in cells} >= {"=SUM(A1)", "=1+1", "9220"}
    workbook.close()


@pytest.mark.parametrize("name", ["f.txt", "f.ods"])
def test_export_refuses_other_formats(db, tmp_path, name):
    with pytest.raises(ExportFailed, match="kan kun eksportere til .csv eller .xlsx"):
        export_file(db, tmp_path / name)


def test_export_to_a_missing_folder_fails_clearly(db, tmp_path):
    with pytest.raises(ExportFailed, match="kan ikke skrive"):
        export_file(db, tmp_path / "mangler" / "f.csv")


def test_failed_export_leaves_no_file_behind(db, tmp_path):
    build_catalogue(db)
    folder = tmp_path / "export"
    target = folder / "f.xlsx"
    target.mkdir(parents=True)  # a folder where the file should go: the final move fails
    with pytest.raises(ExportFailed, match="kan ikke skrive"):
        export_file(db, target)
    assert [p.name for p in folder.iterdir()] == ["f.xlsx"]


def test_read_rows_gives_canonical_columns(tmp_path):
    path = write_csv(tmp_path / "f.csv", [["Navn", "E-mail", "Farve"], ["A", "a@a.dk", "blå"]])
    assert read_rows(path) == [{"name": "A", "email": "a@a.dk", "Farve": "blå"}]


def test_xlsx_dates_and_times_become_text(tmp_path):
    path = write_xlsx(
        tmp_path / "f.xlsx", [["name", "last_verified", "x"], ["A", date(2024, 1, 2), 1.5]]
    )
    assert read_rows(path) == [{"name": "A", "last_verified": "2024-01-02", "x": "1.5"}]


def test_rows_with_only_venue_columns_describe_venues(db, tmp_path):
    with write_transaction(db):
        catalogue.save_venue(db, {"name": "Trekanten", "address": "Gammelvej 1"})
        catalogue.save_venue(db, {"name": "Hallen", "address": "Hallvej 1"})
    path = write_csv(
        tmp_path / "f.csv",
        table(
            {"name": "A", "venue": "", "address": "", "activities": "Yoga: sted: Parken"},
            {"name": "", "venue": "Parken", "address": "Parkvej 1", "activities": ""},
            {"name": "", "venue": "Trekanten", "address": "Nyvej 2", "activities": ""},
            {"name": "", "venue": "hallen", "address": "Hallvej 1", "activities": ""},
        ),
    )  # fmt: skip
    version = catalogue.catalogue_version(db)

    report = import_file(db, path)

    assert report.lines()[:4] == [
        "række 2: opret 'A'",
        "række 3: opret sted 'Parken'",
        "række 4: opdatér sted 'Trekanten' (address)",
        "række 5: uændret sted 'hallen'",
    ]
    assert report.lines()[-1] == "steder: oprettet: 1, opdateret: 1, uændret: 1"
    assert report.created == 1 and report.unchanged == 0
    venues = {v["name"]: v["address"] for v in db["venues"].rows}
    assert venues == {"Trekanten": "Nyvej 2", "Hallen": "Hallvej 1", "Parken": "Parkvej 1"}
    assert association(db, "A")["activities"][0]["venue"]["address"] == "Parkvej 1"
    assert len(report.changed_venue_ids) == 2
    assert catalogue.catalogue_version(db) == version + 1


def test_a_venue_only_change_is_written_and_bumps_the_version(db, tmp_path):
    with write_transaction(db):
        catalogue.save_venue(db, {"name": "Trekanten", "address": "Gammelvej 1"})
    version = catalogue.catalogue_version(db)
    path = write_csv(
        tmp_path / "f.csv", table({"name": "", "venue": "Trekanten", "city": "Aalborg"})
    )
    report = import_file(db, path)
    assert (report.written, report.changed_ids) == (True, [])
    assert catalogue.catalogue_version(db) == version + 1


def test_bad_venue_row_is_an_error(db, tmp_path):
    path = write_csv(tmp_path / "f.csv", table({"name": "", "venue": "Parken", "postcode": "92"}))
    assert import_file(db, path).plan.errors == ["række 2: postnummer '92' skal være fire cifre"]


def test_other_venues_are_linked_after_the_main_venue(db, tmp_path):
    path = write_csv(
        tmp_path / "f.csv",
        table({"name": "A", "venue": "Hallen", "other_venues": "Skolen; Parken"}),
    )
    report = import_file(db, path)
    assert [v["name"] for v in association(db, "A")["venues"]] == ["Hallen", "Skolen", "Parken"]
    assert len(report.plan.results[0].warnings) == 2

    path = write_csv(
        tmp_path / "f.csv", table({"name": "A", "venue": "Hallen", "other_venues": "Parken"})
    )
    report = import_file(db, path)
    assert [(r.action, r.changed) for r in report.plan.results] == [("update", ["other_venues"])]
    assert [v["name"] for v in association(db, "A")["venues"]] == ["Hallen", "Parken"]


def test_normalised_values_count_as_changes_once(db, tmp_path):
    """Stored values an editor typed loosely are cleaned by the first import only."""
    catalogue.save_association(
        db,
        {"name": "A", "phone": "12345678", "description": "Tekst \n",
         "activities": [{"title": "Yoga", "weekdays": [3, 1]}]},
    )  # fmt: skip
    path = tmp_path / "f.csv"
    export_file(db, path)
    first = import_file(db, path)
    assert [(r.action, r.changed) for r in first.plan.results] == [
        ("update", ["description", "phone"])
    ]  # the weekdays' order is not a change: activities are compared as text
    assert import_file(db, path).unchanged == 1


def test_excel_separator_hint_line_is_understood(db, tmp_path):
    path = file_with(tmp_path, "f.csv", b"sep=,\r\nname,email\r\nA,a@a.dk\r\n")
    assert read_rows(path) == [{"name": "A", "email": "a@a.dk"}]


def test_repeated_unknown_columns_are_all_reported(tmp_path):
    path = write_csv(tmp_path / "f.csv", [["name", "x", "x"], ["A", "1", "2"]])
    assert read_rows(path) == [{"name": "A", "x": "1", "x (2)": "2"}]


def test_plan_needs_a_name_column(db):
    with pytest.raises(ImportFailed, match="mangler kolonnen 'name'"):
        plan_import(db, [{"navn": "A"}])


def test_too_long_name_is_an_error(db, tmp_path):
    path = write_csv(tmp_path / "f.csv", table({"name": "x" * 201}))
    assert import_file(db, path).plan.errors == ["række 2: navn er 201 tegn; højst 200"]


def test_xlsx_numbers_stored_as_floats_become_plain_text(tmp_path):
    from datetime import time

    path = write_xlsx(tmp_path / "f.xlsx", [["name", "postcode", "x"], ["A", 9220.0, time(16, 30)]])
    assert read_rows(path) == [{"name": "A", "postcode": "9220", "x": "16:30"}]


def test_other_venues_alone_become_the_venues_once(db, tmp_path):
    catalogue.save_association(db, {"name": "A"})
    path = write_csv(tmp_path / "f.csv", table({"name": "A", "other_venues": "Hallen; Skolen"}))
    assert import_file(db, path).updated == 1
    assert [v["name"] for v in association(db, "A")["venues"]] == ["Hallen", "Skolen"]
    assert import_file(db, path).unchanged == 1


CELL_VALUES = [
    "", "ja", "nej", "x", "A", "Fodboldklubben Øst", "fodbold", "Tornhøjhallen", "9220", "57.03",
    "9.97", "0", "a@b.dk", "12345678", "www.x.dk", "Sport og motion", "børn", "da", "2024-01-01",
    "aktiv", "Yoga: tirsdag 10:00; sted: Hallen", "Tornhøj 2", ";", '"', "=1", "lukket", "Hallen",
    "Parken ved søen", "Mellervangskolen",
]  # fmt: skip


@pytest.mark.parametrize("seed", range(4))
def test_random_files_give_messages_and_a_second_import_changes_nothing(db, seed):
    build_catalogue(db)
    rng = random.Random(seed)
    written = 0
    for _ in range(80):
        columns = ["name", *rng.sample(COLUMNS, rng.randint(1, 4))]
        rows = [{c: rng.choice(CELL_VALUES) for c in columns} for _ in range(rng.randint(1, 3))]
        report = apply_import(db, plan_import(db, rows), skip_invalid=rng.random() < 0.5)
        assert all(line and "\n" not in line for line in report.lines())
        if report.ok:
            written += report.written
            again = apply_import(db, plan_import(db, rows))
            assert not again.written, (rows, str(again))
    assert written > 0


def test_import_assigns_map_areas_like_saving_does(db, tmp_path):
    from directory import geo

    box = [[9.99, 57.02], [10.01, 57.02], [10.01, 57.03], [9.99, 57.03], [9.99, 57.02]]
    geo.add_area(db, "Tornhøj", {"type": "Polygon", "coordinates": [box]})
    inside = {"name": "A", "venue": "Trekanten", "latitude": "57.0276", "longitude": "10.0008"}
    import_file(db, write_csv(tmp_path / "f.csv", table(inside)))
    association_id = association(db, "A")["id"]
    assert "tornhoej" in area_slugs(geo, db, association_id)

    moved = {"name": "", "venue": "Trekanten", "latitude": "57.05", "longitude": "9.95"}
    report = import_file(db, write_csv(tmp_path / "g.csv", table(moved)))

    assert report.changed_ids == [association_id]
    assert "tornhoej" not in area_slugs(geo, db, association_id)


def area_slugs(geo, db, association_id) -> list[str]:
    return [area["slug"] for area in geo.association_area_links(db).get(association_id, [])]
