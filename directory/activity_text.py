"""Activities written as text, for spreadsheet cells (see docs/import-format.md).

One activity per line (or separated by "|"): a title, a colon, then parts
separated by ";" in any order, e.g.

    Fodbold U10: tirsdag og torsdag 16:30-18:00; 8-11 år; hver uge;
    sted: Tornhøjhallen; pris: 300 kr. pr. halvår; sæson: 1/8-30/6;
    målgruppe: børn; note: Husk benskinner

(on one line). Values that contain ";", "|" or a line break are written in
double quotes, with "" for a quote inside, as in CSV. format_activities writes
the canonical form, so parse_activities(format_activities(x)) gives x back.
"""

import re
from datetime import date

from . import validation
from .validation import Invalid
from .vocabulary import FREQUENCIES, TARGET_GROUPS, WEEKDAY_SHORT, WEEKDAYS, code_for


class ActivityTextError(Invalid):
    """The activities text cannot be read; the message names the bad part."""


KEYWORDS = {
    "sted": "venue_name",
    "pris": "price",
    "sæson": "season",
    "saeson": "season",
    "målgruppe": "target_group",
    "maalgruppe": "target_group",
    "note": "note",
    "bemærk": "note",
}


def _weekday_names() -> dict[str, list[int]]:
    names: dict[str, list[int]] = {"hverdage": [0, 1, 2, 3, 4], "weekend": [5, 6]}
    for number, (full, short) in enumerate(zip(WEEKDAYS, WEEKDAY_SHORT, strict=True)):
        ascii_full = full.replace("ø", "oe")
        for spelling in (full, short, full + "e", ascii_full, ascii_full + "e"):
            names[spelling] = [number]
    names.update(loer=[5], soen=[6])
    return names


WEEKDAY_NAMES = _weekday_names()


def empty_activity(title: str) -> dict:
    return {
        "title": title, "weekdays": [], "start_time": "", "end_time": "",
        "frequency": "weekly", "season_start": "", "season_end": "", "target_group": "",
        "min_age": None, "max_age": None, "price": "", "note": "", "venue_name": "",
    }  # fmt: skip


# Splitting, with CSV-style quotes ------------------------------------------------


def _split(text: str, separators: str) -> list[str]:
    """Split at separator characters outside quotes; the pieces keep their quotes.

    A quote opens a quoted value only at the start of a piece or right after
    a colon or semicolon, so an inch mark inside ordinary text ('5" skærm') is just a character.
    """
    pieces, current, quoting, i = [], "", False, 0
    while i < len(text):
        char = text[i]
        if quoting:
            current += char
            if char == '"' and text[i + 1 : i + 2] == '"':
                current, i = current + '"', i + 1
            elif char == '"':
                quoting = False
        elif char == '"' and current.rstrip()[-1:] in ("", ":", ";"):
            current, quoting = current + char, True
        elif char in separators:
            pieces.append(current)
            current = ""
        else:
            current += char
        i += 1
    if quoting:
        raise ActivityTextError(f"der mangler et afsluttende anførselstegn i {_show(current)}")
    pieces.append(current)
    return pieces


def _unquote(raw: str) -> str:
    """'"a ""b"" c"' -> 'a "b" c'; anything not wholly in quotes is returned stripped."""
    value = raw.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        inner = value[1:-1]
        if '"' not in inner.replace('""', ""):
            return inner.replace('""', '"')
    return value


def _quote(value: str, title: bool = False) -> str:
    """Quote a free-text value when it could otherwise be read differently."""
    risky = any(c in value for c in ";|\n\r") or value != value.strip()
    risky = risky or re.search(r':\s*"', value) is not None  # would open a quoted value
    title_risk = title and (":" in value or value.casefold() in KEYWORDS)
    if value.startswith('"') or risky or title_risk:
        return '"' + value.replace('"', '""') + '"'
    return value


def _show(raw: str) -> str:
    return validation.quoted(" ".join(raw.split()), 60)


# Parsing ---------------------------------------------------------------------------


