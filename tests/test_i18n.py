"""The interface in Danish (default), English and Arabic.

Locale negotiation and the switcher, every page in all three languages with
no Danish interface text left in English or Arabic, and catalogues that are
complete and current (a string marked for translation but not translated
fails here).
"""

import gettext as gettext_module
import html as html_lib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask import template_rendered

from directory import catalogue, geo, i18n, rounds, synonyms
from directory.activity_text import format_activity
from directory.db import write_transaction
from directory.vocabulary import DEFAULT_CATEGORIES

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "directory" / "translations"
LANGUAGES = ["da", "en", "ar"]
TRANSLATED = ["en", "ar"]


def lang_and_dir(page: str) -> tuple[str, str]:
    match = re.search(r'<html lang="([^"]*)" dir="([^"]*)">', page)
    assert match, page[:200]
    return match.group(1), match.group(2)


# Negotiation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept_language", "cookie", "expected"),
    [
        (None, None, ("da", "ltr")),
        ("en-GB,en;q=0.9", None, ("en", "ltr")),
        ("ar-SA,ar;q=0.9,en;q=0.5", None, ("ar", "rtl")),
        ("de-DE,de;q=0.9,en;q=0.4", None, ("en", "ltr")),  # the best we have
        ("fr-FR,de;q=0.9", None, ("da", "ltr")),  # nothing we have: Danish
        ("da,en;q=0.8", None, ("da", "ltr")),
        ("garbage;;q=x,,", None, ("da", "ltr")),
        ("en", "ar", ("ar", "rtl")),  # the remembered choice beats the browser
        ("ar", "da", ("da", "ltr")),
        ("ar", "xx", ("ar", "rtl")),  # a bad cookie falls back to the browser
        (None, "../../etc", ("da", "ltr")),
        (None, "EN", ("da", "ltr")),  # codes are exact
    ],
)
def test_language_comes_from_cookie_then_browser_then_danish(client, accept_language, cookie,
                                                              expected):
    if cookie is not None:
        client.set_cookie(i18n.COOKIE, cookie)
    headers = {"Accept-Language": accept_language} if accept_language else {}
    page = client.get("/", headers=headers).get_data(as_text=True)
    assert lang_and_dir(page) == expected


def test_the_switcher_is_on_every_page_and_comes_back_to_it(client):
    page = client.get("/soeg?q=fodbold&alder=9").get_data(as_text=True)
    switcher = re.search(r'<nav class="language-switch"[^>]*>(.*?)</nav>', page, re.S).group(1)
    links = dict(re.findall(r'<a href="([^"]+)" lang="(\w+)"', switcher))
    assert sorted(links.values()) == sorted(LANGUAGES)
    to_arabic = html_lib.unescape(next(h for h, code in links.items() if code == "ar"))
    assert to_arabic.startswith("/sprog/ar?next=")
    response = client.get(to_arabic)
    assert response.status_code == 303
    assert response.headers["Location"] == "/soeg?q=fodbold&alder=9"
    cookie = client.get_cookie(i18n.COOKIE)
    assert cookie.value == "ar" and cookie.http_only and cookie.same_site == "Lax"
    assert cookie.expires is not None  # remembered beyond the browser session
    page = client.get("/soeg?q=fodbold&alder=9").get_data(as_text=True)
    assert lang_and_dir(page) == ("ar", "rtl")
    assert 'lang="ar" hreflang="ar" aria-current="true"' in page
    client.get("/sprog/da?next=/")
    assert lang_and_dir(client.get("/").get_data(as_text=True)) == ("da", "ltr")


def test_the_switcher_works_without_javascript_on_error_pages(client):
    page = client.get("/findes-ikke", headers={"Accept-Language": "en"})
    assert page.status_code == 404
    text = page.get_data(as_text=True)
    assert "Page not found" in text and "/sprog/da?next=" in text


