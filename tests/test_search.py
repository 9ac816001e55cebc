"""The search index: Danish analysis, matching, ranking, filters, facets,
snippets, suggestions, and keeping the index in step with the database."""

import threading

import pytest
from markupsafe import Markup

from directory import catalogue, search
from directory.search import Query, SearchIndex


def names(results) -> list[str]:
    return [hit.name for hit in results.hits]


def found(index, text: str, **filters) -> list[str]:
    return names(index.search(Query(text=text, **filters)))


def facet(results, name: str) -> dict[str, tuple[int, bool]]:
    return {v.value: (v.count, v.selected) for v in results.facets[name]}


# Analysis ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word, term",
    [
        ("Løbeklubben", "lobeklub"),
        ("loebeklubben", "lobeklub"),
        ("foreningerne", "forening"),
        ("Café", "caf"),
        ("Ærøskøbing", "aroskobing"),
        ("og", ""),  # stop word
        ("på", ""),
        ("i", ""),  # single letter
    ],
)
def test_word_term(word, term):
    assert search.word_term(word) == term


@pytest.mark.parametrize(
    "text, expected",
    [
        ("  fodbold\x00 for\x1f\tbørn\n", "fodbold for børn"),
        ("a" * 500, "a" * 200),
        ("\u202eمرحبا", "مرحبا"),
    ],
)
def test_clean_text(text, expected):
    assert search.clean_text(text, 200) == expected


def test_sort_key_puts_danish_letters_last():
    words = ["Ålborg", "ærø", "Zebra", "Øster", "abe", "Émile"]
    assert sorted(words, key=search.sort_key) == ["abe", "Émile", "Zebra", "ærø", "Øster", "Ålborg"]


# Matching ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written, typed",
    [
        ("Vi svømmer hver uge", "svømme"),
        ("For alle foreninger", "forening"),
        ("Lektier for børnene", "børn"),
        ("Klubben mødes", "klubber"),
        ("Vi danser tango", "danse"),
        ("Vi strikker sammen", "strikke"),
    ],
)
def test_stemming_matches_other_forms_of_a_word(add, index, written, typed):
    add("Foreningen", short_description=written)
    add("Andet", short_description="Noget helt andet")
    assert found(index, typed) == ["Foreningen"]


@pytest.mark.parametrize(
    "written, typed",
    [
        ("Løbeklubben", "løb"),
        ("Løbeklubben", "loeb"),
        ("Løbeklubben", "lob"),
        ("Løbeklubben", "LØBEKLUBBEN"),
        ("Ærøskøbing Roklub", "aeroeskoebing"),
        ("Ærøskøbing Roklub", "aroskobing"),
        ("Aalborg Øst Skak", "ålborg"),
        ("Café Kultur", "cafe"),
        ("Cafe Kultur", "café"),
        ("Crème de la crème", "creme"),
    ],
)
def test_danish_letters_and_accents_fold_both_ways(add, index, written, typed):
    add(written)
    add("Noget andet")
    assert found(index, typed) == [written]


@pytest.mark.parametrize(
    "typed, should_find",
    [
        ("fodbald", True),  # one letter wrong
        ("fodbolld", True),  # one letter too many
        ("gymnastk", True),  # one letter missing (of "gymnastik")
        ("fodbodl", True),  # two neighbours swapped
        ("fudbald", False),  # two typos
        ("yogi", False),  # four letters: no typo forgiven
        ("kot", False),
    ],
)
def test_one_typo_is_forgiven_in_words_of_five_letters_or_more(add, index, typed, should_find):
    add("Fodbold og gymnastik")
    add("Yoga og kor")
    hits = found(index, typed)
    assert (hits == ["Fodbold og gymnastik"]) if should_find else hits == []


@pytest.mark.parametrize(
    "name, typed",
    [
        ("Fodboldklubben Øst", "fodbold"),
        ("Løbeklubben", "løb"),
        ("Kvindesvømning", "svømning"),
        ("Folkedans i Tornhøj", "dans"),
        ("Seniorgymnastik", "gymnastik"),
    ],
)
def test_parts_of_compounds_match(add, index, name, typed):
    add(name)
    add("Noget andet")
    assert found(index, typed) == [name]


