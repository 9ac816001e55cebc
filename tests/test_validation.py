import random

import pytest

from directory import validation
from directory.catalogue import SHORT_DESCRIPTION_MAX
from directory.validation import Invalid


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("info@klub.dk", "info@klub.dk"),
        ("  Anna.Hansen+klub@post.tele.dk ", "Anna.Hansen+klub@post.tele.dk"),
        ("mailto:kontakt@søren.dk", "kontakt@søren.dk"),
        ("", ""),
        (None, ""),
    ],
)
def test_email_accepts(typed, stored):
    assert validation.email(typed) == stored


@pytest.mark.parametrize(
    "typed", ["foo@", "@klub.dk", "foo", "foo@klub", "a b@klub.dk", "a@@klub.dk", "a@klub.d"]
)
def test_email_rejects_with_message_quoting_value(typed):
    with pytest.raises(Invalid, match=rf"^e-mail '{typed}' er ikke gyldig$"):
        validation.email(typed)


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("12345678", "12 34 56 78"),
        ("12 34 56 78", "12 34 56 78"),
        ("+45 12 34 56 78", "12 34 56 78"),
        ("004512345678", "12 34 56 78"),
        ("1234-5678", "12 34 56 78"),
        ("", ""),
    ],
)
def test_phone_normalises_to_pairs(typed, stored):
    assert validation.phone(typed) == stored


@pytest.mark.parametrize("typed", ["1234567", "123456789", "+46 12 34 56 78", "ring til Ole"])
def test_phone_rejects(typed):
    with pytest.raises(Invalid, match="telefon .* 8 cifre"):
        validation.phone(typed)


def test_phone_link():
    assert validation.phone_link("12 34 56 78") == "tel:+4512345678"
    assert validation.phone_link("") == ""


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("www.klub.dk", "https://www.klub.dk"),
        ("klub.dk/hold?id=3", "https://klub.dk/hold?id=3"),
        ("http://klub.dk", "http://klub.dk"),
        ("https://www.aalborg-øst.dk/", "https://www.aalborg-øst.dk/"),
        ("www.klub.dk:8080/x", "https://www.klub.dk:8080/x"),
        ("", ""),
    ],
)
def test_url_accepts_and_adds_https(typed, stored):
    assert validation.url(typed) == stored


@pytest.mark.parametrize(
    "typed, message",
    [
        ("ftp://klub.dk", "skal begynde med http"),
        ("mailto:info@klub.dk", "skal begynde med http"),
        ("javascript:alert(1)", "skal begynde med http"),
        ("klub", "ikke en gyldig internetadresse"),
        ("www.klub .dk", "ikke en gyldig internetadresse"),
        ("https://", "ikke en gyldig internetadresse"),
    ],
)
def test_url_rejects(typed, message):
    with pytest.raises(Invalid, match=message):
        validation.url(typed)


@pytest.mark.parametrize("typed, stored", [("9220", "9220"), (" 0800 ", "0800"), ("", "")])
def test_postcode_accepts(typed, stored):
    assert validation.postcode(typed) == stored


@pytest.mark.parametrize("typed", ["922", "92200", "DK-9220", "9220 Aalborg"])
def test_postcode_rejects(typed):
    with pytest.raises(Invalid, match=r"^postnummer '.*' skal være fire cifre$"):
        validation.postcode(typed)


@pytest.mark.parametrize(
    "latitude, longitude, expected",
    [
        ("57.0353", "9.9769", (57.0353, 9.9769)),
        ("57,0353", "9,9769", (57.0353, 9.9769)),
        ("55.1", "14.9", (55.1, 14.9)),  # Bornholm
        ("", "", (None, None)),
    ],
)
def test_coordinates_accepts_points_in_denmark(latitude, longitude, expected):
    assert validation.coordinates(latitude, longitude) == expected


@pytest.mark.parametrize(
    "latitude, longitude, message",
    [
        ("0", "0", "ikke et sted i Danmark"),
        ("57.03", "", "både breddegrad og længdegrad"),
        ("", "9.97", "både breddegrad og længdegrad"),
        ("9.97", "57.03", "byttet om"),
        ("48.85", "2.35", "breddegrad 48.85 ligger uden for Danmark"),
        ("56.0", "20.0", "længdegrad 20 ligger uden for Danmark"),
        ("nord", "9.97", "breddegrad 'nord' er ikke et tal"),
        ("nan", "9.97", "er ikke et tal"),
    ],
)
def test_coordinates_rejects(latitude, longitude, message):
    with pytest.raises(Invalid, match=message):
        validation.coordinates(latitude, longitude)


def test_single_coordinate_checks():
    assert validation.latitude("57.1") == 57.1
    assert validation.longitude("") is None
    with pytest.raises(Invalid, match="uden for Danmark"):
        validation.longitude("30")


@pytest.mark.parametrize(
    "typed, stored", [("16:30", "16:30"), ("9.05", "09:05"), ("0:00", "00:00"), ("", "")]
)
def test_time_accepts(typed, stored):
    assert validation.time(typed) == stored