@pytest.mark.parametrize("code", ["xx", "DA", "en-GB", "ar%00", "..", "da;"])
def test_unknown_language_codes_change_nothing(client, code):
    response = client.get(f"/sprog/{code}?next=/")
    assert response.status_code == 404
    assert client.get_cookie(i18n.COOKIE) is None


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/uge?dag=tirsdag", "/uge?dag=tirsdag"),
        ("/forening/x#kontakt", "/forening/x#kontakt"),
        ("", "/"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("http:/evil.example", "/"),
        ("/\\evil.example", "/"),
        ("\\\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("soeg", "/"),
        ("/ok\r\nSet-Cookie: x=1", "/"),
        (" //evil.example", "/"),
    ],
)
def test_next_only_goes_to_local_paths(client, target, expected):
    response = client.get("/sprog/en", query_string={"next": target})
    assert response.status_code == 303
    assert response.headers["Location"] == expected
    assert client.get_cookie(i18n.COOKIE).value == "en"


# Formatting ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "weekday", "clock", "day"),
    [
        ("da", "tirsdag", "16:30", "5. marts 2027"),
        ("en", "Tuesday", "4:30\u202fPM", "March 5, 2027"),
        ("ar", "الثلاثاء", "16:30", "5 مارس 2027"),  # Latin digits, 24-hour clock
    ],
)
def test_weekdays_times_and_dates_follow_the_language(app, language, weekday, clock, day):
    with app.test_request_context(headers={"Accept-Language": language}):
        assert i18n.weekday_name(1) == weekday
        assert i18n.format_clock("16:30") == clock
        assert i18n.format_day("2027-03-05") == day
        assert i18n.format_clock("not a time") == "not a time"


def test_outside_a_request_everything_is_danish(app):
    with app.app_context():
        assert i18n.current_language() == "da"
        assert i18n.weekday_name(0) == "mandag"


# Every page in every language -----------------------------------------------------------

# Words and letters of Danish interface text; English and Arabic pages must not
# contain them outside the data (names, addresses) and text marked lang="da".
DANISH_WORDS = {
    "og", "eller", "på", "af", "til", "ikke", "der", "det", "som", "har", "kan", "skal", "ingen",
    "alle", "vis", "søg", "forening", "foreninger", "aktivitet", "aktiviteter", "sted", "steder",
    "kort", "ugen", "gem", "slet", "fortryd", "tilbage", "næste", "forrige", "side", "hvor",
    "redaktion", "kategori", "kategorier", "målgruppe", "alder", "ret", "opret", "gendan",
    "runde", "forslag", "brugere", "historik", "frist", "tak", "hjemmeside", "telefon",
}  # fmt: skip
# Proper names and examples that stay as they are in every language.
KEPT = [
    "Aalborg Øst", "Kvarterværkstedet", "Sebbersundvej 2A", "Tornhøjhallen", "Tornhøjgårdvej 1",
    "Trekanten", "www.forening.dk", "fodbold", "/kategori/",
    # The activity format is Danish (the hint explains it in the reader's language).
    "Fodbold U10: tirsdag 16:30-18:00; 8-11 år; sted: Tornhøjhallen; pris: 300 kr. pr. halvår",
    "sted", "pris",
]
# Editors see and edit the Danish labels of the categories (residents see them translated).
EDITOR_DATA = [text for category in DEFAULT_CATEGORIES for text in category]  # slug, label
# The synonym list is Danish search words by nature.
DANISH_DATA_PAGES = ("/redaktion/synonymer",)
TEXT_ATTRIBUTES = re.compile(r'\b(?:aria-label|placeholder|title|alt)="([^"]*)"')