def test_all_words_must_match(add, index):
    add("Fodbold for børn")
    add("Fodbold for voksne")
    assert found(index, "fodbold børn") == ["Fodbold for børn"]


def test_many_words_with_many_ways_to_match_stay_ranked(add, index):
    words = ["fodbold", "svømning", "dans", "yoga", "skak", "kor", "bridge", "sang"]
    for number in range(40):
        name = "".join(w for i, w in enumerate(words) if number >> (i % 6) & 1) or "klub"
        add(f"{name.capitalize()} {number}", short_description=" ".join(words[number % 8 :]))
    typed = " ".join(w if len(w) < 5 else w[:-1] for w in words)  # prefixes of long words
    results = index.search(Query(text=typed))
    scores = [hit.score for hit in results.hits]
    assert results.total >= 5 and len(set(scores)) > 1
    assert scores == sorted(scores, reverse=True)
    assert len(search._coarsen({float(n): 1 << n for n in range(1000)})) <= search.MAX_GROUPS


def test_only_stop_words_browses_everything(add, index):
    add("Bridgeklubben")
    add("Skakklubben")
    results = index.search(Query(text="og i på"))
    assert names(results) == ["Bridgeklubben", "Skakklubben"]
    assert all(hit.snippet == "" for hit in results.hits)


# Ranking -------------------------------------------------------------------------


def test_names_weigh_more_than_descriptions(add, index):
    add("Hyggeklubben", short_description="Vi spiller skak og kort hver tirsdag")
    add("Skakklubben Øst", short_description="Hver tirsdag")
    assert found(index, "skak") == ["Skakklubben Øst", "Hyggeklubben"]


def test_exact_matches_rank_above_prefix_suffix_and_typo_matches(add, index):
    for name in ["Fodbolt Vest", "Gadefodbold", "Fodboldklubben", "Øst Fodbold"]:
        add(name)
    expected = ["Øst Fodbold", "Fodboldklubben", "Gadefodbold", "Fodbolt Vest"]
    assert found(index, "fodbold") == expected


def test_matching_both_name_and_text_ranks_higher(add, index):
    add("Yoga Vest")
    add("Yoga Øst", short_description="Yoga i parken")
    add("Hyggeklubben", short_description="Yoga og kaffe")
    assert found(index, "yoga") == ["Yoga Øst", "Yoga Vest", "Hyggeklubben"]


def test_a_rare_word_weighs_more_than_a_common_one(add, index):
    for number in range(5):
        add(f"Klub {number}", short_description="Fællesskab")
    add("Fællesskab Vest", short_description="Petanque")  # the common word in the name
    add("Petanque Øst", short_description="Fællesskab")  # the rare word in the name
    assert found(index, "fællesskab petanque") == ["Petanque Øst", "Fællesskab Vest"]


def test_empty_query_lists_everything_by_name_in_danish_order(add, index):
    for name in ["Ålborg Kor", "Ærø-foreningen", "Zumba Øst", "Øster Skak", "Amatørteater"]:
        add(name)
    expected = ["Amatørteater", "Zumba Øst", "Ærø-foreningen", "Øster Skak", "Ålborg Kor"]
    assert found(index, "") == expected


# Filters and facets ------------------------------------------------------------------


