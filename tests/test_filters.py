import pytest
from werkzeug.datastructures import MultiDict

from directory.filters import API_NAMES, PUBLIC_NAMES, BadParameter, parse_query, parse_weekday


@pytest.mark.parametrize(
    ("text", "day"),
    [("tirsdag", 1), ("Tirsdag", 1), ("tir", 1), ("1", 1), ("lørdag", 5), ("lordag", 5),
     ("søn", 6), ("son", 6), ("0", 0)],
)  # fmt: skip
def test_weekday_names(text, day):
    assert parse_weekday(text) == day


@pytest.mark.parametrize("text", ["", "t", "7", "-1", "blursday", "ti"])
def test_bad_weekdays(text):
    with pytest.raises(BadParameter):
        parse_weekday(text)


def test_public_names():
    query, problems = parse_query(
        MultiDict({"q": " fodbold ", "kategori": "sport-og-motion", "dag": "tirsdag", "alder": "10",
                   "side": "2"}), PUBLIC_NAMES)  # fmt: skip
    assert problems == {}
    assert (query.text, query.category, query.weekday, query.age, query.page) == (
        "fodbold", "sport-og-motion", 1, 10, 2)  # fmt: skip


def test_bad_values_are_reported_and_left_out():
    query, problems = parse_query(MultiDict({"age": "200", "page": "x", "weekday": "5"}), API_NAMES)
    assert set(problems) == {"age", "page"}
    assert query.age is None and query.page == 1 and query.weekday == 5