def visible_text(page: str) -> str:
    """Text and text attributes, without scripts, form values (data) and text marked Danish."""
    page = re.sub(r"<(script|style|textarea)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r'<(\w+)\b[^>]*\blang="da"[^>]*>.*?</\1>', " ", page, flags=re.S)
    attributes = " ".join(TEXT_ATTRIBUTES.findall(page))
    text = re.sub(r"<[^>]+>", " ", page) + " " + attributes
    return html_lib.unescape(text)


def is_editor(path: str) -> bool:
    return path.startswith("/redaktion")


def danish_leftovers(page: str, data: list[str]) -> list[str]:
    text = visible_text(page)
    for kept in sorted([*KEPT, *data], key=len, reverse=True):
        text = text.replace(kept, " ")
    words = re.findall(r"[a-zæøåA-ZÆØÅ]+", text)
    return sorted({w for w in words if w.lower() in DANISH_WORDS or re.search("[æøåÆØÅ]", w)})


@pytest.fixture
def site(app, db, index, add, editor_client, csrf):
    """A small catalogue touching every page: venue, association with an activity,
    a pending suggestion, an open update round (with a letter link) and a deleted entry."""
    with write_transaction(db):
        venue_id = catalogue.save_venue(db, {"name": "Hall Alpha", "address": "Road 1",
                                             "postcode": "9220", "city": "Town",
                                             "latitude": 57.0276, "longitude": 10.0009})
    club = add("Chess Club Alpha", short_description="Board games.", description="Chess.",
               categories=["sport-og-motion"], target_groups=["boern"], languages=["en"],
               phone="+45 12 34 56 78", email="chess@club.example", website="https://chess.example",
               free_trial=1, venue_ids=[venue_id], last_verified="2026-01-15",
               activities=[{"title": "Blitz", "weekdays": [1, 3], "start_time": "16:30",
                            "end_time": "18:00", "min_age": 8, "max_age": 12,
                            "frequency": "first-of-month", "venue_id": venue_id}])
    gone = add("Gamma Gone")
    editor_client.post(f"/redaktion/foreninger/{gone['id']}/slet",
                       data={"csrf_token": csrf(f"/redaktion/foreninger/{gone['id']}/slet")})
    editor_client.post("/tilmeld", data={"csrf_token": csrf("/tilmeld"), "name": "Beta Band"})
    editor_client.get("/redaktion/")  # shows (and so clears) the Danish message of the deletion
    round_id = rounds.open_round(db, "Round Alpha", "2099-12-31")
    synonym_id = synonyms.save_synonym(db, "quidditch", "skak")
    square = {"type": "Polygon", "coordinates": [[[10.0, 57.02], [10.01, 57.02], [10.01, 57.03],
                                                  [10.0, 57.02]]]}  # fmt: skip
    geo.add_area(db, "Area Alpha", square)
    letter = rounds.letters(db, round_id, rounds.settings_from(app.config), club["id"])[0]
    category_id = db.execute("SELECT id FROM categories WHERE slug = ?", ["sport-og-motion"]
                             ).fetchone()[0]  # fmt: skip
    suggestion_id = db.execute("SELECT max(id) FROM suggestions").fetchone()[0]
    user_id = db.execute("SELECT max(id) FROM users").fetchone()[0]
    db["users"].update(user_id, {"role": "admin"})  # the accounts pages are the admins'
    areas = [text for row in db.execute("SELECT name, source FROM areas") for text in row if text]
    # The spreadsheet's activity format is Danish; editors see it in the history.
    activity = format_activity({**club["activities"][0], "venue_name": "Hall Alpha"})
    return {
        "club": club, "venue_id": venue_id, "category_id": category_id, "round_id": round_id,
        "token": letter["link"].rsplit("/", 1)[1], "suggestion_id": suggestion_id,
        "user_id": user_id, "synonym_id": synonym_id,
        "data": ["Chess Club Alpha", "Board games.", "Chess.", "Hall Alpha", "Road 1", "Town",
                 "Blitz", "Gamma Gone", "Beta Band", "Round Alpha", "Rie Redaktør",
                 "redaktor@kvarter.example", "chess@club.example", "https://chess.example",
                 "chess-club-alpha", "quidditch", "skak", "formularen Tilmeld en ny forening",
                 activity, *areas],
    }  # fmt: skip


def public_pages(site) -> list[str]:
    club = site["club"]
    return [
        "/", "/soeg", "/soeg?q=chess", "/soeg?q=zzzzqqq", "/soeg?alder=abc&dag=blah",
        "/soeg?side=99", "/kategori/sport-og-motion", f"/forening/{club['slug']}",
        "/sted/hall-alpha", "/uge?dag=tirsdag", "/uge?dag=onsdag&efter=99", "/kort",
        "/kort?adresse=nowhere-at-all", "/tilmeld", f"/forening/{club['slug']}/ret",
        f"/forslag/tak?forening={club['slug']}", "/findes-ikke", "/opdater/not-a-token",
        f"/opdater/{site['token']}",
    ]


def editor_pages(site) -> list[str]:
    ids = site
    return [
        "/redaktion/", "/redaktion/foreninger/", "/redaktion/foreninger/?status=active",
        "/redaktion/foreninger/ny", f"/redaktion/foreninger/{ids['club']['id']}",
        f"/redaktion/foreninger/{ids['club']['id']}/historik",
        f"/redaktion/foreninger/{ids['club']['id']}/slet", "/redaktion/foreninger/papirkurv",
        "/redaktion/steder", "/redaktion/steder/ny", f"/redaktion/steder/{ids['venue_id']}",
        f"/redaktion/steder/{ids['venue_id']}/historik",
        f"/redaktion/steder/{ids['venue_id']}/slet", "/redaktion/kategorier",
        "/redaktion/kategorier/ny", f"/redaktion/kategorier/{ids['category_id']}",
        f"/redaktion/kategorier/{ids['category_id']}/historik",
        f"/redaktion/kategorier/{ids['category_id']}/slet", "/redaktion/omraader/",
        "/redaktion/omraader/ny/fil", "/redaktion/omraader/ny/tegn", "/redaktion/forslag",
        f"/redaktion/forslag/{ids['suggestion_id']}", "/redaktion/runder",
        f"/redaktion/runder/{ids['round_id']}", f"/redaktion/runder/{ids['round_id']}/luk",
        "/redaktion/kvalitet", "/redaktion/synonymer", f"/redaktion/synonymer/{ids['synonym_id']}",
        "/redaktion/omraader/area-alpha/slet", "/redaktion/brugere", "/redaktion/brugere/ny",
        f"/redaktion/brugere/{ids['user_id']}",
    ]


def read_pages(client, paths, language) -> dict[str, str]:
    client.set_cookie(i18n.COOKIE, language)
    pages = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 404, 410), (path, response.status_code)
        pages[path] = response.get_data(as_text=True)
    return pages


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_in_every_language(app, client, site, language):
    rendered = []
    template_rendered.connect(lambda sender, template, context, **kw: rendered.append(
        template.name), app, weak=False)  # fmt: skip
    pages = read_pages(client, public_pages(site) + editor_pages(site), language)
    pages.update(post_only_pages(client, site))
    logged_out = app.test_client()
    logged_out.set_cookie(i18n.COOKIE, language)
    pages["login"] = logged_out.get("/redaktion/login").get_data(as_text=True)
    expected = ("ar", "rtl") if language == "ar" else (language, "ltr")
    assert {path: lang_and_dir(page) for path, page in pages.items()} == dict.fromkeys(
        pages, expected)  # fmt: skip
    if language != "da":
        leftovers = {path: danish_leftovers(page, site["data"] + EDITOR_DATA * is_editor(path))
                     for path, page in pages.items() if not path.startswith(DANISH_DATA_PAGES)}
        found = {path: words for path, words in leftovers.items() if words}
        assert found == {}, "\n".join(f"{path}: {words}" for path, words in found.items())
    assert set(rendered) >= top_level_templates(), set(top_level_templates()) - set(rendered)