@pytest.mark.parametrize("typed", ["24:00", "16:60", "16", "halv fem", "16:3"])
def test_time_rejects(typed):
    with pytest.raises(Invalid, match="er ikke et klokkeslæt"):
        validation.time(typed)


@pytest.mark.parametrize("typed, stored", [("0", 0), ("120", 120), (" 8 ", 8), ("", None)])
def test_age_accepts(typed, stored):
    assert validation.age(typed) == stored


@pytest.mark.parametrize("typed", ["121", "-1", "otte", "8.5"])
def test_age_rejects(typed):
    with pytest.raises(Invalid, match="mellem 0 og 120"):
        validation.age(typed)


def test_short_description_limit():
    assert validation.short_description("x" * SHORT_DESCRIPTION_MAX) == "x" * 200
    with pytest.raises(Invalid, match="^kort beskrivelse er 201 tegn; højst 200$"):
        validation.short_description("x" * 201)


@pytest.mark.parametrize("typed", ["", "   ", None])
def test_name_is_required(typed):
    with pytest.raises(Invalid, match="^navn mangler$"):
        validation.name(typed)


def test_name_collapses_spaces():
    assert validation.name("  Bridgeklubben   Øst ") == "Bridgeklubben Øst"


@pytest.mark.parametrize(
    "typed, stored",
    [("2024-05-31", "2024-05-31"), ("31-05-2024", "2024-05-31"), ("1.5.2024", "2024-05-01"),
     ("1/5/2024", "2024-05-01"), ("", "")],
)  # fmt: skip
def test_day_accepts_iso_and_danish(typed, stored):
    assert validation.day(typed) == stored


@pytest.mark.parametrize("typed", ["31-02-2024", "2024-13-01", "i går", "5/2024"])
def test_day_rejects(typed):
    with pytest.raises(Invalid, match="er ikke en gyldig dato"):
        validation.day(typed)


@pytest.mark.parametrize(
    "typed, expected",
    [("ja", True), ("Nej", False), ("yes", True), ("no", False), ("1", True), ("0", False),
     ("x", True), ("TRUE", True), ("false", False), ("", False)],
)  # fmt: skip
def test_boolean_words(typed, expected):
    assert validation.boolean(typed, "gratis") is expected


def test_boolean_empty_gives_default_and_rejects_other_words():
    assert validation.boolean("", "med i trykt udgave", default=True) is True
    with pytest.raises(Invalid, match="^gratis 'måske' skal være ja eller nej$"):
        validation.boolean("måske", "gratis")


def test_codes_accept_codes_and_labels_and_list_valid_ones():
    from directory.vocabulary import LANGUAGES

    assert validation.codes("da; Arabisk, SOMALI; da", LANGUAGES, "sprog") == ["da", "ar", "so"]
    with pytest.raises(Invalid, match="sprog 'klingon' kendes ikke; brug en af: dansk, engelsk"):
        validation.codes("klingon", LANGUAGES, "sprog")


def test_status_accepts_code_or_label():
    assert validation.status("Holder pause") == "paused"
    assert validation.status("closed") == "closed"
    assert validation.status("") == "active"
    with pytest.raises(Invalid, match="status 'væk' kendes ikke"):
        validation.status("væk")


def test_validate_association_reports_every_bad_field():
    errors = validation.validate_association(
        {
            "name": " ",
            "email": "foo@",
            "phone": "123",
            "website": "ftp://x.dk",
            "short_description": "x" * 201,
            "free_of_charge": "måske",
            "target_groups": "børn; hunde",
            "description": "fri tekst er altid i orden",
        }
    )
    assert set(errors) == {
        "name", "email", "phone", "website", "short_description", "free_of_charge",
        "target_groups",
    }  # fmt: skip
    assert errors["email"] == "e-mail 'foo@' er ikke gyldig"


def test_clean_association_returns_values_to_store():
    cleaned, errors = validation.clean_association(
        {
            "name": "Skakklubben",
            "contact_phone": "+45 87654321",
            "contact_email_public": "x",
            "include_in_print": "",
            "languages": ["da", "ar"],
        }
    )
    assert errors == {}
    assert cleaned == {
        "name": "Skakklubben",
        "contact_phone": "87 65 43 21",
        "contact_email_public": True,
        "include_in_print": True,
        "languages": ["da", "ar"],
    }


def test_clean_association_requires_a_name():
    assert validation.validate_association({"email": "a@b.dk"}) == {"name": "navn mangler"}


CLEANERS = [
    validation.email, validation.phone, validation.url, validation.postcode, validation.time,
    validation.age, validation.day, validation.name, validation.status,
    lambda v: validation.boolean(v, "gratis"),
    lambda v: validation.coordinates(v, v[::-1]),
    lambda v: validation.clean_value("languages", v),
]  # fmt: skip


@pytest.mark.parametrize("clean", CLEANERS)
def test_any_typed_value_is_accepted_or_gets_a_one_line_message(clean):
    rng = random.Random(7)
    alphabet = "aæ@.:/ -+,;0123456789\t\nhtps:wwdk" + "\u00a0\u200b"
    for _ in range(2000):
        typed = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        try:
            clean(typed)
        except Invalid as error:
            assert str(error) and "\n" not in str(error)