def parse_activities(text: str) -> list[dict]:
    """The activities in `text` as dicts (activity columns plus 'venue_name').

    Raises ActivityTextError naming the activity and the part it cannot read.
    """
    activities = []
    for raw in _split(validation.text(text), "\n|"):
        if raw.strip():
            activities.append(parse_activity(raw))
    return activities


def parse_activity(raw: str) -> dict:
    title, parts = _title_and_parts(raw)
    activity = empty_activity(title)
    seen: set[str] = set()
    try:
        for part in parts:
            if part.strip():
                _read_part(activity, part, seen)
        _check(activity)
    except Invalid as error:
        raise ActivityTextError(f"aktiviteten {_show(title)}: {error}") from None
    return activity


def _title_and_parts(raw: str) -> tuple[str, list[str]]:
    segments = _split(raw, ";")
    first = segments[0].strip()
    if first.startswith('"'):
        closing = re.match(r'"(?:[^"]|"")*"', first)
        title, rest = _unquote(closing[0]), first[closing.end() :].strip()
        if rest and not rest.startswith(":"):
            raise ActivityTextError(f"forstår ikke {_show(rest)} efter titlen {_show(title)}")
        rest = rest[1:]
    else:
        match = re.search(r":(\s|$)", first)
        title, rest = (first[: match.start()], first[match.end() :]) if match else (first, "")
        title = title.strip()
        if match and title.casefold() in KEYWORDS:
            raise ActivityTextError(f"aktiviteten {_show(raw)} mangler en titel før '{title}:'")
    if not title:
        raise ActivityTextError(f"aktiviteten {_show(raw)} mangler en titel før kolon")
    return title, [rest, *segments[1:]]


def _read_part(activity: dict, part: str, seen: set[str]):
    keyword = re.match(r"\s*([^\W\d_]+)\s*:(.*)", part, re.DOTALL)
    if keyword and keyword[1].casefold() in KEYWORDS:
        kind = KEYWORDS[keyword[1].casefold()]
        _once(kind, keyword[1].casefold(), seen)
        _read_keyword(activity, kind, _unquote(keyword[2]))
        return
    words = " ".join(part.replace("–", "-").replace("—", "-").split()).casefold()
    for kind, reader in (("ages", _read_ages), ("frequency", _read_frequency)):
        if reader(activity, words):
            _once(kind, words, seen)
            return
    if _read_schedule(activity, words):
        _once("schedule", words, seen)
        return
    hint = " (skriv alder som '8-11 år' og tid som '16:30-18:00')" if re.search(r"\d", part) else ""
    raise ActivityTextError(f"forstår ikke {_show(part)}{hint}")


_DUPLICATE = {
    "schedule": "kun ét tidspunkt pr. aktivitet; skriv en linje pr. tidspunkt",
    "ages": "alderen står to gange",
    "frequency": "hvor ofte står to gange",
}


def _once(kind: str, words: str, seen: set[str]):
    if kind in seen:
        raise ActivityTextError(_DUPLICATE.get(kind, f"{_show(words)} står to gange"))
    seen.add(kind)


def _read_keyword(activity: dict, kind: str, value: str):
    if kind == "season":
        activity["season_start"], activity["season_end"] = _season(value)
    elif kind == "target_group":
        code = code_for(TARGET_GROUPS, value)
        if code is None:
            valid = ", ".join(label.lower() for label in TARGET_GROUPS.values())
            raise ActivityTextError(f"målgruppe {_show(value)} kendes ikke; brug en af: {valid}")
        activity["target_group"] = code
    else:
        activity[kind] = value


_AGES = [
    (re.compile(r"(\d+) ?- ?(\d+) ?år"), lambda m: (m[1], m[2])),
    (re.compile(r"fra (\d+) ?år"), lambda m: (m[1], None)),
    (re.compile(r"(\d+) ?\+ ?(?:år)?"), lambda m: (m[1], None)),
    (re.compile(r"til (\d+) ?år"), lambda m: (None, m[1])),
    (re.compile(r"(\d+) ?år"), lambda m: (m[1], m[1])),
    (re.compile(r"alle aldre"), lambda m: (None, None)),
]