def post_only_pages(client, site) -> dict[str, str]:
    """Pages only a POST shows: printable letters and a refused public form."""
    round_page = f"/redaktion/runder/{site['round_id']}"
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                      client.get(round_page).get_data(as_text=True)).group(1)
    letters = client.post(f"{round_page}/breve", data={
        "csrf_token": token, "association_id": site["club"]["id"]})  # fmt: skip
    refused = client.post("/tilmeld", data={"csrf_token": token, "email": "not-an-address"})
    assert (letters.status_code, refused.status_code) == (200, 400)
    assert '<html lang="da">' in letters.get_data(as_text=True)  # letters go out in Danish
    return {"refused": refused.get_data(as_text=True)}


def top_level_templates() -> set[str]:
    """Every page template (partials start with _) except the printed catalogue's and the
    association conflict page (reached through two editors' saves, see test_editing)."""
    templates = ROOT / "templates"
    names = {str(p.relative_to(templates)) for p in templates.rglob("*.html")}
    return {n for n in names if not Path(n).name.startswith("_") and not n.startswith("print/")
            and n not in {"editor/associations/conflict.html", "editor/base.html",
                          "base.html"}}  # fmt: skip


def test_activity_times_and_weekdays_are_localised(client, site):
    slug = site["club"]["slug"]
    danish = client.get(f"/forening/{slug}").get_data(as_text=True)
    assert "tirsdag og torsdag 16:30–18:00, første tirsdag i måneden" in danish
    client.set_cookie(i18n.COOKIE, "en")
    english = client.get(f"/forening/{slug}").get_data(as_text=True)
    assert "Tuesday and Thursday 4:30\u202fPM–6:00\u202fPM, first Tuesday of the month" in english
    assert "January 15, 2026" in english
    client.set_cookie(i18n.COOKIE, "ar")
    arabic = client.get(f"/forening/{slug}").get_data(as_text=True)
    assert "الثلاثاء والخميس 16:30–18:00، أول الثلاثاء من الشهر" in arabic  # Arabic comma
    assert "من 8 إلى 12 سنة" in arabic
    week = client.get("/uge?dag=tirsdag").get_data(as_text=True)
    assert "ماذا يحدث يوم الثلاثاء؟" in week and "16:30–18:00" in week


