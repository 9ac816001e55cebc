"""Demo associations: nature, gardening, repairs and the environment."""

from .helpers import OUTDOOR_SEASON, act, assoc

ASSOCIATIONS = [
    assoc(
        "Fælleshaven i Tornhøjhave",
        "natur faelles sundhed",
        "Fælles køkkenhave i Tornhøjhave: dyrk grøntsager, krydderurter og blomster sammen "
        "med naboerne. Havedage tirsdag og lørdag.",
        """
I fælleshaven dyrker vi grøntsager sammen – ingen har sin egen lod. Erfarne havefolk viser, hvordan
man sår, luger og høster, og høsten deler vi.

Børn er meget velkomne; de har deres eget bed.

Vi har redskaber og vand. Tag arbejdstøj på.
""",
        [
            act("Havedag", "tir", "16:00", "19:00", "tornhoejhave", group="alle",
                price="Gratis", season=OUTDOOR_SEASON),
            act("Havedag for familier", "lør", "10:00", "13:00", "tornhoejhave",
                group="familier", price="Gratis", season=OUTDOOR_SEASON),
        ],
        groups="alle familier", langs="da ar so fa", flags="begin nodansk",
    ),
    assoc(
        "Cykelværkstedet Øst",
        "natur frivillig faelles",
        "Gør-det-selv-cykelværksted med værktøj og frivillige mekanikere onsdag eftermiddag. "
        "Reparér din cykel gratis – vi viser dig hvordan.",
        """
På Cykelværkstedet reparerer du selv din cykel med hjælp fra frivillige. Vi har værktøj, lappegrej
og brugte reservedele. Nye dele kan købes til kostpris.

Børn og unge er velkomne – mange lærer at lappe en slange her for første gang.

Vi søger frivillige, der kan lide at skrue.
""",
        [
            act("Cykelværksted", "ons", "15:00", "18:00", "trekanten", group="alle",
                price="Gratis", note="Udendørs ved indgangen; i dårligt vejr i kælderen"),
        ],
        groups="alle unge", langs="da ar so", flags="begin nodansk",
    ),
    assoc(
        "Repair Café Øst",
        "natur faelles frivillig",
        "Få repareret lamper, tøj, cykler og småt elektronik – sammen med frivillige "
        "reparatører. Den første lørdag i måneden.",
        """
I stedet for at smide ting ud, reparerer vi dem. Tag din ødelagte ting med, så finder vi ud af det
sammen med en af vores frivillige.

Der er kaffe, mens du venter.
""",
        [
            act("Repair Café", "lør", "10:00", "13:00", "trekanten", freq="first-of-month",
                group="alle", price="Gratis"),
        ],
        groups="alle", flags="wheel",
    ),
    assoc(
        "Affaldsindsamlerne 9220",
        "natur frivillig faelles",
        "Vi samler affald i bydelen en søndag om måneden. Handsker, poser og grabbere "
        "udleveres ved Nørre Tranders Gadekær.",
        """
Affaldsindsamlerne er naboer, der holder bydelen ren. Vi går i små hold i to timer og slutter med
kaffe og boller.

Børnefamilier er meget velkomne – børnene får et diplom.
""",
        [
            act("Affaldsindsamling", "søn", "10:00", "12:00", "gadekaeret", freq="monthly",
                group="alle", price="Gratis"),
        ],
        groups="alle familier", flags="begin nodansk",
    ),
    assoc(
        "Biavlerne i Øst",
        "natur",
        "Forening for biavlere og dem, der vil blive det. Begynderkursus, fælles slyngning og "
        "månedsmøder.",
        """
Vi hjælper nye biavlere i gang med kursus og en erfaren mentor den første sæson. Til månedsmøderne
taler vi om sygdomme, dronninger og honning.

Møderne holdes på Agri College Aalborg.
""",
        [
            act("Månedsmøde", "tor", "19:00", "21:00", "agri", freq="monthly",
                ages=(16, None), group="voksne", price="250 kr. pr. år"),
            act("Begynderkursus", "lør", "10:00", "15:00", "agri", freq="irregular",
                ages=(16, None), group="voksne", price="600 kr.", season=("03-01", "06-30")),
        ],
        groups="voksne", flags="begin",
    ),
    assoc(
        "Fuglekiggerne Øst",
        "natur faelles",
        "Fugleture i Aalborg Øst og ved Limfjorden. Kikkerter kan lånes, og alle er "
        "velkomne på turene.",
        """
Vi tager på ture for at se og høre fugle – i parkerne i bydelen og ude ved fjorden. Der er altid en
erfaren guide med, som fortæller om fuglene.
""",
        [
            act("Fugletur", "søn", "08:00", "10:30", "bundgaardsparken", freq="irregular",
                group="alle", price="Gratis", note="Turkalender på foreningens side"),
        ],
        groups="alle", flags="begin",
    ),
    assoc(
        "Klimagruppen Aalborg Øst",
        "natur faelles",
        "Borgere, der arbejder for en grønnere bydel: delebiler, plantning af træer, "
        "energiråd og kampagner.",
        """
Klimagruppen holder møder hver anden måned og har arbejdsgrupper for transport, natur og energi. Vi
har bl.a. plantet frugttræer i Tornhøjhave.
""",
        [
            act("Møde", "man", "19:00", "21:00", "trekanten", freq="irregular",
                ages=(16, None), group="voksne", price="Gratis"),
        ],
        groups="voksne unge",
    ),
    assoc(
        "Byttemarkedet 9220",
        "natur faelles",
        "Byt tøj, legetøj og bøger – gratis. Tag det med, du ikke bruger, og tag noget med "
        "hjem. Sidste lørdag i måneden.",
        """
Byttemarkedet er en nem måde at forny garderoben eller børnenes legetøj på uden at bruge penge. Det,
der er tilbage til sidst, giver vi til genbrug.
""",
        [
            act("Byttemarked", "lør", "11:00", "14:00", "kvarterhuset", freq="last-of-month",
                group="alle", price="Gratis"),
        ],
        groups="alle familier", flags="nodansk",
    ),
]
