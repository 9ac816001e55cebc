"""WCAG 2.1 A and AA on every public page and the editors' forms, in Danish,
English and Arabic: axe-core (the npm package in tests/browser/axe/, installed
by scripts/test) is injected into each page and must report no violations.
Also: the keyboard reaches the search and the results with a visible focus,
and an entry prints without navigation, map and forms, with link addresses."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from directory import catalogue, rounds, suggestions, translations_content
from directory.db import write_transaction
from tests.browser.conftest import EDITING_EDITOR, log_in

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LANGUAGES = ["da", "en", "ar"]
CLUB = "tornhoej-fodboldklub"  # from tests/browser/conftest.py

PUBLIC_PAGES = [
    "/",
    "/soeg?q=fodbold",
    "/soeg?q=football",  # through the synonym list
    "/soeg?q=xyzzyq",  # no results, with a suggestion or none
    f"/forening/{CLUB}",
    "/kategori/sport-og-motion",
    "/sted/trekanten",
    "/uge?dag=tirsdag",
    "/kort",
    f"/forening/{CLUB}/ret",
    "/tilmeld",
    "/opdater/{token}",  # the update round's form for an association
    "/findes-ikke",  # 404
]
EDITOR_PAGES = [
    "/redaktion/",
    "/redaktion/foreninger/",
    "/redaktion/foreninger/ny",
    "/redaktion/foreninger/{association_id}",
    "/redaktion/foreninger/{association_id}/historik",
    "/redaktion/steder",
    "/redaktion/steder/{venue_id}",
    "/redaktion/steder/ny",
    "/redaktion/kategorier",
    "/redaktion/kategorier/{category_id}",
    "/redaktion/omraader/",
    "/redaktion/katalog/",
    "/redaktion/forslag",
    "/redaktion/forslag/{suggestion_id}",
    "/redaktion/kvalitet",
    "/redaktion/synonymer",
    "/redaktion/runder",
    "/redaktion/runder/{round_id}",
]

# The printed catalogue's pages are Danish whatever the interface language (directory/i18n.py).
DANISH_ONLY = {"/redaktion/katalog/"}


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` in {AXE.parents[2]} (scripts/test does)")
    return AXE.read_text()


@pytest.fixture(scope="module")
def known_ids(live_app) -> dict:
    """Ids for the editor pages' URLs, an English translation to show and a
    suggestion to review; removed afterwards, so other browser tests see the
    catalogue of conftest.py unchanged."""
    from directory.db import connect, database_path

    db = connect(database_path(live_app))
    try:
        club = catalogue.get_association(db, CLUB)
        translations_content.save_translations(
            db, club["id"], {"en": "Football for children"}, {"en": {"U10 træning": "U10 practice"}}
        )
        suggestion_id = suggestions.submit_correction(
            db, club["id"], {"phone": "11 22 33 44"}, base_version=None, message="Nyt nummer",
            submitter_name="Ulla Ulla", submitter_email="ulla@beboer.example",
        )  # fmt: skip
        round_id = rounds.open_round(db, "Tilgængelighedsrunden", "2099-12-31")
        token = rounds.new_token()
        with write_transaction(db):
            rounds._store_token(db, round_id, club["id"], token)
        yield {"association_id": club["id"], "suggestion_id": suggestion_id,
               "round_id": round_id, "token": token,
               "venue_id": catalogue.get_venue(db, "trekanten")["id"],
               "category_id": catalogue.get_category(db, "sport-og-motion")["id"]}  # fmt: skip
        translations_content.save_translations(db, club["id"], {"en": ""}, {"en": {}})
        with write_transaction(db):
            db.execute("DELETE FROM suggestions WHERE id = ?", [suggestion_id])
            db.execute("DELETE FROM rounds WHERE id = ?", [round_id])
    finally:
        db.conn.close()


@pytest.fixture(scope="module")
def editor_cookies(browser, live_server, live_app) -> list[dict]:
    """The session cookies of a logged-in editor (one log-in for the whole module)."""
    from directory.db import connect, database_path

    db = connect(database_path(live_app))
    context = browser.new_context()
    try:
        context.add_cookies([{"name": "sprog", "value": "da", "url": live_server}])
        page = context.new_page()
        log_in(page, live_server, db, *EDITING_EDITOR)
        return context.cookies()
    finally:
        context.close()
        db.conn.close()


def violations(page, axe_source: str) -> list[str]:
    """axe's WCAG 2.1 A/AA violations on the page, one line per failing element."""
    page.evaluate(axe_source)  # evaluate, not a <script>: the pages' CSP allows no inline script
    found = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.flatMap(v => v.nodes.map(
                n => `${v.id}: ${n.target.join(' ')}: ${n.failureSummary.split('\\n')[1] || ''}`));
        }""",
        WCAG_TAGS,
    )
    return found


def open_in(page, live_server: str, path: str, language: str):
    page.context.add_cookies([{"name": "sprog", "value": language, "url": live_server}])
    response = page.goto(live_server + path)
    page.wait_for_load_state("networkidle")
    return response


@pytest.mark.parametrize("path", PUBLIC_PAGES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_have_no_violations(page, live_server, axe_source, known_ids, watch,
                                         language, path):  # fmt: skip
    response = open_in(page, live_server, path.format(**known_ids), language)
    assert response.status == (404 if path == "/findes-ikke" else 200)
    assert page.locator("html").get_attribute("lang") == language
    assert violations(page, axe_source) == []


@pytest.mark.parametrize("path", EDITOR_PAGES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_editor_pages_have_no_violations(page, live_server, axe_source, known_ids,
                                         editor_cookies, watch, language, path):  # fmt: skip
    page.context.add_cookies(editor_cookies)
    response = open_in(page, live_server, path.format(**known_ids), language)
    assert response.status == 200 and "/login" not in page.url
    shown = "da" if path in DANISH_ONLY else language
    assert page.locator("html").get_attribute("lang") == shown
    assert violations(page, axe_source) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_login_page_has_no_violations(page, live_server, axe_source, watch, language):
    response = open_in(page, live_server, "/redaktion/login", language)
    assert response.status == 200
    assert violations(page, axe_source) == []


def test_a_form_with_errors_has_no_violations(page, live_server, axe_source, editor_cookies,
                                              watch):  # fmt: skip
    page.context.add_cookies(editor_cookies)
    open_in(page, live_server, "/redaktion/foreninger/ny", "da")
    page.locator("form.association-form button[name=save]").last.click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".error-summary")).to_be_visible()
    assert violations(page, axe_source) == []


# Keyboard and focus ---------------------------------------------------------------------


def focus_outline(page) -> str:
    return page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
                   return s.outlineStyle === 'none' ? s.boxShadow : s.outlineStyle; }"""
    )


