"""Content translations: an association's short description and activity titles
in English and Arabic, the editors' form, the public pages in the visitor's
language with a marked Danish fallback, and the quality list of what lacks one."""

import html
import re

import pytest

from directory import catalogue, revisions, translations_content
from tests.test_editing import BASE, change, edit_fields, page, post

SPORT = "sport-og-motion"


@pytest.fixture
def club(db, index):
    association_id = catalogue.save_association(db, {
        "name": "Tornhøj Fodboldklub", "short_description": "Fodbold for alle",
        "categories": [SPORT],
        "activities": [{"title": "U10 træning", "weekdays": [1]},
                       {"title": "Old boys", "weekdays": [3]}],
    }, index=index)  # fmt: skip
    return catalogue.association_record(db, association_id)


def translate(db, club, short=None, titles=None, **options):
    return translations_content.save_translations(
        db, club["id"], short or {}, titles or {}, **options
    )


def visit(client, path: str, language: str) -> str:
    response = client.get(path, headers={"Accept-Language": language})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def lead(page_html: str) -> str:
    return re.search(r'<p class="lead">(.*?)</p>', page_html, re.S).group(1)


# Storing ----------------------------------------------------------------------------


def test_translations_are_stored_and_read_back(db, club):
    assert translate(db, club, {"en": "Football for everyone", "ar": "كرة القدم للجميع"},
                     {"en": {"U10 træning": "U10 practice"}})  # fmt: skip
    found = translations_content.translations_of(db, club["id"])
    assert found["short_description"] == {"en": "Football for everyone", "ar": "كرة القدم للجميع"}
    assert found["titles"] == {"en": {"U10 træning": "U10 practice"}}
    assert translations_content.with_translations(db, club)["activities"][0][
        "title_translations"] == {"en": "U10 practice"}  # fmt: skip


def test_a_change_is_a_revision_and_saving_it_again_is_not(db, club, make_user):
    user_id = make_user()
    assert translate(db, club, {"en": "Football for everyone"}, user_id=user_id, source="test")
    latest = revisions.history(db, "association", club["id"])[0]
    assert latest["user_id"] == user_id and latest["action"] == "update"
    assert latest["changes"] == {
        "short_description_en": {"old": None, "new": "Football for everyone"}}  # fmt: skip
    count = len(revisions.history(db, "association", club["id"]))
    assert not translate(db, club, {"en": "  Football for   everyone "})
    assert len(revisions.history(db, "association", club["id"])) == count


def test_an_empty_text_removes_a_translation(db, club):
    translate(db, club, {"en": "Football"}, {"en": {"Old boys": "Veterans"}})
    translate(db, club, {"en": ""}, {"en": {"Old boys": ""}})
    assert translations_content.translations_of(db, club["id"]) == {
        "short_description": {}, "titles": {}, "sources": {}}  # fmt: skip


def test_titles_of_activities_the_association_does_not_have_are_dropped(db, club):
    translate(db, club, titles={"en": {"Ghost activity": "Ghost", "Old boys": "Veterans"}})
    assert translations_content.translations_of(db, club["id"])["titles"] == {
        "en": {"Old boys": "Veterans"}}  # fmt: skip


def test_titles_left_out_are_kept_and_titles_gone_are_dropped(db, index, club):
    translate(db, club, titles={"en": {"Old boys": "Veterans", "U10 træning": "U10"}})
    translate(db, club, titles={"en": {"U10 træning": "Under 10"}})
    assert translations_content.translations_of(db, club["id"])["titles"] == {
        "en": {"Old boys": "Veterans", "U10 træning": "Under 10"}}  # fmt: skip
    club["activities"] = club["activities"][:1]
    catalogue.save_association(db, club, index=index)
    translate(db, club, {"en": "Football"})
    assert translations_content.translations_of(db, club["id"])["titles"] == {
        "en": {"U10 træning": "Under 10"}}  # fmt: skip


