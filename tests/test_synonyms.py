"""The editors' synonym list: queries in other languages and everyday words
find Danish entries; editors add, change and delete synonyms, and search
follows at once."""

import re

import pytest

from directory import search, synonyms
from directory.search import Query, Synonyms, get_index


@pytest.fixture
def catalogue_entries(add):
    add("Øst Boldklub", short_description="Fodbold for alle aldre.",
        categories=["sport-og-motion"])  # fmt: skip
    add("Delfinen", short_description="Svømning i svømmehallen.", categories=["sport-og-motion"])
    add("Lektiecaféen", short_description="Lektiehjælp til skolebørn.",
        categories=["sprog-lektiehjaelp-og-uddannelse"])  # fmt: skip
    add("Strikkeklubben", short_description="Vi strikker og hygger.",
        categories=["kultur-og-kreativitet"])  # fmt: skip


def names_for(app, text: str, **filters) -> list[str]:
    with app.app_context():
        return [hit.name for hit in get_index().search(Query(text=text, **filters)).hits]


@pytest.mark.parametrize(
    "text, first",
    [
        ("football", "Øst Boldklub"),
        ("Football", "Øst Boldklub"),
        ("soccer", "Øst Boldklub"),
        ("swimming", "Delfinen"),
        ("homework", "Lektiecaféen"),
        ("homework help", "Lektiecaféen"),
        ("كرة القدم", "Øst Boldklub"),
        ("سباحة", "Delfinen"),
        ("السباحة", "Delfinen"),  # with the article
        ("واجبات منزلية", "Lektiecaféen"),
        ("knitting", "Strikkeklubben"),
        ("lektier", "Lektiecaféen"),  # an everyday Danish word
    ],
)
def test_a_synonym_finds_the_danish_entry_first(app, catalogue_entries, text, first):
    found = names_for(app, text)
    assert found and found[0] == first


def test_the_synonyms_category_ranks_below_its_words(app, catalogue_entries):
    # "football" also finds the other sports associations, after the football club.
    assert names_for(app, "football") == ["Øst Boldklub", "Delfinen"]


def test_a_synonym_combines_with_other_words_and_filters(app, catalogue_entries):
    assert names_for(app, "football aldre") == ["Øst Boldklub"]
    assert names_for(app, "football", category="kultur-og-kreativitet") == []


def test_an_unknown_foreign_word_finds_nothing(app, catalogue_entries):
    assert names_for(app, "quidditch") == []


def test_the_matched_danish_word_is_highlighted(app, catalogue_entries):
    with app.app_context():
        hit = get_index().search(Query(text="swimming")).hits[0]
    assert "<mark>Svømning</mark>" in str(hit.snippet)


def test_the_api_q_parameter_uses_the_synonyms(client, catalogue_entries):
    data = client.get("/api/associations?q=football").get_json()
    assert [item["name"] for item in data["results"]][0] == "Øst Boldklub"


def test_the_results_page_uses_the_synonyms(client, catalogue_entries):
    html = client.get("/soeg?q=%D8%B3%D8%A8%D8%A7%D8%AD%D8%A9").get_data(as_text=True)  # سباحة
    assert "Delfinen" in html and "Lektiecaféen" not in html


def test_search_follows_changes_to_the_list_at_once(app, db, catalogue_entries):
    assert names_for(app, "quidditch") == []
    synonym_id = synonyms.save_synonym(db, "quidditch", "strik")
    assert names_for(app, "quidditch") == ["Strikkeklubben"]
    synonyms.save_synonym(db, "quidditch", "fodbold", synonym_id=synonym_id)
    assert names_for(app, "quidditch") == ["Øst Boldklub"]
    synonyms.delete_synonym(db, synonym_id)
    assert names_for(app, "quidditch") == []


def test_renaming_a_category_reaches_the_synonyms(app, db, catalogue_entries):
    synonyms.save_synonym(db, "arts", "", "kultur-og-kreativitet")
    assert names_for(app, "arts") == ["Strikkeklubben"]
    db.execute("DELETE FROM categories WHERE slug = 'kultur-og-kreativitet'")
    db.conn.commit()
    assert names_for(app, "arts") == []


@pytest.mark.parametrize(
    "phrase, terms, category, message",
    [
        ("", "fodbold", "", "Skriv det ord"),
        ("   ", "fodbold", "", "Skriv det ord"),
        ("x" * 101, "fodbold", "", "højst være 100 tegn"),
        ("ball", "", "", "mindst ét dansk søgeord"),
        ("ball", "og i", "", "mindst ét dansk søgeord"),  # stop words only
        ("ball", "fodbold", "findes-ikke", "Vælg en kategori"),
        ("FOOTBALL", "fodbold", "", "står allerede på listen"),
    ],
)
def test_invalid_synonyms_are_refused_and_change_nothing(db, phrase, terms, category, message):
    before = list(db.query("SELECT * FROM synonyms ORDER BY id"))
    with pytest.raises(synonyms.InvalidSynonym, match=message):
        synonyms.save_synonym(db, phrase, terms, category)
    assert list(db.query("SELECT * FROM synonyms ORDER BY id")) == before


