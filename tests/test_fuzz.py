"""Fuzzing: the import parser, the search query parser and the JSON API.

Hostile or broken input may only ever produce a clean answer: an import
reports row errors or fails with ImportFailed (and writes nothing), a search
returns results, and the API answers as its OpenAPI document says -- never a
500. Example counts are bounded so the whole file runs in well under a minute.
"""

import csv
import io

import pytest
import schemathesis
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from schemathesis.checks import positive_data_acceptance
from werkzeug.datastructures import MultiDict

from directory import create_app, demo, filters, spreadsheet
from directory.db import connect, database_path, init_db
from directory.search import get_index

FUZZ = settings(max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])  # fmt: skip
TABLES = ("associations", "venues", "activities", "association_categories", "association_venues")


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory):
    """An app with the demo catalogue, indexed; shared by the read-only fuzz tests."""
    data = tmp_path_factory.mktemp("fuzz")
    app = create_app({"TESTING": True, "DATA_DIR": str(data), "SECRET_KEY": "test"})
    init_db(app)
    db = connect(database_path(app))
    with app.app_context():
        demo.load_demo(db, index=get_index())
    db.conn.close()
    return app


def snapshot(db) -> dict:
    """Everything an import may write, to compare before and after."""
    state = {table: list(db.execute(f"SELECT * FROM {table} ORDER BY rowid")) for table in TABLES}
    state["version"] = list(db.execute("SELECT * FROM meta ORDER BY key"))
    return state


# The import parser ----------------------------------------------------------------

CELL = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)
PRINTABLE_CELL = st.text(  # openpyxl refuses control characters in cells
    st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=30)
HEADERS = st.lists(
    st.sampled_from([*spreadsheet.COLUMNS, *spreadsheet.ALIASES, "navn", "", "ukendt"]) | CELL,
    min_size=1, max_size=8,
)
KNOWN_VALUES = st.sampled_from([
    "", "ja", "nej", "sport-og-motion", "tirsdag 16-18", "man, ons 10:00-11:30 (børn 6-12 år)",
    "2025-02-30", "57.03", "10.0", "9220", "999", "-1", "1e400", "nan", "anna@x.example",
    "12 34 56 78", "https://x.example", "aktiv", "boern,kvinder", "dansk;arabisk", "=1+1",
])  # fmt: skip


def _import(db, tmp_path, name: str, data: bytes):
    """Import a file; the database must be as before unless the import succeeded."""
    path = tmp_path / name
    path.write_bytes(data)
    before = snapshot(db)
    try:
        report = spreadsheet.import_file(db, path)
    except spreadsheet.ImportFailed as error:
        assert str(error) and "\n" not in str(error)
        assert snapshot(db) == before
        return None
    if report.failed:
        assert snapshot(db) == before
        assert all(result.errors for result in report.plan.results if result.action == "error")
    assert str(report)  # the report itself renders
    return report


