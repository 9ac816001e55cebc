"""Clean and check one value at a time; the import and the editors' forms share these.

Each cleaner takes what a person typed (a string, or None for "not given")
and returns the value to store, or raises Invalid with a Danish message that
names the field and quotes the bad value, e.g. "e-mail 'foo@' er ikke gyldig".
Optional fields accept an empty value and return "" (or None for numbers).
"""

import re
from datetime import date
from urllib.parse import urlsplit

from .catalogue import SHORT_DESCRIPTION_MAX
from .vocabulary import FLAGS, LANGUAGES, STATUSES, TARGET_GROUPS, code_for


class Invalid(ValueError):
    """A value a person typed cannot be used; the message (Danish) says why."""


NAME_MAX = 200
AGE_MAX = 120
# Denmark's bounding box, Bornholm and Skagen included, with a little margin.
LATITUDE_RANGE = (54.4, 57.9)
LONGITUDE_RANGE = (7.9, 15.3)


def quoted(value, limit: int = 40) -> str:
    """The value as a message shows it: on one line, in quotes, long values shortened."""
    text = " ".join(str(value).split())
    return f"'{text[: limit - 1]}…'" if len(text) > limit else f"'{text}'"


def text(value) -> str:
    """Free text: surrounding space removed, Windows line ends made plain."""
    if value is None:
        return ""
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def name(value, label: str = "navn") -> str:
    cleaned = " ".join(text(value).split())
    if not cleaned:
        raise Invalid(f"{label} mangler")
    if len(cleaned) > NAME_MAX:
        raise Invalid(f"{label} er {len(cleaned)} tegn; højst {NAME_MAX}")
    return cleaned


def short_description(value, label: str = "kort beskrivelse") -> str:
    cleaned = text(value)
    if len(cleaned) > SHORT_DESCRIPTION_MAX:
        raise Invalid(f"{label} er {len(cleaned)} tegn; højst {SHORT_DESCRIPTION_MAX}")
    return cleaned


_EMAIL = re.compile(r"[^@\s,;:<>()\[\]\"]+@[^@\s,;:<>()\[\]\"/.]+(\.[^@\s,;:<>()\[\]\"/.]+)+")


def email(value, label: str = "e-mail") -> str:
    cleaned = text(value)
    if cleaned.lower().startswith("mailto:"):
        cleaned = cleaned[len("mailto:") :]
    if cleaned and not (_EMAIL.fullmatch(cleaned) and len(cleaned.rsplit(".", 1)[1]) >= 2):
        raise Invalid(f"{label} {quoted(value)} er ikke gyldig")
    return cleaned


def phone(value, label: str = "telefon") -> str:
    """A Danish number, shown as "12 34 56 78" (+45 / 0045 in front is dropped)."""
    cleaned = text(value)
    if not cleaned:
        return ""
    digits = re.sub(r"[\s\-./()]", "", cleaned)
    for prefix in ("+45", "0045"):
        if digits.startswith(prefix) and len(digits) == 8 + len(prefix):
            digits = digits[len(prefix) :]
    if not re.fullmatch(r"\d{8}", digits):
        raise Invalid(f"{label} {quoted(value)} er ikke et dansk telefonnummer med 8 cifre")
    return " ".join(digits[i : i + 2] for i in range(0, 8, 2))


def phone_link(display: str) -> str:
    """'12 34 56 78' -> 'tel:+4512345678', for links on phones."""
    return "tel:+45" + display.replace(" ", "") if display else ""


_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_HOST = re.compile(r"[\w-]+(\.[\w-]+)*\.[^\W\d_]{2,}")


def url(value, label: str = "hjemmeside") -> str:
    """An http(s) address; 'www.x.dk' becomes 'https://www.x.dk'."""
    cleaned = text(value)
    if not cleaned:
        return ""
    if "://" not in cleaned:
        if _SCHEME.match(cleaned) and not re.match(r"[\w.-]+:\d", cleaned):
            raise Invalid(f"{label} {quoted(value)} skal begynde med http:// eller https://")
        cleaned = "https://" + cleaned
    parts = urlsplit(cleaned)
    if parts.scheme.lower() not in ("http", "https"):
        raise Invalid(f"{label} {quoted(value)} skal begynde med http:// eller https://")
    host = parts.netloc.rsplit(":", 1)[0] if re.search(r":\d+$", parts.netloc) else parts.netloc
    if re.search(r"\s", cleaned) or not _HOST.fullmatch(host):
        raise Invalid(f"{label} {quoted(value)} er ikke en gyldig internetadresse")
    return cleaned