@pytest.mark.parametrize(
    "short, titles",
    [({"en": "x" * 201}, {}), ({}, {"ar": {"Old boys": "ي" * 201}})],
)
def test_too_long_translations_are_refused_and_change_nothing(db, club, short, titles):
    translate(db, club, {"en": "Football"})
    before = translations_content.translations_of(db, club["id"])
    with pytest.raises(translations_content.InvalidTranslation, match="højst"):
        translate(db, club, short, titles)
    assert translations_content.translations_of(db, club["id"]) == before


def test_unknown_association_is_refused(db):
    with pytest.raises(catalogue.NotFound):
        translations_content.save_translations(db, 99999, {"en": "x"}, {})


def test_translations_survive_a_danish_save_and_a_restore(db, index, club):
    translate(db, club, {"en": "Football"}, {"en": {"Old boys": "Veterans"}})
    catalogue.save_association(db, {**club, "description": "Ny tekst"}, index=index)
    assert translations_content.translations_of(db, club["id"])["titles"] == {
        "en": {"Old boys": "Veterans"}}  # fmt: skip
    catalogue.delete_association(db, club["id"], index=index)
    deleted = revisions.history(db, "association", club["id"])[0]["id"]
    catalogue.restore_association(db, deleted, index=index)
    assert translations_content.translations_of(db, club["id"])["short_description"] == {
        "en": "Football"}  # fmt: skip


# What lacks a translation -----------------------------------------------------------


def missing(db) -> dict:
    return {e["name"]: e["missing"] for e in translations_content.missing_translations(db)}


def test_missing_translations_are_listed_per_language(db, index, club):
    assert missing(db)["Tornhøj Fodboldklub"] == {
        "en": ["short", "titles"], "ar": ["short", "titles"]}  # fmt: skip
    translate(db, club, {"en": "Football", "ar": "كرة القدم"},
              {"en": {"U10 træning": "U10", "Old boys": "Veterans"}})  # fmt: skip
    assert missing(db)["Tornhøj Fodboldklub"] == {"ar": ["titles"]}
    # The Danish text changes: the translation is out of date, a renamed activity untranslated.
    club["short_description"] = "Fodbold for alle aldre"
    club["activities"][1]["title"] = "Veteraner"
    catalogue.save_association(db, club, index=index)
    assert missing(db)["Tornhøj Fodboldklub"] == {
        "en": ["outdated", "titles"], "ar": ["outdated", "titles"]}  # fmt: skip


def test_closed_and_fully_translated_entries_are_not_listed(db, index, club):
    translate(db, club, {"en": "Football", "ar": "كرة القدم"},
              {lang: {"U10 træning": "U10", "Old boys": "x"} for lang in ("en", "ar")})  # fmt: skip
    catalogue.save_association(db, {"name": "Lukket klub", "short_description": "Slut",
                                     "status": "closed"}, index=index)  # fmt: skip
    assert missing(db) == {}


def test_the_quality_page_lists_missing_translations(editor_client, db, club):
    html_text = page(editor_client, "/redaktion/kvalitet")
    section = html_text.split('id="oversaettelser"', 1)[1]
    assert "Tornhøj Fodboldklub" in section and "aktiviteternes titler" in section
    translate(db, club, {"en": "Football", "ar": "كرة القدم"},
              {lang: {"U10 træning": "U10", "Old boys": "x"} for lang in ("en", "ar")})  # fmt: skip
    section = page(editor_client, "/redaktion/kvalitet").split('id="oversaettelser"', 1)[1]
    assert "Tornhøj Fodboldklub" not in section


# The editors' form -----------------------------------------------------------------