@pytest.fixture
def catalogue_for_filters(add):
    add(
        "Børnefodbold",
        categories=["sport-og-motion"],
        target_groups=["boern"],
        activities=[{"title": "Træning", "weekdays": [1], "min_age": 6, "max_age": 12}],
    )
    add(
        "Seniorfitness",
        categories=["sport-og-motion", "aeldre"],
        activities=[{"title": "Fitness", "weekdays": [3], "min_age": 60, "target_group": "aeldre"}],
    )
    add("Fællesspisning", categories=["faellesskab-og-samvaer"], target_groups=["alle"])
    add("Lukket Boldklub", categories=["sport-og-motion"], status="closed")
    add("Sovende Kor", categories=["kultur-og-kreativitet"], status="paused")


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({}, ["Børnefodbold", "Fællesspisning", "Seniorfitness", "Sovende Kor"]),
        ({"category": "sport-og-motion"}, ["Børnefodbold", "Seniorfitness"]),
        ({"target": "aeldre"}, ["Seniorfitness"]),  # from an activity's target group
        ({"target": "boern"}, ["Børnefodbold"]),  # from the association's target groups
        ({"weekday": 3}, ["Seniorfitness"]),
        ({"weekday": 6}, []),
        ({"age": 8}, ["Børnefodbold", "Fællesspisning", "Sovende Kor"]),  # no limits: open
        ({"age": 70}, ["Fællesspisning", "Seniorfitness", "Sovende Kor"]),  # no upper bound
        ({"age": 140}, ["Fællesspisning", "Seniorfitness", "Sovende Kor"]),
        ({"age": 13}, ["Fællesspisning", "Sovende Kor"]),
        ({"category": "sport-og-motion", "weekday": 1, "age": 12}, ["Børnefodbold"]),
        ({"category": "findes-ikke"}, []),
        (
            {"include_closed": True},
            ["Børnefodbold", "Fællesspisning", "Lukket Boldklub", "Seniorfitness", "Sovende Kor"],
        ),
    ],
)
def test_filters(index, catalogue_for_filters, filters, expected):
    assert names(index.search(Query(**filters))) == expected


def test_closed_associations_are_hidden_from_text_search(index, catalogue_for_filters):
    assert found(index, "boldklub") == []
    assert found(index, "boldklub", include_closed=True) == ["Lukket Boldklub"]
    assert found(index, "kor") == ["Sovende Kor"]  # paused is shown


def test_facet_counts_follow_the_result_set(index, catalogue_for_filters):
    results = index.search(Query(category="sport-og-motion"))
    assert facet(results, "category") == {"sport-og-motion": (2, True), "aeldre": (1, False)}
    assert facet(results, "target") == {"boern": (1, False), "aeldre": (1, False)}
    assert facet(results, "weekday") == {"1": (1, False), "3": (1, False)}
    labels = {v.value: v.label for v in results.facets["weekday"]}
    assert labels == {"1": "tirsdag", "3": "torsdag"}
    categories = {v.value: v.label for v in results.facets["category"]}
    assert categories == {"sport-og-motion": "Sport og motion", "aeldre": "Ældre"}


def test_facets_with_text_and_a_selected_value_without_hits(index, catalogue_for_filters):
    results = index.search(Query(text="fitness", target="boern"))
    assert results.total == 0
    assert facet(results, "target") == {"boern": (0, True)}
    assert facet(results, "category") == {}
    assert [v.label for v in results.facets["target"]] == ["Børn"]
    results = index.search(Query(text="fitness"))
    assert facet(results, "target") == {"aeldre": (1, False)}


def test_facet_values_are_in_a_stable_order(index, catalogue_for_filters):
    results = index.search(Query())
    assert [v.value for v in results.facets["weekday"]] == ["1", "3"]
    assert [v.value for v in results.facets["target"]] == ["boern", "aeldre", "alle"]
    assert [v.label for v in results.facets["category"]] == [
        "Fællesskab og samvær", "Kultur og kreativitet", "Sport og motion", "Ældre",
    ]  # fmt: skip


def test_a_relabelled_category_shows_its_new_label(db, index, add):
    saved = add("Skakklubben", categories=["kultur-og-kreativitet"])
    add("Bridgeklubben", categories=["kultur-og-kreativitet"])
    db.execute("UPDATE categories SET label = 'Kultur' WHERE slug = 'kultur-og-kreativitet'")
    db.conn.commit()
    index.update(db, [saved["id"]])  # the other still has the old label
    labels = [v.label for v in index.search(Query(text="skakklubben")).facets["category"]]
    assert labels == ["Kultur"]


