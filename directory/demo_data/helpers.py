"""Compact constructors for the hand-written demo records.

The theme modules write `assoc(...)` and `act(...)` calls in a short form
(categories and flags as words, weekdays as Danish abbreviations, venues by
key); these helpers turn them into plain dicts close to catalogue records.
"""

import re

from ..vocabulary import WEEKDAY_SHORT

# Seasons as ("MM-DD", "MM-DD"); a season may run over New Year.
SPORTS_SEASON = ("08-01", "06-30")
INDOOR_SEASON = ("09-01", "04-30")
OUTDOOR_SEASON = ("04-01", "10-31")
SCHOOL_YEAR = ("08-15", "06-20")
SUMMER = ("05-01", "09-15")
NO_SEASON = ("", "")

CATEGORIES = {
    "sport": "sport-og-motion",
    "born": "boern-og-unge",
    "kultur": "kultur-og-kreativitet",
    "faelles": "faellesskab-og-samvaer",
    "aeldre": "aeldre",
    "sundhed": "sundhed",
    "sprog": "sprog-lektiehjaelp-og-uddannelse",
    "tro": "tro-og-kulturforeninger",
    "natur": "natur-og-miljoe",
    "beboer": "beboerdemokrati",
    "frivillig": "frivilligt-socialt-arbejde",
}

FLAGS = {
    "begin": "beginners_welcome",
    "trial": "free_trial",
    "wheel": "wheelchair_access",
    "nodansk": "no_danish_needed",
}


def act(
    title: str,
    days: str,
    start: str = "",
    end: str = "",
    venue: str | None = None,
    *,
    freq: str = "weekly",
    ages: tuple = (None, None),
    group: str = "",
    price: str = "",
    season: tuple = NO_SEASON,
    note: str = "",
) -> dict:
    """An activity; `days` like "tir tor", `venue` a key from venues.VENUES."""
    return {
        "title": title,
        "weekdays": [WEEKDAY_SHORT.index(day) for day in days.split()],
        "start_time": start,
        "end_time": end,
        "frequency": freq,
        "season_start": season[0],
        "season_end": season[1],
        "target_group": group,
        "min_age": ages[0],
        "max_age": ages[1],
        "price": price,
        "venue": venue,
        "note": note,
    }


def unwrap(text: str) -> str:
    """Paragraphs are separated by blank lines; lines within one are joined (source wrapping)."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)


def assoc(
    name: str,
    categories: str,
    short: str,
    description: str,
    activities: list[dict],
    *,
    groups: str = "alle",
    langs: str = "da",
    flags: str = "",
    status: str = "active",
    in_print: bool = True,
) -> dict:
    """An association; `categories`, `groups`, `langs` and `flags` are space-separated words."""
    return {
        "name": name,
        "categories": [CATEGORIES[word] for word in categories.split()],
        "short_description": short,
        "description": unwrap(description),
        "activities": activities,
        "target_groups": groups.split(),
        "languages": langs.split(),
        "flags": [FLAGS[word] for word in flags.split()],
        "status": status,
        "include_in_print": in_print,
    }
