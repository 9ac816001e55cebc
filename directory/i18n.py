"""The interface in Danish (default), English and Arabic.

The chosen language is, in order: a choice made with the switcher on every
page (remembered in a cookie), the browser's Accept-Language, Danish. Message
ids are the Danish texts, so Danish needs no catalogue and a missing
translation shows Danish. The printed catalogue is always Danish.

Numbers and times are written with Latin digits and a 24-hour clock in Danish
and Arabic (as on Danish signs, timetables and letters the residents read);
English uses Babel's short time format. Babel's CLDR data gives the weekday
and month names.
"""

from datetime import date, datetime, time
from functools import lru_cache

from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time
from babel.dates import get_day_names, get_month_names
from flask import Blueprint, abort, has_request_context, redirect, request, url_for
from flask_babel import Babel, get_locale, gettext
from flask_babel.speaklater import LazyString

from .vocabulary import N_

bp = Blueprint("i18n", __name__)

DEFAULT = "da"
# Each language is named in itself: a reader must recognise their own language.
LANGUAGES = {"da": "Dansk", "en": "English", "ar": "العربية"}
RIGHT_TO_LEFT = {"ar"}
COOKIE = "sprog"
COOKIE_MAX_AGE = 365 * 24 * 3600
# The printed catalogue, the letters to associations and the open data (API, feeds:
# cached and shared by everyone, read by programs) stay Danish whoever asks.
DANISH_ONLY_BLUEPRINTS = {"printing", "feeds"}
DANISH_ONLY_ENDPOINTS = {"rounds.letters"}
DANISH_ONLY_PATHS = ("/api/",)
TIME_PATTERNS = {"da": "HH:mm", "ar": "HH:mm", "en": "short"}
# Editors' menu labels registered by modules outside the translated interface
# (the printing blueprint stays Danish); marked here so the menu still translates.
MENU_LABELS = [N_("Trykt katalog")]


def select_locale() -> str:
    if not has_request_context() or request.blueprint in DANISH_ONLY_BLUEPRINTS:
        return DEFAULT
    if request.endpoint in DANISH_ONLY_ENDPOINTS or request.path.startswith(DANISH_ONLY_PATHS):
        return DEFAULT
    chosen = request.cookies.get(COOKIE, "")
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES.keys()) or DEFAULT


def current_language() -> str:
    """The locale of this request; Danish outside a request (CLI, print jobs)."""
    locale = get_locale() if has_request_context() else None
    return locale.language if locale and locale.language in LANGUAGES else DEFAULT


def text_direction() -> str:
    return "rtl" if current_language() in RIGHT_TO_LEFT else "ltr"


def weekday_name(index: int, width: str = "wide") -> str:
    """0 -> 'mandag' / 'Monday' / 'الاثنين' (0 = Monday, as date.weekday())."""
    return get_day_names(width, locale=current_language())[index]


def format_clock(value: str) -> str:
    """'16:30' (as stored) -> '16:30' / '4:30 PM'; anything unparsable is shown as it is."""
    try:
        hour, minute = (int(part) for part in value.split(":"))
        moment = time(hour, minute)
    except (ValueError, TypeError):
        return value or ""
    return _clock_text(moment, current_language())


@lru_cache(maxsize=4096)
def _clock_text(moment: time, language: str) -> str:
    """Cached: Babel takes ~80 µs a call, and the week view at 10,000 entries shows
    thousands of times (scripts/bench_load)."""
    return babel_format_time(moment, TIME_PATTERNS[language], locale=language)


def format_day(value: str | date, width: str = "long") -> str:
    """'2027-03-05' or a date -> '5. marts 2027' / 'March 5, 2027' / '5 مارس 2027'."""
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value or "")
    return babel_format_date(day, width, locale=current_language())


def translated(label) -> str:
    """A label kept in Danish in the data (a category, a vocabulary label) in the
    interface's language; labels without a translation (editors' own) stay as they are."""
    return gettext(str(label)) if label else ""


def lazy_label(label) -> LazyString:
    """A label translated when shown (for form fields built when a module is imported)."""
    return LazyString(translated, label)


def lazy_labels(pairs) -> list[tuple]:
    """(code, label) pairs with each label translated when shown."""
    return [(code, lazy_label(label)) for code, label in pairs]


def isolate(value) -> str:
    """Names and words typed by people (mostly Latin script), kept whole inside right-to-left
    text: wrapped in Unicode isolates (FSI…PDI), which work in titles and attributes too.
    Left-to-right pages are left as they are."""
    if value in (None, "") or text_direction() != "rtl":
        return value
    return f"\u2068{value}\u2069"


def facet_label(facet: str, value) -> str:
    """A search facet's value as the interface shows it (weekdays come as 0..6)."""
    if facet == "weekday" and str(value.value).isdigit() and int(value.value) < 7:
        return weekday_name(int(value.value))
    return translated(value.label)


def format_moment(moment: datetime, width: str = "short") -> str:
    """A local date and time: '01.03.2025 kl. 14:05' ("short") or '1. marts 2025 kl. 14:05'
    ("long") in Danish, as editors know them; 'March 1, 2025, 2:05 PM' in English."""
    language, clock = current_language(), format_clock(f"{moment:%H:%M}")
    if language == DEFAULT and width == "short":
        day = f"{moment:%d.%m.%Y}"
    elif language == DEFAULT:
        month = get_month_names("wide", locale=DEFAULT)[moment.month]
        day = f"{moment.day}. {month} {moment.year}"
    else:
        day = babel_format_date(moment.date(), "long", locale=language)
    return gettext("%(date)s kl. %(time)s", date=day, time=clock)


def safe_next(target: str | None) -> str:
    """A local path to return to; anything pointing elsewhere becomes the front page."""
    from .validation import local_path  # (validation imports this module)

    return local_path((target or "").strip()) or "/"


@bp.get("/sprog/<code>")
def switch(code):
    """Remember the chosen language and go back to the page the visitor came from."""
    if code not in LANGUAGES:
        abort(404)
    response = redirect(safe_next(request.args.get("next")), code=303)
    response.set_cookie(COOKIE, code, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True,
                        secure=request.is_secure)  # fmt: skip
    return response


def switch_url(code: str) -> str:
    """The switcher's link to `code` that comes back to the current page."""
    here = request.full_path.rstrip("?") if request else "/"
    return url_for("i18n.switch", code=code, next=here)


def language_context() -> dict:
    return {
        "current_language": current_language(),
        "text_direction": text_direction(),
        "interface_languages": LANGUAGES,
        "language_switch_url": switch_url,
    }


def init_app(app):
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", "translations")
    Babel(app, locale_selector=select_locale)
    app.register_blueprint(bp)
    app.context_processor(language_context)
    app.jinja_env.globals.update(facet_label=facet_label)
    app.jinja_env.filters.update(
        weekday_name=weekday_name, clock=format_clock, format_day=format_day,
        translated=translated, isolate=isolate,
    )