def test_area_filter_and_facet_use_the_areas_from_the_map(db, index, add):
    inside = add("Kildeparkens Kor")
    add("Tornhøj Skak")
    area_id = (
        db["areas"]
        .insert({"slug": "kildeparken", "name": "Kildeparken", "geometry": "{}", "created_at": "x"})
        .last_pk
    )
    db["association_areas"].insert(
        {"association_id": inside["id"], "area_id": area_id, "relation": "inside"}
    )
    db.conn.commit()
    index.rebuild(db)
    results = index.search(Query())
    assert [(v.value, v.label, v.count) for v in results.facets["area"]] == [
        ("kildeparken", "Kildeparken", 1)
    ]
    assert found(index, "", area="kildeparken") == ["Kildeparkens Kor"]


# Results ---------------------------------------------------------------------------


def test_snippets_mark_matches_and_escape_everything_else(add, index):
    add(
        "Fodboldklubben",
        short_description="Bold for alle",
        description="<script>alert('x')</script> Vi spiller fodbold & hygger <b>bagefter</b>",
    )
    hit = index.search(Query(text="fodbold")).hits[0]
    assert isinstance(hit.snippet, Markup)
    assert "<script>" not in hit.snippet and "<b>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
    assert "spiller <mark>fodbold</mark> &amp; hygger &lt;b&gt;" in hit.snippet


def test_without_a_match_in_the_text_the_snippet_is_the_escaped_short_description(add, index):
    add("Skakklubben", short_description="<b>Brætspil</b> & kaffe")
    assert index.search(Query(text="skak")).hits[0].snippet == (
        "&lt;b&gt;Brætspil&lt;/b&gt; &amp; kaffe"
    )
    assert index.search(Query()).hits[0].snippet == ""


def test_snippets_mark_folded_compound_and_mistyped_words(add, index):
    add("Klubben", short_description="Løbeklub og kvindesvømning på Ærø")
    snippet = index.search(Query(text="lob svomning")).hits[0].snippet
    assert snippet == "<mark>Løbeklub</mark> og <mark>kvindesvømning</mark> på Ærø"
    snippet = index.search(Query(text="løbeklup")).hits[0].snippet
    assert snippet.startswith("<mark>Løbeklub</mark>")


def test_snippet_shows_the_part_of_a_long_description_with_the_match(add, index):
    words = " ".join(f"ord{n}" for n in range(200))
    add("Klubben", short_description="Kort", description=f"{words} petanque {words}")
    snippet = str(index.search(Query(text="petanque")).hits[0].snippet)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>petanque</mark>" in snippet and len(snippet) < 300


def test_hit_fields(add, index):
    saved = add("Skakklubben", short_description="Skak", categories=["kultur-og-kreativitet"])
    hit = index.search(Query(text="skak")).hits[0]
    assert (hit.id, hit.slug, hit.name) == (saved["id"], saved["slug"], "Skakklubben")
    assert hit.categories == ["Kultur og kreativitet"]
    assert hit.short_description == "Skak"
    assert hit.score > 0


@pytest.mark.parametrize(
    "typed, suggestion",
    [
        ("fudbald", "fodbold"),
        ("fudbald børn", "fodbold børn"),
        ("sbillar fudbald", "spiller fodbold"),
        ("fodbold", None),  # found: no suggestion
        ("xqzwv", None),  # nothing close
    ],
)
def test_did_you_mean(add, index, typed, suggestion):
    add("Fodbold for børn", short_description="Vi spiller fodbold i svømmehallen")
    assert index.search(Query(text=typed)).suggestion == suggestion


def test_no_suggestion_that_finds_nothing_with_the_filters(add, index):
    add("Fodbold for børn", categories=["sport-og-motion"])
    results = index.search(Query(text="fudbald", category="aeldre"))
    assert results.total == 0 and results.suggestion is None