def test_a_missing_synonym_is_reported(db):
    with pytest.raises(synonyms.SynonymNotFound):
        synonyms.delete_synonym(db, 99999)
    with pytest.raises(synonyms.SynonymNotFound):
        synonyms.save_synonym(db, "ball", "fodbold", synonym_id=99999)


@pytest.mark.parametrize(
    "typed, listed",
    [
        ("كُرَةُ القَدَم", "كرة القدم"),  # vowel marks
        ("إطفال", "أطفال"),  # hamza forms
        ("سباحه", "سباحة"),  # teh marbuta typed as heh
        ("SWIMMING", "swimming"),
    ],
)
def test_synonym_words_are_compared_loosely(typed, listed):
    assert search.synonym_key(typed) == search.synonym_key(listed)


def test_longest_phrase_wins():
    table = Synonyms([("homework", "lektier", ""), ("homework help", "lektiehjælp", "")])
    words = table.expand(search._words("homework help tonight"))
    assert [w.typed for w in words] == ["homework help", "tonight"]
    assert [a.term for a in words[0].alternatives] == [search.word_term("lektiehjælp")]


# The editor pages ------------------------------------------------------------------


def token_of(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def test_editors_only(client):
    assert client.get("/redaktion/synonymer").status_code in (302, 401, 403)


def test_the_list_shows_the_starting_synonyms(editor_client):
    html = editor_client.get("/redaktion/synonymer").get_data(as_text=True)
    assert "football" in html and "كرة القدم" in html and "fodbold" in html
    assert 'href="/redaktion/synonymer"' in html  # in the editors' menu


def test_an_editor_adds_changes_and_deletes_a_synonym(editor_client, db, app, catalogue_entries):
    token = token_of(editor_client.get("/redaktion/synonymer").get_data(as_text=True))
    response = editor_client.post("/redaktion/synonymer/ny", data={
        "csrf_token": token, "phrase": "quidditch", "terms": "strik", "category": ""})  # fmt: skip
    assert response.status_code == 302
    assert names_for(app, "quidditch") == ["Strikkeklubben"]
    synonym_id = db.execute("SELECT id FROM synonyms WHERE phrase = 'quidditch'").fetchone()[0]
    page = editor_client.get(f"/redaktion/synonymer/{synonym_id}").get_data(as_text=True)
    assert 'value="quidditch"' in page
    response = editor_client.post(f"/redaktion/synonymer/{synonym_id}", data={
        "csrf_token": token, "phrase": "quidditch", "terms": "",
        "category": "sport-og-motion"})  # fmt: skip
    assert response.status_code == 302
    assert set(names_for(app, "quidditch")) == {"Øst Boldklub", "Delfinen"}
    response = editor_client.post(f"/redaktion/synonymer/{synonym_id}/slet",
                                  data={"csrf_token": token})  # fmt: skip
    assert response.status_code == 302
    assert names_for(app, "quidditch") == []


@pytest.mark.parametrize(
    "data, message",
    [
        ({"phrase": "", "terms": "fodbold"}, "Skriv det ord"),
        ({"phrase": "football", "terms": "fodbold"}, "står allerede på listen"),
        ({"phrase": "ball", "terms": "fodbold", "category": "\x00<script>"}, "Vælg en kategori"),
        ({"phrase": "ball" * 40, "terms": "fodbold"}, "højst være 100 tegn"),
    ],
)
def test_bad_input_shows_a_danish_message(editor_client, db, data, message):
    token = token_of(editor_client.get("/redaktion/synonymer").get_data(as_text=True))
    count = db["synonyms"].count
    response = editor_client.post("/redaktion/synonymer/ny", data={"csrf_token": token, **data})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db["synonyms"].count == count


def test_a_post_without_csrf_token_changes_nothing(editor_client, db):
    count = db["synonyms"].count
    response = editor_client.post("/redaktion/synonymer/ny", data={"phrase": "x", "terms": "y"})
    assert response.status_code == 400
    assert db["synonyms"].count == count
    synonym_id = db.execute("SELECT min(id) FROM synonyms").fetchone()[0]
    assert editor_client.post(f"/redaktion/synonymer/{synonym_id}/slet").status_code == 400
    assert db["synonyms"].count == count


def test_unknown_synonyms_are_404(editor_client):
    assert editor_client.get("/redaktion/synonymer/99999").status_code == 404
