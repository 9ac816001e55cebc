"""Clean and check one value at a time; the import and the editors' forms share these.

Each cleaner takes what a person typed (a string, or None for "not given")
and returns the value to store, or raises Invalid with a Danish message that
names the field and quotes the bad value, e.g. "e-mail 'foo@' er ikke gyldig".
Optional fields accept an empty value and return "" (or None for numbers).
"""

import re
from datetime import date
from urllib.parse import urlsplit

from flask_babel import gettext

from .catalogue import SHORT_DESCRIPTION_MAX
from .i18n import translated
from .vocabulary import FLAGS, LANGUAGES, N_, STATUSES, TARGET_GROUPS, code_for


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


def name(value, label: str = N_("navn")) -> str:
    cleaned = " ".join(text(value).split())
    if not cleaned:
        raise Invalid(gettext("%(label)s mangler", label=translated(label)))
    if len(cleaned) > NAME_MAX:
        raise Invalid(gettext("%(label)s er %(length)s tegn; højst %(name_max)s",
            label=translated(label), length=len(cleaned), name_max=NAME_MAX))
    return cleaned


def short_description(value, label: str = N_("kort beskrivelse")) -> str:
    cleaned = text(value)
    if len(cleaned) > SHORT_DESCRIPTION_MAX:
        raise Invalid(gettext("%(label)s er %(length)s tegn; højst %(short_description_max)s",
            label=translated(label), length=len(cleaned),
            short_description_max=SHORT_DESCRIPTION_MAX))
    return cleaned


_EMAIL = re.compile(r"[^@\s,;:<>()\[\]\"]+@[^@\s,;:<>()\[\]\"/.]+(\.[^@\s,;:<>()\[\]\"/.]+)+")


def email(value, label: str = N_("e-mail")) -> str:
    cleaned = text(value)
    if cleaned.lower().startswith("mailto:"):
        cleaned = cleaned[len("mailto:") :]
    if cleaned and not (_EMAIL.fullmatch(cleaned) and len(cleaned.rsplit(".", 1)[1]) >= 2):
        raise Invalid(gettext("%(label)s %(value)s er ikke gyldig",
            label=translated(label), value=quoted(value)))
    return cleaned


def phone(value, label: str = N_("telefon")) -> str:
    """A Danish number, shown as "12 34 56 78" (+45 / 0045 in front is dropped)."""
    cleaned = text(value)
    if not cleaned:
        return ""
    digits = re.sub(r"[\s\-./()]", "", cleaned)
    for prefix in ("+45", "0045"):
        if digits.startswith(prefix) and len(digits) == 8 + len(prefix):
            digits = digits[len(prefix) :]
    if not re.fullmatch(r"\d{8}", digits):
        raise Invalid(gettext("%(label)s %(value)s er ikke et dansk telefonnummer med 8 cifre",
            label=translated(label), value=quoted(value)))
    return " ".join(digits[i : i + 2] for i in range(0, 8, 2))


def phone_link(display: str) -> str:
    """'12 34 56 78' -> 'tel:+4512345678', for links on phones."""
    return "tel:+45" + display.replace(" ", "") if display else ""


_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_HOST = re.compile(r"[\w-]+(\.[\w-]+)*\.[^\W\d_]{2,}")


def url(value, label: str = N_("hjemmeside")) -> str:
    """An http(s) address; 'www.x.dk' becomes 'https://www.x.dk'."""
    cleaned = text(value)
    if not cleaned:
        return ""
    if "://" not in cleaned:
        if _SCHEME.match(cleaned) and not re.match(r"[\w.-]+:\d", cleaned):
            raise Invalid(gettext("%(label)s %(value)s skal begynde med http:// eller https://",
                label=translated(label), value=quoted(value)))
        cleaned = "https://" + cleaned
    parts = urlsplit(cleaned)
    if parts.scheme.lower() not in ("http", "https"):
        raise Invalid(gettext("%(label)s %(value)s skal begynde med http:// eller https://",
            label=translated(label), value=quoted(value)))
    host = parts.netloc.rsplit(":", 1)[0] if re.search(r":\d+$", parts.netloc) else parts.netloc
    if re.search(r"\s", cleaned) or not _HOST.fullmatch(host):
        raise Invalid(gettext("%(label)s %(value)s er ikke en gyldig internetadresse",
            label=translated(label), value=quoted(value)))
    return cleaned


def postcode(value, label: str = N_("postnummer")) -> str:
    cleaned = text(value)
    if cleaned and not re.fullmatch(r"\d{4}", cleaned):
        raise Invalid(gettext("%(label)s %(value)s skal være fire cifre",
            label=translated(label), value=quoted(value)))
    return cleaned


def number(value, label: str) -> float | None:
    """A decimal number; Danish decimal comma accepted."""
    cleaned = text(value).replace(",", ".")
    if not cleaned:
        return None
    try:
        result = float(cleaned)
    except ValueError:
        raise Invalid(gettext("%(label)s %(value)s er ikke et tal",
            label=translated(label), value=quoted(value))) from None
    if result != result or result in (float("inf"), float("-inf")):
        raise Invalid(gettext("%(label)s %(value)s er ikke et tal",
            label=translated(label), value=quoted(value)))
    return result


def _inside(value: float | None, bounds: tuple[float, float]) -> bool:
    return value is not None and bounds[0] <= value <= bounds[1]