def postcode(value, label: str = "postnummer") -> str:
    cleaned = text(value)
    if cleaned and not re.fullmatch(r"\d{4}", cleaned):
        raise Invalid(f"{label} {quoted(value)} skal være fire cifre")
    return cleaned


def number(value, label: str) -> float | None:
    """A decimal number; Danish decimal comma accepted."""
    cleaned = text(value).replace(",", ".")
    if not cleaned:
        return None
    try:
        result = float(cleaned)
    except ValueError:
        raise Invalid(f"{label} {quoted(value)} er ikke et tal") from None
    if result != result or result in (float("inf"), float("-inf")):
        raise Invalid(f"{label} {quoted(value)} er ikke et tal")
    return result


def _inside(value: float | None, bounds: tuple[float, float]) -> bool:
    return value is not None and bounds[0] <= value <= bounds[1]


def coordinates(latitude, longitude) -> tuple[float | None, float | None]:
    """A point in Denmark as (latitude, longitude), or (None, None) when both are empty."""
    lat, lon = number(latitude, "breddegrad"), number(longitude, "længdegrad")
    if lat is None and lon is None:
        return None, None
    if lat is None or lon is None:
        raise Invalid("angiv både breddegrad og længdegrad, eller ingen af dem")
    if lat == 0 or lon == 0:
        raise Invalid(f"koordinaterne {lat:g}, {lon:g} er ikke et sted i Danmark (mangler de?)")
    if _inside(lat, LONGITUDE_RANGE) and _inside(lon, LATITUDE_RANGE):
        raise Invalid(f"breddegrad {lat:g} og længdegrad {lon:g} ser ud til at være byttet om")
    for what, value, bounds in (
        ("breddegrad", lat, LATITUDE_RANGE),
        ("længdegrad", lon, LONGITUDE_RANGE),
    ):
        if not _inside(value, bounds):
            low, high = (f"{b:g}".replace(".", ",") for b in bounds)
            raise Invalid(f"{what} {value:g} ligger uden for Danmark ({low}–{high})")
    return lat, lon


def latitude(value) -> float | None:
    lat = number(value, "breddegrad")
    if lat is not None and not _inside(lat, LATITUDE_RANGE):
        raise Invalid(f"breddegrad {quoted(value)} ligger uden for Danmark")
    return lat


def longitude(value) -> float | None:
    lon = number(value, "længdegrad")
    if lon is not None and not _inside(lon, LONGITUDE_RANGE):
        raise Invalid(f"længdegrad {quoted(value)} ligger uden for Danmark")
    return lon


def time(value, label: str = "tidspunkt") -> str:
    """'16.30', '9:05' or '09:05' -> 'HH:MM'; empty stays empty."""
    cleaned = text(value)
    if not cleaned:
        return ""
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})", cleaned)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise Invalid(f"{label} {quoted(value)} er ikke et klokkeslæt (skriv fx 16:30)")
    return f"{int(match[1]):02d}:{match[2]}"


def age(value, label: str = "alder") -> int | None:
    cleaned = text(value)
    if not cleaned:
        return None
    if not re.fullmatch(r"\d+", cleaned) or int(cleaned) > AGE_MAX:
        raise Invalid(f"{label} {quoted(value)} skal være et helt tal mellem 0 og {AGE_MAX}")
    return int(cleaned)


def day(value, label: str = "dato") -> str:
    """A date as 'YYYY-MM-DD'; also accepts Danish '1-5-2024', '01.05.2024', '1/5/2024'."""
    cleaned = text(value)
    if not cleaned:
        return ""
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", cleaned)
    danish = re.fullmatch(r"(\d{1,2})[-./](\d{1,2})[-./](\d{4})", cleaned)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3])).isoformat()
        if danish:
            return date(int(danish[3]), int(danish[2]), int(danish[1])).isoformat()
    except ValueError:
        pass
    raise Invalid(f"{label} {quoted(value)} er ikke en gyldig dato (skriv fx 2024-05-31)")


TRUE_WORDS = {"ja", "j", "yes", "y", "1", "x", "true", "sand"}
FALSE_WORDS = {"nej", "n", "no", "0", "false", "falsk"}


