import random

import pytest

from directory.activity_text import (
    ActivityTextError,
    empty_activity,
    format_activities,
    format_weekdays,
    parse_activities,
)
from directory.validation import Invalid

ISSUE_EXAMPLE = (
    "Fodbold U10: tirsdag og torsdag 16:30-18:00; 8-11 år; hver uge; sted: Tornhøjhallen; "
    "pris: 300 kr. pr. halvår; sæson: 1/8-30/6; målgruppe: børn; note: Husk benskinner"
)


def activity(title="Fodbold", **fields):
    return {**empty_activity(title), **fields}


def test_parses_the_full_example():
    assert parse_activities(ISSUE_EXAMPLE) == [
        activity(
            "Fodbold U10", weekdays=[1, 3], start_time="16:30", end_time="18:00",
            min_age=8, max_age=11, frequency="weekly", venue_name="Tornhøjhallen",
            price="300 kr. pr. halvår", season_start="08-01", season_end="06-30",
            target_group="boern", note="Husk benskinner",
        )
    ]  # fmt: skip


# Canonical texts: format(parse(text)) gives the same text back.
CANONICAL = [
    ISSUE_EXAMPLE,
    "Strikkecafé",
    "Yoga: mandag-fredag 09:00-12:00; fra 60 år; hver uge",
    "Banko: onsdag 19:00; første onsdag i måneden; pris: 5 kr. pr. plade",
    "Fællesspisning: fredag 18:00-20:00; sidste fredag i måneden",
    "Bestyrelsesmøde: en gang om måneden",
    "Lektiecafé: mandag, onsdag og fredag 15:00-17:00; til 18 år; hver anden uge",
    "Madklub: efter aftale; sted: Trekanten",
    "Gåtur: kl. 10:00; hver uge",
    "Svømning: lørdag og søndag 08:00; 5 år; hver uge; sæson: fra 1/9",
    "Cricket: mandag-onsdag og fredag-søndag 17:00-19:00; hver uge; sæson: til 30/6",
    "Seniordans: første dag i måneden; målgruppe: ældre",
    '"Kor: sopran og alt": tirsdag 19:00-21:00; hver uge',
    '"Sted": torsdag; hver uge',
    'Loppemarked: lørdag 10:00-14:00; hver uge; pris: "gratis; kaffe 10 kr."',
    'Værksted: tirsdag; hver uge; note: """Medbring"" eget tøj | forklæde"',
    'Skærmfri: note: Tag din 5" skærm med',
]


@pytest.mark.parametrize("text", CANONICAL)
def test_canonical_text_round_trips_exactly(text):
    parsed = parse_activities(text)
    assert format_activities(parsed) == text
    assert parse_activities(format_activities(parsed)) == parsed


# Looser ways of writing that parse to the same as a canonical text.
EQUIVALENT = [
    ("Fodbold: tir & tor 16.30-18.00; 8 - 11 år",
     "Fodbold: tirsdag og torsdag 16:30-18:00; 8-11 år; hver uge"),
    ("Fodbold; Tirsdag, Torsdag kl. 16.30–18", "Fodbold: tirsdag og torsdag 16:30-18:00; hver uge"),
    ("Yoga: man-fre kl. 9-12; 60+", "Yoga: mandag-fredag 09:00-12:00; fra 60 år; hver uge"),
    ("Yoga: hverdage 9:00; alle aldre", "Yoga: mandag-fredag 09:00; hver uge"),
    ("Spil: weekend; HVER ANDEN UGE", "Spil: lørdag og søndag; hver anden uge"),
    ("Spil: lørdage og søndage", "Spil: lørdag og søndag; hver uge"),
    ("Banko: første onsdag i måneden", "Banko: onsdag; første onsdag i måneden"),
    ("Sy: SÆSON: 1.9.-31.5.; Pris: 50 kr", "Sy: pris: 50 kr; sæson: 1/9-31/5"),
    ("Kor: Målgruppe: Kvinder; sted:  Sognegården ", "Kor: sted: Sognegården; målgruppe: kvinder"),
    ("A: tirsdag\nB: onsdag | C: torsdag",
     "A: tirsdag; hver uge\nB: onsdag; hver uge\nC: torsdag; hver uge"),
    ("\n\nA: tirsdag\r\n\r\n", "A: tirsdag; hver uge"),
]  # fmt: skip


@pytest.mark.parametrize("loose, canonical", EQUIVALENT)
def test_loose_writing_means_the_same(loose, canonical):
    assert format_activities(parse_activities(loose)) == canonical