def test_the_form_saves_translations_with_the_association(editor_client, db, club):
    fields = change(
        edit_fields(editor_client, club["id"]),
        short_description_en="Football for everyone", short_description_ar="كرة القدم للجميع",
        activities__0__title_en="U10 practice", activities__1__title_ar="قدامى اللاعبين",
    )  # fmt: skip
    response = post(editor_client, f"{BASE}/{club['id']}", fields)
    assert response.status_code == 302, response.get_data(as_text=True)
    found = translations_content.translations_of(db, club["id"])
    assert found["short_description"] == {"en": "Football for everyone", "ar": "كرة القدم للجميع"}
    assert found["titles"] == {"en": {"U10 træning": "U10 practice"},
                               "ar": {"Old boys": "قدامى اللاعبين"}}  # fmt: skip
    shown = edit_fields(editor_client, club["id"])
    assert ("short_description_en", "Football for everyone") in shown
    assert ("activities-0-title_en", "U10 practice") in shown


def test_a_new_association_can_be_created_with_translations(editor_client, db):
    fields = change(
        [(n, v) for n, v in edit_fields_new(editor_client)],
        name="Ny klub", short_description="Dansk tekst", short_description_en="English text",
        activities__0__title="Træning", activities__0__title_en="Practice",
    )  # fmt: skip
    response = post(editor_client, f"{BASE}/ny", fields)
    assert response.status_code == 302, response.get_data(as_text=True)
    association_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    found = translations_content.translations_of(db, association_id)
    assert found["short_description"] == {"en": "English text"}
    assert found["titles"] == {"en": {"Træning": "Practice"}}


def edit_fields_new(client):
    from tests.test_editing import read_form

    return read_form(page(client, f"{BASE}/ny"))


def test_a_too_long_translation_is_refused_next_to_its_field(editor_client, db, club):
    fields = change(edit_fields(editor_client, club["id"]), short_description_en="x" * 201)
    response = post(editor_client, f"{BASE}/{club['id']}", fields)
    assert response.status_code == 400
    assert 'id="short_description_en-fejl"' in response.get_data(as_text=True)
    assert translations_content.translations_of(db, club["id"])["short_description"] == {}


# The public pages --------------------------------------------------------------------


def test_the_entry_page_shows_the_visitors_language(client, db, club):
    translate(db, club, {"en": "Football for everyone"}, {"en": {"U10 træning": "U10 practice"}})
    english = visit(client, f"/forening/{club['slug']}", "en")
    assert lead(english) == "Football for everyone"
    assert "<h3>U10 practice</h3>" in english
    # Untranslated: Danish, marked as Danish for screen readers and visibly.
    assert re.search(r'<h3><span lang="da" dir="ltr">Old boys</span> <span class="in-danish">',
                     english)  # fmt: skip


def test_untranslated_text_falls_back_to_danish_marked_as_such(client, db, club):
    arabic = visit(client, f"/forening/{club['slug']}", "ar")
    assert re.search(r'<span lang="da" dir="ltr">Fodbold for alle</span> '
                     r'<span class="in-danish">\(', lead(arabic))  # fmt: skip


def test_danish_visitors_see_danish_unmarked(client, db, club):
    translate(db, club, {"en": "Football for everyone"})
    danish = visit(client, f"/forening/{club['slug']}", "da")
    assert lead(danish) == "Fodbold for alle"
    assert 'class="in-danish"' not in danish


def test_search_results_show_the_translation(client, db, club):
    translate(db, club, {"en": "Football for everyone"})
    english = visit(client, "/soeg?kategori=" + SPORT, "en")
    assert "Football for everyone" in html.unescape(english)
    arabic = visit(client, "/soeg?kategori=" + SPORT, "ar")
    assert re.search(r'<span lang="da" dir="ltr">Fodbold for alle</span>', arabic)


def test_the_week_shows_translated_activity_titles(client, db, club):
    translate(db, club, titles={"en": {"U10 træning": "U10 practice"}})
    english = visit(client, "/uge?dag=tirsdag", "en")
    assert ">U10 practice</a>" in english
    danish = visit(client, "/uge?dag=tirsdag", "da")
    assert ">U10 træning</a>" in danish
