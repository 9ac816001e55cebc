import pytest

from directory import catalogue


@pytest.fixture
def venue_id(db):
    with db.atomic():
        return catalogue.save_venue(
            db, {"name": "Trekanten", "address": "Sebbersundvej 2A", "postcode": "9220",
                 "city": "Aalborg Øst", "latitude": 57.0276, "longitude": 10.0009},
        )  # fmt: skip


@pytest.fixture
def football(add, venue_id):
    return add(
        "Øst Fodboldklub",
        short_description="Fodbold for børn og unge i Aalborg Øst.",
        description="Vi spiller fodbold.\n\nAlle er velkomne – også <b>nybegyndere</b>.",
        categories=["sport-og-motion", "boern-og-unge"],
        target_groups=["boern"],
        phone="+45 12 34 56 78",
        email="kontakt@fodbold.example",
        website="https://fodbold.example",
        free_trial=1,
        contact_name="Hanne Hemmelig",
        contact_phone="+45 87 65 43 21",
        contact_name_public=0,
        contact_role="Træner",
        contact_role_public=1,
        venue_ids=[venue_id],
        activities=[
            {
                "title": "U10 træning",
                "weekdays": [1, 3],
                "start_time": "16:30",
                "end_time": "18:00",
                "min_age": 8,
                "max_age": 10,
                "venue_id": venue_id,
            },
        ],  # fmt: skip
    )


def test_front_page_lists_categories(client):
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<html lang="da" dir="ltr">' in html
    assert "Sport og motion" in html
    assert 'role="search"' in html


def test_search_finds_and_links(client, football):
    html = client.get("/soeg?q=fodbold").get_data(as_text=True)
    assert "1 forening" in html
    assert "/forening/oest-fodboldklub" in html


def test_facet_links_narrow_results(client, football, add):
    add("Seniordans", categories=["aeldre"], short_description="Dans for ældre")
    html = client.get("/soeg").get_data(as_text=True)
    assert "2 foreninger" in html
    assert "kategori=aeldre" in html
    narrowed = client.get("/soeg?kategori=aeldre").get_data(as_text=True)
    assert "1 forening" in narrowed and "Seniordans" in narrowed
    assert "Øst Fodboldklub" not in narrowed


def test_association_page_shows_public_data_only(client, football):
    page = client.get("/forening/oest-fodboldklub")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<h1>Øst Fodboldklub</h1>" in html
    assert 'href="tel:+4512345678"' in html
    assert 'href="mailto:kontakt@fodbold.example"' in html
    assert "tirsdag og torsdag 16:30–18:00" in html
    assert "8–10 år" in html
    assert "Gratis prøvetime" in html
    assert "Træner" in html  # consented
    assert "Hanne Hemmelig" not in html  # no consent
    assert "87 65 43 21" not in html
    assert "&lt;b&gt;nybegyndere&lt;/b&gt;" in html  # descriptions are text, not HTML
    assert "I bydelen (Aalborg Øst (9220))" in html  # Trekanten lies inside 9220


def test_venue_page_lists_what_meets_there(client, football):
    html = client.get("/sted/trekanten").get_data(as_text=True)
    assert "Sebbersundvej 2A" in html
    assert "Øst Fodboldklub" in html


def test_category_page(client, football):
    html = client.get("/kategori/sport-og-motion").get_data(as_text=True)
    assert "<h1>Sport og motion</h1>" in html
    assert "Øst Fodboldklub" in html


@pytest.mark.parametrize(
    ("url", "present", "absent"),
    [
        ("/uge?dag=tirsdag", "U10 træning", None),
        ("/uge?dag=onsdag", "0 aktiviteter", "U10 træning"),
        ("/uge?dag=tirsdag&alder=9", "U10 træning", None),
        ("/uge?dag=tirsdag&alder=40", "0 aktiviteter", "U10 træning"),
        ("/uge?dag=tirsdag&efter=17:00", "0 aktiviteter", "U10 træning"),
        ("/uge?dag=tirsdag&efter=16", "U10 træning", None),
        ("/uge?dag=1&kategori=sport-og-motion", "U10 træning", None),
        ("/uge?dag=tirsdag&kategori=aeldre", "0 aktiviteter", "U10 træning"),
    ],
)
def test_week_view(client, football, url, present, absent):
    html = client.get(url).get_data(as_text=True)
    assert present in html
    if absent:
        assert absent not in html


