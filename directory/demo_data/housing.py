"""Demo associations: residents' democracy in the housing areas of Aalborg Øst.

The area names are neighbourhoods of Aalborg Øst (as listed in
/work/shared/geodata-src/SOURCES.md); the boards and their people are made up.
"""

from .helpers import act, assoc

# (area, weekday of the board meeting, what the residents' house offers)
BOARD_AREAS = [
    ("Tornhøj", "man", "beboercafé og legestue"),
    ("Smedegaard", "tir", "nabocafé og fællesspisning"),
    ("Kildeparken", "ons", "lektiecafé og udlån af festlokale"),
    ("Sundparken", "tor", "havedage og sommerudflugt"),
    ("Fremtidsparken", "man", "fællesspisning og juletræsfest"),
    ("Grønlandskvarteret", "ons", "bankoaftener og børnedisko"),
]

RESIDENTS_ASSOCIATIONS = [
    ("Øster Uttrup", "tor"),
    ("Sønder Tranders", "tir"),
    ("Nørre Tranders", "ons"),
]


def board(area: str, weekday: str, offers: str) -> dict:
    return assoc(
        f"Afdelingsbestyrelsen i {area}",
        "beboer faelles",
        f"Beboervalgt bestyrelse for boligafdelingen i {area}. Vi varetager beboernes "
        f"interesser og står bag {offers}.",
        f"""
Afdelingsbestyrelsen vælges af beboerne på afdelingsmødet hvert år i september. Vi taler med
boligorganisationen om vedligeholdelse, husleje og renoveringer, og vi arrangerer {offers}.

Bestyrelsesmøderne er åbne for alle beboere i afdelingen – kom og hør, hvad der sker, eller stil
forslag.

Har du en sag om din lejlighed, skal du kontakte ejendomskontoret.
""",
        [
            act("Bestyrelsesmøde", weekday, "19:00", "21:00", None, freq="monthly",
                ages=(18, None), group="voksne", price="Gratis",
                note=f"I fælleslokalet i {area}"),
            act("Afdelingsmøde", "tir", "19:00", "21:30", None, freq="irregular",
                ages=(18, None), group="voksne", price="Gratis",
                note="Hvert år i september; indkaldelse i postkassen"),
        ],
        groups="voksne familier", langs="da ar so",
    )


def residents_association(area: str, weekday: str) -> dict:
    return assoc(
        f"Beboerforeningen i {area}",
        "beboer faelles",
        f"Forening for alle beboere i {area}: fastelavn, sommerfest, juletræ og et fælles "
        f"ord, når der skal planlægges i området.",
        f"""
Beboerforeningen i {area} samler ejere og lejere om at gøre området til et godt sted at bo. Vi
holder fester, passer legepladsen og sender høringssvar til kommunen om trafik og byggeri.

Kontingentet er 100 kr. om året pr. husstand.
""",
        [
            act("Generalforsamling", weekday, "19:00", "21:00", "trekanten",
                freq="irregular", ages=(18, None), group="voksne", price="Gratis",
                note="Hvert år i marts"),
            act("Fastelavn, sommerfest og juletræ", "søn", "14:00", "17:00", None,
                freq="irregular", group="familier", price="Gratis for medlemmer"),
        ],
        groups="alle familier",
    )


ASSOCIATIONS = [board(*fields) for fields in BOARD_AREAS] + [
    residents_association(*fields) for fields in RESIDENTS_ASSOCIATIONS
] + [
    assoc(
        "Beboernetværket 9220",
        "beboer frivillig faelles",
        "Netværk for aktive beboere på tværs af boligområderne i Aalborg Øst. Vi deler "
        "erfaringer og lærer af hinanden.",
        """
Beboernetværket samler medlemmer af afdelingsbestyrelser, beboerforeninger og andre aktive beboere
fire gange om året. Vi holder kurser i mødeledelse, økonomi og at få nye med.

Alle beboere, der har lyst til at engagere sig, er velkomne.
""",
        [
            act("Netværksmøde", "ons", "18:00", "21:00", "trekanten", freq="irregular",
                ages=(18, None), group="voksne", price="Gratis, inkl. aftensmad",
                note="Fire gange om året"),
        ],
        groups="voksne", langs="da ar", flags="wheel",
    ),
]