@pytest.mark.parametrize("path", ["/redaktion/katalog/", "/api/associations.geojson",
                                  "/api/associations?weekday=x", "/sitemap.xml"])
def test_print_and_open_data_stay_danish(app, path):
    """The booklet, and what programs read and caches share, never follow a visitor's choice."""
    from directory import schedule

    with app.test_request_context(path, headers={"Cookie": f"{i18n.COOKIE}=ar",
                                                 "Accept-Language": "ar"}):
        assert i18n.current_language() == "da"
        assert schedule.weekday_list([1, 3]) == "tirsdag og torsdag"


def test_api_messages_stay_danish(client):
    client.set_cookie(i18n.COOKIE, "en")
    body = client.get("/api/associations?weekday=blah", headers={"Accept-Language": "en"}).json
    assert "ukendt ugedag" in str(body)


# The catalogues --------------------------------------------------------------------------


def key(text):
    """A message id or string as a dictionary key (plural ones come as lists)."""
    return tuple(text) if isinstance(text, list | tuple) else text


def extracted_messages(tmp_path) -> list:
    """Every message marked in the sources, as pybabel extract finds them (babel.cfg)."""
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "lazy_gettext", "-o", str(pot), "--no-location", "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    with pot.open("rb") as file:
        return [m for m in read_po(file) if m.id]


@pytest.fixture(scope="module")
def messages(tmp_path_factory):
    return extracted_messages(tmp_path_factory.mktemp("pot"))


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_marked_string_is_translated(messages, language):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as file:
        po = read_po(file)
    missing, fuzzy, empty = [], [], []
    for message in messages:
        found = po.get(key(message.id))
        if found is None:
            missing.append(message.id)
        elif found.fuzzy:
            fuzzy.append(message.id)
        elif not all(found.string) if isinstance(found.string, tuple) else not found.string:
            empty.append(message.id)
    assert (missing, fuzzy, empty) == ([], [], [])
    assert not po.fuzzy, "the catalogue's header is marked fuzzy"


@pytest.mark.parametrize("language", TRANSLATED)
def test_placeholders_and_markup_survive_translation(language):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as file:
        po = read_po(file)
    marks = re.compile(r"%\(\w+\)s|\{\w+\}|</?[a-z]+")
    for message in po:
        if not message.id or isinstance(message.id, tuple):
            continue
        assert sorted(marks.findall(message.string)) == sorted(marks.findall(message.id)), (
            message.id)


@pytest.mark.parametrize("language", TRANSLATED)
def test_compiled_catalogues_match_the_po_files(language):
    folder = TRANSLATIONS / language / "LC_MESSAGES"
    with (folder / "messages.po").open("rb") as file:
        po = read_po(file)
    with (folder / "messages.mo").open("rb") as file:
        mo = read_mo(file)
    expected = {key(m.id): key(m.string) for m in po if m.id}
    compiled = {key(m.id): key(m.string) for m in mo if m.id}
    assert compiled == expected, "run: pybabel compile -d directory/translations"


def test_arabic_plurals_use_six_forms():
    arabic = gettext_module.translation("messages", TRANSLATIONS, ["ar"])
    activities = [arabic.ngettext("%(count)s aktivitet", "%(count)s aktiviteter", n) % {"count": n}
                  for n in (0, 1, 2, 5, 11, 100)]  # fmt: skip
    assert activities == ["0 نشاط", "نشاط واحد", "نشاطان", "5 أنشطة", "11 نشاطًا", "100 نشاط"]
