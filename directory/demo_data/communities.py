"""Demo associations: cultural and faith communities.

One template for the cultural associations of language communities, each
with its own name and a sentence of its own; then a few hand-written ones.
"""

from ..vocabulary import LANGUAGES
from .helpers import SCHOOL_YEAR, act, assoc

# (name, language code, people as adjective, own sentence)
COMMUNITIES = [
    ("Somalisk Familie- og Kulturforening Øst", "so", "somaliske",
     "Om sommeren arrangerer vi fodbold for drenge og piger, og vi holder fest til Eid."),
    ("Arabisk Familieforening Aalborg Øst", "ar", "arabisktalende",
     "I ramadanen holder vi fælles iftar, og alle naboer er inviteret."),
    ("Tyrkisk Kulturforening i Aalborg Øst", "tr", "tyrkiske",
     "Vores folkedansehold optræder ved byfester og på Trekanten."),
    ("Kurdisk Kulturforening Øst", "ku", "kurdiske",
     "Hvert år i marts fejrer vi Newroz med musik, dans og mad, som alle er velkomne til."),
    ("Afghansk Familieforening 9220", "fa", "afghanske",
     "Vi fejrer Nowruz og holder digteraftener på dari og pashto."),
    ("Eritreansk Forening Aalborg Øst", "ti", "eritreanske",
     "Vi holder kaffeceremoni, og vi hjælper nyankomne med breve og kontakt til myndigheder."),
    ("Syrisk Kulturforum Øst", "ar", "syriske",
     "Vi arrangerer musikaftener med oud og har en madklub, der laver syrisk mad."),
    ("Ukrainsk Fællesskab i Aalborg Øst", "uk", "ukrainske",
     "Vi hjælper nyankomne ukrainere godt i gang og samler ind til humanitær hjælp."),
    ("Bosnisk Kulturforening Øst", "bs", "bosniske",
     "Foreningen blev startet i 1990'erne af familier, der kom hertil under krigen."),
    ("Vietnamesisk Forening 9220", "vi", "vietnamesiske",
     "Vores største fest er Tết – det vietnamesiske nytår – i januar eller februar."),
    ("Tamilsk Kultur- og Danseforening", "ta", "tamilske",
     "Pigerne danser bharatanatyam og optræder ved vores årlige kulturfest."),
    ("Polsk Forening i Aalborg Øst", "pl", "polske",
     "Vi fejrer jul og påske med polske traditioner og har en filmaften hver måned."),
    ("Iransk Kulturforening 9220", "fa", "iranske",
     "Vi fejrer Nowruz og Yalda og har en læsekreds for persisk litteratur."),
    ("Pakistansk Familieforening Øst", "ur", "pakistanske",
     "Mange af vores medlemmer spiller cricket om sommeren."),
]  # fmt: skip

VENUE_ROTATION = ["trekanten", "mellervangskolen", "kvarterhuset", "humlebakkeskolen"]
WEEKDAY_ROTATION = ["man", "tir", "ons", "tor", "fre"]


def community(position: int, name: str, lang: str, people: str, own_sentence: str) -> dict:
    language = LANGUAGES[lang]
    venue = VENUE_ROTATION[position % len(VENUE_ROTATION)]
    women_day = WEEKDAY_ROTATION[position % len(WEEKDAY_ROTATION)]
    return assoc(
        name,
        "tro kultur born",
        f"Forening for {people} familier og venner i Aalborg Øst: modersmålsundervisning i "
        f"{language} for børn, kvindegruppe og kulturaftener. Alle er velkomne.",
        f"""
{name} samler {people} familier i Aalborg Øst og alle, der er nysgerrige på kulturen. Vi vil bevare
sproget og traditionerne og samtidig være en aktiv del af bydelen.

{own_sentence}

Børnene kan lære {language} i vores lørdagsskole, og kvindegruppen mødes en gang om måneden. Du er
velkommen til vores arrangementer – også hvis du ikke taler {language}.
""",
        [
            act(f"Modersmålsundervisning i {language}", "lør", "10:00", "12:00", venue,
                ages=(6, 14), group="boern", price="200 kr. pr. år", season=SCHOOL_YEAR),
            act("Kvindegruppe", women_day, "18:00", "20:00", venue, freq="monthly",
                ages=(18, None), group="kvinder", price="Gratis"),
            act("Kulturaften og fester", "lør", "17:00", "22:00", "trekanten",
                freq="irregular", group="alle", price="Gratis",
                note="Datoer annonceres på foreningens side"),
        ],
        groups="familier boern kvinder", langs=f"da {lang}", flags="nodansk",
    )


ASSOCIATIONS = [
    community(position, *fields) for position, fields in enumerate(COMMUNITIES)
] + [
    assoc(
        "Dialogforum Aalborg Øst",
        "tro faelles",
        "Mødested for mennesker med forskellig tro og livssyn. Samtaleaftener én gang om "
        "måneden om tro, hverdag og fællesskab.",
        """
I Dialogforum mødes kristne, muslimer, andre troende og ikke-troende for at lære hinanden at kende.
Hver aften har et tema – fx faste, højtider eller at opdrage børn – og to oplægsholdere fra
forskellige traditioner.

Vi besøger også hinandens kirker, moskéer og foreningslokaler.
""",
        [
            act("Samtaleaften", "tor", "19:00", "21:00", "trekanten", freq="monthly",
                ages=(16, None), group="voksne", price="Gratis"),
        ],
        groups="voksne", langs="da ar en", flags="wheel",
    ),
    assoc(
        "Kvindernes Studiekreds Øst",
        "tro sprog faelles",
        "Studiekreds for kvinder om religion, samfund og hverdagsliv. Fredag formiddag i "
        "Sundheds- og Kvarterhuset.",
        """
Vi læser og diskuterer tekster om tro, samfund og familieliv og inviterer oplægsholdere fra fx
sundhedsplejen og jobcentret. Studiekredsen foregår på dansk og arabisk.
""",
        [
            act("Studiekreds", "fre", "10:00", "12:00", "kvarterhuset", ages=(18, None),
                group="kvinder", price="Gratis"),
        ],
        groups="kvinder", langs="da ar so", flags="nodansk",
    ),
]