def test_empty_text_is_no_activities():
    assert parse_activities("") == []
    assert parse_activities(None) == []
    assert format_activities([]) == ""


def test_format_writes_the_venue_of_stored_activities():
    stored = activity(weekdays=[0], venue={"id": 3, "name": "Tornhøjhallen"}, venue_id=3)
    del stored["venue_name"]
    assert format_activities([stored]) == "Fodbold: mandag; hver uge; sted: Tornhøjhallen"


@pytest.mark.parametrize(
    "weekdays, text",
    [([], ""), ([2], "onsdag"), ([3, 1], "tirsdag og torsdag"), ([0, 1, 2], "mandag-onsdag"),
     ([0, 2, 4], "mandag, onsdag og fredag"), ([0, 1, 2, 3, 4, 6], "mandag-fredag og søndag")],
)  # fmt: skip
def test_format_weekdays(weekdays, text):
    assert format_weekdays(weekdays) == text


ERRORS = [
    ("Fodbold: hver tredje uge", "aktiviteten 'Fodbold': forstår ikke 'hver tredje uge'"),
    ("Fodbold: 8-11", "forstår ikke '8-11' (skriv alder som '8-11 år'"),
    ("Fodbold: 18:00-16:00", "sluttidspunktet 16:00 skal ligge efter starttidspunktet 18:00"),
    ("Fodbold: 25:00", "tidspunktet '25:00' er ikke et klokkeslæt"),
    ("Fodbold: 12-8 år", "alderen 12-8 år går den forkerte vej"),
    ("Fodbold: 8-130 år", "alder '130' skal være et helt tal mellem 0 og 120"),
    ("Fodbold: fre-man", "ugedagene 'fre-man' skal gå fra tidligst til senest"),
    ("Fodbold: tirsdag 10:00; onsdag 11:00", "kun ét tidspunkt pr. aktivitet"),
    ("Fodbold: 8 år; 9 år", "alderen står to gange"),
    ("Fodbold: hver uge; efter aftale", "hvor ofte står to gange"),
    ("Fodbold: pris: 10; pris: 20", "'pris' står to gange"),
    ("Fodbold: første blåmandag i måneden", "'blåmandag' er ikke en ugedag"),
    ("Fodbold: tirsdag; første mandag i måneden", "mandag i måneden passer ikke med tirsdag"),
    ("Fodbold: sæson: august", "sæson 'august' forstås ikke (skriv fx 1/8-30/6)"),
    ("Fodbold: sæson: 31/2-1/3", "sæson '31/2-1/3' har en dato, der ikke findes"),
    ("Fodbold: målgruppe: hunde", "målgruppe 'hunde' kendes ikke; brug en af: børn"),
    ("sted: Tornhøjhallen", "mangler en titel før 'sted:'"),
    (": tirsdag", "mangler en titel før kolon"),
    ('Fodbold: pris: "300 kr', "der mangler et afsluttende anførselstegn"),
    ('"Fodbold" U10: tirsdag', "forstår ikke 'U10: tirsdag' efter titlen 'Fodbold'"),
    ("A: tirsdag\nB: blå", "aktiviteten 'B': forstår ikke 'blå'"),
]


@pytest.mark.parametrize("text, message", ERRORS)
def test_errors_name_the_bad_part(text, message):
    with pytest.raises(ActivityTextError) as error:
        parse_activities(text)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_error_is_a_validation_error():
    assert issubclass(ActivityTextError, Invalid)


TOKENS = [
    "tirsdag", "man", "-", "fre", " og ", ",", " ", ":", ";", "|", "\n", '"', '""', "16:30",
    "9", "18.00", "kl.", "år", "8-11 år", "fra", "til", "sted:", "pris:", "note:", "sæson:",
    "1/8", "30/6", "målgruppe:", "børn", "hver uge", "første", "i måneden", "efter aftale",
    "Fodbold", "+", "–", "\r\n", "0", "999", "Note", ": ", "\t", "lør", "/", "&",
]  # fmt: skip


@pytest.mark.parametrize("seed", range(4))
def test_any_text_either_parses_and_round_trips_or_gives_a_message(seed):
    """Whatever an editor types: a Danish message, or activities that survive export."""
    rng = random.Random(seed)
    parsed_some = False
    for _ in range(1500):
        text = "".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 16)))
        try:
            activities = parse_activities(text)
        except ActivityTextError as error:
            assert str(error) and "\n" not in str(error)
            continue
        parsed_some = True
        canonical = format_activities(activities)
        assert parse_activities(canonical) == activities, (text, canonical)
    assert parsed_some