HOSTILE = [
    '"', '"unbalanced', "AND OR", "*", "~", "?", "a" * 10000, "\x00\x1f", "((", ":",
    "name:foo", "NOT", "-", "🙂⚽", "مرحبا بالعالم", "'; DROP TABLE associations; --",
    "%s %d {0}", "\\", "fodbold" * 50, " ".join(["fodbold"] * 200), "ø" * 41, "\u0301",
]  # fmt: skip


@pytest.mark.parametrize("text", HOSTILE)
def test_whatever_is_typed_never_raises(add, index, text):
    add("Fodbold for alle", short_description="Fodbold")
    results = index.search(Query(text=text))
    assert results.total >= 0
    assert len(results.query.text) <= 200


def test_the_query_is_cut_to_the_configured_length(db, index, add):
    add("Fodbold for alle")
    short = SearchIndex(index.path, max_query_length=10)
    results = short.search(Query(text="fodbold og meget mere end det"))
    assert results.query.text == "fodbold og"
    assert names(results) == ["Fodbold for alle"]


@pytest.mark.parametrize(
    "query",
    [
        Query(page=0, per_page=0),
        Query(page=-5),
        Query(page=10**20),
        Query(weekday=99, age=-4),
        Query(text=None, category=None),  # type: ignore[arg-type]
        Query(per_page=10**9),
    ],
)
def test_odd_query_values_never_raise(add, index, query):
    add("Fodbold for alle")
    results = index.search(query)
    assert results.pages >= 1


def test_pagination(add, index):
    for number in range(25):
        add(f"Forening {number:02d}", short_description="Fællesskab")
    for text in ("", "fællesskab"):
        pages = [index.search(Query(text=text, page=p, per_page=10)) for p in (1, 2, 3, 4)]
        assert [len(r.hits) for r in pages] == [10, 10, 5, 0]
        assert {r.total for r in pages} == {25}
        assert pages[0].pages == 3
        listed = [name for r in pages for name in names(r)]
        assert listed == [f"Forening {n:02d}" for n in range(25)]


def test_matching_ids_are_the_results_in_order(add, index):
    ids = [add(name)["id"] for name in ["Bridge B", "Bridge A", "Skak"]]
    assert index.matching_ids(Query(text="bridge")) == [ids[1], ids[0]]
    assert index.matching_ids(Query()) == [ids[1], ids[0], ids[2]]


# Keeping the index in step with the database ------------------------------------------


def test_update_and_delete_keep_the_index_in_step(db, index, add):
    saved = add("Bridgeklubben")
    catalogue.save_association(db, {"id": saved["id"], "name": "Skakklubben"}, index=index)
    assert found(index, "bridge") == []
    assert found(index, "skak") == ["Skakklubben"]
    assert index.is_current(db)
    catalogue.delete_association(db, saved["id"], index=index)
    assert found(index, "skak") == []
    assert index.is_current(db)


def test_update_drops_associations_no_longer_in_the_database(db, index, add):
    saved = add("Bridgeklubben")
    db.execute("DELETE FROM associations WHERE id = ?", [saved["id"]])
    db.conn.commit()
    index.update(db, [saved["id"]])
    assert found(index, "bridge") == []


def test_a_change_behind_the_index_is_noticed_and_rebuilt(db, index, add):
    add("Bridgeklubben")
    assert index.is_current(db)
    catalogue.save_association(db, {"name": "Skakklubben"})  # no index given
    assert not index.is_current(db)
    assert found(index, "skak") == []
    assert index.ensure_current(db) is True
    assert found(index, "skak") == ["Skakklubben"]
    assert index.ensure_current(db) is False


def test_an_update_after_a_missed_change_leaves_the_index_stale(db, index, add):
    add("Bridgeklubben")
    catalogue.save_association(db, {"name": "Skakklubben"})  # missed
    add("Kortklubben")
    assert not index.is_current(db)
    index.ensure_current(db)
    assert found(index, "skak") == ["Skakklubben"]