def _read_ages(activity: dict, words: str) -> bool:
    for pattern, ages in _AGES:
        match = pattern.fullmatch(words)
        if match:
            low, high = ages(match)
            activity["min_age"] = validation.age(low or "")
            activity["max_age"] = validation.age(high or "")
            return True
    return False


def _read_frequency(activity: dict, words: str) -> bool:
    code = code_for({k: v for k, v in FREQUENCIES.items() if "{" not in v}, words)
    if code:
        activity["frequency"] = code
        return True
    match = re.fullmatch(r"(første|sidste) (\w+) i måneden", words)
    if not match:
        return False
    activity["frequency"] = "first-of-month" if match[1] == "første" else "last-of-month"
    if match[2] != "dag":
        activity["_frequency_day"] = _weekday(match[2])
    return True


def _weekday(word: str) -> int:
    days = WEEKDAY_NAMES.get(word)
    if days is None or len(days) != 1:
        raise ActivityTextError(f"{_show(word)} er ikke en ugedag")
    return days[0]


_TIME = r"\d{1,2}(?:[:.]\d{2})?"
_TIMES = re.compile(rf"(?:kl\.? ?)?({_TIME})(?: ?- ?({_TIME}))?")


def _read_schedule(activity: dict, words: str) -> bool:
    """'tirsdag og torsdag 16:30-18:00', 'man-fre kl. 9-12', 'lørdag', 'kl. 10:00'."""
    match = re.fullmatch(rf"(.*?) ?((?:kl\.? ?)?{_TIME}(?: ?- ?{_TIME})?)?", words)
    day_text, time_text = match[1].strip(), match[2]
    days = _weekdays(day_text) if day_text else []
    if days is None or not (days or time_text):
        return False
    if time_text:
        times = _TIMES.fullmatch(time_text)
        exact = all(t is None or not t.isdigit() for t in times.groups())
        if not (days or time_text.startswith("kl") or exact):
            return False
        activity["start_time"] = _clock(times[1])
        activity["end_time"] = _clock(times[2]) if times[2] else ""
    activity["weekdays"] = days
    return True


def _clock(value: str) -> str:
    return validation.time(f"{value}:00" if value.isdigit() else value, "tidspunktet")


def _weekdays(text: str) -> list[int] | None:
    """'man-fre og søn' -> [0, 1, 2, 3, 4, 6]; None if this is not a list of weekdays."""
    days: list[int] = []
    for item in re.split(r",| og | & |/", text):
        ends = [end.strip() for end in item.split("-")]
        if not all(end in WEEKDAY_NAMES for end in ends) or len(ends) > 2:
            return None
        if len(ends) == 2:
            first, last = _weekday(ends[0]), _weekday(ends[1])
            if last < first:
                raise ActivityTextError(f"ugedagene {_show(item)} skal gå fra tidligst til senest")
            days.extend(range(first, last + 1))
        else:
            days.extend(WEEKDAY_NAMES[ends[0]])
    return sorted(set(days))


def _season(value: str) -> tuple[str, str]:
    """'1/8-30/6' -> ('08-01', '06-30'); 'fra 1/8' and 'til 30/6' give one end."""
    words = " ".join(value.replace("–", "-").split()).casefold()
    day = r"(\d{1,2})[/.](\d{1,2})\.?"
    for pattern, ends in (
        (rf"{day} ?- ?{day}", (1, 3)),
        (rf"fra {day}", (1, None)),
        (rf"til {day}", (None, 1)),
    ):
        match = re.fullmatch(pattern, words)
        if match:
            return tuple(_day_of_year(match, group, value) for group in ends)
    raise ActivityTextError(f"sæson {_show(value)} forstås ikke (skriv fx 1/8-30/6)")


def _day_of_year(match, group: int | None, value: str) -> str:
    if group is None:
        return ""
    day, month = int(match[group]), int(match[group + 1])
    try:
        date(2024, month, day)  # a leap year, so 29/2 is allowed
    except ValueError:
        raise ActivityTextError(f"sæson {_show(value)} har en dato, der ikke findes") from None
    return f"{month:02d}-{day:02d}"