def coordinates(latitude, longitude) -> tuple[float | None, float | None]:
    """A point in Denmark as (latitude, longitude), or (None, None) when both are empty."""
    lat, lon = number(latitude, "breddegrad"), number(longitude, "længdegrad")
    if lat is None and lon is None:
        return None, None
    if lat is None or lon is None:
        raise Invalid(gettext("angiv både breddegrad og længdegrad, eller ingen af dem"))
    if lat == 0 or lon == 0:
        raise Invalid(gettext(
            "koordinaterne %(lat)s, %(lon)s er ikke et sted i Danmark (mangler de?)",
            lat=f'{lat:g}', lon=f'{lon:g}'))
    if _inside(lat, LONGITUDE_RANGE) and _inside(lon, LATITUDE_RANGE):
        raise Invalid(gettext(
            "breddegrad %(lat)s og længdegrad %(lon)s ser ud til at være byttet om",
            lat=f'{lat:g}', lon=f'{lon:g}'))
    for what, value, bounds in (
        (N_("breddegrad"), lat, LATITUDE_RANGE),
        (N_("længdegrad"), lon, LONGITUDE_RANGE),
    ):
        if not _inside(value, bounds):
            low, high = (f"{b:g}".replace(".", ",") for b in bounds)
            raise Invalid(gettext("%(what)s %(value)s ligger uden for Danmark (%(low)s–%(high)s)",
                what=translated(what), value=f'{value:g}', low=low, high=high))
    return lat, lon


def latitude(value) -> float | None:
    lat = number(value, "breddegrad")
    if lat is not None and not _inside(lat, LATITUDE_RANGE):
        raise Invalid(gettext("breddegrad %(value)s ligger uden for Danmark", value=quoted(value)))
    return lat


def longitude(value) -> float | None:
    lon = number(value, "længdegrad")
    if lon is not None and not _inside(lon, LONGITUDE_RANGE):
        raise Invalid(gettext("længdegrad %(value)s ligger uden for Danmark", value=quoted(value)))
    return lon


def time(value, label: str = N_("tidspunkt")) -> str:
    """'16.30', '9:05' or '09:05' -> 'HH:MM'; empty stays empty."""
    cleaned = text(value)
    if not cleaned:
        return ""
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})", cleaned)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise Invalid(gettext("%(label)s %(value)s er ikke et klokkeslæt (skriv fx 16:30)",
            label=translated(label), value=quoted(value)))
    return f"{int(match[1]):02d}:{match[2]}"


def age(value, label: str = N_("alder")) -> int | None:
    cleaned = text(value)
    if not cleaned:
        return None
    if not re.fullmatch(r"\d+", cleaned) or int(cleaned) > AGE_MAX:
        raise Invalid(gettext("%(label)s %(value)s skal være et helt tal mellem 0 og %(age_max)s",
            label=translated(label), value=quoted(value), age_max=AGE_MAX))
    return int(cleaned)


def day(value, label: str = N_("dato")) -> str:
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
    raise Invalid(gettext("%(label)s %(value)s er ikke en gyldig dato (skriv fx 2024-05-31)",
        label=translated(label), value=quoted(value)))


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
    raise Invalid(gettext("%(label)s %(value)s skal være ja eller nej",
        label=translated(label), value=quoted(value)))


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
            raise Invalid(gettext("%(label)s %(value)s kendes ikke; brug en af: %(valid)s",
                label=translated(label), value=quoted(item), valid=valid))
        found.append(code)
    return list(dict.fromkeys(found))


def status(value) -> str:
    cleaned = text(value)
    if not cleaned:
        return "active"
    code = code_for(STATUSES, cleaned)
    if code is None:
        valid = ", ".join(label.lower() for label in STATUSES.values())
        raise Invalid(gettext("status %(value)s kendes ikke; brug en af: %(valid)s",
            value=quoted(value), valid=valid))
    return code


# Whole records ----------------------------------------------------------------

# Danish names of the association fields, as messages use them.
LABELS = {
    "name": N_("navn"),
    "short_description": N_("kort beskrivelse"),
    "description": N_("beskrivelse"),
    "website": N_("hjemmeside"),
    "email": N_("e-mail"),
    "phone": N_("telefon"),
    "target_groups": N_("målgruppe"),
    "languages": N_("sprog"),
    "contact_name": N_("kontaktpersonens navn"),
    "contact_role": N_("kontaktpersonens rolle"),
    "contact_phone": N_("kontaktpersonens telefon"),
    "contact_email": N_("kontaktpersonens e-mail"),
    "consent_date": N_("samtykkedato"),
    "consent_source": N_("samtykke givet via"),
    "status": N_("status"),
    "include_in_print": N_("med i trykt udgave"),
    "last_verified": N_("senest bekræftet"),
    "contact_name_public": N_("vis kontaktpersonens navn"),
    "contact_role_public": N_("vis kontaktpersonens rolle"),
    "contact_phone_public": N_("vis kontaktpersonens telefon"),
    "contact_email_public": N_("vis kontaktpersonens e-mail"),
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
        errors["name"] = gettext("%(label)s mangler", label=translated("navn"))
    return cleaned, errors


def validate_association(record: dict) -> dict[str, str]:
    """{field: Danish message} for every bad field of an association record; {} if fine."""
    return clean_association(record)[1]


def local_path(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None: redirects never lead elsewhere."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(c in target for c in "\r\n\\"):
        return None
    return target
