"""Fixed vocabularies with their Danish labels.

Codes are ASCII and stable (they appear in URLs, the API and exports);
labels are what residents read. Categories live in the database because
editors change them; the default set is seeded by the first migration.

Labels are wrapped in N_ so message extraction finds them; they stay plain
Danish strings here (imports, exports and the printed catalogue use them) and
are translated where the interface shows them (directory.i18n).
"""


def N_(text: str) -> str:
    """Mark a label for translation without translating it now."""
    return text


DEFAULT_CATEGORIES = [
    ("sport-og-motion", N_("Sport og motion")),
    ("boern-og-unge", N_("Børn og unge")),
    ("kultur-og-kreativitet", N_("Kultur og kreativitet")),
    ("faellesskab-og-samvaer", N_("Fællesskab og samvær")),
    ("aeldre", N_("Ældre")),
    ("sundhed", N_("Sundhed")),
    ("sprog-lektiehjaelp-og-uddannelse", N_("Sprog, lektiehjælp og uddannelse")),
    ("tro-og-kulturforeninger", N_("Tro og kulturforeninger")),
    ("natur-og-miljoe", N_("Natur og miljø")),
    ("beboerdemokrati", N_("Beboerdemokrati")),
    ("frivilligt-socialt-arbejde", N_("Frivilligt socialt arbejde")),
]

TARGET_GROUPS = {
    "boern": N_("Børn"),
    "unge": N_("Unge"),
    "voksne": N_("Voksne"),
    "aeldre": N_("Ældre"),
    "familier": N_("Familier"),
    "kvinder": N_("Kvinder"),
    "maend": N_("Mænd"),
    "alle": N_("Alle"),
}

# Monday first, as in Denmark. Index = Python's date.weekday().
WEEKDAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
WEEKDAY_SHORT = ["man", "tir", "ons", "tor", "fre", "lør", "søn"]

# Codes follow what iCalendar/HSDS schedules can express (freq + interval/byday).
FREQUENCIES = {
    "weekly": N_("hver uge"),
    "biweekly": N_("hver anden uge"),
    "monthly": N_("en gang om måneden"),
    "first-of-month": N_("første {weekday} i måneden"),
    "last-of-month": N_("sidste {weekday} i måneden"),
    "irregular": N_("efter aftale"),
}

LANGUAGES = {
    "da": N_("dansk"),
    "en": N_("engelsk"),
    "ar": N_("arabisk"),
    "so": N_("somali"),
    "tr": N_("tyrkisk"),
    "fa": N_("persisk"),
    "ur": N_("urdu"),
    "ku": N_("kurdisk"),
    "ti": N_("tigrinya"),
    "uk": N_("ukrainsk"),
    "pl": N_("polsk"),
    "de": N_("tysk"),
    "bs": N_("bosnisk"),
    "vi": N_("vietnamesisk"),
    "ta": N_("tamil"),
}

FLAGS = {
    "wheelchair_access": N_("Kørestolsvenligt"),
    "free_trial": N_("Gratis prøvetime"),
    "beginners_welcome": N_("Begyndere er velkomne"),
    "no_danish_needed": N_("Du behøver ikke tale dansk"),
    "free_of_charge": N_("Gratis"),
}

STATUSES = {"active": N_("Aktiv"), "paused": N_("Holder pause"), "closed": N_("Lukket")}

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
