"""When things happen: the week view and readable schedules."""

import json
from datetime import date

from babel.lists import format_list
from flask_babel import gettext

from .i18n import current_language, format_clock, weekday_name
from .vocabulary import FREQUENCIES


def activities_on(db, weekday: int, age: int | None = None, category: str = "",
                  after: str = "", on: date | None = None) -> list[dict]:
    """Activities of active associations on a weekday, in time order.

    `age` keeps activities whose age range includes it (open bounds match);
    `after` ("HH:MM") keeps those starting at or after that time; activities
    out of season on the date `on` (default today) are left out.
    """
    sql = [
        "SELECT act.*, a.slug AS association_slug, a.name AS association_name,",
        "v.name AS venue_name, v.slug AS venue_slug",
        "FROM activities act JOIN associations a ON a.id = act.association_id",
        "LEFT JOIN venues v ON v.id = act.venue_id",
        "WHERE a.status = 'active'",
        "AND EXISTS (SELECT 1 FROM json_each(act.weekdays) WHERE value = :weekday)",
    ]
    params: dict = {"weekday": weekday}
    if age is not None:
        sql.append("AND (act.min_age IS NULL OR act.min_age <= :age)")
        sql.append("AND (act.max_age IS NULL OR act.max_age >= :age)")
        params["age"] = age
    if category:
        sql.append(
            "AND a.id IN (SELECT ac.association_id FROM association_categories ac "
            "JOIN categories c ON c.id = ac.category_id WHERE c.slug = :category)"
        )
        params["category"] = category
    if after:
        sql.append("AND act.start_time >= :after")
        params["after"] = after
    sql.append("ORDER BY act.start_time = '', act.start_time, a.name COLLATE NOCASE")
    rows = list(db.query(" ".join(sql), params))
    for row in rows:
        row["weekdays"] = json.loads(row["weekdays"])
    day = on or date.today()  # once: a weekday at 10,000 entries has ~3,000 rows
    return [row for row in rows if in_season(row, day)]


def in_season(activity: dict, day: date) -> bool:
    """Whether `day` falls in the activity's season ("MM-DD" to "MM-DD").

    Seasons may run over New Year (11-01 to 03-31); no season means all year.
    """
    start, end = activity.get("season_start") or "", activity.get("season_end") or ""
    if not (start and end):
        return True
    today = day.strftime("%m-%d")
    if start <= end:
        return start <= today <= end
    return today >= start or today <= end


def time_range(activity: dict) -> str:
    """'16:30–18:00' in the interface's language (Danish outside a request)."""
    start, end = activity.get("start_time") or "", activity.get("end_time") or ""
    if start and end:
        return f"{format_clock(start)}–{format_clock(end)}"
    return gettext("fra %(start)s", start=format_clock(start)) if start else ""


def weekday_list(weekdays: list[int]) -> str:
    """[1, 3] -> 'tirsdag og torsdag'."""
    names = [weekday_name(d) for d in sorted(weekdays) if 0 <= d < 7]
    return format_list(names, locale=current_language()) if names else ""


def age_range(activity: dict) -> str:
    low, high = activity.get("min_age"), activity.get("max_age")
    if low is not None and high is not None:
        return gettext("%(low)s–%(high)s år", low=low, high=high)
    if low is not None:
        return gettext("fra %(low)s år", low=low)
    if high is not None:
        return gettext("op til %(high)s år", high=high)
    return ""


def when(activity: dict) -> str:
    """'tirsdag og torsdag 16:30–18:00, hver uge' as one readable line."""
    weekdays = activity.get("weekdays") or []
    days_and_time = " ".join(p for p in (weekday_list(weekdays), time_range(activity)) if p)
    frequency = activity.get("frequency") or "weekly"
    if frequency == "weekly":
        return days_and_time
    how_often = frequency_label(frequency, weekdays)
    if not days_and_time:
        return how_often
    return gettext("%(when)s, %(frequency)s", when=days_and_time, frequency=how_often)


def frequency_label(code: str, weekdays: list[int]) -> str:
    """'hver anden uge', 'første tirsdag i måneden' in the interface's language."""
    label = gettext(FREQUENCIES[code]) if code in FREQUENCIES else code
    weekday = weekday_name(weekdays[0]) if weekdays else gettext("dag")
    return label.format(weekday=weekday)


def season(activity: dict) -> str:
    start, end = activity.get("season_start") or "", activity.get("season_end") or ""
    if not (start or end):
        return ""
    return gettext("sæson %(start)s–%(end)s", start=_day_month(start), end=_day_month(end))


def _day_month(value: str) -> str:
    """'08-01' -> '1/8'."""
    try:
        month, day = value.split("-")[-2:]
        return f"{int(day)}/{int(month)}"
    except ValueError:
        return value
