"""Fixed vocabularies with their Danish labels.

Codes are ASCII and stable (they appear in URLs, the API and exports);
labels are what residents read. Categories live in the database because
editors change them; the default set is seeded by the first migration.
"""

DEFAULT_CATEGORIES = [
    ("sport-og-motion", "Sport og motion"),
    ("boern-og-unge", "Børn og unge"),
    ("kultur-og-kreativitet", "Kultur og kreativitet"),
    ("faellesskab-og-samvaer", "Fællesskab og samvær"),
    ("aeldre", "Ældre"),
    ("sundhed", "Sundhed"),
    ("sprog-lektiehjaelp-og-uddannelse", "Sprog, lektiehjælp og uddannelse"),
    ("tro-og-kulturforeninger", "Tro og kulturforeninger"),
    ("natur-og-miljoe", "Natur og miljø"),
    ("beboerdemokrati", "Beboerdemokrati"),
    ("frivilligt-socialt-arbejde", "Frivilligt socialt arbejde"),
]

TARGET_GROUPS = {
    "boern": "Børn",
    "unge": "Unge",
    "voksne": "Voksne",
    "aeldre": "Ældre",
    "familier": "Familier",
    "kvinder": "Kvinder",
    "maend": "Mænd",
    "alle": "Alle",
}

# Monday first, as in Denmark. Index = Python's date.weekday().
WEEKDAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
WEEKDAY_SHORT = ["man", "tir", "ons", "tor", "fre", "lør", "søn"]

# Codes follow what iCalendar/HSDS schedules can express (freq + interval/byday).
FREQUENCIES = {
    "weekly": "hver uge",
    "biweekly": "hver anden uge",
    "monthly": "en gang om måneden",
    "first-of-month": "første {weekday} i måneden",
    "last-of-month": "sidste {weekday} i måneden",
    "irregular": "efter aftale",
}

LANGUAGES = {
    "da": "dansk",
    "en": "engelsk",
    "ar": "arabisk",
    "so": "somali",
    "tr": "tyrkisk",
    "fa": "persisk",
    "ur": "urdu",
    "ku": "kurdisk",
    "ti": "tigrinya",
    "uk": "ukrainsk",
    "pl": "polsk",
    "de": "tysk",
    "bs": "bosnisk",
    "vi": "vietnamesisk",
    "ta": "tamil",
}

FLAGS = {
    "wheelchair_access": "Kørestolsvenligt",
    "free_trial": "Gratis prøvetime",
    "beginners_welcome": "Begyndere er velkomne",
    "no_danish_needed": "Du behøver ikke tale dansk",
    "free_of_charge": "Gratis",
}

STATUSES = {"active": "Aktiv", "paused": "Holder pause", "closed": "Lukket"}

CONTACT_FIELDS = ["name", "role", "phone", "email"]


def frequency_label(code: str, weekdays: list[int]) -> str:
    label = FREQUENCIES.get(code, code)
    weekday = WEEKDAYS[weekdays[0]] if weekdays else "dag"
    return label.format(weekday=weekday)


def code_for(vocabulary: dict, text: str) -> str | None:
    """Find a code by code or by label, ignoring case and surrounding space."""
    wanted = text.strip().casefold()
    for code, label in vocabulary.items():
        if wanted in (code.casefold(), label.casefold()):
            return code
    return None