def test_search_works_by_keyboard_with_visible_focus(page, live_server, watch):
    open_in(page, live_server, "/", "da")
    for _ in range(30):  # the skip link, the language switcher, ... then the search box
        page.keyboard.press("Tab")
        assert focus_outline(page) not in ("", "none"), page.evaluate(
            "document.activeElement.outerHTML")
        if page.evaluate("document.activeElement.type") == "search" or page.evaluate(
            "document.activeElement.name") == "q":
            break
    else:
        pytest.fail("the keyboard never reached the search box")
    page.keyboard.type("fodbold")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/soeg\?"))
    for _ in range(40):
        page.keyboard.press("Tab")
        if CLUB in (page.evaluate("document.activeElement.getAttribute('href')") or ""):
            break
    else:
        pytest.fail("the keyboard never reached the first result")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/forening/{CLUB}$"))


# Printing an entry -------------------------------------------------------------------------


def test_an_entry_prints_without_navigation_map_and_forms(page, live_server, watch):
    open_in(page, live_server, f"/forening/{CLUB}", "da")
    screen_only = [".site-header nav", ".language-switch", ".entry-map", ".site-footer"]
    for selector in screen_only:
        expect(page.locator(selector).first).to_be_visible()
    page.emulate_media(media="print")
    for selector in screen_only:
        expect(page.locator(selector).first).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(".activities")).to_be_visible()
    # A link prints its address after its text.
    venue_link = page.locator("main .venues a[href^='/sted/']").first
    after = venue_link.evaluate("a => getComputedStyle(a, '::after').content")
    assert after == '" (/sted/tornhoej-idraetscenter)"', after
    page.emulate_media(media="screen")
    assert venue_link.evaluate("a => getComputedStyle(a, '::after').content") == "none"


def test_axe_reports_a_planted_violation(page, live_server, axe_source, watch):
    """The check itself works: an image without a text alternative is found."""
    open_in(page, live_server, "/", "da")
    page.evaluate("document.querySelector('main').append(Object.assign("
                  "document.createElement('img'), {src: '/static/none.png'}))")  # fmt: skip
    assert any(line.startswith("image-alt:") for line in violations(page, axe_source))
