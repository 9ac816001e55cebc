from datetime import date

import pytest

from directory import schedule


@pytest.mark.parametrize(
    ("activity", "expected"),
    [
        ({"weekdays": [1], "start_time": "16:30", "end_time": "18:00"}, "tirsdag 16:30–18:00"),
        ({"weekdays": [3, 1], "start_time": "10:00"}, "tirsdag og torsdag fra 10:00"),
        ({"weekdays": [0, 2, 4]}, "mandag, onsdag og fredag"),
        ({"weekdays": [0], "start_time": "19:00", "end_time": "21:00",
          "frequency": "first-of-month"}, "mandag 19:00–21:00, første mandag i måneden"),
        ({"weekdays": [5], "frequency": "biweekly"}, "lørdag, hver anden uge"),
        ({"weekdays": [], "frequency": "irregular"}, "efter aftale"),
    ],
)  # fmt: skip
def test_when(activity, expected):
    assert schedule.when(activity) == expected


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [(8, 10, "8–10 år"), (60, None, "fra 60 år"), (None, 12, "op til 12 år"), (None, None, "")],
)
def test_age_range(low, high, expected):
    assert schedule.age_range({"min_age": low, "max_age": high}) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"), [("08-01", "06-30", "sæson 1/8–30/6"), ("", "", "")]
)
def test_season(start, end, expected):
    assert schedule.season({"season_start": start, "season_end": end}) == expected


def test_activities_on_orders_by_time_and_hides_inactive(add, db):
    add("Aftenklub", activities=[{"title": "Sent", "weekdays": [2], "start_time": "19:00"}])
    add("Morgenklub", activities=[{"title": "Tidligt", "weekdays": [2], "start_time": "08:00"}])
    add("Pauseklub", status="paused", activities=[{"title": "Pause", "weekdays": [2]}])
    titles = [a["title"] for a in schedule.activities_on(db, 2)]
    assert titles == ["Tidligt", "Sent"]


@pytest.mark.parametrize(
    ("start", "end", "day", "expected"),
    [
        ("", "", date(2026, 7, 1), True),
        ("04-01", "10-31", date(2026, 7, 1), True),
        ("04-01", "10-31", date(2026, 11, 22), False),
        ("11-01", "03-31", date(2026, 11, 22), True),
        ("11-01", "03-31", date(2027, 1, 5), True),
        ("11-01", "03-31", date(2026, 7, 1), False),
        ("04-01", "10-31", date(2026, 10, 31), True),
    ],
)
def test_in_season(start, end, day, expected):
    assert schedule.in_season({"season_start": start, "season_end": end}, day) is expected


def test_week_view_leaves_out_what_is_out_of_season(add, db):
    add("Oldboys", activities=[
        {"title": "Ude", "weekdays": [0], "season_start": "04-01", "season_end": "10-31"},
        {"title": "Inde", "weekdays": [0], "season_start": "11-01", "season_end": "03-31"},
    ])  # fmt: skip
    assert [a["title"] for a in schedule.activities_on(db, 0, on=date(2026, 11, 22))] == ["Inde"]
    assert [a["title"] for a in schedule.activities_on(db, 0, on=date(2026, 6, 1))] == ["Ude"]