def boolean(value, label: str, default: bool = False) -> bool:
    """ja/nej, yes/no, 1/0, x/empty, true/false; empty gives the default."""
    if isinstance(value, bool):
        return value
    cleaned = text(value).casefold()
    if not cleaned:
        return default
    if cleaned in TRUE_WORDS:
        return True
    if cleaned in FALSE_WORDS:
        return False
    raise Invalid(f"{label} {quoted(value)} skal være ja eller nej")


def split_list(value, separators: str = ";") -> list[str]:
    """'a; b;;c' -> ['a', 'b', 'c']."""
    parts = re.split(f"[{re.escape(separators)}]", text(value))
    return [part.strip() for part in parts if part.strip()]


def codes(value, vocabulary: dict, label: str) -> list[str]:
    """Codes for a ';'- or ','-separated list of codes or labels, without repeats."""
    found = []
    for item in split_list(value, ";,"):
        code = code_for(vocabulary, item)
        if code is None:
            valid = ", ".join(vocabulary.values())
            raise Invalid(f"{label} {quoted(item)} kendes ikke; brug en af: {valid}")
        found.append(code)
    return list(dict.fromkeys(found))


def status(value) -> str:
    cleaned = text(value)
    if not cleaned:
        return "active"
    code = code_for(STATUSES, cleaned)
    if code is None:
        valid = ", ".join(label.lower() for label in STATUSES.values())
        raise Invalid(f"status {quoted(value)} kendes ikke; brug en af: {valid}")
    return code


# Whole records ----------------------------------------------------------------

# Danish names of the association fields, as messages use them.
LABELS = {
    "name": "navn",
    "short_description": "kort beskrivelse",
    "description": "beskrivelse",
    "website": "hjemmeside",
    "email": "e-mail",
    "phone": "telefon",
    "target_groups": "målgruppe",
    "languages": "sprog",
    "contact_name": "kontaktpersonens navn",
    "contact_role": "kontaktpersonens rolle",
    "contact_phone": "kontaktpersonens telefon",
    "contact_email": "kontaktpersonens e-mail",
    "consent_date": "samtykkedato",
    "consent_source": "samtykke givet via",
    "status": "status",
    "include_in_print": "med i trykt udgave",
    "last_verified": "senest bekræftet",
    "contact_name_public": "vis kontaktpersonens navn",
    "contact_role_public": "vis kontaktpersonens rolle",
    "contact_phone_public": "vis kontaktpersonens telefon",
    "contact_email_public": "vis kontaktpersonens e-mail",
    **{flag: label.lower() for flag, label in FLAGS.items()},
}


def _cleaner(field: str):
    """The function that cleans one association field, given its raw value."""
    label = LABELS.get(field, field)
    special = {
        "name": name,
        "short_description": short_description,
        "website": url,
        "email": email,
        "phone": phone,
        "contact_phone": phone,
        "contact_email": email,
        "consent_date": day,
        "last_verified": day,
    }
    if field in special:
        return lambda value: special[field](value, label)
    if field == "target_groups":
        return lambda value: codes(value, TARGET_GROUPS, label)
    if field == "languages":
        return lambda value: codes(value, LANGUAGES, label)
    if field == "status":
        return status
    if field.endswith("_public") or field in FLAGS or field == "include_in_print":
        default = field == "include_in_print"
        return lambda value: boolean(value, label, default)
    return text


ASSOCIATION_FIELDS = list(LABELS)


def clean_value(field: str, value):
    """Clean one association field (raises Invalid); lists may be given as lists."""
    if isinstance(value, list | tuple) and field in ("target_groups", "languages"):
        value = ";".join(value)
    return _cleaner(field)(value)


def clean_association(record: dict) -> tuple[dict, dict[str, str]]:
    """Clean the association fields present in `record`.

    Returns (cleaned values, {field: Danish message}); fields not known here
    (categories, activities, venue_ids, ...) are left for the caller.
    """
    cleaned, errors = {}, {}
    for field in ASSOCIATION_FIELDS:
        if field in record:
            try:
                cleaned[field] = clean_value(field, record[field])
            except Invalid as error:
                errors[field] = str(error)
    if "name" not in record:
        errors["name"] = "navn mangler"
    return cleaned, errors


def validate_association(record: dict) -> dict[str, str]:
    """{field: Danish message} for every bad field of an association record; {} if fine."""
    return clean_association(record)[1]