def _check(activity: dict):
    start, end = activity["start_time"], activity["end_time"]
    if start and end and end <= start:
        raise ActivityTextError(f"sluttidspunktet {end} skal ligge efter starttidspunktet {start}")
    low, high = activity["min_age"], activity["max_age"]
    if low is not None and high is not None and low > high:
        raise ActivityTextError(f"alderen {low}-{high} år går den forkerte vej")
    day = activity.pop("_frequency_day", None)
    if day is not None:
        if activity["weekdays"] and day not in activity["weekdays"]:
            days = format_weekdays(activity["weekdays"])
            raise ActivityTextError(f"{WEEKDAYS[day]} i måneden passer ikke med {days}")
        activity["weekdays"] = activity["weekdays"] or [day]


# Formatting --------------------------------------------------------------------------


def format_activities(activities: list[dict]) -> str:
    """The canonical text for a list of activities, one per line."""
    return "\n".join(format_activity(activity) for activity in activities)


def format_activity(activity: dict) -> str:
    parts = [
        _format_schedule(activity),
        _format_ages(activity.get("min_age"), activity.get("max_age")),
        _format_frequency(activity),
        *_format_keywords(activity),
    ]
    parts = [part for part in parts if part]
    title = _quote(activity.get("title") or "", title=True)
    return f"{title}: {'; '.join(parts)}" if parts else title


def _format_schedule(activity: dict) -> str:
    start, end = activity.get("start_time") or "", activity.get("end_time") or ""
    times = f"{start}-{end}" if end else start
    days = format_weekdays(activity.get("weekdays") or [])
    if days:
        return f"{days} {times}".strip()
    return f"kl. {times}" if times else ""


def format_weekdays(weekdays: list[int]) -> str:
    """[0, 1, 2, 3, 4, 6] -> 'mandag-fredag og søndag'."""
    runs: list[list[int]] = []
    for day in sorted(set(weekdays)):
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    items = []
    for run in runs:
        if len(run) >= 3:
            items.append(f"{WEEKDAYS[run[0]]}-{WEEKDAYS[run[-1]]}")
        else:
            items.extend(WEEKDAYS[day] for day in run)
    return " og ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def _format_ages(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"{low} år" if low == high else f"{low}-{high} år"
    if low is not None:
        return f"fra {low} år"
    return f"til {high} år" if high is not None else ""


def _format_frequency(activity: dict) -> str:
    """The frequency; 'hver uge' (the default) only when there is a day or time."""
    code = activity.get("frequency") or "weekly"
    weekdays = activity.get("weekdays") or []
    if code == "weekly" and not (weekdays or activity.get("start_time")):
        return ""
    weekday = WEEKDAYS[weekdays[0]] if weekdays else "dag"
    return FREQUENCIES.get(code, code).format(weekday=weekday)


def _venue_name(activity: dict) -> str:
    return activity.get("venue_name") or (activity.get("venue") or {}).get("name") or ""


def _format_keywords(activity: dict) -> list[str]:
    season = _format_season(activity.get("season_start"), activity.get("season_end"))
    target = TARGET_GROUPS.get(activity.get("target_group") or "", "").lower()
    return [
        f"sted: {_quote(_venue_name(activity))}" if _venue_name(activity) else "",
        f"pris: {_quote(activity['price'])}" if activity.get("price") else "",
        f"sæson: {season}" if season else "",
        f"målgruppe: {target}" if target else "",
        f"note: {_quote(activity['note'])}" if activity.get("note") else "",
    ]


def _format_season(start: str | None, end: str | None) -> str:
    def short(month_day: str) -> str:
        month, day = month_day.split("-")
        return f"{int(day)}/{int(month)}"

    if start and end:
        return f"{short(start)}-{short(end)}"
    if start:
        return f"fra {short(start)}"
    return f"til {short(end)}" if end else ""