@pytest.mark.parametrize(
    "url",
    [
        "/soeg?q=%22unbalanced",
        "/soeg?q=AND+OR",
        "/soeg?q=*",
        "/soeg?q=~",
        "/soeg?q=" + "x" * 10000,
        "/soeg?q=%00%1f",
        "/soeg?alder=abc&dag=blursday&side=-4",
        "/soeg?side=99999999999999999999",
        "/soeg?kategori=findes-ikke",
        "/uge?dag=%00&alder=999&efter=25:99",
        "/uge?efter=abc",
    ],
)
def test_hostile_input_never_breaks_a_page(client, football, url):
    assert client.get(url).status_code == 200


def test_bad_filters_are_explained(client, football):
    html = client.get("/soeg?alder=abc").get_data(as_text=True)
    assert "alder skal være et tal" in html


@pytest.mark.parametrize("url", ["/forening/findes-ikke", "/sted/nej", "/kategori/nej", "/x"])
def test_friendly_404(client, url):
    page = client.get(url)
    assert page.status_code == 404
    assert "Siden findes ikke" in page.get_data(as_text=True)


def test_friendly_500_and_the_traceback_is_logged(app, client, caplog):
    @app.get("/boom")
    def boom():
        raise RuntimeError("kaboom")

    page = client.get("/boom")
    assert page.status_code == 500
    assert "Noget gik galt" in page.get_data(as_text=True)
    assert "kaboom" not in page.get_data(as_text=True)
    assert any(r.exc_info and "kaboom" in str(r.exc_info[1]) for r in caplog.records)


def test_demo_banner_only_while_demo_loaded(client, db):
    assert "Demo:" not in client.get("/").get_data(as_text=True)
    catalogue.set_demo(db, True)
    db.conn.commit()
    assert "Demo:" in client.get("/").get_data(as_text=True)


def test_pagination(client, add):
    for n in range(25):
        add(f"Forening {n:02d}", categories=["aeldre"])
    first = client.get("/soeg").get_data(as_text=True)
    assert "Side 1 af 2" in first and 'rel="next"' in first
    second = client.get("/soeg?side=2").get_data(as_text=True)
    assert "Forening 24" in second and "Forening 00" not in second


@pytest.mark.parametrize("url", ["/", "/soeg", "/uge", "/forening/oest-fodboldklub"])
def test_pages_have_accessible_landmarks(client, football, url):
    html = client.get(url).get_data(as_text=True)
    for landmark in ('<main id="indhold"', "<header", "<footer", "<nav", 'class="skip-link"'):
        assert landmark in html
    assert html.count("<h1") == 1


def test_week_view_is_paged(client, add):
    """Regression (scripts/bench_load): at 10,000 entries a weekday was one 640 KB page."""
    add("Mange Hold", activities=[{"title": f"Hold {n:02d}", "weekdays": [1], "start_time": "10:00"}
                                  for n in range(60)])  # fmt: skip
    first = client.get("/uge?dag=tirsdag").get_data(as_text=True)
    second = client.get("/uge?dag=tirsdag&side=2").get_data(as_text=True)
    beyond = client.get("/uge?dag=tirsdag&side=99").get_data(as_text=True)
    assert "60 aktiviteter" in first and "60 aktiviteter" in second
    assert first.count("<h3><a href") == 50 and second.count("<h3><a href") == 10
    assert 'rel="next"' in first and 'rel="prev"' in second and 'rel="next"' not in second
    assert beyond.count("<h3><a href") == 10  # a page past the end shows the last one