def _csv_bytes(headers, rows, delimiter=";", encoding="utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode(encoding, errors="replace")


@FUZZ
@given(data=st.binary(max_size=2000))
@example(data=b"name\n\x00")
@example(data=b"sep=;\n")
@example(data=b"\xef\xbb\xbf")
@example(data=b'name\n"unterminated')
def test_import_random_csv_bytes(db, tmp_path, data):
    _import(db, tmp_path, "fuzz.csv", data)


@FUZZ
@given(data=st.binary(max_size=2000) | st.builds(lambda b: b"PK\x03\x04" + b, st.binary()))
def test_import_random_xlsx_bytes(db, tmp_path, data):
    _import(db, tmp_path, "fuzz.xlsx", data)


@FUZZ
@given(
    headers=HEADERS,
    rows=st.lists(st.lists(KNOWN_VALUES | CELL, max_size=9), max_size=5),
    delimiter=st.sampled_from([";", ",", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_import_structured_csv_rows(db, tmp_path, headers, rows, delimiter, encoding):
    _import(db, tmp_path, "rows.csv", _csv_bytes(headers, rows, delimiter, encoding))


@settings(FUZZ, max_examples=25)
@given(
    headers=st.lists(st.sampled_from(spreadsheet.COLUMNS) | PRINTABLE_CELL, min_size=1,
                     max_size=8),
    rows=st.lists(st.lists(KNOWN_VALUES | PRINTABLE_CELL | st.integers() | st.floats()
                           | st.booleans() | st.dates() | st.datetimes() | st.times(),
                           max_size=9), max_size=4),
)  # fmt: skip
def test_import_structured_xlsx_rows(db, tmp_path, headers, rows):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [headers, *rows]:
        sheet.append(row)
    path = tmp_path / "build.xlsx"
    workbook.save(path)
    _import(db, tmp_path, "rows.xlsx", path.read_bytes())


def test_an_imported_valid_row_is_written(db, tmp_path):
    """The fuzz helper itself: a good file does change the database."""
    report = _import(db, tmp_path, "ok.csv", _csv_bytes(["navn", "kategori"],
                                                        [["Fuzzklubben", "sport-og-motion"]]))
    assert report.created == 1 and db["associations"].count == 1


# The search query parser ---------------------------------------------------------

ANY_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=300)
PARAMETER_VALUES = ANY_TEXT | st.sampled_from(
    ["²", "٣", "¹⁰", "𝟙", "0" * 5000, "-0", "+1", " 1 ", "1_000", "Ⅻ", "\x00", "tir", "lør", "ø"])


@FUZZ
@given(values=st.dictionaries(st.sampled_from(sorted(set(filters.PUBLIC_NAMES.values())
                                                     | set(filters.API_NAMES.values()))),
                              PARAMETER_VALUES))  # fmt: skip
@example(values={"dag": "²"})
@example(values={"weekday": "\u0663"})
@example(values={"q": "a" * 100_000})
def test_parse_query_and_search_never_raise(demo_app, values):
    args = MultiDict(values)
    with demo_app.app_context():
        for names in (filters.PUBLIC_NAMES, filters.API_NAMES):
            query, problems = filters.parse_query(args, names)
            assert all(isinstance(message, str) for message in problems.values())
            results = get_index().search(query)
            assert results.total >= 0


@FUZZ
@given(text=ANY_TEXT, weekday=PARAMETER_VALUES, age=PARAMETER_VALUES)
@example(text="fodbold " * 5000, weekday="²", age="\x00")
@example(text="* ? ~ \\ AND OR NOT ( ) [ ] { } \" ' : ^", weekday="", age="")
def test_search_pages_never_fail(demo_app, text, weekday, age):
    client = demo_app.test_client()
    for path, names in (("/soeg", ("q", "dag", "alder")), ("/uge", ("q", "dag", "alder")),
                        ("/api/associations", ("q", "weekday", "age")),
                        ("/api/associations.geojson", ("q", "weekday", "age"))):  # fmt: skip
        response = client.get(path, query_string=dict(zip(names, (text, weekday, age),
                                                          strict=True)))  # fmt: skip
        assert response.status_code in (200, 400), (path, response.status_code)


@pytest.mark.parametrize("value", ["²", "¹", "\u0663", "𝟙", "Ⅻ", "0" * 5000, "1" * 4301])
def test_unusual_digits_are_a_bad_weekday_or_a_number_not_a_crash(value):
    """Regression: str.isdigit() accepts '²' and 5,000 digits, which int() refuses."""
    try:
        number = filters.parse_weekday(value)
    except filters.BadParameter:
        return
    assert 0 <= number < 7


# The JSON API against our own OpenAPI document ---------------------------------------


# positive_data_acceptance is left out: a schema-valid near_address that names no place
# in 9220 is rightly a documented 400. Every other check runs, not_a_server_error first.
# schemathesis's own pytest integration (from_fixture) does not run under pytest 9,
# so each operation's strategy is driven by hypothesis directly.


@pytest.fixture(scope="module")
def api_operations(demo_app):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", demo_app)
    return {result.ok().label: result.ok() for result in schema.get_all_operations()}


OPERATIONS = ["GET /api/associations", "GET /api/associations.geojson",
              "GET /api/associations/{slug}"]  # fmt: skip


def test_every_operation_is_fuzzed(api_operations):
    assert sorted(api_operations) == sorted(OPERATIONS)


@pytest.mark.parametrize("label", OPERATIONS)
def test_api_conforms_to_its_openapi_document(api_operations, label):
    @settings(max_examples=40, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=api_operations[label].as_strategy())
    def check(case):
        # Accept-Encoding: identity, since the WSGI client hands gzip bodies on undecoded.
        case.call_and_validate(headers={"Accept-Encoding": "identity"},
                               excluded_checks=[positive_data_acceptance])  # fmt: skip

    check()