def test_rebuild_replaces_the_index_and_counts(db, index, add):
    add("Bridgeklubben")
    add("Skakklubben")
    assert index.rebuild(db) == 2
    assert index.rebuild(db) == 2
    index_names = {p.name.lstrip("_")[:25] for p in index.path.iterdir() if "catalogue" in p.name}
    assert len(index_names) == 1  # the previous index's files are gone
    assert found(index, "") == ["Bridgeklubben", "Skakklubben"]


def test_a_missing_index_finds_nothing_and_is_built_on_demand(db, tmp_path, add):
    add("Bridgeklubben")
    fresh = SearchIndex(tmp_path / "elsewhere")
    assert not fresh.exists() and not fresh.is_current(db)
    results = fresh.search(Query(text="bridge"))
    assert results.total == 0 and results.facets["category"] == []
    assert fresh.delete([1]) and not fresh.exists()
    assert fresh.ensure_current(db) is True
    assert names(fresh.search(Query(text="bridge"))) == ["Bridgeklubben"]
    assert fresh.ensure_current(db) is False


def test_an_update_builds_a_missing_index(db, tmp_path, add):
    add("Bridgeklubben")
    fresh = SearchIndex(tmp_path / "elsewhere")
    assert fresh.update(db, []) and fresh.is_current(db)
    assert names(fresh.search(Query(text="bridge"))) == ["Bridgeklubben"]


def test_an_empty_catalogue_can_be_searched_repeatedly(db, index):
    assert index.rebuild(db) == 0
    for _ in range(3):
        assert index.search(Query(text="bridge")).total == 0
        assert index.search(Query()).total == 0


def test_two_processes_see_each_others_writes(db, index, add):
    other = SearchIndex(index.path)  # as another server process would have it
    add("Bridgeklubben")
    assert names(other.search(Query(text="bridge"))) == ["Bridgeklubben"]
    catalogue.save_association(db, {"name": "Skakklubben"}, index=other)
    assert found(index, "skak") == ["Skakklubben"]
    other.rebuild(db)
    assert found(index, "") == ["Bridgeklubben", "Skakklubben"]
    assert index.is_current(db) and other.is_current(db)


def test_a_busy_writer_leaves_the_index_stale_instead_of_failing(db, index, add, monkeypatch):
    add("Bridgeklubben")
    monkeypatch.setattr(search, "WRITE_TIMEOUT", 0.2)
    with SearchIndex(index.path)._write_lock(5):  # another process is writing
        saved = catalogue.save_association(db, {"name": "Skakklubben"}, index=index)
    assert saved and not index.is_current(db)
    assert found(index, "skak") == []
    index.ensure_current(db)
    assert found(index, "skak") == ["Skakklubben"]


def test_concurrent_searches_and_writes_from_threads(db, index, add, app):
    from directory.db import connect, database_path

    add("Bridgeklubben")
    errors = []

    def write(number):
        connection = connect(database_path(app))
        try:
            catalogue.save_association(connection, {"name": f"Skak {number}"}, index=index)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.conn.close()

    def read():
        try:
            for _ in range(20):
                index.search(Query(text="skak"))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    threads += [threading.Thread(target=read) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    index.ensure_current(db)
    assert index.search(Query(text="skak")).total == 4


def test_a_parallel_build_gives_the_same_results(db, index, add, monkeypatch):
    for number in range(12):
        add(f"Forening {number:02d}", short_description=f"Løb og fodbold nummer {number}")
    serial = [index.search(Query(text=t)).total for t in ("løb", "fodbald", "nummer", "")]
    monkeypatch.setattr(search, "PARALLEL_MIN", 1)  # several processes, one segment each
    index.rebuild(db)
    assert [index.search(Query(text=t)).total for t in ("løb", "fodbald", "nummer", "")] == serial
    add("Forening 99", short_description="Løb")  # an update on a multi-segment index
    assert index.search(Query(text="løb")).total == 13


def test_a_change_no_document_shows_keeps_the_index_current(db, index, add):
    add("Skakklubben")
    assert index.is_current(db)
    with db.atomic():
        catalogue.bump_version(db)  # e.g. a new venue nobody meets at yet
    assert not index.is_current(db)
    index.update(db, [])
    assert index.is_current(db)
